package python

import (
	"strconv"
	"testing"
)

func TestEvidenceCompare(t *testing.T) {
	ordered := []Evidence{
		{Path: "a.py", Line: 9, EndLine: 9},
		{Path: "b.ipynb", Cell: 1, Line: 5, EndLine: 5},
		{Path: "b.ipynb", Cell: 2, Line: 1, EndLine: 1},
		{Path: "b.py", Line: 2, EndLine: 2},
		{Path: "b.py", Line: 2, EndLine: 4},
		{Path: "b.py", Line: 10, EndLine: 10}, // numbers, not text: 10 after 2
	}
	for i := range ordered {
		for j := range ordered {
			got := ordered[i].Compare(ordered[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got != want {
				t.Errorf("%v.Compare(%v) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
}

// TestRepoCapKeepsOwnCode checks that the repository cap keeps places in
// source files when tests and examples sort first by path, and the near-miss:
// with no own places, the least paths are kept as before.
func TestRepoCapKeepsOwnCode(t *testing.T) {
	var tl Tally
	for i := range 12 {
		tl.addRepo(Evidence{Path: "examples/demo.py", Line: i + 1})
	}
	tl.addRepo(Evidence{Path: "tests/test_x.py", Line: 1})
	tl.addRepo(Evidence{Path: "zpkg/core.py", Line: 7})
	tl.finish()
	if len(tl.Evidence) != MaxEvidencePerRepo || tl.Count != 14 {
		t.Fatalf("kept %d of %d", len(tl.Evidence), tl.Count)
	}
	if last := tl.Evidence[len(tl.Evidence)-1]; last.Path != "zpkg/core.py" {
		t.Errorf("own place cut: last kept %s", last.Path)
	}
	if first := tl.Evidence[0]; first.Path != "examples/demo.py" || first.Line != 1 {
		t.Errorf("order changed: first %s:%d", first.Path, first.Line)
	}
	var only Tally
	for i := range 12 {
		only.addRepo(Evidence{Path: "examples/demo.py", Line: 12 - i})
	}
	only.finish()
	if got := only.Evidence[len(only.Evidence)-1].Line; got != 10 {
		t.Errorf("without own places the least are kept: last line %d, want 10", got)
	}
}

// BenchmarkRepoEvidenceCap merges 1,000 files of five places each into a
// repository tally: the cap is hit at every file after the second, where
// keep must not classify paths for a list of own places alone.
func BenchmarkRepoEvidenceCap(b *testing.B) {
	files := make([]Tally, 1000)
	for i := range files {
		p := "pkg/sub/mod" + strconv.Itoa(i) + ".py"
		for j := 0; j < 5; j++ {
			files[i].add(Evidence{Path: p, Line: j + 1})
		}
	}
	b.ResetTimer()
	for range b.N {
		var t Tally
		for i := range files {
			t.merge(&files[i])
		}
	}
}

package python

import (
	"errors"
	"strings"
	"testing"
)

// TestCancelledParserIsNotReused cancels one parse at each of its progress
// checks, the last ones of which fall in tree-sitter's balancing of the
// finished tree, and parses a small file with the same Analyzer after
// each. tree-sitter 0.25 leaves a parser cancelled while balancing in a
// state that aborts the process on its next parse, so a timed-out parser
// must be replaced: this test dies with SIGABRT if it is reused.
func TestCancelledParserIsNotReused(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 400; i++ {
		b.WriteString("x = a + b * (c - d) / e\nclass C(Base):\n    def f(self, y):\n        return [z for z in y if z]\n")
	}
	big := []byte(b.String())
	a := newTestAnalyzer(t)
	if _, err := a.AnalyzeFile("big.py", big); err != nil {
		t.Fatal(err)
	}
	total := a.cst.progressCalls()
	if total < 8 {
		t.Fatalf("only %d progress checks in a full parse: the sweep would test nothing", total)
	}
	step := uint32(1)
	if total > 400 {
		step = total / 400
	}
	cancelled := 0
	for n := uint32(1); n <= total+1; n += step {
		a.cst.cancelAfter(n)
		_, err := a.AnalyzeFile("big.py", big)
		a.cst.cancelAfter(0)
		if errors.Is(err, ErrTimeout) {
			cancelled++
		} else if err != nil {
			t.Fatalf("cancel at %d: %v", n, err)
		}
		ff, err := a.AnalyzeFile("small.py", []byte("class A:\n    pass\n"))
		if err != nil || len(ff.Classes) != 1 {
			t.Fatalf("after a cancel at %d of %d: %v, %+v", n, total, err, ff)
		}
	}
	if cancelled == 0 {
		t.Fatal("no parse was cancelled")
	}
	// The last checks of a parse are where balancing happens: every one
	// of them is tried.
	for n := total - min(total-1, 64); n <= total; n++ {
		a.cst.cancelAfter(n)
		_, _ = a.AnalyzeFile("big.py", big)
		a.cst.cancelAfter(0)
		if _, err := a.AnalyzeFile("small.py", []byte("x = 1\n")); err != nil {
			t.Fatalf("after a cancel at %d of %d: %v", n, total, err)
		}
	}
}

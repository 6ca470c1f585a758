package python

import "testing"

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

package evidence

import (
	"slices"
	"testing"

	"github.com/pyscout/pyscout/analyzer/python"
)

func TestCompare(t *testing.T) {
	ordered := []python.Evidence{
		{Path: "a.py", Line: 9, EndLine: 9},
		{Path: "b.ipynb", Cell: 1, Line: 5, EndLine: 5},
		{Path: "b.ipynb", Cell: 2, Line: 1, EndLine: 1},
		{Path: "b.py", Line: 2, EndLine: 2},
		{Path: "b.py", Line: 2, EndLine: 4},
		{Path: "b.py", Line: 10, EndLine: 10}, // numbers, not text: 10 after 2
	}
	for i := range ordered {
		for j := range ordered {
			got := Compare(ordered[i], ordered[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got != want {
				t.Errorf("Compare(%v, %v) = %d, want %d", ordered[i], ordered[j], got, want)
			}
		}
	}
}

func TestFirst(t *testing.T) {
	in := []python.Evidence{
		{Path: "c.py", Line: 1},
		{Path: "a.py", Line: 3},
		{Path: "b.py", Line: 2},
	}
	got := First(slices.Clone(in), 2)
	want := []python.Evidence{{Path: "a.py", Line: 3}, {Path: "b.py", Line: 2}}
	if !slices.Equal(got, want) {
		t.Errorf("First(_, 2) = %v, want %v", got, want)
	}
	if got := First(slices.Clone(in), 5); len(got) != 3 {
		t.Errorf("First(_, 5) kept %d, want all 3", len(got))
	}
	if got := First(nil, 2); got != nil {
		t.Errorf("First(nil, 2) = %v, want nil", got)
	}
}

package evidence

import (
	"slices"
	"testing"

	"github.com/pyscout/pyscout/analyzer/python"
)

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

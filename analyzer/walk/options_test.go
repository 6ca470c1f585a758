package walk

import (
	"context"
	"errors"
	"testing"

	"github.com/pyscout/pyscout/analyzer/option/optiontest"
)

func TestOptionsValidateFillsDefaults(t *testing.T) {
	o := optiontest.Defaults[Options](t)
	if o.MaxFileBytes != DefaultMaxFileBytes || o.MaxNotebookBytes != DefaultMaxNotebookBytes || o.MaxFiles != DefaultMaxFiles {
		t.Errorf("defaults %+v", o)
	}
}

func TestOptionsValidateBounds(t *testing.T) {
	optiontest.CheckBounds(t, []optiontest.Bound[Options]{
		{Field: "MaxFileBytes", Set: func(o *Options, v int64) { o.MaxFileBytes = v }, Lo: 1, Hi: 256 << 20},
		{Field: "MaxNotebookBytes", Set: func(o *Options, v int64) { o.MaxNotebookBytes = v }, Lo: 1, Hi: 1 << 30},
		{Field: "MaxFiles", Set: func(o *Options, v int64) { o.MaxFiles = int(v) }, Lo: 1, Hi: 10_000_000},
	})
}

// Walk checks its options at entry, so a library caller gets the same
// errors as the command, before any file is looked at.
func TestWalkRefusesInvalidOptions(t *testing.T) {
	visited := 0
	_, err := Walk(context.Background(), Dir{Root: t.TempDir()}, Options{MaxFiles: -1}, func(File) error { visited++; return nil })
	if !errors.Is(err, ErrInvalidOption) || visited != 0 {
		t.Fatalf("err = %v after %d files, want ErrInvalidOption before any", err, visited)
	}
}

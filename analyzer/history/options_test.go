package history

import (
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/option/optiontest"
)

func TestOptionsValidateFillsDefaults(t *testing.T) {
	o := optiontest.Defaults[Options](t)
	if o.Now.IsZero() || o.Weeks != 52 || o.MaxCommits != 5000 || o.MaxDiffCommits != 400 || o.DiffBudget != 20*time.Second {
		t.Errorf("defaults %+v", o)
	}
}

func TestOptionsValidateBounds(t *testing.T) {
	optiontest.CheckBounds(t, []optiontest.Bound[Options]{
		{Field: "Weeks", Set: func(o *Options, v int64) { o.Weeks = int(v) }, Lo: 1, Hi: 520},
		{Field: "MaxCommits", Set: func(o *Options, v int64) { o.MaxCommits = int(v) }, Lo: 1, Hi: 10_000_000},
		{Field: "MaxDiffCommits", Set: func(o *Options, v int64) { o.MaxDiffCommits = int(v) }, Lo: 1, Hi: 1_000_000},
		{Field: "DiffBudget", Set: func(o *Options, v int64) { o.DiffBudget = time.Duration(v) }, Lo: 1, Hi: int64(time.Hour)},
	})
}

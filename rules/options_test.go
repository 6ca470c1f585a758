package rules

import (
	"errors"
	"testing"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/option"
	"github.com/pyscout/pyscout/analyzer/option/optiontest"
)

func TestOptionsValidate(t *testing.T) {
	var o Options
	if err := o.Validate(); err != nil || o.Level != "mid" || o.Questions != DefaultQuestions {
		t.Errorf("defaults %+v, %v", o, err)
	}
	o = Options{Level: "Senior"}
	if err := o.Validate(); err != nil || o.Level != "senior" {
		t.Errorf("Senior: %+v, %v", o, err)
	}
	// Near-miss of a level: close to one, not one.
	o = Options{Level: "seniors"}
	var oe *option.Error
	if err := o.Validate(); !errors.As(err, &oe) || oe.Field != "Level" || err.Error() != `Level must be junior, mid or senior, not "seniors"` {
		t.Errorf("seniors: %v", err)
	}
	optiontest.CheckBounds(t, []optiontest.Bound[Options]{
		{Field: "Questions", Set: func(o *Options, v int64) { o.Questions = int(v) }, Lo: 1, Hi: 100},
	})
}

func TestEvaluateRefusesInvalidOptions(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := set.Evaluate(&analyzer.Profile{}, Options{Questions: 101}); !errors.Is(err, ErrInvalidOption) {
		t.Fatalf("err = %v, want ErrInvalidOption", err)
	}
}

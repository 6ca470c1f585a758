package python

import (
	"errors"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/option/optiontest"
)

func TestOptionsValidateFillsDefaults(t *testing.T) {
	o := optiontest.Defaults[Options](t)
	if o.MaxFileBytes != DefaultMaxFileBytes || o.ParseTimeout != DefaultParseTimeout {
		t.Errorf("defaults %+v", o)
	}
	// Negative ParseTimeout is "no limit" and stays so.
	o = Options{ParseTimeout: -1}
	if err := o.Validate(); err != nil || o.ParseTimeout != -1 {
		t.Errorf("no limit: %+v, %v", o, err)
	}
}

func TestOptionsValidateBounds(t *testing.T) {
	optiontest.CheckBounds(t, []optiontest.Bound[Options]{
		{Field: "MaxFileBytes", Set: func(o *Options, v int64) { o.MaxFileBytes = int(v) }, Lo: 1, Hi: 1 << 30},
	})
	o := Options{ParseTimeout: time.Hour}
	if err := o.Validate(); err != nil {
		t.Errorf("an hour: %v", err)
	}
	o = Options{ParseTimeout: time.Hour + 1}
	if err := o.Validate(); !errors.Is(err, ErrInvalidOption) {
		t.Errorf("over an hour: %v", err)
	}
}

func TestNewAnalyzerRefusesInvalidOptions(t *testing.T) {
	a, err := NewAnalyzer(Options{MaxFileBytes: -1})
	if !errors.Is(err, ErrInvalidOption) || a != nil {
		t.Fatalf("NewAnalyzer = %v, %v; want ErrInvalidOption", a, err)
	}
}

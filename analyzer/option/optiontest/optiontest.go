// Package optiontest checks the bounds of an options struct's Validate
// the same way for every stage: each bound passes, and its near-miss just
// outside fails with an error that names the field.
package optiontest

import (
	"errors"
	"testing"

	"github.com/pyscout/pyscout/analyzer/option"
)

// Bound is the range of one field of O.
type Bound[O any] struct {
	// Field is the field as the error names it, e.g. "Walk.MaxFiles".
	Field string
	// Set sets the field of an otherwise zero O to v (a count, a size in
	// bytes or a time.Duration).
	Set func(o *O, v int64)
	// Lo and Hi are the smallest and largest valid values.
	Lo, Hi int64
}

// Defaults validates a zero O and returns it, its defaults filled; the
// zero value must always be valid.
func Defaults[O any, P interface {
	*O
	Validate() error
}](t *testing.T) O {
	t.Helper()
	var o O
	if err := P(&o).Validate(); err != nil {
		t.Fatalf("the zero %T: %v", o, err)
	}
	return o
}

// CheckBounds checks, for each bound, that Lo and Hi pass Validate and that
// the nearest values outside (Lo-1, or -1 when that is 0, the default; and
// Hi+1) fail with an *option.Error for the field, matching
// option.ErrInvalid.
func CheckBounds[O any, P interface {
	*O
	Validate() error
}](t *testing.T, bounds []Bound[O]) {
	t.Helper()
	for _, b := range bounds {
		for _, v := range []int64{b.Lo, b.Hi} {
			var o O
			b.Set(&o, v)
			if err := P(&o).Validate(); err != nil {
				t.Errorf("%s = %d: %v, want valid", b.Field, v, err)
			}
		}
		below := b.Lo - 1
		if below == 0 {
			below = -1
		}
		for _, v := range []int64{below, b.Hi + 1} {
			var o O
			b.Set(&o, v)
			err := P(&o).Validate()
			var oe *option.Error
			if !errors.As(err, &oe) || oe.Field != b.Field || !errors.Is(err, option.ErrInvalid) {
				t.Errorf("%s = %d: err = %v, want an *option.Error naming %s", b.Field, v, err, b.Field)
			}
		}
	}
}

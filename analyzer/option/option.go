// Package option checks the options structs of the pipeline's stages the
// way go-git's Options.Validate does: a zero field takes its default, a
// value out of range is an error that names the field and says why, and
// every such error matches ErrInvalid, so that a caller (the command) can
// tell a bad setting from a failed run.
package option

import (
	"errors"
	"fmt"
)

// ErrInvalid is matched (errors.Is) by every error a Validate returns for a
// value out of range or missing.
var ErrInvalid = errors.New("invalid option")

// Error names the field that is out of range and why.
type Error struct {
	// Field is the Go path of the field from the struct validated, e.g.
	// "Jobs" or "Walk.MaxFiles", for a caller that maps it to its own name
	// (the command maps "Jobs" to --jobs).
	Field string
	// Reason says what the value must be and what it was, e.g. "must be
	// between 1 and 64, not 65".
	Reason string
}

func (e *Error) Error() string { return e.Field + " " + e.Reason }

// Unwrap makes every *Error match ErrInvalid.
func (e *Error) Unwrap() error { return ErrInvalid }

// Number is what Range bounds: counts, byte sizes and durations.
type Number interface{ ~int | ~int64 }

// Range sets *v to def when it is zero, then checks that lo <= *v <= hi.
// Durations print as durations ("must be between 1ns and 24h0m0s").
func Range[T Number](field string, v *T, def, lo, hi T) error {
	if *v == 0 {
		*v = def
	}
	if *v < lo || *v > hi {
		return &Error{Field: field, Reason: fmt.Sprintf("must be between %v and %v, not %v", lo, hi, *v)}
	}
	return nil
}

// In puts parent before the field of each *Error in err (a nested struct's
// Validate, whose errors may be joined) and keeps any other error as it is.
func In(parent string, err error) error {
	switch e := err.(type) {
	case *Error:
		return &Error{Field: parent + "." + e.Field, Reason: e.Reason}
	case interface{ Unwrap() []error }:
		errs := e.Unwrap()
		out := make([]error, len(errs))
		for i, err := range errs {
			out[i] = In(parent, err)
		}
		return errors.Join(out...)
	}
	return err
}

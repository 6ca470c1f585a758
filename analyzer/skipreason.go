package analyzer

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/pyscout/pyscout/analyzer/clone"
)

// Bounds of SkippedRepo's Reason and Detail, in runes.
const (
	maxReason = 120
	maxDetail = 2000
)

// triedError is a clone that failed after tries attempts.
type triedError struct {
	err   error
	tries int
}

func (e *triedError) Error() string {
	if e.tries > 1 {
		return fmt.Sprintf("%v (after %d tries)", e.err, e.tries)
	}
	return e.err.Error()
}

func (e *triedError) Unwrap() error { return e.err }

// reasonFor is the short, one-line reason a target was skipped: the clone
// stage's summary when it has one, else the error's first line, bounded.
func reasonFor(err error) string {
	reason := clone.Summary(err)
	if reason == "" {
		reason, _, _ = strings.Cut(err.Error(), "\n")
	}
	var tried *triedError
	if errors.As(err, &tried) && tried.tries > 1 && !strings.HasPrefix(reason, "clone URL refused") {
		reason += fmt.Sprintf(" after %d tries", tried.tries)
	}
	return bounded(reason, maxReason)
}

// detailFor is the full error behind a reason, on one line and bounded,
// or "" when it would only repeat the reason.
func detailFor(err error) string {
	if err == nil {
		return ""
	}
	detail := bounded(err.Error(), maxDetail)
	if detail == reasonFor(err) {
		return ""
	}
	return detail
}

// bounded puts s on one line (control characters, newlines included,
// become spaces; runs of spaces fold) and cuts it to n runes.
func bounded(s string, n int) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

package analyzer

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pyscout/pyscout/analyzer/clone"
)

// NothingAnalysedError reports that repositories were found and chosen for
// analysis but none could be fetched or analysed. It comes with a complete
// profile: the caller writes the report, then fails.
type NothingAnalysedError struct {
	// Found is how many repositories (or inspect targets) were tried.
	Found int
	// Reasons are the distinct reasons they failed, in first-seen order.
	Reasons []string
}

func (e *NothingAnalysedError) Error() string {
	return fmt.Sprintf("%s found and none could be analysed (%s)", countNoun(e.Found, "Python repository", "Python repositories"), strings.Join(e.Reasons, "; "))
}

// Note is the plain-language caveat the report carries instead of "no
// public Python code was found", which would be false.
func (e *NothingAnalysedError) Note() string {
	verb := "were"
	if e.Found == 1 {
		verb = "was"
	}
	return fmt.Sprintf("%s %s found, and none could be fetched or analysed (%s). This says nothing about the candidate's code.",
		countNoun(e.Found, "Python repository", "Python repositories"), verb, strings.Join(e.Reasons, "; "))
}

func countNoun(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// nothingAnalysed returns a *NothingAnalysedError when targets were tried
// and none was analysed for a reason other than being empty; nil when
// something was analysed or nothing was there to analyse.
func nothingAnalysed(targets []target) error {
	tried, failed := 0, 0
	var reasons []string
	for i := range targets {
		t := &targets[i]
		if t.skip != "" {
			continue
		}
		tried++
		if t.ok {
			return nil
		}
		// An empty repository holds nothing: that is "nothing exists",
		// not a failure to fetch.
		if t.err == nil || errors.Is(t.err, clone.ErrEmptyRepository) {
			continue
		}
		failed++
		if r := reasonFor(t.err); !slices.Contains(reasons, r) {
			reasons = append(reasons, r)
		}
	}
	if failed == 0 {
		return nil
	}
	return &NothingAnalysedError{Found: tried, Reasons: reasons}
}

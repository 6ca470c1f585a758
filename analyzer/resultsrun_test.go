package analyzer

import (
	"testing"
)

// Every kind of entry has a version: a cached type that cannot be
// encoded whole (an unexported or interface field) would disable its kind
// in silence, so it fails here.
func TestResultsVersionsCoverEveryKind(t *testing.T) {
	for _, kind := range []string{kindFile, kindHistory, kindDeepen} {
		if versions()[kind] == "" {
			t.Errorf("no version for %s entries: %v", kind, versionErrs[kind])
		}
	}
}

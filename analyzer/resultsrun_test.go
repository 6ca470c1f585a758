package analyzer

import (
	"reflect"
	"strings"
	"testing"
)

// Every kind of entry has a version: a cached type that cannot be
// encoded whole (an unexported or interface field) would disable its kind
// in silence, so it fails here.
func TestResultsVersionsCoverEveryKind(t *testing.T) {
	for _, kind := range []string{kindFile, kindSource, kindHistory, kindDeepen} {
		if versions()[kind] == "" {
			t.Errorf("no version for %s entries: %v", kind, versionErrs[kind])
		}
	}
}

// sourceEntry carries every field of sourceFacts: a field added to one and
// not the other would be dropped from cache hits.
func TestSourceEntryCoversSourceFacts(t *testing.T) {
	facts, entry := reflect.TypeFor[sourceFacts](), reflect.TypeFor[sourceEntry]()
	// One more: PythonCode carries Python's embedded CodeFacts.
	if facts.NumField()+1 != entry.NumField() {
		t.Fatalf("sourceFacts has %d fields, sourceEntry %d: add the new field to sourceEntry and its two conversions", facts.NumField(), entry.NumField())
	}
	for i := range facts.NumField() {
		f := facts.Field(i)
		e, ok := entry.FieldByNameFunc(func(n string) bool { return strings.EqualFold(n, f.Name) })
		if !ok || e.Type != f.Type {
			t.Errorf("sourceFacts.%s (%s) has no sourceEntry field of that name and type", f.Name, f.Type)
		}
	}
}

package python

// TestAggregator: test facts summed over a set of files.

import (
	"sort"
	"unsafe"

	"github.com/pyscout/pyscout/analyzer/count"
)

// TestAggregator sums TestFacts one file at a time. The evidence it keeps
// is the least in (path, cell, line) order, so the summary does not depend
// on the order of Add. Not safe for concurrent use.
type TestAggregator struct {
	s     TestSummary
	fw    map[string]*FrameworkUse
	names []map[string]int // name counters of testsPlan
}

// NewTestAggregator returns an empty aggregator.
func NewTestAggregator() *TestAggregator {
	return &TestAggregator{fw: map[string]*FrameworkUse{}, names: testsPlan.newNames()}
}

// Add adds one file's test facts.
func (a *TestAggregator) Add(t *TestFacts) {
	if t == nil {
		return
	}
	a.s.Files++
	testsPlan.merge(unsafe.Pointer(&a.s), unsafe.Pointer(t), a.names)
	for _, f := range t.Frameworks {
		u := a.fw[f.Name]
		if u == nil {
			u = &FrameworkUse{Name: f.Name}
			a.fw[f.Name] = u
		}
		u.Files++
		u.Evidence = addEvidence(u.Evidence, f.Evidence)
	}
}

// Summary returns the sum of the facts added so far.
func (a *TestAggregator) Summary() TestSummary {
	s := a.s
	testsPlan.snapshot(unsafe.Pointer(&s), a.names)
	s.Tests = s.Functions.Count + s.Methods.Count
	s.AssertionsPerTest = count.Ratio(s.Assertions.Count, s.Tests, 2)
	s.AssertsNothingShare = count.Ratio(s.AssertsNothing.Count, s.Tests, 3)
	s.Frameworks = make([]FrameworkUse, 0, len(a.fw))
	for _, u := range a.fw {
		c := *u
		c.Evidence = append([]Evidence(nil), u.Evidence...)
		sortEvidence(c.Evidence)
		s.Frameworks = append(s.Frameworks, c)
	}
	sort.Slice(s.Frameworks, func(i, j int) bool {
		x, y := s.Frameworks[i], s.Frameworks[j]
		if x.Files != y.Files {
			return x.Files > y.Files
		}
		return x.Name < y.Name
	})
	return s
}

// SumTests sums the test facts of the files whose path isTest accepts (all
// files when isTest is nil).
func SumTests(files []*FileFacts, isTest func(path string) bool) TestSummary {
	a := NewTestAggregator()
	for _, f := range files {
		if f != nil && (isTest == nil || isTest(f.Path)) {
			a.Add(&f.Tests)
		}
	}
	return a.Summary()
}

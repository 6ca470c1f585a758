package analyzer

import (
	"cmp"
	"slices"

	"github.com/pyscout/pyscout/analyzer/python"
)

// RankedFunction is one function of the candidate's ranking, with the
// repository it lives in.
type RankedFunction struct {
	// Repo is the repository's name, as RepoFacts.Name gives it.
	Repo string `json:"repo"`
	python.FunctionRef
}

// FunctionRanking ranks the functions of every analysed repository
// together, notebook code and test files included: the same scope as
// each repository's function statistics. It is computed once here so that
// a finding that names "the most complex function" and the report's table
// of functions worth opening read the same list and name the same
// function first.
type FunctionRanking struct {
	// MostComplex are the most complex functions, highest complexity first.
	MostComplex []RankedFunction `json:"most_complex"`
	// Longest are the longest functions, longest first.
	Longest []RankedFunction `json:"longest"`
	// Deepest are the most deeply nested functions, deepest first.
	Deepest []RankedFunction `json:"deepest"`
}

// maxRanked bounds each ranking; each repository keeps its own top five
// per measure, so the candidate's top entries are always among them.
const maxRanked = 10

// rankFunctions merges the repositories' top functions into one ranking
// per measure. Ties keep the profile's order of repositories (most
// recently pushed first) and then each repository's own order, so the
// ranking is deterministic.
func rankFunctions(repos []RepoFacts) FunctionRanking {
	var complex, long, deep []RankedFunction
	for i := range repos {
		r := &repos[i]
		for _, cf := range []*python.CodeFacts{&r.Python.CodeFacts, r.Python.NotebookCode} {
			if cf == nil {
				continue
			}
			fs := &cf.FunctionStats
			for _, f := range fs.MostComplex {
				complex = append(complex, RankedFunction{Repo: r.Name, FunctionRef: f})
			}
			for _, f := range fs.Longest {
				long = append(long, RankedFunction{Repo: r.Name, FunctionRef: f})
			}
			for _, f := range fs.Deepest {
				deep = append(deep, RankedFunction{Repo: r.Name, FunctionRef: f})
			}
		}
	}
	rank := func(list []RankedFunction, key func(*RankedFunction) int) []RankedFunction {
		slices.SortStableFunc(list, func(a, b RankedFunction) int { return cmp.Compare(key(&b), key(&a)) })
		if len(list) > maxRanked {
			list = list[:maxRanked]
		}
		if list == nil {
			list = []RankedFunction{}
		}
		return list
	}
	return FunctionRanking{
		MostComplex: rank(complex, func(f *RankedFunction) int { return f.Complexity }),
		Longest:     rank(long, func(f *RankedFunction) int { return f.Length }),
		Deepest:     rank(deep, func(f *RankedFunction) int { return f.Depth }),
	}
}

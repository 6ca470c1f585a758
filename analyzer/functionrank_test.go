package analyzer

import (
	"strings"
	"testing"

	"github.com/pyscout/pyscout/analyzer/python"
)

func TestRankFunctionsMergesRepositoriesHighestFirst(t *testing.T) {
	fn := func(name string, cx, length, depth int) python.FunctionRef {
		return python.FunctionRef{Qualname: name, Complexity: cx, Length: length, Depth: depth}
	}
	a := RepoFacts{Name: "a"}
	a.Python.FunctionStats.MostComplex = []python.FunctionRef{fn("a1", 12, 10, 2), fn("a2", 7, 5, 1)}
	a.Python.FunctionStats.Longest = []python.FunctionRef{fn("a1", 12, 10, 2)}
	b := RepoFacts{Name: "b"}
	b.Python.FunctionStats.MostComplex = []python.FunctionRef{fn("b1", 20, 3, 4), fn("b2", 7, 3, 1)}
	b.Python.NotebookCode = &python.CodeFacts{}
	b.Python.NotebookCode.FunctionStats.Deepest = []python.FunctionRef{fn("cell", 2, 80, 6)}

	got := rankFunctions([]RepoFacts{a, b})
	var order []string
	for _, f := range got.MostComplex {
		order = append(order, f.Repo+"/"+f.Qualname)
	}
	// b1 is highest though b comes second; the tie at 7 keeps the
	// repositories' order.
	if want := "b/b1 a/a1 a/a2 b/b2"; strings.Join(order, " ") != want {
		t.Errorf("most complex = %s, want %s", strings.Join(order, " "), want)
	}
	if len(got.Deepest) != 1 || got.Deepest[0].Qualname != "cell" || got.Deepest[0].Repo != "b" {
		t.Errorf("deepest = %+v, want the notebook's function", got.Deepest)
	}
	if z := rankFunctions(nil); z.MostComplex == nil || z.Longest == nil || z.Deepest == nil {
		t.Error("an empty ranking must be empty lists, not null")
	}
	var many RepoFacts
	for i := range 30 {
		many.Python.FunctionStats.MostComplex = append(many.Python.FunctionStats.MostComplex, fn("f", i, 1, 1))
	}
	if n := len(rankFunctions([]RepoFacts{many}).MostComplex); n != maxRanked {
		t.Errorf("%d ranked, want at most %d", n, maxRanked)
	}
}

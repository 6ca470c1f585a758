package analyzer

import (
	"reflect"
	"slices"
	"testing"

	"github.com/pyscout/pyscout/analyzer/python"
)

// fillInts sets every int of v (struct pointers allocated, tallies' Count
// and Files included) to base, base+1, ... in field order, and returns
// the next value, so that a field the sum drops or mixes up shows.
func fillInts(v reflect.Value, base int) int {
	for i := 0; i < v.NumField(); i++ {
		f, fv := v.Type().Field(i), v.Field(i)
		if !f.IsExported() {
			continue
		}
		switch {
		case f.Type.Kind() == reflect.Int:
			fv.SetInt(int64(base))
			base++
		case f.Type.Kind() == reflect.Struct:
			base = fillInts(fv, base)
		case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct:
			fv.Set(reflect.New(f.Type.Elem()))
			base = fillInts(fv.Elem(), base)
		}
	}
	return base
}

// checkInts walks want and got together and reports every int that
// differs, by its Go field path.
func checkInts(t *testing.T, path string, want, got reflect.Value) int {
	t.Helper()
	n := 0
	for i := 0; i < want.NumField(); i++ {
		f := want.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		w, g := want.Field(i), got.Field(i)
		switch {
		case f.Type.Kind() == reflect.Int:
			n++
			if w.Int() != g.Int() {
				t.Errorf("%s.%s = %d, want %d", path, f.Name, g.Int(), w.Int())
			}
		case f.Type.Kind() == reflect.Struct:
			n += checkInts(t, path+"."+f.Name, w, g)
		case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct:
			if g.IsNil() {
				t.Errorf("%s.%s is nil, want the sum", path, f.Name)
				continue
			}
			n += checkInts(t, path+"."+f.Name, w.Elem(), g.Elem())
		}
	}
	return n
}

// TestSumCodeCoversEveryCount sets every counter of two repositories'
// code and one's notebook code, and checks that each arrives in the
// candidate's sum: counts added, maxima the largest.
func TestSumCodeCoversEveryCount(t *testing.T) {
	var a, nb, b python.CodeFacts
	fillInts(reflect.ValueOf(&a).Elem(), 1)
	fillInts(reflect.ValueOf(&nb).Elem(), 1000)
	fillInts(reflect.ValueOf(&b).Elem(), 5000)
	repos := []RepoFacts{
		{Name: "a", Python: PythonFacts{CodeFacts: a, NotebookCode: &nb}},
		{Name: "b", Python: PythonFacts{CodeFacts: b}},
	}
	got := sumCode(repos)

	// The expected sum, built by hand from the same fill: every int adds,
	// except the fields that hold a largest value.
	var want python.CodeFacts
	fillInts(reflect.ValueOf(&want).Elem(), 0)
	wv := reflect.ValueOf(&want).Elem()
	var expect func(w, x, y, z reflect.Value)
	expect = func(w, x, y, z reflect.Value) {
		for i := 0; i < w.NumField(); i++ {
			f := w.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			switch {
			case f.Type.Kind() == reflect.Int:
				if isMaximum(f) {
					w.Field(i).SetInt(max(x.Field(i).Int(), y.Field(i).Int(), z.Field(i).Int()))
				} else {
					w.Field(i).SetInt(x.Field(i).Int() + y.Field(i).Int() + z.Field(i).Int())
				}
			case f.Type.Kind() == reflect.Struct:
				expect(w.Field(i), x.Field(i), y.Field(i), z.Field(i))
			case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct:
				expect(w.Field(i).Elem(), x.Field(i).Elem(), y.Field(i).Elem(), z.Field(i).Elem())
			}
		}
	}
	expect(wv, reflect.ValueOf(a), reflect.ValueOf(nb), reflect.ValueOf(b))
	n := checkInts(t, "CodeFacts", wv, reflect.ValueOf(got))
	if n < 100 {
		t.Errorf("checked %d counters; the fill reached too few fields to mean anything", n)
	}
	// The maxima are the fields named so, and no other: a new maximum
	// named otherwise would be added up, and this list is where to see it.
	var maxima []string
	var findMaxima func(t reflect.Type)
	findMaxima = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			switch {
			case f.Type.Kind() == reflect.Int && isMaximum(f):
				maxima = append(maxima, f.Name)
			case f.Type.Kind() == reflect.Struct:
				findMaxima(f.Type)
			case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct:
				findMaxima(f.Type.Elem())
			}
		}
	}
	findMaxima(reflect.TypeOf(python.CodeFacts{}))
	if w := []string{"MaxDepth", "ComplexityMax", "LengthMax", "DepthMax"}; !slices.Equal(maxima, w) {
		t.Errorf("maxima %v, want %v", maxima, w)
	}
	// The near-miss: a maximum is not a count, and must not be added up.
	if want := max(a.FunctionStats.ComplexityMax, nb.FunctionStats.ComplexityMax, b.FunctionStats.ComplexityMax); got.FunctionStats.ComplexityMax != want {
		t.Errorf("complexity_max %d, want the largest, %d", got.FunctionStats.ComplexityMax, want)
	}
	if got.Features.Modern.Match.Count != a.Features.Modern.Match.Count+nb.Features.Modern.Match.Count+b.Features.Modern.Match.Count {
		t.Errorf("features.modern.match %d is not the sum", got.Features.Modern.Match.Count)
	}
}

// TestSumCodeRatiosAndMeans checks the recomputed ratios and the
// function-weighted means, rounded as the parser rounds one repository's.
func TestSumCodeRatiosAndMeans(t *testing.T) {
	one := python.CodeFacts{Functions: 3}
	one.FunctionStats = python.FunctionStats{Params: 3, AnnotatedParams: 1, AnnotatedReturns: 2, Docstrings: 1, ComplexityMean: 2, LengthMean: 10}
	two := python.CodeFacts{Functions: 1}
	two.FunctionStats = python.FunctionStats{Params: 0, AnnotatedReturns: 1, ComplexityMean: 5, LengthMean: 3}
	got := sumCode([]RepoFacts{{Python: PythonFacts{CodeFacts: one}}, {Python: PythonFacts{CodeFacts: two}}}).FunctionStats
	if got.ParamHintRatio != 0.333 || got.ReturnHintRatio != 0.75 || got.DocstringRatio != 0.25 {
		t.Errorf("ratios %v %v %v, want 0.333 0.75 0.25", got.ParamHintRatio, got.ReturnHintRatio, got.DocstringRatio)
	}
	// (2*3 + 5*1) / 4 = 2.75; (10*3 + 3*1) / 4 = 8.25 -> 8.3 at one decimal.
	if got.ComplexityMean != 2.75 || got.LengthMean != 8.3 {
		t.Errorf("means %v %v, want 2.75 8.3", got.ComplexityMean, got.LengthMean)
	}
	// No functions: ratios are 0, not NaN.
	if z := sumCode(nil).FunctionStats; z.ParamHintRatio != 0 || z.ComplexityMean != 0 {
		t.Errorf("empty sum %+v", z)
	}
}

// TestSumCodeOfOneRepositoryIsItsOwn checks the rounding against the
// parser's own: one repository analysed for real sums to its own function
// statistics, so that the candidate's figures cannot drift from it.
func TestSumCodeOfOneRepositoryIsItsOwn(t *testing.T) {
	a, err := python.NewAnalyzer(python.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	src := map[string]string{
		"m.py": "def f(a: int, b, c) -> int:\n    '''Doc.'''\n    if a:\n        return 1\n    return 2\n\n" +
			"def g(x):\n    for i in x:\n        if i:\n            yield i\n\n" +
			"class K:\n    def h(self, y: str):\n        return y\n",
	}
	var files []*python.FileFacts
	for path, s := range src {
		ff, err := a.AnalyzeFile(path, []byte(s))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, ff)
	}
	rf := python.AggregateRepo(files, python.RepoLayout{})
	got := sumCode([]RepoFacts{{Python: PythonFacts{CodeFacts: rf.CodeFacts}}})
	w, g := rf.CodeFacts.FunctionStats, got.FunctionStats
	if g.ParamHintRatio != w.ParamHintRatio || g.ReturnHintRatio != w.ReturnHintRatio || g.DocstringRatio != w.DocstringRatio ||
		g.ComplexityMean != w.ComplexityMean || g.LengthMean != w.LengthMean {
		t.Errorf("candidate function stats %+v\ndiffer from the repository's %+v", g, w)
	}
	if w.ParamHintRatio == 0 || w.ParamHintRatio == 1 || w.LengthMean == 0 {
		t.Errorf("the sample exercises no rounding: %+v", w)
	}
}

// TestSumCodeNameCountsAndLists checks that name counts add by name,
// most frequent first, and that the lists the sum leaves to each
// repository are empty, never null, where JSON always writes them.
func TestSumCodeNameCountsAndLists(t *testing.T) {
	a := python.CodeFacts{}
	a.OOP.Dunders = []python.NameCount{{Name: "__init__", Count: 2}, {Name: "__eq__", Count: 1}}
	a.Libraries = []python.ImportedLibrary{{Import: "flask", Files: 1}}
	b := python.CodeFacts{}
	b.OOP.Dunders = []python.NameCount{{Name: "__eq__", Count: 2}, {Name: "__len__", Count: 1}}
	got := sumCode([]RepoFacts{{Python: PythonFacts{CodeFacts: a}}, {Python: PythonFacts{CodeFacts: b}}})
	want := []python.NameCount{{Name: "__eq__", Count: 3}, {Name: "__init__", Count: 2}, {Name: "__len__", Count: 1}}
	if !slices.Equal(got.OOP.Dunders, want) {
		t.Errorf("dunders %v, want %v", got.OOP.Dunders, want)
	}
	if got.Libraries == nil || len(got.Libraries) != 0 || got.Imports.Stdlib == nil || got.FunctionStats.MostComplex == nil {
		t.Errorf("lists: libraries %v, stdlib %v, most complex %v; want empty, not null", got.Libraries, got.Imports.Stdlib, got.FunctionStats.MostComplex)
	}
	if got.Frameworks != nil {
		t.Errorf("frameworks %+v with no repository using one, want nil", got.Frameworks)
	}
}

// The candidate's split by role sums the repositories': a repository
// without a split (all in source) counts as source once another has one.
func TestSumCodeSplitsByRole(t *testing.T) {
	repo := func(n int, roles map[string]int) RepoFacts {
		var r RepoFacts
		r.Python.OOP.Inheritance.Multilevel = python.Tally{Count: n, Files: 1, Roles: roles}
		return r
	}
	sum := sumCode([]RepoFacts{repo(4, nil), repo(5, map[string]int{"source": 1, "test": 4}), repo(2, nil)})
	ml := sum.OOP.Inheritance.Multilevel
	if want := map[string]int{"source": 7, "test": 4}; ml.Count != 11 || !reflect.DeepEqual(ml.Roles, want) {
		t.Errorf("multilevel %d %v, want 11 %v", ml.Count, ml.Roles, want)
	}
	if only := sumCode([]RepoFacts{repo(4, nil), repo(2, nil)}).OOP.Inheritance.Multilevel; only.Roles != nil {
		t.Errorf("all in source: split %v, want none", only.Roles)
	}
}

package python

// RepoAggregator: the summary of a repository built one file at a time.

import (
	"maps"
	"slices"
	"sort"
	"unsafe"

	"github.com/pyscout/pyscout/analyzer/count"
)

// RepoAggregator builds RepoCode from FileFacts added one at a time, so a
// caller can drop each FileFacts after adding it. It keeps per-class names
// and method names (for inheritance and overriding) and per-name counters;
// evidence and top lists are bounded. Not safe for concurrent use.
type RepoAggregator struct {
	resolver *ImportResolver
	py, nb   *codeAgg
}

// NewRepoAggregator returns an aggregator for one repository.
func NewRepoAggregator(layout RepoLayout) *RepoAggregator {
	return &RepoAggregator{resolver: NewImportResolver(layout), py: newCodeAgg(), nb: newCodeAgg()}
}

// Add adds one file's facts (a notebook's go to the notebook summary).
func (r *RepoAggregator) Add(ff *FileFacts) {
	if ff == nil {
		return
	}
	if ff.Notebook != nil {
		r.nb.add(ff, r.resolver)
		return
	}
	r.py.add(ff, r.resolver)
}

// Facts returns the summary of the files added so far.
func (r *RepoAggregator) Facts() *RepoCode {
	rf := &RepoCode{CodeFacts: r.py.facts()}
	if r.nb.files > 0 {
		nb := r.nb.facts()
		rf.Notebooks = &nb
	}
	return rf
}

// AggregateRepo summarises a repository's analysed files; layout lists all
// the repository's files so that imports can be classified.
func AggregateRepo(files []*FileFacts, layout RepoLayout) *RepoCode {
	agg := NewRepoAggregator(layout)
	for _, f := range files {
		agg.Add(f)
	}
	return agg.Facts()
}

// topFuncs keeps the maxTop greatest functions by a key.
type topFuncs struct {
	key  func(*FunctionRef) int
	list []FunctionRef
}

func (t *topFuncs) less(a, b *FunctionRef) bool { // a ranks before b
	if ka, kb := t.key(a), t.key(b); ka != kb {
		return ka > kb
	}
	return evLess(a.Evidence, b.Evidence)
}

func (t *topFuncs) add(f FunctionRef) {
	if len(t.list) < maxTop {
		t.list = append(t.list, f)
	} else {
		worst := 0
		for i := 1; i < len(t.list); i++ {
			if t.less(&t.list[worst], &t.list[i]) {
				worst = i
			}
		}
		if !t.less(&f, &t.list[worst]) {
			return
		}
		t.list[worst] = f
	}
}

func (t *topFuncs) sorted() []FunctionRef {
	out := append([]FunctionRef{}, t.list...)
	sort.Slice(out, func(i, j int) bool { return t.less(&out[i], &out[j]) })
	return out
}

func moduleUses(m map[string]int) []ModuleUse {
	nc := nameCounts(m, 0)
	out := make([]ModuleUse, len(nc))
	for i, n := range nc {
		out[i] = ModuleUse{Import: n.Name, Files: n.Count}
	}
	return out
}

// libAgg sums the imports of one library: every top-level import name
// that maps to the same distribution (pytest and _pytest, PIL and Image).
type libAgg struct {
	imports int
	// names counts the files importing each top-level name.
	names map[string]int
	// fileSet holds the files importing any of them, so that merged names
	// count each file once.
	fileSet map[string]struct{}
	mods    map[string]*modAgg
	ev      []Evidence
}

// merge adds o's counts to l.
func (l *libAgg) merge(o *libAgg) {
	l.imports += o.imports
	for n, c := range o.names {
		l.names[n] += c
	}
	for f := range o.fileSet {
		l.fileSet[f] = struct{}{}
	}
	for m, a := range o.mods {
		b := l.mods[m]
		switch {
		case b == nil && len(l.mods) < maxModulesTracked:
			if l.mods == nil {
				l.mods = map[string]*modAgg{}
			}
			c := *a
			l.mods[m] = &c
		case b != nil:
			b.files += a.files
			if evLess(a.ev, b.ev) {
				b.ev = a.ev
			}
		}
	}
	for _, e := range o.ev {
		l.ev = addEvidence(l.ev, e)
	}
}

// name is the import name a merged library is listed under: the one most
// files import, then the shortest, then the first in order.
func (l *libAgg) name() string {
	best := ""
	for n, c := range l.names {
		b := l.names[best]
		if best == "" || c > b || c == b && (len(n) < len(best) || len(n) == len(best) && n < best) {
			best = n
		}
	}
	return best
}

// otherNames are the import names besides the listed one, in order; nil
// when there is one.
func (l *libAgg) otherNames() []string {
	if len(l.names) < 2 {
		return nil
	}
	main := l.name()
	var out []string
	for n := range l.names {
		if n != main {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

type codeAgg struct {
	cf        CodeFacts
	res       *ImportResolver // of the last file added: one per repository
	files     int
	classes   []classRec
	scopes    []moduleScope // per file, for resolving class names
	stdlib    map[string]int
	py2       map[string]int
	local     map[string]int
	unknown   map[string]*unknownAgg
	libs      map[string]*libAgg // by libraryKey
	dunders   map[string]int
	decs      map[string]int
	cxSum     int
	lenSum    int
	complex   topFuncs
	longest   topFuncs
	deepest   topFuncs
	errorSite []Evidence
	fw        frameworkAgg
	featNames []map[string]int // name counters of featuresPlan
}

func newCodeAgg() *codeAgg {
	return &codeAgg{
		featNames: featuresPlan.newNames(),
		stdlib:    map[string]int{},
		py2:       map[string]int{},
		local:     map[string]int{},
		unknown:   map[string]*unknownAgg{},
		libs:      map[string]*libAgg{},
		dunders:   map[string]int{},
		decs:      map[string]int{},
		complex:   topFuncs{key: func(f *FunctionRef) int { return f.Complexity }},
		longest:   topFuncs{key: func(f *FunctionRef) int { return f.Length }},
		deepest:   topFuncs{key: func(f *FunctionRef) int { return f.Depth }},
	}
}

func (a *codeAgg) add(ff *FileFacts, res *ImportResolver) {
	cf := &a.cf
	a.res = res
	a.files++
	cf.Files++
	cf.Lines += ff.Lines
	cf.Bytes += ff.Bytes
	if ff.Notebook != nil {
		cf.CodeCells += ff.Notebook.CodeCells
	}
	for ci := range ff.Classes {
		if !ff.Classes[ci].TypeChecking {
			cf.Classes++
		}
	}
	cf.Functions += len(ff.Functions)
	if ff.ParseError {
		cf.ParseErrors++
		if len(ff.ErrorSites) > 0 {
			a.errorSite = addEvidence(a.errorSite, ff.ErrorSites[0])
		} else {
			a.errorSite = addEvidence(a.errorSite, Evidence{Path: ff.Path})
		}
	}
	if ff.Python2 {
		cf.Python2Files++
	}
	a.addImports(ff, res)
	a.addClasses(ff)
	a.addFunctions(ff)
	a.fw.add(ff.Frameworks)
	featuresPlan.merge(unsafe.Pointer(&cf.Features), unsafe.Pointer(&ff.Features), a.featNames)
}

func (a *codeAgg) addImports(ff *FileFacts, res *ImportResolver) {
	st := &a.cf.Imports
	seenStd, seenPy2, seenLocal, seenLib := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, imp := range ff.Imports {
		st.Total++
		if imp.Kind == ImportDynamic {
			st.Dynamic++
		}
		if imp.InFunction {
			st.InFunction++
		}
		if imp.TypeChecking {
			st.TypeChecking++
		}
		if imp.Fallback {
			st.Fallback++
		}
		if contains(imp.Names, "*") {
			st.Star++
		}
		rs := res.Resolve(ff.Path, imp)
		origin, py2 := rs.Origin, rs.Python2
		top := imp.Top
		switch {
		case imp.Level > 0 || top == "":
			st.Relative++
		case origin == OriginUnknown:
			a.addUnknown(ff.Path, top, rs.Reason, imp.Evidence)
		case origin == OriginLocal:
			if !seenLocal[top] {
				seenLocal[top] = true
				a.local[top]++
			}
		case origin == OriginStdlib:
			if !seenStd[top] {
				seenStd[top] = true
				a.stdlib[top]++
			}
			if py2 && !seenPy2[top] {
				seenPy2[top] = true
				a.py2[top]++
			}
		default:
			st.ThirdParty++
			key := res.libraryKey(top)
			l := a.libs[key]
			if l == nil {
				l = &libAgg{names: map[string]int{}, fileSet: map[string]struct{}{}}
				a.libs[key] = l
			}
			l.imports++
			l.addModule(ff.Path, imp)
			if !seenLib[top] {
				seenLib[top] = true
				l.names[top]++
			}
			if _, ok := l.fileSet[ff.Path]; !ok {
				l.fileSet[ff.Path] = struct{}{}
				l.ev = addEvidence(l.ev, imp.Evidence)
			}
		}
	}
}

func (a *codeAgg) addFunctions(ff *FileFacts) {
	fs := &a.cf.FunctionStats
	for fi := range ff.Functions {
		f := &ff.Functions[fi]
		if f.Async {
			fs.Async++
		}
		if f.Method {
			fs.Methods++
		}
		if f.Nested {
			fs.Nested++
		}
		if len(f.Decorators) > 0 {
			fs.Decorated++
		}
		for _, d := range f.Decorators {
			a.decs[d]++
		}
		if f.Generator {
			fs.Generators++
		}
		fs.Params += f.Params
		fs.AnnotatedParams += f.AnnotatedParams
		if f.ReturnAnnotated {
			fs.AnnotatedReturns++
		}
		if f.Docstring {
			fs.Docstrings++
		}
		a.cxSum += f.Complexity
		a.lenSum += f.Length
		if f.Complexity > fs.ComplexityMax {
			fs.ComplexityMax = f.Complexity
		}
		if f.Length > fs.LengthMax {
			fs.LengthMax = f.Length
		}
		if f.Depth > fs.DepthMax {
			fs.DepthMax = f.Depth
		}
		r := &fs.ComplexityRanks
		switch c := f.Complexity; {
		case c <= 5:
			r.A++
		case c <= 10:
			r.B++
		case c <= 20:
			r.C++
		case c <= 30:
			r.D++
		case c <= 40:
			r.E++
		default:
			r.F++
		}
		ref := FunctionRef{Qualname: f.Qualname, Complexity: f.Complexity, Length: f.Length, Depth: f.Depth, Evidence: f.Evidence}
		a.complex.add(ref)
		a.longest.add(ref)
		a.deepest.add(ref)
	}
}

func (a *codeAgg) facts() CodeFacts {
	cf := a.cf // copy; a stays usable
	cf.ParseErrorSites = append([]Evidence(nil), a.errorSite...)
	sortEvidence(cf.ParseErrorSites)

	st := &cf.Imports
	st.Stdlib = moduleUses(a.stdlib)
	if len(a.py2) > 0 {
		st.Python2Stdlib = moduleUses(a.py2)
	}
	st.Local = moduleUses(a.local)
	st.Unknown = a.unknownImports()
	libs := a.mergedLibs()
	cf.Libraries = make([]ImportedLibrary, 0, len(libs))
	for _, l := range libs {
		ev := append([]Evidence(nil), l.ev...)
		sortEvidence(ev)
		cf.Libraries = append(cf.Libraries, ImportedLibrary{Import: l.name(), OtherImports: l.otherNames(),
			Files: len(l.fileSet), Imports: l.imports, Evidence: ev, Modules: l.modules()})
	}
	sort.Slice(cf.Libraries, func(i, j int) bool {
		x, y := cf.Libraries[i], cf.Libraries[j]
		if x.Files != y.Files {
			return x.Files > y.Files
		}
		return x.Import < y.Import
	})

	fs := &cf.FunctionStats
	fs.ParamHintRatio = count.Ratio(fs.AnnotatedParams, fs.Params, 3)
	fs.ReturnHintRatio = count.Ratio(fs.AnnotatedReturns, cf.Functions, 3)
	fs.DocstringRatio = count.Ratio(fs.Docstrings, cf.Functions, 3)
	fs.ComplexityMean = count.Ratio(a.cxSum, cf.Functions, 2)
	fs.LengthMean = count.Ratio(a.lenSum, cf.Functions, 1)
	fs.MostComplex = a.complex.sorted()
	fs.Longest = a.longest.sorted()
	fs.Deepest = a.deepest.sorted()
	fs.Decorators = nameCounts(a.decs, 20)

	cf.OOP = a.cf.OOP
	eachTally(&cf.OOP, func(t *Tally) { t.Evidence, t.Roles = slices.Clone(t.Evidence), maps.Clone(t.Roles) })
	cf.OOP.Dunders = nameCounts(a.dunders, 50)
	rr := a.resolveClasses(&cf.OOP)
	eachTally(&cf.OOP, (*Tally).finish)
	featuresPlan.snapshot(unsafe.Pointer(&cf.Features), a.featNames)
	cf.Frameworks = a.fw.facts()
	a.addRepoFrameworkClasses(rr, cf.Frameworks)
	return cf
}

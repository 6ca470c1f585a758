package report

import (
	"fmt"
	"strings"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/report/words"
	"github.com/pyscout/pyscout/rules"
)

// detailGroup is one table of facts: what was counted, how often, where,
// and an example to open. New analyses (tests, practices) add a group
// here and every renderer shows it.
type detailGroup struct {
	// ID is the HTML anchor.
	ID    string
	Title string
	// Intro says in a sentence what the group covers.
	Intro string
	// Rows are the facts with a non-zero count.
	Rows []detailRow
	// Notes are lines shown with the table ("Examples: C -> B -> A").
	Notes []string
	// Empty is what to say when no row has a count.
	Empty string
}

type detailRow struct {
	Label string
	// Value is the count, formatted ("3 in 2 files").
	Value string
	// Where lists the repositories and their counts.
	Where string
	// Evidence is one or two places to look.
	Evidence []link
}

// tallyFact names a tally of CodeFacts for a detail row.
type tallyFact struct {
	label string
	get   func(*python.CodeFacts) *python.Tally
}

// maxRowEvidence bounds the examples linked from one detail row.
const maxRowEvidence = 2

// detailGroups are the OOP and language details of the Python analysis,
// summed over the analysed repositories (notebook code included).
func detailGroups(p *analyzer.Profile) []detailGroup {
	oop := tallyGroup(p, "oop", "Object-oriented design",
		"Class features counted over every analysed repository, notebooks included.", []tallyFact{
			{"Single inheritance", func(c *python.CodeFacts) *python.Tally { return &c.OOP.Inheritance.Single }},
			{"Multiple inheritance", func(c *python.CodeFacts) *python.Tally { return &c.OOP.Inheritance.Multiple }},
			{"Class chains of three or more levels", func(c *python.CodeFacts) *python.Tally { return &c.OOP.Inheritance.Multilevel }},
			{"Base classes with several subclasses", func(c *python.CodeFacts) *python.Tally { return &c.OOP.Inheritance.Hierarchical }},
			{"Abstract base classes", func(c *python.CodeFacts) *python.Tally { return &c.OOP.AbstractClasses }},
			{"Abstract methods", func(c *python.CodeFacts) *python.Tally { return &c.OOP.AbstractMethods }},
			{"Protocols", func(c *python.CodeFacts) *python.Tally { return &c.OOP.Protocols }},
			{"Dataclasses", func(c *python.CodeFacts) *python.Tally { return &c.OOP.Dataclasses }},
			{"attrs classes", func(c *python.CodeFacts) *python.Tally { return &c.OOP.Attrs }},
			{"pydantic models", func(c *python.CodeFacts) *python.Tally { return &c.OOP.Pydantic }},
			{"Named tuples", func(c *python.CodeFacts) *python.Tally { return &c.OOP.NamedTuples }},
			{"Enums", func(c *python.CodeFacts) *python.Tally { return &c.OOP.Enums }},
			{"TypedDicts", func(c *python.CodeFacts) *python.Tally { return &c.OOP.TypedDicts }},
			{"Custom exceptions", func(c *python.CodeFacts) *python.Tally { return &c.OOP.Exceptions }},
			{"Mixins", func(c *python.CodeFacts) *python.Tally { return &c.OOP.Mixins }},
			{"Metaclasses", func(c *python.CodeFacts) *python.Tally { return &c.OOP.Metaclasses }},
			{"Generic classes", func(c *python.CodeFacts) *python.Tally { return &c.OOP.Generics }},
			{"Context manager classes", func(c *python.CodeFacts) *python.Tally { return &c.OOP.ContextManagers }},
			{"Nested classes", func(c *python.CodeFacts) *python.Tally { return &c.OOP.NestedClasses }},
			{"Properties", func(c *python.CodeFacts) *python.Tally { return &c.OOP.Properties }},
			{"Property setters", func(c *python.CodeFacts) *python.Tally { return &c.OOP.Setters }},
			{"Classes with __slots__", func(c *python.CodeFacts) *python.Tally { return &c.OOP.Slots }},
			{"Protected attributes (_x)", func(c *python.CodeFacts) *python.Tally { return &c.OOP.ProtectedAttributes }},
			{"Name-mangled attributes (__x)", func(c *python.CodeFacts) *python.Tally { return &c.OOP.PrivateAttributes }},
			{"Class methods", func(c *python.CodeFacts) *python.Tally { return &c.OOP.ClassMethods }},
			{"Static methods", func(c *python.CodeFacts) *python.Tally { return &c.OOP.StaticMethods }},
			{"super() calls", func(c *python.CodeFacts) *python.Tally { return &c.OOP.SuperCalls }},
			{"Method overrides", func(c *python.CodeFacts) *python.Tally { return &c.OOP.Overrides }},
			{"Operator methods", func(c *python.CodeFacts) *python.Tally { return &c.OOP.OperatorOverloads }},
			{"Protocol methods (iteration, containers, ...)", func(c *python.CodeFacts) *python.Tally { return &c.OOP.ProtocolMethods }},
		})
	oop.Empty = "No classes in the analysed code."
	if chains := inheritanceExamples(p); chains != "" {
		oop.Notes = append(oop.Notes, "Class hierarchies, for example: "+chains)
	}
	if d := dunderNames(p); d != "" {
		oop.Notes = append(oop.Notes, "Dunder methods defined: "+d)
	}

	modern := tallyGroup(p, "modern", "Modern Python",
		"Syntax and standard-library features of recent Python versions.", []tallyFact{
			{"f-strings", func(c *python.CodeFacts) *python.Tally { return &c.Features.Modern.FStrings }},
			{"Type hints", func(c *python.CodeFacts) *python.Tally { return &c.Features.Modern.TypeHints }},
			{"X | Y unions", func(c *python.CodeFacts) *python.Tally { return &c.Features.Modern.UnionTypes }},
			{"Type parameters (PEP 695)", func(c *python.CodeFacts) *python.Tally { return &c.Features.Modern.TypeParams }},
			{"Type aliases (PEP 695)", func(c *python.CodeFacts) *python.Tally { return &c.Features.Modern.TypeAliases }},
			{"match statements", func(c *python.CodeFacts) *python.Tally { return &c.Features.Modern.Match }},
			{"Assignment expressions (:=)", func(c *python.CodeFacts) *python.Tally { return &c.Features.Modern.Walrus }},
			{"except* (exception groups)", func(c *python.CodeFacts) *python.Tally { return &c.Features.Modern.ExceptionGroups }},
			{"async def", func(c *python.CodeFacts) *python.Tally { return &c.Features.Modern.AsyncDefs }},
			{"await", func(c *python.CodeFacts) *python.Tally { return &c.Features.Modern.Await }},
			{"async for", func(c *python.CodeFacts) *python.Tally { return &c.Features.Modern.AsyncFor }},
			{"async with", func(c *python.CodeFacts) *python.Tally { return &c.Features.Modern.AsyncWith }},
			{"@dataclass", func(c *python.CodeFacts) *python.Tally { return &c.Features.Modern.Dataclasses }},
			{"pathlib", func(c *python.CodeFacts) *python.Tally { return &c.Features.Modern.Pathlib }},
		})
	modern.Empty = "None of these features in the analysed code."

	idioms := tallyGroup(p, "idioms", "Idioms",
		"Everyday Python constructs.", []tallyFact{
			{"Decorators applied", func(c *python.CodeFacts) *python.Tally { return &c.Features.Idioms.Decorators }},
			{"Generator functions", func(c *python.CodeFacts) *python.Tally { return &c.Features.Idioms.Generators }},
			{"Comprehensions", func(c *python.CodeFacts) *python.Tally { return &c.Features.Idioms.Comprehensions }},
			{"Generator expressions", func(c *python.CodeFacts) *python.Tally { return &c.Features.Idioms.GeneratorExpressions }},
			{"Lambdas", func(c *python.CodeFacts) *python.Tally { return &c.Features.Idioms.Lambdas }},
			{"with statements", func(c *python.CodeFacts) *python.Tally { return &c.Features.Idioms.With }},
			{"Context managers defined", func(c *python.CodeFacts) *python.Tally { return &c.Features.Idioms.ContextManagers }},
			{"if __name__ == \"__main__\" guards", func(c *python.CodeFacts) *python.Tally { return &c.Features.Idioms.MainGuards }},
		})
	idioms.Empty = "None of these constructs in the analysed code."

	topics := tallyGroup(p, "topics", "Concurrency and runtime",
		"Classic interview topics, found by imports and definitions.", []tallyFact{
			{"threading", func(c *python.CodeFacts) *python.Tally { return &c.Features.Topics.Threading }},
			{"multiprocessing", func(c *python.CodeFacts) *python.Tally { return &c.Features.Topics.Multiprocessing }},
			{"concurrent.futures", func(c *python.CodeFacts) *python.Tally { return &c.Features.Topics.ConcurrentFutures }},
			{"asyncio", func(c *python.CodeFacts) *python.Tally { return &c.Features.Topics.Asyncio }},
			{"pickle", func(c *python.CodeFacts) *python.Tally { return &c.Features.Topics.Pickle }},
			{"shelve", func(c *python.CodeFacts) *python.Tally { return &c.Features.Topics.Shelve }},
			{"joblib", func(c *python.CodeFacts) *python.Tally { return &c.Features.Topics.Joblib }},
			{"gc", func(c *python.CodeFacts) *python.Tally { return &c.Features.Topics.GC }},
			{"weakref", func(c *python.CodeFacts) *python.Tally { return &c.Features.Topics.Weakref }},
			{"__del__ methods", func(c *python.CodeFacts) *python.Tally { return &c.Features.Topics.Del }},
			{"__slots__", func(c *python.CodeFacts) *python.Tally { return &c.Features.Topics.Slots }},
		})
	topics.Empty = "None of these topics in the analysed code."

	hygiene := tallyGroup(p, "hygiene", "Things to ask about",
		"Constructs that are sometimes right and often worth a question.", []tallyFact{
			{"Bare except clauses", func(c *python.CodeFacts) *python.Tally { return &c.Features.Idioms.BareExcepts }},
			{"global / nonlocal statements", func(c *python.CodeFacts) *python.Tally { return &c.Features.Idioms.GlobalStatements }},
			{"Python 2 print statements", func(c *python.CodeFacts) *python.Tally { return &c.Features.Python2.PrintStatements }},
			{"Python 2 except X, e", func(c *python.CodeFacts) *python.Tally { return &c.Features.Python2.ExceptComma }},
		})
	hygiene.Rows = append(hygiene.Rows, countRows(p, []countFact{
		{"Star imports", func(c *python.CodeFacts) int { return c.Imports.Star }},
		{"Files with Python 2 code", func(c *python.CodeFacts) int { return c.Python2Files }},
		{"Files that do not parse", func(c *python.CodeFacts) int { return c.ParseErrors }},
	})...)
	hygiene.Empty = "Nothing of this kind in the analysed code."

	return []detailGroup{oop, modern, idioms, topics, hygiene}
}

// codeFacts lists a repository's analysed code: its files, then its
// notebooks' code cells.
func codeFacts(r *analyzer.RepoFacts) []*python.CodeFacts {
	out := []*python.CodeFacts{&r.Python.CodeFacts}
	if r.Python.NotebookCode != nil {
		out = append(out, r.Python.NotebookCode)
	}
	return out
}

func tallyGroup(p *analyzer.Profile, id, title, intro string, facts []tallyFact) detailGroup {
	g := detailGroup{ID: id, Title: title, Intro: intro}
	for _, f := range facts {
		// The candidate's figure is the profile's sum; each repository's
		// share and examples are read from its own facts.
		total := f.get(&p.Code)
		if total.Count == 0 {
			continue
		}
		var where []string
		var ev []link
		for i := range p.Repos {
			r := &p.Repos[i]
			n := 0
			for _, cf := range codeFacts(r) {
				t := f.get(cf)
				n += t.Count
				for _, e := range t.Evidence {
					if l := evidenceLink(r, e); len(ev) < maxRowEvidence && !containsLink(ev, l) {
						ev = append(ev, l)
					}
				}
			}
			if n > 0 {
				where = append(where, fmt.Sprintf("%s %d", plain(r.Name), n))
			}
		}
		value := fmt.Sprint(total.Count)
		if total.Files > 0 {
			value += " in " + words.Plural(total.Files, "file")
		}
		g.Rows = append(g.Rows, detailRow{Label: f.label, Value: value, Where: strings.Join(where, ", "), Evidence: ev})
	}
	return g
}

func containsLink(list []link, l link) bool {
	for _, x := range list {
		if x.Text == l.Text {
			return true
		}
	}
	return false
}

// countFact names a plain count of CodeFacts.
type countFact struct {
	label string
	get   func(*python.CodeFacts) int
}

func countRows(p *analyzer.Profile, facts []countFact) []detailRow {
	var rows []detailRow
	for _, f := range facts {
		count := f.get(&p.Code)
		if count == 0 {
			continue
		}
		var where []string
		for i := range p.Repos {
			n := 0
			for _, cf := range codeFacts(&p.Repos[i]) {
				n += f.get(cf)
			}
			if n > 0 {
				where = append(where, fmt.Sprintf("%s %d", plain(p.Repos[i].Name), n))
			}
		}
		rows = append(rows, detailRow{Label: f.label, Value: fmt.Sprint(count), Where: strings.Join(where, ", ")})
	}
	return rows
}

// evidenceLink is a link to one piece of evidence, located the way the
// rules locate theirs.
func evidenceLink(r *analyzer.RepoFacts, e python.Evidence) link {
	it := rules.Item{Repo: r.Name, Path: e.Path, Line: e.Line, EndLine: e.EndLine, Cell: e.Cell}
	u := r.BlobURL(e.Path, e.Line, e.EndLine)
	if e.Cell > 0 {
		u = r.BlobURL(e.Path, 0, 0)
	}
	l := newLink(it.Location(), u)
	l.Role = evidenceRole(e.Role)
	return l
}

// inheritanceExamples joins the repositories' example chains.
func inheritanceExamples(p *analyzer.Profile) string {
	var out []string
	for i := range p.Repos {
		for _, cf := range codeFacts(&p.Repos[i]) {
			for _, ex := range cf.OOP.Inheritance.Examples {
				if len(out) < 5 {
					out = append(out, plain(ex))
				}
			}
		}
	}
	return strings.Join(out, "; ")
}

// dunderNames lists the dunder methods defined, most frequent first, as
// the profile sums them.
func dunderNames(p *analyzer.Profile) string {
	dunders := p.Code.OOP.Dunders
	parts := make([]string, 0, min(len(dunders), 13))
	for i, d := range dunders {
		if i == 12 {
			parts = append(parts, fmt.Sprintf("and %d more", len(dunders)-12))
			break
		}
		parts = append(parts, fmt.Sprintf("%s %d", plain(d.Name), d.Count))
	}
	return strings.Join(parts, ", ")
}

// functionRow is one repository's function statistics, as the analysis
// computed them (the Python files; notebooks apart).
type functionRow struct {
	Repo           string
	Functions      int
	ParamHints     string
	ReturnHints    string
	Docstrings     string
	ComplexityMean string
	ComplexityMax  int
	LengthMax      int
	DepthMax       int
	Async          int
	Generators     int
}

// functionsNote explains the functions table.
const functionsNote = "Python files only, notebooks apart. Parameter hints are a share of parameters, return hints and docstrings a share of functions; complexity is cyclomatic complexity as radon counts it."

// hotspot is a function worth opening: among the most complex, longest or
// most deeply nested.
type hotspot struct {
	Kind     string
	Name     string
	Measure  string
	Evidence link
}

// hotspotsNote says the scope of the functions worth opening, which is the
// scope of the findings that name the first of each list.
const hotspotsNote = "Over all analysed repositories, test files and notebook code included; a finding about the most complex or most deeply nested function names the first of its list."

// maxHotspots bounds each kind of hotspot listed.
const maxHotspots = 3

func functionTables(p *analyzer.Profile) ([]functionRow, []hotspot) {
	var rows []functionRow
	byName := map[string]*analyzer.RepoFacts{}
	for i := range p.Repos {
		r := &p.Repos[i]
		if _, ok := byName[r.Name]; !ok {
			byName[r.Name] = r
		}
		cf := &r.Python.CodeFacts
		fs := &cf.FunctionStats
		if cf.Functions > 0 {
			rows = append(rows, functionRow{
				Repo: plain(r.Name), Functions: cf.Functions,
				ParamHints: percent(fs.ParamHintRatio), ReturnHints: percent(fs.ReturnHintRatio), Docstrings: percent(fs.DocstringRatio),
				ComplexityMean: fmt.Sprintf("%.1f", fs.ComplexityMean), ComplexityMax: fs.ComplexityMax,
				LengthMax: fs.LengthMax, DepthMax: fs.DepthMax, Async: fs.Async, Generators: fs.Generators,
			})
		}
	}
	var spots []hotspot
	// The rankings are the profile's, the same lists the findings read, so
	// the first row of each kind is the function a finding names.
	pick := func(kind string, ranked []analyzer.RankedFunction, measure func(python.FunctionRef) int, unit func(int) string, floor int) {
		for n, x := range ranked {
			if n == maxHotspots || measure(x.FunctionRef) < floor {
				break
			}
			r := byName[x.Repo]
			if r == nil {
				r = &analyzer.RepoFacts{Name: x.Repo}
			}
			spots = append(spots, hotspot{Kind: kind, Name: plain(x.Qualname), Measure: unit(measure(x.FunctionRef)), Evidence: evidenceLink(r, x.Evidence)})
		}
	}
	// The floors keep ordinary functions out of a list of places to look.
	pick("Most complex", p.Functions.MostComplex, func(f python.FunctionRef) int { return f.Complexity }, func(n int) string { return fmt.Sprintf("complexity %d", n) }, 6)
	pick("Longest", p.Functions.Longest, func(f python.FunctionRef) int { return f.Length }, func(n int) string { return words.Plural(n, "line") }, 30)
	pick("Most deeply nested", p.Functions.Deepest, func(f python.FunctionRef) int { return f.Depth }, func(n int) string { return fmt.Sprintf("depth %d", n) }, 3)
	return rows, spots
}

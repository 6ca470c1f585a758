package rules

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/expr-lang/expr/checker/nature"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/option"
	"github.com/pyscout/pyscout/analyzer/practices"
	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/report/words"
	"github.com/pyscout/pyscout/rules/libraries"
)

// Env is what rule conditions and templates see of one candidate: every
// count of the Python analysis under its JSON path ("classes",
// "oop.inheritance.multilevel", "features.modern.walrus",
// "function_stats.param_hint_ratio"), as the profile sums it over the
// analysed repositories (analyzer.Profile.Code, notebook code included),
// plus candidate-level values, and the evidence behind each count.
type Env struct {
	db       *libraries.DB
	vars     map[string]any
	evidence map[string][]Item
	libs     map[string]bool
	stack    map[string]bool
	signals  map[string]bool
	// splits holds the candidate's counts split by file role (split.go).
	splits map[string]map[string]int
	// types are the expression checker's types of vars, worked out at
	// the first compile (exprOptions).
	types *nature.Nature
}

// Item is one piece of evidence a question can point at.
type Item struct {
	Repo    string `json:"repo"`
	Path    string `json:"path"`
	Line    int    `json:"line,omitempty"`
	EndLine int    `json:"end_line,omitempty"`
	Cell    int    `json:"cell,omitempty"`
	URL     string `json:"url,omitempty"`
	// Name is the class, function or library the evidence is about, when known.
	Name string `json:"name,omitempty"`
	// Detail is a short description ("Square -> Rectangle -> Shape").
	Detail string `json:"detail,omitempty"`
	// Role is the part the file plays in its repository (source, test,
	// example, ...; analyzer/roles).
	Role string `json:"role,omitempty"`
}

// Options are the reader's choices that shape the questions.
type Options struct {
	// Stack is the team's stack (library or topic names), asked about first.
	Stack []string
	// Level is the role's level (junior, mid, senior) for the coding exercise.
	Level string
	// Questions caps the questions; DefaultQuestions when zero.
	Questions int
	// Now dates the activity figures; time.Now when zero.
	Now time.Time
	// Libraries names each library's alternatives; the built-in data
	// when nil.
	Libraries *libraries.DB
}

// DefaultQuestions is the default cap on questions.
const DefaultQuestions = 12

// maxQuestions bounds Options.Questions: more than an interview can hold.
const maxQuestions = 100

// ErrInvalidOption is matched by the errors of Options.Validate.
var ErrInvalidOption = option.ErrInvalid

// Validate fills the zero fields of o with their defaults (Level "mid",
// DefaultQuestions) and checks the others: Level is junior, mid or senior
// in any case (kept in lower case), Questions between 1 and 100. An
// *option.Error (matching ErrInvalidOption) names a field out of range.
// Evaluate calls it.
func (o *Options) Validate() error {
	var errs []error
	switch l := strings.ToLower(o.Level); l {
	case "":
		o.Level = "mid"
	case "junior", "mid", "senior":
		o.Level = l
	default:
		errs = append(errs, &option.Error{Field: "Level", Reason: fmt.Sprintf("must be junior, mid or senior, not %q", o.Level)})
	}
	errs = append(errs, option.Range("Questions", &o.Questions, DefaultQuestions, 1, maxQuestions))
	return errors.Join(errs...)
}

// NewEnv builds the environment for a profile.
func NewEnv(p *analyzer.Profile, opts Options) *Env {
	db := opts.Libraries
	if db == nil {
		db = libraries.Default()
	}
	e := &Env{db: db, vars: map[string]any{}, evidence: map[string][]Item{}, libs: map[string]bool{}, stack: map[string]bool{}, signals: map[string]bool{}}
	for i := range p.Repos {
		r := &p.Repos[i]
		for _, cf := range []*python.CodeFacts{&r.Python.CodeFacts, r.Python.NotebookCode} {
			if cf == nil {
				continue
			}
			walkFacts(reflect.ValueOf(cf).Elem(), "", func(path string, t *python.Tally) {
				// A chain or hierarchy example is cited where it starts,
				// with its classes named; the other places of the count
				// follow, named by nothing they do not show.
				type place struct {
					path       string
					line, cell int
				}
				seen := map[place]bool{}
				if sep := exampleSep(path); sep != "" {
					inh := &cf.OOP.Inheritance
					for i, ex := range inh.Examples {
						if i < len(inh.ExampleEvidence) && strings.Contains(ex, sep) {
							ev := inh.ExampleEvidence[i]
							seen[place{ev.Path, ev.Line, ev.Cell}] = true
							e.evidence[path] = append(e.evidence[path], item(r, ev, "", ex))
						}
					}
				}
				for _, ev := range t.Evidence {
					if !seen[place{ev.Path, ev.Line, ev.Cell}] {
						e.evidence[path] = append(e.evidence[path], item(r, ev, "", ""))
					}
				}
			})
			for _, l := range cf.Libraries {
				e.libs[strings.ToLower(l.Import)] = true
				for _, ev := range l.Evidence {
					e.evidence["library:"+strings.ToLower(l.Import)] = append(e.evidence["library:"+strings.ToLower(l.Import)], item(r, ev, l.Import, ""))
				}
			}
		}
	}
	rankedEvidence(e, p)
	flatten(reflect.ValueOf(p.Code), "", e.vars)
	practiceFacts(e, p)

	e.vars["repos"] = len(p.Repos)
	e.vars["python_files"] = p.Totals.Files
	e.vars["notebooks"] = p.Totals.Notebooks
	e.vars["lines"] = p.Totals.Lines
	categories := map[string]bool{}
	for _, l := range p.Libraries {
		if l.Category != "" {
			categories[l.Category] = true
		}
	}
	cats := make([]string, 0, len(categories))
	for c := range categories {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	e.vars["categories"] = cats
	e.vars["category"] = func(id string) bool {
		for _, c := range e.vars["categories"].([]string) {
			if c == id {
				return true
			}
		}
		return false
	}
	// The most widely used libraries first, as the profile orders them;
	// any the profile does not list follow in name order.
	libs := make([]string, 0, len(e.libs))
	listed := map[string]bool{}
	for _, l := range p.Libraries {
		name := strings.ToLower(l.Import)
		if e.libs[name] && !listed[name] {
			listed[name] = true
			libs = append(libs, name)
		}
	}
	var rest []string
	for l := range e.libs {
		if !listed[l] {
			rest = append(rest, l)
		}
	}
	sort.Strings(rest)
	libs = append(libs, rest...)
	e.vars["libraries"] = libs
	// library:top is the most widely used library that is not a tool.
	for _, l := range p.Libraries {
		if lib, ok := db.Library(l.Package); ok && lib.Tool {
			continue
		}
		for _, it := range e.evidence["library:"+strings.ToLower(l.Import)] {
			it.Name = l.Import
			e.evidence["library:top"] = append(e.evidence["library:top"], it)
		}
		if len(e.evidence["library:top"]) > 0 {
			break
		}
	}
	e.vars["level"] = normLevel(opts.Level)
	// The functions live in the environment itself, so that a condition
	// compiled once runs against each candidate's own values.
	e.vars["lib"] = func(s string) bool { return e.libs[strings.ToLower(s)] }
	e.vars["stack"] = func(s string) bool { return e.stack[strings.ToLower(s)] }
	e.vars["signal"] = func(s string) bool { return e.signals[s] }
	e.vars["plural"] = words.Plural
	e.vars["role_split"] = e.split
	roleSplits(e, p)
	activity(e, p, opts)
	for _, s := range opts.Stack {
		if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
			e.stack[s] = true
		}
	}
	for _, s := range p.Signals {
		e.signals[s.Kind] = true
	}
	for i := range p.Repos {
		if h := p.Repos[i].History; h != nil {
			for _, s := range h.Signals {
				e.signals[s.Kind] = true
			}
		}
	}
	return e
}

// rankedEvidence adds the profile's function rankings as evidence, in
// their order, so that a finding about "the most complex function" names
// the function the report's tables rank first.
func rankedEvidence(e *Env, p *analyzer.Profile) {
	repo := func(name string) *analyzer.RepoFacts {
		for i := range p.Repos {
			if p.Repos[i].Name == name {
				return &p.Repos[i]
			}
		}
		return &analyzer.RepoFacts{Name: name}
	}
	for _, f := range p.Functions.MostComplex {
		e.evidence["function_stats.most_complex"] = append(e.evidence["function_stats.most_complex"],
			item(repo(f.Repo), f.Evidence, f.Qualname, "cyclomatic complexity "+strconv.Itoa(f.Complexity)))
	}
	for _, f := range p.Functions.Longest {
		e.evidence["function_stats.longest"] = append(e.evidence["function_stats.longest"],
			item(repo(f.Repo), f.Evidence, f.Qualname, strconv.Itoa(f.Length)+" lines"))
	}
	for _, f := range p.Functions.Deepest {
		e.evidence["function_stats.deepest"] = append(e.evidence["function_stats.deepest"],
			item(repo(f.Repo), f.Evidence, f.Qualname, "nesting depth "+strconv.Itoa(f.Depth)))
	}
}

// practiceFacts adds the candidate's practices under "practices" (e.g.
// practices.tests, practices.with_ci.count), the tools they use, and the
// evidence of each repository's test facts, tools and CI.
func practiceFacts(e *Env, p *analyzer.Profile) {
	var cand practices.CandidatePractices
	if p.Practices != nil {
		cand = *p.Practices
	}
	sub := map[string]any{}
	flatten(reflect.ValueOf(cand), "practices", sub)
	e.vars["practices"] = sub
	names := func(us []practices.Usage) []string {
		out := []string{}
		for _, u := range us {
			out = append(out, strings.ToLower(u.Name))
		}
		return out
	}
	e.vars["tools"] = names(cand.Tools)
	e.vars["mocking"] = names(cand.Mocking)
	e.vars["test_frameworks"] = names(cand.Frameworks)
	// tool reads the list at call time, so that samples can set it.
	e.vars["tool"] = func(name string) bool {
		for _, t := range e.vars["tools"].([]string) {
			if t == strings.ToLower(name) {
				return true
			}
		}
		return false
	}
	for i := range p.Repos {
		r := &p.Repos[i]
		rp := r.Practices
		if rp == nil {
			continue
		}
		walkFacts(reflect.ValueOf(&rp.Tests).Elem(), "practices.tests", func(path string, t *python.Tally) {
			for _, ev := range t.Evidence {
				e.evidence[path] = append(e.evidence[path], item(r, ev, "", ""))
			}
		})
		for _, tool := range rp.Tools {
			for _, src := range tool.Sources {
				e.evidence["practices.tools"] = append(e.evidence["practices.tools"], item(r, src.Evidence, tool.Name, src.Kind))
			}
		}
		for _, sys := range rp.CI.Systems {
			for _, ev := range sys.Evidence {
				e.evidence["practices.ci"] = append(e.evidence["practices.ci"], item(r, ev, sys.Name, ""))
			}
		}
	}
}

func activity(e *Env, p *analyzer.Profile, opts Options) {
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	e.vars["active_weeks"] = 0
	e.vars["recent_commits"] = 0
	e.vars["days_since_activity"] = -1
	e.vars["pull_requests_opened"] = 0
	e.vars["pull_requests_merged"] = 0
	e.vars["reviews"] = 0
	if a := p.Activity; a != nil {
		e.vars["active_weeks"] = a.ActiveWeeks
		e.vars["recent_commits"] = a.Commits
		if a.LastActivity != nil {
			e.vars["days_since_activity"] = int(now.Sub(*a.LastActivity).Hours() / 24)
		}
	}
	if c := p.Contributions; c != nil {
		e.vars["pull_requests_opened"] = c.PullRequestsOpened
		e.vars["pull_requests_merged"] = c.PullRequestsMerged
		e.vars["reviews"] = c.Reviews
	}
}

func normLevel(l string) string {
	switch l = strings.ToLower(l); l {
	case "junior", "mid", "senior":
		return l
	}
	return "mid"
}

func item(r *analyzer.RepoFacts, ev python.Evidence, name, detail string) Item {
	it := Item{Repo: r.Name, Path: ev.Path, Line: ev.Line, EndLine: ev.EndLine, Cell: ev.Cell, Name: name, Detail: detail, Role: ev.Role}
	if ev.Cell == 0 {
		it.URL = r.BlobURL(ev.Path, ev.Line, ev.EndLine)
	} else {
		it.URL = r.BlobURL(ev.Path, 0, 0)
	}
	return it
}

// exampleSep is the separator of the examples that describe the
// evidence of path (oop.inheritance.Examples: "C -> B -> A" chains,
// "A <- B, C" hierarchies), or "" for a path without examples.
func exampleSep(path string) string {
	switch path {
	case "oop.inheritance.multilevel":
		return " -> "
	case "oop.inheritance.hierarchical":
		return " <- "
	}
	return ""
}

var tallyType = reflect.TypeOf(python.Tally{})

// walkFacts calls fn for every Tally in v, named by its JSON path.
func walkFacts(v reflect.Value, prefix string, fn func(string, *python.Tally)) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		fv := v.Field(i)
		if inline(f) {
			walkFacts(fv, prefix, fn)
			continue
		}
		name := jsonName(f)
		if name == "" {
			continue
		}
		path := join(prefix, name)
		switch {
		case f.Type == tallyType:
			fn(path, fv.Addr().Interface().(*python.Tally))
		case f.Type.Kind() == reflect.Struct:
			walkFacts(fv, path, fn)
		case isStructPtr(f.Type) && !fv.IsNil():
			walkFacts(fv.Elem(), path, fn)
		}
	}
}

// flatten stores every number of v (a Tally as its count) under its
// JSON path, and the nested objects as maps too, so that conditions can
// say oop.inheritance.multilevel.
func flatten(v reflect.Value, prefix string, out map[string]any) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		fv := v.Field(i)
		if inline(f) {
			flatten(fv, prefix, out)
			continue
		}
		name := jsonName(f)
		if name == "" {
			continue
		}
		switch {
		case f.Type == tallyType:
			out[name] = int(fv.FieldByName("Count").Int())
		case f.Type.Kind() == reflect.Struct:
			sub := map[string]any{}
			flatten(fv, join(prefix, name), sub)
			out[name] = sub
		case isStructPtr(f.Type):
			// An absent section reads as zeros, so that conditions
			// compile against every profile.
			elem := reflect.New(f.Type.Elem()).Elem()
			if !fv.IsNil() {
				elem = fv.Elem()
			}
			sub := map[string]any{}
			flatten(elem, join(prefix, name), sub)
			out[name] = sub
		case f.Type.Kind() == reflect.Int:
			out[name] = int(fv.Int())
		case f.Type.Kind() == reflect.Float64:
			out[name] = fv.Float()
		}
	}
}

func isStructPtr(t reflect.Type) bool {
	return t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct
}

// inline reports an embedded struct whose fields JSON puts at its
// parent's level.
func inline(f reflect.StructField) bool {
	return f.Anonymous && f.Tag.Get("json") == "" && f.Type.Kind() == reflect.Struct
}

func jsonName(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	tag := f.Tag.Get("json")
	name, _, _ := strings.Cut(tag, ",")
	if name == "-" || name == "" {
		return ""
	}
	return name
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// alternatives names the well-known alternatives of the library an
// import belongs to ("Flask, FastAPI" for django).
func (e *Env) alternatives(importName string) string {
	lib, ok := e.db.Library(e.db.Distribution(importName))
	if !ok || len(lib.Alternatives) == 0 {
		return "its alternatives"
	}
	names := make([]string, 0, len(lib.Alternatives))
	for _, a := range lib.Alternatives {
		if alt, ok := e.db.Library(a); ok && alt.Name != "" {
			names = append(names, alt.Name)
		} else {
			names = append(names, a)
		}
		if len(names) == 3 {
			break
		}
	}
	return strings.Join(names, ", ")
}

package rules

import (
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/practices"
	"github.com/pyscout/pyscout/analyzer/python"
)

// Result is what the rules make of a profile.
type Result struct {
	// Findings are observations backed by evidence.
	Findings []Finding `json:"findings"`
	// Questions are the suggested interview questions, in the order to ask.
	Questions []Question `json:"questions"`
	// Checklist answers the hiring checklist from evidence.
	Checklist []ChecklistAnswer `json:"checklist"`
	// Stack reports, for a team stack, which items have evidence.
	Stack []StackItem `json:"stack,omitempty"`
}

// Finding is one observation.
type Finding struct {
	Rule     string `json:"rule"`
	Title    string `json:"title"`
	Category string `json:"category"`
	Text     string `json:"text"`
	Evidence []Item `json:"evidence"`
}

// Question is one suggested question.
type Question struct {
	Rule     string `json:"rule"`
	Title    string `json:"title"`
	Category string `json:"category"`
	Topic    string `json:"topic"`
	Level    string `json:"level"`
	Text     string `json:"text"`
	// ListenFor says what a strong answer covers.
	ListenFor []string `json:"listen_for"`
	FollowUps []string `json:"follow_ups,omitempty"`
	// Evidence is empty for a generic question (no public code shows the topic).
	Evidence []Item `json:"evidence"`
	// Stack is set when the question is about the team's stack.
	Stack bool `json:"stack,omitempty"`
}

// ChecklistAnswer answers one checklist item.
type ChecklistAnswer struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Evidenced is false when public code shows nothing for the item
	// (Status not_shown).
	Evidenced bool   `json:"evidenced"`
	Answer    string `json:"answer"`
	Evidence  []Item `json:"evidence"`
	// Status grades the item: shown, partly or not_shown.
	Status Status `json:"status"`
	// CounterEvidence says what is missing or points the other way
	// ("no type checker found"); "No evidence in public code." alone when
	// there is nothing to judge by.
	CounterEvidence []string `json:"counter_evidence"`
}

// Status grades a checklist item.
type Status string

// The three grades of a checklist item.
const (
	StatusShown    Status = "shown"
	StatusPartly   Status = "partly"
	StatusNotShown Status = "not_shown"
)

// StackItem is one item of the team's stack.
type StackItem struct {
	Name     string `json:"name"`
	Evidence bool   `json:"evidence"`
}

// noEvidence is the checklist's answer where public code shows nothing.
const noEvidence = "No evidence in public code."

// maxEvidencePerQuestion bounds the links shown with one question.
const maxEvidencePerQuestion = 3

// Evaluate applies the set to a profile. The result depends only on the
// profile, the set and opts: the same input gives the same questions in
// the same order.
func (s *Set) Evaluate(p *analyzer.Profile, opts Options) (*Result, error) {
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	env := NewEnv(p, opts)
	res := &Result{Findings: []Finding{}, Questions: []Question{}, Checklist: []ChecklistAnswer{}}
	type candidate struct {
		q        Question
		priority int
	}
	var cands []candidate
	level := normLevel(opts.Level)
	for _, r := range s.Rules {
		ok, err := env.fires(r)
		if err != nil {
			return nil, fmt.Errorf("rule %s (%s): %w", r.ID, r.Position(), err)
		}
		if !ok {
			continue
		}
		var items []Item
		if r.Evidence != "" {
			items = env.ruleItems(r)
			if len(items) == 0 {
				// A rule tied to evidence says nothing without it, nor
				// when only tests, examples or scaffolding show it.
				continue
			}
		}
		if r.Finding != "" {
			res.Findings = append(res.Findings, Finding{Rule: r.ID, Title: r.Title, Category: r.Category,
				Text: env.render(r.Finding, r.Evidence, items), Evidence: capItems(items)})
		}
		if r.Category == "exercise" && r.Level != level {
			continue
		}
		q := Question{Rule: r.ID, Title: r.Title, Category: r.Category, Topic: r.Topic, Level: r.Level,
			Text: env.render(r.Question, r.Evidence, items), ListenFor: r.ListenFor, FollowUps: r.FollowUps,
			Evidence: capItems(items)}
		priority := r.Priority
		for _, tag := range r.Tags {
			if env.stack[strings.ToLower(tag)] {
				q.Stack = true
			}
		}
		if q.Stack {
			priority += stackBoost
		}
		if len(items) > 0 {
			priority += evidenceBoost
		}
		cands = append(cands, candidate{q, priority})
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].priority != cands[j].priority {
			return cands[i].priority > cands[j].priority
		}
		return cands[i].q.Rule < cands[j].q.Rule
	})
	limit := opts.Questions
	if limit <= 0 {
		limit = DefaultQuestions
	}
	// Deep dives on the candidate's own projects come first and take at
	// most half of the questions (DeepQuota); the rest are chosen as before.
	deep := s.deepQuestions(p, DeepQuota(limit))
	limit -= len(deep)
	// Every interview gets a coding exercise and a question about working
	// with people, whatever the code shows: those slots are kept first.
	seen := map[string]bool{}
	var chosen []candidate
	for _, reserved := range reservedCategories {
		for _, c := range cands {
			if c.q.Category == reserved && !seen[c.q.Topic] && len(chosen) < limit {
				seen[c.q.Topic] = true
				chosen = append(chosen, c)
				break
			}
		}
	}
	for _, c := range cands {
		if len(chosen) >= limit {
			break
		}
		if seen[c.q.Topic] {
			continue
		}
		seen[c.q.Topic] = true
		chosen = append(chosen, c)
	}
	// The order to ask: deep dives, then the topic questions by priority,
	// then the exercise and soft-skills slots.
	slot := func(c candidate) int { return slices.Index(reservedCategories, c.q.Category) }
	sort.SliceStable(chosen, func(i, j int) bool {
		if si, sj := slot(chosen[i]), slot(chosen[j]); si != sj {
			return si < sj
		}
		if chosen[i].priority != chosen[j].priority {
			return chosen[i].priority > chosen[j].priority
		}
		return chosen[i].q.Rule < chosen[j].q.Rule
	})
	res.Questions = append(res.Questions, deep...)
	for _, c := range chosen {
		res.Questions = append(res.Questions, c.q)
	}
	sort.SliceStable(res.Findings, func(i, j int) bool { return res.Findings[i].Rule < res.Findings[j].Rule })

	for _, c := range s.Checklist {
		ans, err := env.answer(c)
		if err != nil {
			return nil, fmt.Errorf("checklist %s (%s): %w", c.ID, c.Position(), err)
		}
		res.Checklist = append(res.Checklist, ans)
	}

	for _, name := range opts.Stack {
		name = strings.ToLower(strings.TrimSpace(name))
		if name == "" {
			continue
		}
		has := env.libs[name]
		for _, q := range res.Questions {
			if q.Stack && len(q.Evidence) > 0 && containsFold(s.ruleTags(q.Rule), name) {
				has = true
			}
		}
		res.Stack = append(res.Stack, StackItem{Name: name, Evidence: has})
	}
	return res, nil
}

// answer grades a checklist item and says what is shown and what is
// missing.
func (e *Env) answer(c *ChecklistItem) (ChecklistAnswer, error) {
	status, counter, err := e.grade(c)
	if err != nil {
		return ChecklistAnswer{}, err
	}
	ans := ChecklistAnswer{ID: c.ID, Title: c.Title, Answer: noEvidence, Evidence: []Item{}, Status: status, CounterEvidence: counter,
		Evidenced: status != StatusNotShown}
	// Where there is something to judge by (the counter-evidence then is
	// not "No evidence"), the answer says what it is, even when it falls
	// short of the item: "Imports 1 third-party library".
	if status != StatusNotShown || !slices.Equal(counter, []string{noEvidence}) {
		var items []Item
		if c.Evidence != "" {
			items = e.items(c.Evidence)
		}
		ans.Answer = e.render(c.Answer, c.Evidence, items)
		ans.Evidence = capItems(items)
	}
	return ans, nil
}

// grade computes an item's status and counter-evidence from its
// conditions, as the data defines them.
func (e *Env) grade(c *ChecklistItem) (Status, []string, error) {
	run := func(prog *vm.Program) (bool, error) {
		out, err := expr.Run(prog, e.vars)
		if err != nil {
			return false, err
		}
		b, _ := out.(bool)
		return b, nil
	}
	ok, err := run(c.when)
	if err != nil {
		return "", nil, fmt.Errorf("when: %w", err)
	}
	if !ok {
		return StatusNotShown, []string{noEvidence}, nil
	}
	counter := []string{}
	for i := range c.Counter {
		ce := &c.Counter[i]
		hit, err := run(ce.when)
		if err != nil {
			return "", nil, fmt.Errorf("counter[%d].when: %w", i, err)
		}
		if hit {
			counter = append(counter, e.render(ce.Text, "", nil))
		}
	}
	status, err := c.status(run)
	if err != nil {
		return "", nil, err
	}
	if status == StatusNotShown && len(counter) == 0 {
		counter = append(counter, noEvidence)
	}
	return status, counter, nil
}

// status grades an item whose When holds: shown when ShownWhen holds (or
// is empty), else partly when PartlyWhen holds, else not_shown.
func (c *ChecklistItem) status(run func(*vm.Program) (bool, error)) (Status, error) {
	if c.shown == nil {
		return StatusShown, nil
	}
	shown, err := run(c.shown)
	if err != nil {
		return "", fmt.Errorf("shown_when: %w", err)
	}
	if shown {
		return StatusShown, nil
	}
	if c.partly != nil {
		partly, err := run(c.partly)
		if err != nil {
			return "", fmt.Errorf("partly_when: %w", err)
		}
		if partly {
			return StatusPartly, nil
		}
	}
	return StatusNotShown, nil
}

// CheckSamples runs a checklist item's samples: each must give its status.
// A graded item (shown_when set) needs the shown and not_shown samples,
// and the partly sample when it can be partly shown; an item written
// before grading needs none.
func (c *ChecklistItem) CheckSamples() error {
	for _, s := range []struct {
		want     Status
		values   map[string]any
		required bool
	}{
		{StatusShown, c.Samples.Shown, c.ShownWhen != ""},
		{StatusPartly, c.Samples.Partly, c.PartlyWhen != ""},
		{StatusNotShown, c.Samples.NotShown, c.ShownWhen != ""},
	} {
		if s.values == nil {
			if s.required {
				return fmt.Errorf("%s: checklist item %q: no %s sample", c.Position(), c.ID, s.want)
			}
			continue
		}
		env, err := SampleEnv(s.values)
		if err != nil {
			return fmt.Errorf("%s: checklist item %q: %s sample: %w", c.Position(), c.ID, s.want, err)
		}
		got, _, err := env.grade(c)
		if err != nil {
			return fmt.Errorf("%s: checklist item %q: %s sample: %w", c.Position(), c.ID, s.want, err)
		}
		if got != s.want {
			return fmt.Errorf("%s: checklist item %q: the %s sample grades it %s", c.Position(), c.ID, s.want, got)
		}
	}
	return nil
}

// reservedCategories always have a question when a rule offers one.
var reservedCategories = []string{"exercise", "soft_skills"}

// Boosts that order questions: the team's stack first, then questions
// grounded in the candidate's own code before generic ones.
const (
	stackBoost    = 10000
	evidenceBoost = 1000
)

func (s *Set) ruleTags(id string) []string {
	for _, r := range s.Rules {
		if r.ID == id {
			return r.Tags
		}
	}
	return nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func capItems(items []Item) []Item {
	if len(items) > maxEvidencePerQuestion {
		items = items[:maxEvidencePerQuestion]
	}
	if items == nil {
		return []Item{}
	}
	return items
}

// fires evaluates a rule's condition.
func (e *Env) fires(r *Rule) (bool, error) {
	out, err := expr.Run(r.when, e.vars)
	if err != nil {
		return false, err
	}
	b, _ := out.(bool)
	return b, nil
}

// items returns the evidence of a source in a stable order, one item per
// place (a line can count twice, for a parameter hint and a return hint).
func (e *Env) items(src string) []Item {
	var out []Item
	seen := map[string]bool{}
	for _, s := range sources(src) {
		for _, it := range e.evidence[s] {
			key := it.Location()
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, it)
		}
	}
	return out
}

// Location names the place in words: repo/path:line, or repo/path, cell
// N, line L in a notebook.
func (it Item) Location() string {
	loc := it.Repo + "/" + it.Path
	if it.Cell > 0 {
		loc += ", cell " + strconv.Itoa(it.Cell)
		if it.Line > 0 {
			loc += ", line " + strconv.Itoa(it.Line)
		}
		return loc
	}
	if it.Line > 0 {
		loc += ":" + strconv.Itoa(it.Line)
	}
	return loc
}

// render fills a template's placeholders.
func (e *Env) render(text, src string, items []Item) string {
	var first Item
	if len(items) > 0 {
		first = items[0]
	}
	repos := map[string]bool{}
	for _, it := range items {
		repos[it.Repo] = true
	}
	return placeholder.ReplaceAllStringFunc(text, func(m string) string {
		name := m[1 : len(m)-1]
		switch name {
		case "repo":
			return first.Repo
		case "path":
			return first.Path
		case "line":
			return strconv.Itoa(first.Line)
		case "url":
			return first.URL
		case "name":
			return first.Name
		case "detail":
			return first.Detail
		case "location":
			return first.Location()
		case "count":
			if n, ok := e.sourceCount(src); ok {
				return strconv.Itoa(n)
			}
			if v, ok := e.lookup(src); ok {
				return fmt.Sprint(v)
			}
			return strconv.Itoa(len(items))
		case "repos":
			return strconv.Itoa(len(repos))
		case "repositories":
			if len(repos) == 1 {
				return "1 repository"
			}
			return strconv.Itoa(len(repos)) + " repositories"
		case "library":
			if src == "library:top" {
				return first.Name
			}
			return strings.TrimPrefix(src, "library:")
		case "alternatives":
			if src == "library:top" {
				return e.alternatives(first.Name)
			}
			return e.alternatives(strings.TrimPrefix(src, "library:"))
		}
		if strings.HasPrefix(name, "=") {
			out, err := expr.Eval(name[1:], e.vars)
			if err != nil {
				return m
			}
			return fmt.Sprint(out)
		}
		return m
	})
}

// pseudoFacts are sample keys that set what the functions see.
var pseudoFacts = map[string]bool{"libraries": true, "stack": true, "signals": true}

// SampleEnv builds an Env from an empty profile with sample values set.
func SampleEnv(values map[string]any) (*Env, error) {
	e := emptyEnv()
	for k, v := range values {
		switch k {
		case "libraries", "stack", "signals":
			list, err := stringList(v)
			if err != nil {
				return nil, fmt.Errorf("sample %s: %w", k, err)
			}
			target := map[string]map[string]bool{"libraries": e.libs, "stack": e.stack, "signals": e.signals}[k]
			for _, s := range list {
				target[strings.ToLower(s)] = true
				if k == "signals" {
					target[s] = true
				}
			}
			if k == "libraries" {
				e.vars["libraries"] = list
			}
			continue
		}
		if err := e.set(k, v); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func stringList(v any) ([]string, error) {
	raw, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("want a list of strings")
	}
	var out []string
	for _, x := range raw {
		s, ok := x.(string)
		if !ok {
			return nil, fmt.Errorf("want a list of strings")
		}
		out = append(out, s)
	}
	return out, nil
}

// set assigns a sample value at a dotted path, converting TOML's int64 and
// float64 to the Env's types.
func (e *Env) set(path string, v any) error {
	parts := strings.Split(path, ".")
	m := e.vars
	for _, part := range parts[:len(parts)-1] {
		sub, ok := m[part].(map[string]any)
		if !ok {
			return fmt.Errorf("unknown fact %q", path)
		}
		m = sub
	}
	last := parts[len(parts)-1]
	old, ok := m[last]
	if !ok {
		return fmt.Errorf("unknown fact %q", path)
	}
	switch old.(type) {
	case int:
		switch x := v.(type) {
		case int64:
			m[last] = int(x)
		case int:
			m[last] = x
		default:
			return fmt.Errorf("fact %q wants an integer", path)
		}
	case float64:
		switch x := v.(type) {
		case float64:
			m[last] = x
		case int64:
			m[last] = float64(x)
		default:
			return fmt.Errorf("fact %q wants a number", path)
		}
	case string:
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("fact %q wants a string", path)
		}
		m[last] = s
	case []string:
		list, err := stringList(v)
		if err != nil {
			return fmt.Errorf("fact %q: %w", path, err)
		}
		m[last] = list
	default:
		return fmt.Errorf("fact %q cannot be set in a sample", path)
	}
	return nil
}

// CheckSamples runs a rule's samples: Trigger must fire, Quiet must not.
func (r *Rule) CheckSamples() error {
	for _, c := range []struct {
		name   string
		values map[string]any
		want   bool
	}{{"trigger", r.Samples.Trigger, true}, {"quiet", r.Samples.Quiet, false}} {
		if c.values == nil {
			return fmt.Errorf("%s: rule %q: no %s sample", r.Position(), r.ID, c.name)
		}
		env, err := SampleEnv(c.values)
		if err != nil {
			return fmt.Errorf("%s: rule %q: %s sample: %w", r.Position(), r.ID, c.name, err)
		}
		got, err := env.fires(r)
		if err != nil {
			return fmt.Errorf("%s: rule %q: %s sample: %w", r.Position(), r.ID, c.name, err)
		}
		if got != c.want {
			return fmt.Errorf("%s: rule %q: the %s sample %s the rule", r.Position(), r.ID, c.name, map[bool]string{true: "fires", false: "does not fire"}[got])
		}
	}
	return nil
}

var (
	emptyOnce  sync.Once
	emptyPaths map[string]bool
)

// emptyEnv is the Env of a profile with nothing in it: it has every name
// and type a condition can use.
func emptyEnv() *Env {
	return NewEnv(&analyzer.Profile{}, Options{})
}

// tallyPaths lists the fact paths that carry evidence.
func tallyPaths() map[string]bool {
	emptyOnce.Do(func() {
		emptyPaths = map[string]bool{"practices.tools": true, "practices.ci": true}
		cf := deepZero(reflect.TypeOf(python.CodeFacts{}))
		walkFacts(cf, "", func(path string, _ *python.Tally) { emptyPaths[path] = true })
		var tests practices.Tests
		walkFacts(reflect.ValueOf(&tests).Elem(), "practices.tests", func(path string, _ *python.Tally) { emptyPaths[path] = true })
	})
	return emptyPaths
}

// deepZero is a zero value of t with every nested struct pointer
// allocated, so that walking it finds every path.
func deepZero(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		switch {
		case isStructPtr(f.Type):
			p := reflect.New(f.Type.Elem())
			p.Elem().Set(deepZero(f.Type.Elem()))
			v.Field(i).Set(p)
		case f.Type.Kind() == reflect.Struct:
			v.Field(i).Set(deepZero(f.Type))
		}
	}
	return v
}

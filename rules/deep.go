package rules

// Deep-dive questions: for each project brief (analyzer/brief), one or two
// questions that cite a decision's evidence, a central module or a key
// abstraction of the candidate's own code and ask them to explain it. The
// question templates are data ([[deep]] tables in rules/data/deep.toml,
// overridable by id like rules); this file only picks the brief's facts
// and fills the templates with them.

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/brief"
	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/analyzer/roles"
)

// DeepTemplate is one deep-dive question template, for one kind of brief
// fact: a decision (by its ID), a central module, or an abstraction (by
// its kind).
type DeepTemplate struct {
	// ID starts with "deep-"; a user template with the same ID replaces it.
	ID string `toml:"id"`
	// Title names the question in lists; it may use the facts that are
	// always known for the source.
	Title string `toml:"title"`
	// Source is the kind of brief fact: decision, central or abstraction.
	Source string `toml:"source"`
	// Match lists the decision IDs (source decision) or abstraction kinds
	// (source abstraction) the template is for; empty for central.
	Match []string `toml:"match"`
	// Level is the question's level: junior, mid or senior.
	Level string `toml:"level"`
	// Priority chooses among a brief's facts: the highest first.
	Priority int `toml:"priority"`
	// Question is the question template.
	Question string `toml:"question"`
	// ListenFor says what a true answer names; a line whose placeholders
	// are empty for a fact is left out.
	ListenFor []string `toml:"listen_for"`
	// FollowUps are questions to go deeper; left out like ListenFor.
	FollowUps []string `toml:"follow_ups"`

	file string
	line int
	// valid: as for Rule.
	valid bool
}

// Position says where the template was defined.
func (d *DeepTemplate) Position() string { return fmt.Sprintf("%s:%d", d.file, d.line) }

// Sources of deep-dive facts.
const (
	deepDecision    = "decision"
	deepCentral     = "central"
	deepAbstraction = "abstraction"
)

// DeepCategory is the category of deep-dive questions.
const DeepCategory = "deep_dive"

// deepAlways are the placeholders every fact of a source fills, which
// titles and questions may use; deepOptional may be empty for a given
// fact, so only listen_for and follow_ups lines (dropped when empty) may
// use them.
var (
	deepCommon = []string{"repo", "path", "line", "location"}
	deepAlways = map[string][]string{
		deepDecision:    {"text"},
		deepCentral:     {"lines", "why"},
		deepAbstraction: {"name", "kind", "why"},
	}
	deepOptional = map[string][]string{
		deepDecision:    {"places", "defines", "reference_tests"},
		deepCentral:     {"imported_by", "share", "defines", "decisions", "reference_tests"},
		deepAbstraction: {"decisions", "reference_tests"},
	}
	deepPlaceholder = regexp.MustCompile(`\{([a-z_]+)\}`)
	deepDecisionIDs = map[string]bool{
		brief.DecisionInitApp: true, brief.DecisionSyncAsyncTwins: true, brief.DecisionPluggableBackend: true,
		brief.DecisionStoredCallbacks: true, brief.DecisionRegistering: true, brief.DecisionContextManagers: true,
		brief.DecisionDescriptors: true, brief.DecisionMetaclasses: true, brief.DecisionDataModels: true,
		brief.DecisionConfigExec: true, brief.DecisionNativeExtension: true, brief.DecisionReferenceTests: true,
	}
	deepKinds = map[string]bool{brief.KindClass: true, brief.KindProtocol: true, brief.KindFunction: true, brief.KindEntryPoint: true}
)

// validate checks a template's fields and placeholders; an error names
// the file, the line of the field, the template and the field.
func (d *DeepTemplate) validate() error {
	fail := func(field string, err error) error {
		line := d.line
		if data, rerr := readSource(d.file); rerr == nil {
			name, _, _ := strings.Cut(field, "[")
			line = fieldLine(data, d.line, name)
		}
		return &LoadError{File: d.file, Line: line, Rule: d.ID, Field: field, Err: err}
	}
	switch {
	case !idPattern.MatchString(d.ID) || !strings.HasPrefix(d.ID, "deep-"):
		return fail("id", fmt.Errorf("%q: want deep- then lower-case letters, digits and hyphens", d.ID))
	case d.Title == "":
		return fail("title", errors.New("missing"))
	case deepAlways[d.Source] == nil:
		return fail("source", fmt.Errorf("%q: want decision, central or abstraction", d.Source))
	case !levels[d.Level]:
		return fail("level", fmt.Errorf("%q: want junior, mid or senior", d.Level))
	case d.Question == "":
		return fail("question", errors.New("missing"))
	case len(d.ListenFor) == 0:
		return fail("listen_for", errors.New("missing: say what a true answer names"))
	}
	switch d.Source {
	case deepCentral:
		if len(d.Match) > 0 {
			return fail("match", errors.New("a central template matches every central module: leave match out"))
		}
	case deepDecision, deepAbstraction:
		if len(d.Match) == 0 {
			return fail("match", fmt.Errorf("missing: name the %s it is for", map[string]string{deepDecision: "decision ids", deepAbstraction: "abstraction kinds"}[d.Source]))
		}
		known := deepDecisionIDs
		if d.Source == deepAbstraction {
			known = deepKinds
		}
		for _, m := range d.Match {
			if !known[m] {
				return fail("match", fmt.Errorf("unknown %s %q: want one of %s", map[string]string{deepDecision: "decision id", deepAbstraction: "abstraction kind"}[d.Source], m, keys(known)))
			}
		}
	}
	always := append(append([]string{}, deepCommon...), deepAlways[d.Source]...)
	all := append(append([]string{}, always...), deepOptional[d.Source]...)
	check := func(field, text string, allowed []string) error {
		for _, m := range deepPlaceholder.FindAllStringSubmatch(text, -1) {
			if contains(allowed, m[1]) {
				continue
			}
			if contains(all, m[1]) {
				return fail(field, fmt.Errorf("placeholder {%s} may be empty: use it in listen_for or follow_ups, whose lines are dropped when empty", m[1]))
			}
			return fail(field, fmt.Errorf("unknown placeholder {%s} for source %s: want one of %s", m[1], d.Source, strings.Join(all, ", ")))
		}
		return nil
	}
	if err := check("title", d.Title, always); err != nil {
		return err
	}
	if err := check("question", d.Question, always); err != nil {
		return err
	}
	sure := false
	for i, l := range d.ListenFor {
		if err := check(fmt.Sprintf("listen_for[%d]", i), l, all); err != nil {
			return err
		}
		if usesOnly(l, always) {
			sure = true
		}
	}
	if !sure {
		return fail("listen_for", errors.New("every line uses a placeholder that may be empty: give one line that is always asked"))
	}
	for i, l := range d.FollowUps {
		if err := check(fmt.Sprintf("follow_ups[%d]", i), l, all); err != nil {
			return err
		}
	}
	return nil
}

// usesOnly reports whether every placeholder of a deep-dive template's
// text is one of allowed. (Asking check instead would build the error it
// throws away: the file read again and searched for the field's line.)
func usesOnly(text string, allowed []string) bool {
	for _, m := range deepPlaceholder.FindAllStringSubmatch(text, -1) {
		if !contains(allowed, m[1]) {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Deep-dive caps: a brief gets at most maxDeepPerBrief questions, and deep
// dives take at most half (rounded down) of the questions left once the
// exercise and soft-skills slots are kept, so that topic questions (the
// team's stack first) keep as much room: 5 of 12, 1 of 4, none of 3.
const maxDeepPerBrief = 2

// DeepQuota is how many of limit questions may be deep dives.
func DeepQuota(limit int) int { return max(limit-len(reservedCategories), 0) / 2 }

// deepFact is one brief fact a template can be filled with.
type deepFact struct {
	source string
	// match is the decision ID or abstraction kind.
	match string
	// order keeps the brief's own order among facts of equal priority.
	order    int
	path     string
	evidence []Item
	values   map[string]string
}

// deepCandidate is a fact with the template that asks about it.
type deepCandidate struct {
	fact *deepFact
	tpl  *DeepTemplate
}

// qualifies is the premise of every deep dive: the cited place is the
// candidate's own source or notebook code.
func qualifies(role string) bool {
	return role == string(roles.Source) || role == string(roles.Notebook)
}

// deepQuestions picks and fills the deep dives of every brief, at most
// quota in all: first one per brief in the briefs' order (the flagships
// ranked first), then a second one per brief; the result is grouped by
// brief.
func (s *Set) deepQuestions(p *analyzer.Profile, quota int) []Question {
	if quota <= 0 || len(s.Deep) == 0 {
		return nil
	}
	perBrief := make([][]deepCandidate, len(p.Briefs))
	for i := range p.Briefs {
		perBrief[i] = s.briefCandidates(p, &p.Briefs[i])
	}
	picked := make([][]deepCandidate, len(p.Briefs))
	n := 0
	for round := 0; round < maxDeepPerBrief; round++ {
		for i, cands := range perBrief {
			if n >= quota {
				break
			}
			if c, ok := nextDeep(cands, picked[i]); ok {
				picked[i] = append(picked[i], c)
				n++
			}
		}
	}
	var out []Question
	for _, list := range picked {
		for _, c := range list {
			out = append(out, c.question())
		}
	}
	return out
}

// nextDeep chooses a brief's next question: the highest-priority
// candidate not yet asked that cites another file and another kind of
// fact than the questions already chosen; failing that, another file;
// failing that, another kind of fact. So a project's two questions cover
// a decision and the module or type around another part of the code,
// rather than the same lines twice.
func nextDeep(cands, asked []deepCandidate) (deepCandidate, bool) {
	tiers := []func(a, c deepCandidate) bool{
		func(a, c deepCandidate) bool { return a.fact.path != c.fact.path && a.fact.source != c.fact.source },
		func(a, c deepCandidate) bool { return a.fact.path != c.fact.path },
		func(a, c deepCandidate) bool { return a.fact.source != c.fact.source },
	}
	for _, differs := range tiers {
		for _, c := range cands {
			fresh := true
			for _, a := range asked {
				if a.fact == c.fact || !differs(a, c) {
					fresh = false
					break
				}
			}
			if fresh {
				return c, true
			}
		}
	}
	return deepCandidate{}, false
}

// briefCandidates lists a brief's facts that pass the premise, each with
// its best template, highest priority first.
func (s *Set) briefCandidates(p *analyzer.Profile, b *brief.Brief) []deepCandidate {
	repo := repoByName(p, b.Repo)
	facts := briefFacts(repo, b)
	var out []deepCandidate
	for _, f := range facts {
		var best *DeepTemplate
		for _, t := range s.Deep {
			if t.Source != f.source || (t.Source != deepCentral && !contains(t.Match, f.match)) {
				continue
			}
			if best == nil || t.Priority > best.Priority {
				best = t
			}
		}
		if best != nil {
			out = append(out, deepCandidate{f, best})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].tpl.Priority > out[j].tpl.Priority })
	return out
}

func repoByName(p *analyzer.Profile, name string) *analyzer.RepoFacts {
	for i := range p.Repos {
		if p.Repos[i].Name == name {
			return &p.Repos[i]
		}
	}
	return &analyzer.RepoFacts{Name: name}
}

// briefFacts turns a brief into the facts templates can use, keeping only
// those whose evidence is in source or notebook files.
func briefFacts(r *analyzer.RepoFacts, b *brief.Brief) []*deepFact {
	// What each file defines and decides, to name it beside a module.
	defines := map[string][]string{}
	for _, a := range b.Abstractions {
		name := a.Name
		if why := strings.TrimSpace(a.Why); why != "" {
			name += " (" + why + ")"
		}
		defines[a.Evidence.Path] = appendNew(defines[a.Evidence.Path], name)
	}
	decided := map[string][]string{}
	referenceTests := ""
	for _, d := range b.Decisions {
		if d.ID == brief.DecisionReferenceTests && len(d.Evidence) > 0 {
			referenceTests = "The tests check against a reference: " + strings.TrimSuffix(strings.TrimSpace(d.Text), ".") + " (" + item(r, d.Evidence[0], "", "").Location() + ")"
		}
		for _, ev := range d.Evidence {
			decided[ev.Path] = appendNew(decided[ev.Path], strings.TrimSpace(d.Text))
		}
	}
	common := func(it Item) map[string]string {
		return map[string]string{
			"repo": it.Repo, "path": it.Path, "line": strconv.Itoa(max(it.Line, 1)), "location": it.Location(),
			"reference_tests": referenceTests,
		}
	}
	var facts []*deepFact
	for i, d := range b.Decisions {
		var items []Item
		for _, ev := range d.Evidence {
			if qualifies(ev.Role) {
				items = append(items, item(r, ev, "", ""))
			}
		}
		if len(items) == 0 || strings.TrimSpace(d.Text) == "" {
			continue
		}
		items = capItems(items)
		v := common(items[0])
		v["text"] = strings.TrimSpace(d.Text)
		var places []string
		for _, it := range items[1:] {
			places = append(places, it.Location())
		}
		v["places"] = strings.Join(places, ", ")
		v["defines"] = joinNames(defines[items[0].Path])
		facts = append(facts, &deepFact{source: deepDecision, match: d.ID, order: i, path: items[0].Path, evidence: items, values: v})
	}
	for i, m := range b.Central {
		if !qualifies(m.Role) || m.Path == "" {
			continue
		}
		it := item(r, pyEvidence(m.Path, m.Line, m.Role), "", m.Why)
		v := common(it)
		v["lines"] = strconv.Itoa(m.Lines)
		v["why"] = strings.TrimSpace(m.Why)
		if m.ImportedBy > 0 {
			v["imported_by"] = strconv.Itoa(m.ImportedBy)
		}
		if m.TheirShare != nil {
			v["share"] = strconv.Itoa(int(*m.TheirShare*100+0.5)) + "%"
		}
		v["defines"] = joinNames(defines[m.Path])
		v["decisions"] = strings.Join(decided[m.Path], " ")
		facts = append(facts, &deepFact{source: deepCentral, order: i, path: m.Path, evidence: []Item{it}, values: v})
	}
	for i, a := range b.Abstractions {
		if !qualifies(a.Evidence.Role) || a.Name == "" {
			continue
		}
		it := item(r, a.Evidence, a.Name, a.Why)
		v := common(it)
		v["name"] = a.Name
		v["kind"] = strings.ReplaceAll(a.Kind, "_", " ")
		v["why"] = strings.TrimSpace(a.Why)
		v["decisions"] = strings.Join(decided[a.Evidence.Path], " ")
		facts = append(facts, &deepFact{source: deepAbstraction, match: a.Kind, order: i, path: a.Evidence.Path, evidence: []Item{it}, values: v})
	}
	return facts
}

// pyEvidence is a central module's place as evidence.
func pyEvidence(path string, line int, role string) python.Evidence {
	return python.Evidence{Path: path, Line: line, Role: role}
}

func appendNew(list []string, s string) []string {
	if s == "" || contains(list, s) {
		return list
	}
	return append(list, s)
}

// joinNames joins names as a sentence does: "A", "A and B", "A, B and C".
func joinNames(list []string) string {
	switch len(list) {
	case 0:
		return ""
	case 1:
		return list[0]
	}
	return strings.Join(list[:len(list)-1], ", ") + " and " + list[len(list)-1]
}

// question fills the template with the fact.
func (c deepCandidate) question() Question {
	fill := func(text string) (string, bool) {
		empty := false
		out := deepPlaceholder.ReplaceAllStringFunc(text, func(m string) string {
			// Validation admits only the source's placeholders, so one
			// missing here is an optional fact this one lacks.
			v := c.fact.values[m[1:len(m)-1]]
			if v == "" {
				empty = true
			}
			return v
		})
		return out, !empty
	}
	fillAll := func(list []string) []string {
		out := []string{}
		for _, l := range list {
			if s, ok := fill(l); ok {
				out = append(out, s)
			}
		}
		return out
	}
	title, _ := fill(c.tpl.Title)
	text, _ := fill(c.tpl.Question)
	q := Question{Rule: c.tpl.ID, Title: title, Category: DeepCategory, Topic: "deep:" + c.fact.values["repo"],
		Level: c.tpl.Level, Text: text, ListenFor: fillAll(c.tpl.ListenFor), FollowUps: fillAll(c.tpl.FollowUps),
		Evidence: c.fact.evidence}
	if len(q.FollowUps) == 0 {
		q.FollowUps = nil
	}
	return q
}

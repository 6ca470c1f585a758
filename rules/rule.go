// Package rules says what the facts mean: it turns a candidate's profile
// into findings, a hiring checklist and suggested interview questions, each
// tied to evidence. Rules are data (TOML files embedded with go:embed),
// which a user's own file extends or overrides by id; every rule is
// validated when loaded, with errors that name the file, line, rule and
// field.
package rules

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/checker/nature"
	"github.com/expr-lang/expr/conf"
	"github.com/expr-lang/expr/vm"
	fasttoml "github.com/pelletier/go-toml/v2"

	"github.com/pyscout/pyscout/analyzer/configfile"
)

//go:embed data/*.toml
var builtin embed.FS

// Rule is one question-producing rule.
type Rule struct {
	// ID is stable and unique; a user rule with the same ID replaces it.
	ID string `toml:"id"`
	// Title is a short name for lists.
	Title string `toml:"title"`
	// Category groups rules: libraries, language, oop, testing,
	// practices, concurrency, modern, activity, soft_skills, exercise.
	Category string `toml:"category"`
	// Topic de-duplicates: at most one question per topic is asked.
	Topic string `toml:"topic"`
	// Level is the question's level: junior, mid or senior. For the
	// exercise category it must match the role's level to be asked.
	Level string `toml:"level"`
	// Priority orders questions, highest first.
	Priority int `toml:"priority"`
	// When is the condition, an expr-lang expression over the Env.
	When string `toml:"when"`
	// Evidence names the evidence source behind the question ("" for a
	// generic question): a fact path such as oop.inheritance.multilevel,
	// function_stats.most_complex, or library:NAME; or several joined by
	// "|", cited in turn.
	Evidence string `toml:"evidence"`
	// Finding, when set, is the observation reported among the findings.
	Finding string `toml:"finding"`
	// Question is the question template.
	Question string `toml:"question"`
	// ListenFor says what a strong answer covers.
	ListenFor []string `toml:"listen_for"`
	// FollowUps are questions to go deeper.
	FollowUps []string `toml:"follow_ups"`
	// Tags name libraries or topics of a team stack this rule is about.
	Tags []string `toml:"tags"`
	// Samples are fact values that must trigger the rule and ones that
	// must not; `pyscout rules check` and the tests run them.
	Samples Samples `toml:"samples"`

	file string
	line int
	when *vm.Program
	// valid is set once validate has compiled the rule: a built-in rule
	// is shared by every Set and validated once.
	valid bool
}

// Samples are two sets of fact values: Trigger must make the rule fire,
// Quiet must not. Keys are Env paths; values numbers, strings or lists.
type Samples struct {
	Trigger map[string]any `toml:"trigger"`
	Quiet   map[string]any `toml:"quiet"`
}

// Position says where the rule was defined.
func (r *Rule) Position() string { return fmt.Sprintf("%s:%d", r.file, r.line) }

// ChecklistItem is one item of the hiring checklist. Its status is graded
// in the data: not_shown when When is false, else shown when ShownWhen
// holds, else partly when PartlyWhen holds, else not_shown.
type ChecklistItem struct {
	ID    string `toml:"id"`
	Title string `toml:"title"`
	// When says whether public code has anything to judge the item by.
	When string `toml:"when"`
	// ShownWhen says the code shows the item fully; empty means When
	// suffices (an item written before the checklist was graded).
	ShownWhen string `toml:"shown_when"`
	// PartlyWhen says the code shows part of it; empty means never.
	PartlyWhen string `toml:"partly_when"`
	// Evidence names the evidence source to link, as for rules.
	Evidence string `toml:"evidence"`
	// Answer is the template used when there is evidence.
	Answer string `toml:"answer"`
	// Counter lists what is missing or points the other way, each entry
	// reported when its condition holds and When does.
	Counter []CounterEvidence `toml:"counter"`
	// Samples are fact values that must give each status.
	Samples ChecklistSamples `toml:"samples"`

	file   string
	line   int
	when   *vm.Program
	shown  *vm.Program
	partly *vm.Program
	// valid: as for Rule.
	valid bool
}

// CounterEvidence is one template of counter-evidence for a checklist item.
type CounterEvidence struct {
	// When is the condition under which Text is reported.
	When string `toml:"when"`
	// Text says what is missing, e.g. "no type checker found"; it may use
	// {=expression} placeholders.
	Text string `toml:"text"`

	when *vm.Program
}

// ChecklistSamples are fact values that must grade a checklist item
// shown, partly and not_shown; the tests and `pyscout rules check` run them.
type ChecklistSamples struct {
	Shown    map[string]any `toml:"shown"`
	Partly   map[string]any `toml:"partly"`
	NotShown map[string]any `toml:"not_shown"`
}

// Position says where the item was defined.
func (c *ChecklistItem) Position() string { return fmt.Sprintf("%s:%d", c.file, c.line) }

// ruleFile is the TOML shape of a rule file.
type ruleFile struct {
	Rule      []*Rule          `toml:"rule"`
	Checklist []*ChecklistItem `toml:"checklist"`
	Deep      []*DeepTemplate  `toml:"deep"`
}

// Set is a validated set of rules and checklist items.
type Set struct {
	Rules     []*Rule
	Checklist []*ChecklistItem
	// Deep are the deep-dive question templates (deep.go).
	Deep []*DeepTemplate
}

// LoadError names the file, line, rule and field of a problem.
type LoadError struct {
	File string
	Line int
	Rule string
	// Item is the checklist item's id, for an error in a checklist item.
	Item  string
	Field string
	Err   error
}

func (e *LoadError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Rule != "" {
		fmt.Fprintf(&b, ": rule %q", e.Rule)
	}
	if e.Item != "" {
		fmt.Fprintf(&b, ": checklist item %q", e.Item)
	}
	if e.Field != "" {
		fmt.Fprintf(&b, ": field %s", e.Field)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	return b.String()
}

func (e *LoadError) Unwrap() error { return e.Err }

// builtinSet is the built-in rules, decoded and validated once per
// process: they are embedded data, and decoding and compiling them cost
// more than evaluating them.
var builtinSet = sync.OnceValues(decodeBuiltin)

// decodeBuiltin decodes and validates the embedded rule files.
func decodeBuiltin() (*Set, error) {
	set, err := readBuiltin(decodeEmbedded)
	if err != nil {
		return nil, err
	}
	return set, set.validate(false)
}

// readBuiltin decodes the embedded rule files with decode and merges them,
// not yet validated.
func readBuiltin(decode func(file string, data []byte) (*ruleFile, error)) (*Set, error) {
	entries, err := builtin.ReadDir("data")
	if err != nil {
		return nil, err
	}
	set := &Set{}
	for _, ent := range entries {
		data, err := builtin.ReadFile("data/" + ent.Name())
		if err != nil {
			return nil, err
		}
		file := "rules/data/" + ent.Name()
		rf, err := decode(file, data)
		if err != nil {
			return nil, err
		}
		if err := set.merge(file, data, rf, false); err != nil {
			return nil, err
		}
	}
	return set, nil
}

// decodeEmbedded decodes a built-in rule file with go-toml's strict
// decoder: several times faster than the user-file decoder, with an
// eighth of the allocations, and it refuses an unknown field or a value of
// the wrong type. Its errors name no line: a file it refuses is decoded again
// the user-file way, for that way's error. TestEmbeddedDecodersAgree
// holds the two decoders to the same result.
//
// The depth guard of user files is not run first: it is there because
// BurntSushi's decoder is quadratic in the nesting, and the fallback and
// the test run it.
func decodeEmbedded(file string, data []byte) (*ruleFile, error) {
	var rf ruleFile
	if err := decodeStrict(data, &rf); err != nil {
		return decodeUser(file, data)
	}
	return &rf, nil
}

// decodeStrict is go-toml's decoder refusing unknown fields.
func decodeStrict(data []byte, rf *ruleFile) error {
	dec := fasttoml.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(rf)
}

// checkRuleFileShape refuses a rule file too large or too deeply nested
// to decode.
func checkRuleFileShape(file string, data []byte) error {
	if len(data) > maxRuleFileBytes {
		return &LoadError{File: file, Err: fmt.Errorf("larger than %d bytes", maxRuleFileBytes)}
	}
	// The TOML decoder's time and memory grow with the square of the
	// nesting: a rule file is refused before decoding, as manifests are.
	if line, why := configfile.TOMLTooDeep(data); line > 0 {
		return &LoadError{File: file, Line: line, Err: errors.New(why)}
	}
	return nil
}

// Default returns the built-in rules. The set is the caller's; its rules,
// items and templates are shared by every caller and must not be changed.
func Default() (*Set, error) {
	set, err := builtinSet()
	if err != nil {
		return nil, err
	}
	return &Set{Rules: slices.Clone(set.Rules), Checklist: slices.Clone(set.Checklist), Deep: slices.Clone(set.Deep)}, nil
}

// Load returns the built-in rules and then the user's files, whose rules
// add to the built-in ones or replace them by id. Only what the files add
// is validated: the built-in rules were, once.
func Load(userFiles ...string) (*Set, error) {
	set, err := Default()
	if err != nil {
		return nil, err
	}
	for _, path := range userFiles {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("rules: %w", err)
		}
		if err := set.add(path, data, true); err != nil {
			return nil, err
		}
	}
	if len(userFiles) == 0 {
		return set, nil
	}
	return set, set.validate(true)
}

// maxRuleFileBytes bounds a user's rule file.
const maxRuleFileBytes = 4 << 20

// add decodes a rule file and merges it into s (a user's file, or in
// tests any file).
func (s *Set) add(file string, data []byte, override bool) error {
	rf, err := decodeUser(file, data)
	if err != nil {
		return err
	}
	return s.merge(file, data, rf, override)
}

// decodeUser decodes a rule file with BurntSushi's decoder, whose errors
// name a line, and refuses a field it did not decode.
func decodeUser(file string, data []byte) (*ruleFile, error) {
	if err := checkRuleFileShape(file, data); err != nil {
		return nil, err
	}
	var rf ruleFile
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&rf)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			return nil, &LoadError{File: file, Line: pe.Position.Line, Err: errors.New(pe.Message)}
		}
		return nil, &LoadError{File: file, Err: err}
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		key := undecoded[0]
		le := &LoadError{File: file, Field: key.String(), Err: errors.New("unknown field")}
		if len(key) >= 2 && (key[0] == "rule" || key[0] == "checklist" || key[0] == "deep") {
			le.Line = fieldLine(data, -1, key[len(key)-1])
		}
		return nil, le
	}
	return &rf, nil
}

// merge adds the decoded file's rules, checklist items and templates to
// s; with override, one with the id of an existing one replaces it.
func (s *Set) merge(file string, data []byte, rf *ruleFile, override bool) error {
	lines := ruleLines(data)
	byID := map[string]int{}
	for i, r := range s.Rules {
		byID[r.ID] = i
	}
	for i, r := range rf.Rule {
		r.file = file
		if i < len(lines.rules) {
			r.line = lines.rules[i]
		}
		if j, ok := byID[r.ID]; ok && r.ID != "" {
			if !override && s.Rules[j].file == file {
				return &LoadError{File: file, Line: r.line, Rule: r.ID, Field: "id", Err: fmt.Errorf("duplicate id (first at %s)", s.Rules[j].Position())}
			}
			s.Rules[j] = r
			continue
		}
		byID[r.ID] = len(s.Rules)
		s.Rules = append(s.Rules, r)
	}
	for i, c := range rf.Checklist {
		c.file = file
		if i < len(lines.checklist) {
			c.line = lines.checklist[i]
		}
		replaced := false
		for j, old := range s.Checklist {
			if old.ID == c.ID {
				s.Checklist[j], replaced = c, true
			}
		}
		if !replaced {
			s.Checklist = append(s.Checklist, c)
		}
	}
	for i, d := range rf.Deep {
		d.file = file
		if i < len(lines.deep) {
			d.line = lines.deep[i]
		}
		replaced := false
		for j, old := range s.Deep {
			if old.ID == d.ID {
				if !override && old.file == file {
					return &LoadError{File: file, Line: d.line, Rule: d.ID, Field: "id", Err: fmt.Errorf("duplicate id (first at %s)", old.Position())}
				}
				s.Deep[j], replaced = d, true
			}
		}
		if !replaced {
			s.Deep = append(s.Deep, d)
		}
	}
	return nil
}

type tableLines struct{ rules, checklist, deep []int }

var tableHeader = regexp.MustCompile(`^\s*\[\[\s*(rule|checklist|deep)\s*\]\]`)

// ruleLines finds the line of each [[rule]] and [[checklist]] header, so
// that errors found after decoding can still name a line.
func ruleLines(data []byte) tableLines {
	var tl tableLines
	for i, line := range strings.Split(string(data), "\n") {
		if !strings.Contains(line, "[[") {
			continue // no header; the regexp costs more than the test
		}
		if m := tableHeader.FindStringSubmatch(line); m != nil {
			switch m[1] {
			case "rule":
				tl.rules = append(tl.rules, i+1)
			case "checklist":
				tl.checklist = append(tl.checklist, i+1)
			default:
				tl.deep = append(tl.deep, i+1)
			}
		}
	}
	return tl
}

// fieldLine finds the line of field within the table starting at start
// (or anywhere when start < 0), falling back to start.
func fieldLine(data []byte, start int, field string) int {
	lines := strings.Split(string(data), "\n")
	pattern := regexp.MustCompile(`^\s*` + regexp.QuoteMeta(field) + `\s*=`)
	from := 0
	if start > 0 {
		from = start - 1
	}
	for i := from; i < len(lines); i++ {
		if i > from && start > 0 && tableHeader.MatchString(lines[i]) {
			break
		}
		if pattern.MatchString(lines[i]) {
			return i + 1
		}
	}
	return max(start, 0)
}

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	categories  = map[string]bool{"libraries": true, "language": true, "oop": true, "testing": true, "practices": true, "concurrency": true, "modern": true, "activity": true, "soft_skills": true, "exercise": true, "code_quality": true}
	levels      = map[string]bool{"junior": true, "mid": true, "senior": true}
	placeholder = regexp.MustCompile(`\{(=[^{}]+|[a-z_]+)\}`)
	// evidencePlaceholders need an evidence source.
	evidencePlaceholders = map[string]bool{"repo": true, "path": true, "line": true, "url": true, "name": true, "detail": true, "location": true}
	// freePlaceholders resolve without evidence.
	freePlaceholders = map[string]bool{"count": true, "repos": true, "repositories": true, "library": true, "alternatives": true}
)

// validate compiles every condition and template against an empty
// profile's Env, so a broken rule fails at load, not at report time.
//
// compileTemplates false leaves out compiling the expressions of the
// templates' {=...} placeholders, which only check them (the report
// evaluates them anew) and cost half of loading the built-in rules: the
// built-in rules are the same in every process, and
// TestBuiltinTemplatesCompile checks them fully at build time. A user's
// rules are always checked fully.
func (s *Set) validate(compileTemplates bool) error {
	env := emptyEnv()
	for _, r := range s.Rules {
		if r.valid {
			continue
		}
		fail := func(field string, err error) error {
			return &LoadError{File: r.file, Line: r.fieldLineOr(field), Rule: r.ID, Field: field, Err: err}
		}
		switch {
		case !idPattern.MatchString(r.ID):
			return fail("id", fmt.Errorf("%q: want lower-case letters, digits and hyphens", r.ID))
		case r.Title == "":
			return fail("title", errors.New("missing"))
		case !categories[r.Category]:
			return fail("category", fmt.Errorf("%q: want one of %s", r.Category, keys(categories)))
		case r.Topic == "":
			return fail("topic", errors.New("missing"))
		case !levels[r.Level]:
			return fail("level", fmt.Errorf("%q: want junior, mid or senior", r.Level))
		case r.Question == "":
			return fail("question", errors.New("missing"))
		case len(r.ListenFor) == 0:
			return fail("listen_for", errors.New("missing: say what a strong answer covers"))
		case r.When == "":
			return fail("when", errors.New("missing (write \"true\" for a question always asked)"))
		}
		prog, err := env.compile(r.When)
		if err != nil {
			return fail("when", err)
		}
		r.when = prog
		if r.Evidence != "" && !env.knownSource(r.Evidence) {
			return fail("evidence", fmt.Errorf("unknown evidence source %q", r.Evidence))
		}
		for _, f := range []struct{ name, text string }{{"question", r.Question}, {"finding", r.Finding}} {
			if err := env.checkTemplate(f.text, r.Evidence != "", compileTemplates); err != nil {
				return fail(f.name, err)
			}
		}
		for _, sample := range []map[string]any{r.Samples.Trigger, r.Samples.Quiet} {
			for k := range sample {
				if _, ok := env.lookup(k); !ok && !pseudoFacts[k] {
					return fail("samples", fmt.Errorf("unknown fact %q", k))
				}
			}
		}
		r.valid = true
	}
	for _, c := range s.Checklist {
		if c.valid {
			continue
		}
		if err := c.validate(env, compileTemplates); err != nil {
			return err
		}
		c.valid = true
	}
	for _, d := range s.Deep {
		if d.valid {
			continue
		}
		if err := d.validate(); err != nil {
			return err
		}
		d.valid = true
	}
	return nil
}

// validate compiles a checklist item's conditions and templates and
// checks its sample facts; an error names the file, the line of the
// field, the item and the field.
func (c *ChecklistItem) validate(env *Env, compileTemplates bool) error {
	fail := func(field string, err error) error {
		line := c.line
		if data, rerr := readSource(c.file); rerr == nil {
			// counter[2].when is found at its list, counter.
			name, _, _ := strings.Cut(field, "[")
			line = fieldLine(data, c.line, name)
		}
		return &LoadError{File: c.file, Line: line, Item: c.ID, Field: field, Err: err}
	}
	switch {
	case !idPattern.MatchString(c.ID):
		return fail("id", fmt.Errorf("%q: want lower-case letters, digits and hyphens", c.ID))
	case c.Title == "":
		return fail("title", errors.New("missing"))
	case c.Answer == "":
		return fail("answer", errors.New("missing"))
	case c.When == "":
		return fail("when", errors.New("missing: say when public code has anything to judge the item by"))
	}
	var err error
	if c.when, err = env.compile(c.When); err != nil {
		return fail("when", err)
	}
	c.shown, c.partly = nil, nil
	if c.ShownWhen != "" {
		if c.shown, err = env.compile(c.ShownWhen); err != nil {
			return fail("shown_when", err)
		}
	}
	if c.PartlyWhen != "" {
		if c.partly, err = env.compile(c.PartlyWhen); err != nil {
			return fail("partly_when", err)
		}
	}
	if c.Evidence != "" && !env.knownSource(c.Evidence) {
		return fail("evidence", fmt.Errorf("unknown evidence source %q", c.Evidence))
	}
	if err := env.checkTemplate(c.Answer, c.Evidence != "", compileTemplates); err != nil {
		return fail("answer", err)
	}
	for i := range c.Counter {
		ce := &c.Counter[i]
		field := fmt.Sprintf("counter[%d]", i)
		if ce.When == "" || ce.Text == "" {
			return fail(field, errors.New("needs when and text"))
		}
		if ce.when, err = env.compile(ce.When); err != nil {
			return fail(field+".when", err)
		}
		if err := env.checkTemplate(ce.Text, false, compileTemplates); err != nil {
			return fail(field+".text", err)
		}
	}
	for name, sample := range map[string]map[string]any{"shown": c.Samples.Shown, "partly": c.Samples.Partly, "not_shown": c.Samples.NotShown} {
		for k := range sample {
			if _, ok := env.lookup(k); !ok && !pseudoFacts[k] {
				return fail("samples."+name, fmt.Errorf("unknown fact %q", k))
			}
		}
	}
	return nil
}

// fieldLineOr is the line of a field of the rule in its file, or the
// rule's own line.
func (r *Rule) fieldLineOr(field string) int {
	data, err := readSource(r.file)
	if err != nil {
		return r.line
	}
	return fieldLine(data, r.line, field)
}

// readSource reads a rule file again to find a field's line for an error.
func readSource(file string) ([]byte, error) {
	if rest, ok := strings.CutPrefix(file, "rules/"); ok {
		if data, err := builtin.ReadFile(rest); err == nil {
			return data, nil
		}
	}
	return os.ReadFile(file)
}

func keys(m map[string]bool) string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// compile checks an expression against the Env's names and types.
func (e *Env) compile(src string) (*vm.Program, error) {
	return expr.Compile(src, append(e.exprOptions(), expr.AsBool())...)
}

// exprOptions are the options every compile against the Env takes: what
// expr.Env(e.vars) sets, with the variables' types worked out once per Env.
// expr.Env works them out again for every expression, by reflection over
// every variable, which cost a fifth of loading the built-in rules. The
// types are those of the first compile: only validate compiles, against
// a fresh Env whose variables are all set. TestExprOptionsMatchExprEnv
// holds the compiled programs to expr.Env's.
func (e *Env) exprOptions() []expr.Option {
	if e.types == nil {
		// A fresh cache, as expr.Env uses: it memoises struct and
		// method types, which the checker looks up again.
		t := conf.EnvWithCache(new(nature.Cache), e.vars)
		e.types = &t
	}
	vars, types := e.vars, *e.types
	return []expr.Option{func(c *conf.Config) {
		c.EnvObject, c.Env, c.Strict = vars, types, types.Strict
	}}
}

// knownSource reports whether an evidence source can exist.
func (e *Env) knownSource(src string) bool {
	if parts := sources(src); len(parts) != 1 || parts[0] != src {
		if len(parts) == 0 {
			return false
		}
		for _, p := range parts {
			if !e.knownSource(p) {
				return false
			}
		}
		return true
	}
	if strings.HasPrefix(src, "library:") {
		return len(src) > len("library:")
	}
	switch src {
	case "function_stats.most_complex", "function_stats.longest", "function_stats.deepest":
		return true
	}
	return tallyPaths()[src]
}

// checkTemplate checks a template's placeholders; with compile, the
// expressions of {=...} placeholders are compiled against the Env.
func (e *Env) checkTemplate(text string, hasEvidence, compile bool) error {
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		name := m[1]
		switch {
		case strings.HasPrefix(name, "="):
			if compile {
				if _, err := expr.Compile(name[1:], e.exprOptions()...); err != nil {
					return fmt.Errorf("placeholder {%s}: %w", name, err)
				}
			}
			if err := checkSplits(name); err != nil {
				return fmt.Errorf("placeholder {%s}: %w", name, err)
			}
		case evidencePlaceholders[name]:
			if !hasEvidence {
				return fmt.Errorf("placeholder {%s} needs an evidence source", name)
			}
		case freePlaceholders[name]:
		default:
			return fmt.Errorf("unknown placeholder {%s}", name)
		}
	}
	return nil
}

// lookup finds a dotted path in the Env.
func (e *Env) lookup(path string) (any, bool) {
	var cur any = e.vars
	for _, part := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[part]; !ok {
			return nil, false
		}
	}
	return cur, true
}

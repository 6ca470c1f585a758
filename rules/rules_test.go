package rules

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/python"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func TestBuiltinRulesLoad(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	categories := map[string]int{}
	ids := map[string]bool{}
	for _, r := range set.Rules {
		categories[r.Category]++
		if ids[r.ID] {
			t.Errorf("duplicate id %s", r.ID)
		}
		ids[r.ID] = true
	}
	// Every topic of a good Python interview has rules.
	for _, c := range []string{"libraries", "language", "oop", "testing", "practices", "concurrency", "modern", "activity", "soft_skills", "exercise", "code_quality"} {
		if categories[c] == 0 {
			t.Errorf("no rule in category %s", c)
		}
	}
	if len(set.Checklist) != 6 {
		t.Errorf("%d checklist items, want 6", len(set.Checklist))
	}
}

// TestRuleSamples: every rule has a profile that must trigger it and one
// that must not.
func TestRuleSamples(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range set.Rules {
		t.Run(r.ID, func(t *testing.T) {
			if err := r.CheckSamples(); err != nil {
				t.Error(err)
			}
		})
	}
}

var leftover = regexp.MustCompile(`\{[=a-z_][^{}]*\}`)

// TestPlaceholdersResolve renders every template with evidence present and
// checks that no placeholder is left.
func TestPlaceholdersResolve(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range set.Rules {
		env, err := SampleEnv(r.Samples.Trigger)
		if err != nil {
			t.Fatal(err)
		}
		var items []Item
		if r.Evidence != "" {
			items = []Item{{Repo: "repo", Path: "pkg/mod.py", Line: 3, EndLine: 5, URL: "https://github.com/o/repo/blob/abc/pkg/mod.py#L3-L5", Name: "Thing", Detail: "C -> B -> A"}}
		}
		for field, text := range map[string]string{"question": r.Question, "finding": r.Finding} {
			out := env.render(text, r.Evidence, items)
			if m := leftover.FindString(out); m != "" {
				t.Errorf("%s %s: placeholder %s left in %q", r.ID, field, m, out)
			}
		}
	}
	for _, c := range set.Checklist {
		out := emptyEnv().render(c.Answer, c.Evidence, []Item{{Repo: "r", Path: "p.py", Line: 1}})
		if m := leftover.FindString(out); m != "" {
			t.Errorf("checklist %s: placeholder %s left in %q", c.ID, m, out)
		}
	}
}

func TestLoadErrors(t *testing.T) {
	base := `[[rule]]
id = "x-rule"
title = "X"
category = "oop"
topic = "x"
level = "mid"
priority = 1
when = "classes > 0"
question = "Why?"
listen_for = ["because"]
samples.trigger = { "classes" = 1 }
samples.quiet = { "classes" = 0 }
`
	cases := []loadCase{
		{"toml syntax", `title = "X"`, `title = "X`, []string{"bad.toml:3"}},
		{"unknown field", `priority = 1`, "priority = 1\nfavourite = 2", []string{"bad.toml:8", "favourite", "unknown field"}},
		{"bad category", `category = "oop"`, `category = "cooking"`, []string{"bad.toml:4", `rule "x-rule"`, "field category", "cooking"}},
		{"bad expression", `when = "classes > 0"`, `when = "classes >"`, []string{"bad.toml:8", `rule "x-rule"`, "field when"}},
		{"unknown fact", `when = "classes > 0"`, `when = "klasses > 0"`, []string{"bad.toml:8", "field when", "klasses"}},
		{"not a condition", `when = "classes > 0"`, `when = "classes"`, []string{"field when"}},
		{"unknown evidence", `question = "Why?"`, "evidence = \"oop.nothing\"\nquestion = \"Why?\"", []string{"bad.toml:9", "field evidence", "oop.nothing"}},
		{"evidence placeholder without evidence", `question = "Why?"`, `question = "Why {path}?"`, []string{"bad.toml:9", "field question", "{path}"}},
		{"unknown placeholder", `question = "Why?"`, `question = "Why {colour}?"`, []string{"field question", "{colour}"}},
		{"bad id", `id = "x-rule"`, `id = "X Rule"`, []string{"bad.toml:2", "field id"}},
		{"no listen_for", `listen_for = ["because"]`, ``, []string{"field listen_for"}},
		{"bad sample fact", `samples.quiet = { "classes" = 0 }`, `samples.quiet = { "clases" = 0 }`, []string{"field samples", "clases"}},
		{"hostile nesting", `priority = 1`, "priority = 1\nextra = " + strings.Repeat("[", 2000) + strings.Repeat("]", 2000), []string{"bad.toml:8", "nested more than"}},
	}
	checkLoadErrors(t, base, "rule file", cases)
}

func TestUserRulesOverrideAndAdd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "team.toml")
	err := os.WriteFile(path, []byte(`[[rule]]
id = "lib-django"
title = "Django, our way"
category = "libraries"
topic = "web-framework"
level = "senior"
priority = 99
when = "lib(\"django\")"
evidence = "library:django"
question = "We run Django at scale. In {location}, how would you find the slowest query?"
listen_for = ["django-debug-toolbar or query logging"]
samples.trigger = { "libraries" = ["django"] }
samples.quiet = { "libraries" = [] }

[[rule]]
id = "team-postgres"
title = "PostgreSQL"
category = "libraries"
topic = "databases"
level = "mid"
priority = 50
when = "stack(\"postgres\")"
question = "Our stack runs on PostgreSQL. How would you add an index to a busy table without downtime?"
listen_for = ["CREATE INDEX CONCURRENTLY"]
tags = ["postgres"]
samples.trigger = { "stack" = ["postgres"] }
samples.quiet = { "stack" = [] }
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	builtin, _ := Default()
	set, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Rules) != len(builtin.Rules)+1 {
		t.Errorf("%d rules, want %d (one replaced, one added)", len(set.Rules), len(builtin.Rules)+1)
	}
	for _, r := range set.Rules {
		if r.ID == "lib-django" && (r.Title != "Django, our way" || r.Position() != path+":1") {
			t.Errorf("lib-django not replaced: %q at %s", r.Title, r.Position())
		}
	}
}

// profileOf analyses a fixture directory the way `pyscout inspect` does.
func profileOf(t *testing.T, dir string) *analyzer.Profile {
	t.Helper()
	p, err := analyzer.Inspect(context.Background(), []string{dir}, analyzer.Options{CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestGoldenCandidates(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		opts Options
	}{
		{"flaskdev", Options{Stack: []string{"flask", "celery", "postgres"}, Level: "mid"}},
		{"datasci", Options{Level: "junior"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := profileOf(t, filepath.Join("testdata", c.name))
			res, err := set.Evaluate(p, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(res, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", c.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./rules -run Golden -update)", err)
			}
			if !bytes.Equal(bytes.TrimSpace(want), bytes.TrimSpace(got)) {
				t.Errorf("%s differs from the golden file; review with go test ./rules -run Golden -update && git diff", c.name)
			}

			// The same profile always gives the same questions.
			again, _ := set.Evaluate(p, c.opts)
			if again2, _ := json.Marshal(again); !bytes.Equal(again2, mustJSON(res)) {
				t.Error("evaluation is not deterministic")
			}
			topics := map[string]bool{}
			deep := map[string]int{}
			for _, q := range res.Questions {
				if q.Category == "deep_dive" {
					// Up to two deep dives per project share its topic.
					if deep[q.Topic]++; deep[q.Topic] > 2 {
						t.Errorf("topic %s asked %d times", q.Topic, deep[q.Topic])
					}
					continue
				}
				if topics[q.Topic] {
					t.Errorf("topic %s asked twice", q.Topic)
				}
				topics[q.Topic] = true
			}
			if len(res.Questions) != DefaultQuestions {
				t.Errorf("%d questions, want %d", len(res.Questions), DefaultQuestions)
			}
		})
	}
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func TestStackComesFirst(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	p := profileOf(t, filepath.Join("testdata", "flaskdev"))
	res, err := set.Evaluate(p, Options{Stack: []string{"flask", "celery", "postgres"}, Questions: 5})
	if err != nil {
		t.Fatal(err)
	}
	// Deep dives on the candidate's own projects come first; the stack's
	// question leads the topic questions after them.
	var topics []Question
	for _, q := range res.Questions {
		if q.Category != "deep_dive" {
			topics = append(topics, q)
		}
	}
	if len(res.Questions) != 5 || len(topics) == 0 || !topics[0].Stack || topics[0].Rule != "fw-flask-routes" {
		t.Errorf("questions %+v: want the stack's flask question first after the deep dives", res.Questions)
	}
	want := map[string]bool{"flask": true, "celery": false, "postgres": false}
	for _, s := range res.Stack {
		if want[s.Name] != s.Evidence {
			t.Errorf("stack item %s: evidence %v, want %v", s.Name, s.Evidence, want[s.Name])
		}
	}
	if len(res.Stack) != 3 {
		t.Errorf("stack %+v", res.Stack)
	}
}

// A chain or hierarchy is named only beside the class it starts at: the
// question cites the example's base with its subclasses, and a place of
// the count that starts no example carries no one else's classes.
func TestInheritanceDetailMatchesItsPlace(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	r := analyzer.RepoFacts{Name: "proj", URL: "https://github.com/o/proj", Commit: strings.Repeat("a", 40)}
	inh := &r.Python.OOP.Inheritance
	inh.Hierarchical = python.Tally{Count: 2, Evidence: []python.Evidence{
		{Path: "pkg/a.py", Line: 1, EndLine: 2, Role: "source"},
		{Path: "pkg/b.py", Line: 5, EndLine: 9, Role: "source"},
	}}
	inh.Examples = []string{"Backend <- Redis, Kafka"}
	inh.ExampleEvidence = []python.Evidence{{Path: "pkg/b.py", Line: 5, EndLine: 9, Role: "source"}}
	p := &analyzer.Profile{Repos: []analyzer.RepoFacts{r}}
	p.Code.OOP.Inheritance.Hierarchical.Count = 2
	env := NewEnv(p, Options{})
	items := env.evidence["oop.inheritance.hierarchical"]
	if len(items) != 2 || items[0].Path != "pkg/b.py" || items[0].Detail != "Backend <- Redis, Kafka" {
		t.Fatalf("items %+v: want the example's base first, with its subclasses", items)
	}
	// Near miss: a.py is a base too, but not the example's.
	if items[1].Path != "pkg/a.py" || items[1].Detail != "" {
		t.Errorf("a.py carries %q, another class's hierarchy", items[1].Detail)
	}
	res, err := set.Evaluate(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range res.Questions {
		if q.Rule == "oop-hierarchical-inheritance" && (!strings.Contains(q.Text, "proj/pkg/b.py:5") || !strings.Contains(q.Text, "Backend <- Redis, Kafka")) {
			t.Errorf("question %q: want b.py:5 with its own hierarchy", q.Text)
		}
	}
}

// TestBuiltinRulesDecodedOnce checks that every Set shares the built-in
// rules decoded and compiled once, and that a Set's own slices are its
// own: a user's file replacing a rule in one Set leaves the next alone.
func TestBuiltinRulesDecodedOnce(t *testing.T) {
	a, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Rules) == 0 || a.Rules[0] != b.Rules[0] || a.Checklist[0] != b.Checklist[0] || a.Deep[0] != b.Deep[0] {
		t.Fatal("the built-in rules were decoded again")
	}
	for _, r := range a.Rules {
		if r.when == nil || !r.valid {
			t.Fatalf("built-in rule %s not compiled", r.ID)
		}
	}
	a.Rules[0] = &Rule{ID: "replaced"}
	if c, _ := Default(); c.Rules[0].ID == "replaced" {
		t.Fatal("a Set's change reached the shared built-in rules")
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeBuiltin is what the first Load costs, once per process.
func BenchmarkDecodeBuiltin(b *testing.B) {
	for b.Loop() {
		if _, err := decodeBuiltin(); err != nil {
			b.Fatal(err)
		}
	}
}

package rules

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/brief"
	"github.com/pyscout/pyscout/analyzer/python"
)

// oneFactProfile is a profile whose only brief holds one fact of the
// template's source, matched to it, with its evidence in a file of role.
func oneFactProfile(tpl *DeepTemplate, role string) *analyzer.Profile {
	b := brief.Brief{Repo: "proj", What: "A project."}
	e := python.Evidence{Path: "proj/core.py", Line: 10, EndLine: 12, Role: role}
	switch tpl.Source {
	case deepDecision:
		b.Decisions = []brief.Decision{{ID: tpl.Match[0], Text: "Core.run does the thing.", Evidence: []python.Evidence{e}}}
	case deepCentral:
		b.Central = []brief.Module{{Path: e.Path, Line: 1, Lines: 300, ImportedBy: 4, Why: "imported by 4 modules", Role: role}}
	case deepAbstraction:
		b.Abstractions = []brief.Abstraction{{Name: "Core", Kind: tpl.Match[0], Why: "exported in __all__", Evidence: e}}
	}
	return &analyzer.Profile{Repos: []analyzer.RepoFacts{{Name: "proj", URL: "https://github.com/o/proj", Commit: strings.Repeat("a", 40)}},
		Briefs: []brief.Brief{b}}
}

// TestDeepTemplatesAskOnlyAboutOwnCode: every built-in template asks about
// a fact in source or notebook code, fills every placeholder and links the
// line at the commit; the same fact in a test, an example, docs or a file
// of unknown role (the near-misses) asks nothing.
func TestDeepTemplatesAskOnlyAboutOwnCode(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Deep) == 0 {
		t.Fatal("no deep-dive templates")
	}
	for _, tpl := range set.Deep {
		t.Run(tpl.ID, func(t *testing.T) {
			for _, role := range []string{"source", "notebook"} {
				res, err := set.Evaluate(oneFactProfile(tpl, role), Options{})
				if err != nil {
					t.Fatal(err)
				}
				q := res.Questions[0]
				if q.Category != DeepCategory || !strings.HasPrefix(q.Rule, "deep-") {
					t.Fatalf("%s: first question %s (%s), want a deep dive", role, q.Rule, q.Category)
				}
				all := append([]string{q.Title, q.Text}, append(q.ListenFor, q.FollowUps...)...)
				for _, s := range all {
					if m := leftover.FindString(s); m != "" {
						t.Errorf("%s: placeholder %s left in %q", role, m, s)
					}
				}
				if len(q.Evidence) != 1 || !strings.HasPrefix(q.Evidence[0].URL, "https://github.com/o/proj/blob/"+strings.Repeat("a", 40)+"/proj/core.py") {
					t.Errorf("%s: evidence %+v", role, q.Evidence)
				}
			}
			for _, role := range []string{"test", "example", "docs", "benchmark", "scaffold", ""} {
				res, err := set.Evaluate(oneFactProfile(tpl, role), Options{})
				if err != nil {
					t.Fatal(err)
				}
				for _, q := range res.Questions {
					if q.Category == DeepCategory {
						t.Errorf("a fact in a %q file gave %s", role, q.Rule)
					}
				}
			}
		})
	}
}

// TestDeepListenForComesFromFacts: the notes name what the brief says is
// at the cited lines, and a line whose fact is missing is left out rather
// than printed with a hole.
func TestDeepListenForComesFromFacts(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	res, err := set.Evaluate(projectsProfile(), Options{Questions: 14})
	if err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]Question{}
	for _, q := range res.Questions {
		byTitle[q.Title] = q
	}
	initApp := byTitle["flask-migrate: the init_app extension pattern"]
	if !strings.Contains(strings.Join(initApp.ListenFor, "\n"), "app.extensions['migrate']") {
		t.Errorf("init_app listen_for does not name the mechanism: %q", initApp.ListenFor)
	}
	if got := initApp.Evidence[0].URL; got != "https://github.com/maintainer/flask-migrate/blob/0123456789abcdef0123456789abcdef01234567/src/flask_migrate/__init__.py#L52" {
		t.Errorf("init_app evidence %s", got)
	}
	nn := byTitle["tinygrad-lite: the module that carries it, tinygrad_lite/nn.py"]
	joined := strings.Join(nn.ListenFor, "\n")
	if !strings.Contains(joined, "Module (base of 3 classes: Neuron, Layer, MLP)") {
		t.Errorf("central listen_for does not name what the module defines: %q", nn.ListenFor)
	}
	// nn.py is imported by none of the project's modules: that line goes.
	if strings.Contains(joined, "import it") {
		t.Errorf("central listen_for speaks of importers it does not have: %q", nn.ListenFor)
	}
	// The reference tests live in a test file: never a question of their
	// own, but the follow-up on the module cites them.
	if !strings.Contains(strings.Join(nn.FollowUps, "\n"), "tinygrad-lite/test/test_engine.py:4") {
		t.Errorf("follow-ups do not cite the reference tests: %q", nn.FollowUps)
	}
	for _, q := range res.Questions {
		for _, it := range q.Evidence {
			if q.Category == DeepCategory && it.Role != "source" && it.Role != "notebook" {
				t.Errorf("%s cites a %s file", q.Rule, it.Role)
			}
		}
	}
}

// TestDeepQuotaAndOrder: deep dives come first, grouped by brief in the
// briefs' order, at most two per brief and half of the questions left
// after the exercise and soft-skills slots; the topic
// questions follow, then the exercise and the soft-skills question.
func TestDeepQuotaAndOrder(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		questions, deep int
		repos           []string
	}{
		{12, 5, []string{"flask-migrate", "flask-migrate", "httpclient", "httpclient", "tinygrad-lite"}},
		{8, 3, []string{"flask-migrate", "httpclient", "tinygrad-lite"}},
		{7, 2, []string{"flask-migrate", "httpclient"}},
		{4, 1, []string{"flask-migrate"}},
		{3, 0, nil},
		{1, 0, nil},
	} {
		res, err := set.Evaluate(projectsProfile(), Options{Questions: c.questions})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Questions) != c.questions {
			t.Errorf("--questions %d: %d questions", c.questions, len(res.Questions))
		}
		var repos []string
		for i, q := range res.Questions {
			if q.Category != DeepCategory {
				continue
			}
			if i != len(repos) {
				t.Errorf("--questions %d: deep dive %s at %d, after other questions", c.questions, q.Rule, i)
			}
			repos = append(repos, q.Evidence[0].Repo)
		}
		if strings.Join(repos, ",") != strings.Join(c.repos, ",") {
			t.Errorf("--questions %d: deep dives on %v, want %v", c.questions, repos, c.repos)
		}
		// Then topic questions, then the exercise, then soft skills.
		rank := map[string]int{DeepCategory: 0, "exercise": 2, "soft_skills": 3}
		last, sawExercise := 0, false
		for _, q := range res.Questions {
			r, ok := rank[q.Category]
			if !ok {
				r = 1
			}
			if r < last {
				t.Errorf("--questions %d: %s (%s) after a later slot", c.questions, q.Rule, q.Category)
			}
			last = r
			sawExercise = sawExercise || q.Category == "exercise"
		}
		if !sawExercise {
			t.Errorf("--questions %d: no exercise", c.questions)
		}
	}
}

// TestDeepTwoQuestionsCiteTwoFiles: a brief's second question cites
// another file and another kind of fact than its first when the brief
// has one: a decision, then the module or type of another part.
func TestDeepTwoQuestionsCiteTwoFiles(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	res, err := set.Evaluate(projectsProfile(), Options{Questions: 14})
	if err != nil {
		t.Fatal(err)
	}
	paths := map[string][]string{}
	kinds := map[string][]string{}
	for _, q := range res.Questions {
		if q.Category == DeepCategory {
			repo := q.Evidence[0].Repo
			paths[repo] = append(paths[repo], q.Evidence[0].Path)
			kinds[repo] = append(kinds[repo], strings.Split(q.Rule, "-")[1])
		}
	}
	for repo, ps := range paths {
		if len(ps) != 2 || ps[0] == ps[1] {
			t.Errorf("%s: deep dives cite %v", repo, ps)
		}
		if k := kinds[repo]; k[0] != "decision" || k[1] == "decision" {
			t.Errorf("%s: deep dives on %v, want a decision then a module or type", repo, k)
		}
	}
	if len(paths) != 3 {
		t.Errorf("deep dives on %d projects, want 3", len(paths))
	}
}

func TestDeepLoadErrors(t *testing.T) {
	base := `[[deep]]
id = "deep-team"
title = "{repo}: x"
source = "decision"
match = ["init_app"]
level = "mid"
priority = 1
question = "At {location}: {text} Why?"
listen_for = ["Says {text}", "Also {places}"]
`
	cases := []loadCase{
		{"id without deep-", `id = "deep-team"`, `id = "team"`, []string{"bad.toml:2", `rule "team"`, "field id", "deep-"}},
		{"unknown source", `source = "decision"`, `source = "module"`, []string{"bad.toml:4", "field source", "module"}},
		{"unknown decision", `match = ["init_app"]`, `match = ["init-app"]`, []string{"bad.toml:5", "field match", "unknown decision id", "init_app"}},
		{"no match", `match = ["init_app"]`, ``, []string{"field match", "missing"}},
		{"central with match", `source = "decision"`, `source = "central"`, []string{"field match", "leave match out"}},
		{"unknown kind", `source = "decision"
match = ["init_app"]`, `source = "abstraction"
match = ["klass"]`, []string{"field match", "unknown abstraction kind", "klass"}},
		{"optional in question", `question = "At {location}: {text} Why?"`, `question = "At {places}: why?"`, []string{"bad.toml:8", "field question", "{places}", "may be empty"}},
		{"placeholder of another source", `question = "At {location}: {text} Why?"`, `question = "Why {name}?"`, []string{"field question", "unknown placeholder {name}"}},
		{"only optional lines", `listen_for = ["Says {text}", "Also {places}"]`, `listen_for = ["Also {places}"]`, []string{"field listen_for", "always asked"}},
		{"bad follow-up", `listen_for = ["Says {text}", "Also {places}"]`, "listen_for = [\"Says {text}\"]\nfollow_ups = [\"{colour}?\"]", []string{"bad.toml:10", "field follow_ups[0]", "{colour}"}},
		{"unknown field", `priority = 1`, "priority = 1\nwhen = \"true\"", []string{"bad.toml:8", "when", "unknown field"}},
		{"bad level", `level = "mid"`, `level = "guru"`, []string{"field level", "guru"}},
	}
	dir := checkLoadErrors(t, base, "rule file", cases)
	// The base itself loads: the cases fail for their change alone.
	path := filepath.Join(dir, "good.toml")
	if err := os.WriteFile(path, []byte(base), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); err != nil {
		t.Fatal(err)
	}
}

// TestDeepTemplateOverride: a team file replaces a built-in template by id.
func TestDeepTemplateOverride(t *testing.T) {
	path := filepath.Join(t.TempDir(), "team.toml")
	err := os.WriteFile(path, []byte(`[[deep]]
id = "deep-decision-init-app"
title = "{repo}: how our extensions start"
source = "decision"
match = ["init_app"]
level = "senior"
priority = 99
question = "We write Flask extensions too. At {location}: {text} How would you make it thread-safe?"
listen_for = ["Names the code: {text}"]
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	builtin, _ := Default()
	set, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Deep) != len(builtin.Deep) {
		t.Errorf("%d templates, want %d (one replaced)", len(set.Deep), len(builtin.Deep))
	}
	res, err := set.Evaluate(projectsProfile(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if q := res.Questions[0]; q.Title != "flask-migrate: how our extensions start" || !strings.HasPrefix(q.Text, "We write Flask extensions too.") {
		t.Errorf("first question %q: %q", q.Title, q.Text)
	}
}

// TestGoldenProjects pins the questions of a candidate with three
// flagships (a Flask extension, an HTTP client, an autograd engine).
// After a deliberate change: go test ./rules -run GoldenProjects -update.
func TestGoldenProjects(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	res, err := set.Evaluate(projectsProfile(), Options{Level: "senior"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "golden", "projects.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./rules -run GoldenProjects -update)", err)
	}
	if !bytes.Equal(bytes.TrimSpace(want), bytes.TrimSpace(got)) {
		t.Error("projects differs from the golden file; review with go test ./rules -run GoldenProjects -update && git diff")
	}
}

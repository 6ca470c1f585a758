package rules

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pyscout/pyscout/analyzer"
)

// TestChecklistSamples: every checklist item's samples grade it shown,
// partly and not_shown.
func TestChecklistSamples(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range set.Checklist {
		t.Run(c.ID, func(t *testing.T) {
			if c.ShownWhen == "" || c.PartlyWhen == "" || c.Samples.Partly == nil {
				t.Errorf("%s: a built-in item is graded: shown_when, partly_when and a partly sample", c.Position())
			}
			if err := c.CheckSamples(); err != nil {
				t.Error(err)
			}
		})
	}
}

func checklistItem(t *testing.T, set *Set, id string) *ChecklistItem {
	t.Helper()
	for _, c := range set.Checklist {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no checklist item %s", id)
	return nil
}

// TestBestPracticesGrades: the near-misses of the best-practices item.
func TestBestPracticesGrades(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	c := checklistItem(t, set, "best-practices")
	cases := []struct {
		name    string
		facts   map[string]any
		want    Status
		counter []string
		not     []string
	}{
		{"linter in CI, no type checker, 5% hints", map[string]any{
			"functions": int64(60), "practices.with_lint.count": int64(1), "practices.with_ci.count": int64(1),
			"function_stats.param_hint_ratio": 0.05,
		}, StatusPartly, []string{"no type checker found", "type hints on 5% of parameters"}, []string{"no linter found", "no CI found"}},
		{"ruff, mypy and 80% hints", map[string]any{
			"functions": int64(60), "practices.with_lint.count": int64(2), "practices.with_type_check.count": int64(1), "practices.with_ci.count": int64(2),
			"function_stats.param_hint_ratio": 0.8,
		}, StatusShown, nil, []string{"no type checker found", "no linter found", "type hints on"}},
		{"no linter, no type checker, few hints", map[string]any{
			"functions": int64(60), "function_stats.param_hint_ratio": 0.1,
		}, StatusPartly, []string{"no linter found", "no type checker found", "type hints on 10% of parameters"}, nil},
		{"a linter and a type checker but few hints", map[string]any{
			"functions": int64(60), "practices.with_lint.count": int64(1), "practices.with_type_check.count": int64(1),
			"function_stats.param_hint_ratio": 0.2,
		}, StatusPartly, []string{"type hints on 20% of parameters"}, []string{"no type checker found"}},
		{"nothing", map[string]any{}, StatusNotShown, []string{noEvidence}, []string{"no linter found"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env, err := SampleEnv(tc.facts)
			if err != nil {
				t.Fatal(err)
			}
			got, counter, err := env.grade(c)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("status %s, want %s (counter %q)", got, tc.want, counter)
			}
			for _, w := range tc.counter {
				if !slices.Contains(counter, w) {
					t.Errorf("counter-evidence %q lacks %q", counter, w)
				}
			}
			for _, n := range tc.not {
				for _, x := range counter {
					if strings.Contains(x, n) {
						t.Errorf("counter-evidence %q says %q", counter, x)
					}
				}
			}
		})
	}
}

// TestChecklistOfNothing: a candidate with no public code gets every item
// not_shown, with the same words, and no counter-evidence invented.
func TestChecklistOfNothing(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	res, err := set.Evaluate(&analyzer.Profile{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range res.Checklist {
		if a.Status != StatusNotShown || a.Evidenced || a.Answer != noEvidence || !slices.Equal(a.CounterEvidence, []string{noEvidence}) {
			t.Errorf("%s: status %s, evidenced %v, answer %q, counter %q", a.ID, a.Status, a.Evidenced, a.Answer, a.CounterEvidence)
		}
	}
}

// TestLegacyChecklistItem: an item written before grading (when only) is
// shown when its condition holds, as it was evidenced before.
func TestLegacyChecklistItem(t *testing.T) {
	path := filepath.Join(t.TempDir(), "team.toml")
	if err := os.WriteFile(path, []byte(`[[checklist]]
id = "team-classes"
title = "Classes"
when = "classes > 0"
answer = "{=classes} classes."
`), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	c := checklistItem(t, set, "team-classes")
	for classes, want := range map[int64]Status{0: StatusNotShown, 2: StatusShown} {
		env, err := SampleEnv(map[string]any{"classes": classes})
		if err != nil {
			t.Fatal(err)
		}
		if got, _, _ := env.grade(c); got != want {
			t.Errorf("classes %d: %s, want %s", classes, got, want)
		}
	}
}

func TestChecklistLoadErrors(t *testing.T) {
	base := `# a team's checklist
[[checklist]]
id = "team-x"
title = "X"
when = "classes > 0"
shown_when = "classes > 3"
partly_when = "classes > 0"
answer = "{=classes} classes."
counter = [
  { when = "classes < 3", text = "few classes" },
]
samples.shown = { "classes" = 5 }
samples.partly = { "classes" = 1 }
samples.not_shown = { "classes" = 0 }
`
	cases := []loadCase{
		{"bad shown_when", `shown_when = "classes > 3"`, `shown_when = "classes >"`, []string{"bad.toml:6", `checklist item "team-x"`, "field shown_when"}},
		{"partly_when not a condition", `partly_when = "classes > 0"`, `partly_when = "classes"`, []string{"bad.toml:7", `checklist item "team-x"`, "field partly_when"}},
		{"unknown fact in counter", `when = "classes < 3"`, `when = "klasses < 3"`, []string{"bad.toml:9", "field counter[0].when", "klasses"}},
		{"counter without text", `, text = "few classes"`, ``, []string{"bad.toml:9", "field counter[0]", "needs when and text"}},
		{"bad counter placeholder", `text = "few classes"`, `text = "few {colour}"`, []string{"field counter[0].text", "{colour}"}},
		{"bad sample fact", `samples.partly = { "classes" = 1 }`, `samples.partly = { "clases" = 1 }`, []string{"bad.toml:13", "field samples.partly", "clases"}},
		{"unknown field", `answer = "{=classes} classes."`, "answer = \"{=classes} classes.\"\nshown_if = \"true\"", []string{"bad.toml:9", "shown_if", "unknown field"}},
		{"no when", `when = "classes > 0"` + "\n", ``, []string{"bad.toml:", "field when", "missing"}},
		{"no title", `title = "X"`, ``, []string{"bad.toml:2", "field title"}},
	}
	dir := checkLoadErrors(t, base, "checklist", cases)
	// The base itself loads and its samples behave.
	path := filepath.Join(dir, "good.toml")
	if err := os.WriteFile(path, []byte(base), 0o644); err != nil {
		t.Fatal(err)
	}
	set, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := checklistItem(t, set, "team-x").CheckSamples(); err != nil {
		t.Error(err)
	}
	// A sample that grades the item otherwise is reported.
	wrong := strings.Replace(base, `samples.partly = { "classes" = 1 }`, `samples.partly = { "classes" = 5 }`, 1)
	if err := os.WriteFile(path, []byte(wrong), 0o644); err != nil {
		t.Fatal(err)
	}
	if set, err = Load(path); err != nil {
		t.Fatal(err)
	}
	if err := checklistItem(t, set, "team-x").CheckSamples(); err == nil || !strings.Contains(err.Error(), "the partly sample grades it shown") {
		t.Errorf("a wrong sample passed: %v", err)
	}
}

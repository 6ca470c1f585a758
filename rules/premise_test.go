package rules

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/python"
)

// premiseRules are a practice rule and a testing rule on the same
// evidence, and a rule with two alternative sources.
const premiseRules = `
[[rule]]
id = "team-loops"
title = "Loops"
category = "libraries"
topic = "team-loops"
level = "mid"
priority = 50
when = "frameworks.numpy.element_loops > 0"
evidence = "frameworks.numpy.element_loops"
question = "The loop at {location}."
listen_for = ["x"]
samples.trigger = { "frameworks.numpy.element_loops" = 1 }
samples.quiet = { "frameworks.numpy.element_loops" = 0 }

[[rule]]
id = "team-loop-tests"
title = "Loop tests"
category = "testing"
topic = "team-loop-tests"
level = "mid"
priority = 50
when = "frameworks.numpy.element_loops > 0"
evidence = "frameworks.numpy.element_loops"
question = "The loop at {location}."
listen_for = ["x"]
samples.trigger = { "frameworks.numpy.element_loops" = 1 }
samples.quiet = { "frameworks.numpy.element_loops" = 0 }

[[rule]]
id = "team-numpy"
title = "NumPy"
category = "libraries"
topic = "team-numpy"
level = "mid"
priority = 50
when = "frameworks.numpy.vectorized + frameworks.numpy.array_creation > 0"
evidence = "frameworks.numpy.vectorized | frameworks.numpy.array_creation"
question = "{count} uses, for example {location}."
listen_for = ["x"]
samples.trigger = { "frameworks.numpy.array_creation" = 1 }
samples.quiet = { "frameworks.numpy.vectorized" = 0 }
`

// premiseProfile has numpy loops at the given places (path and role).
func premiseProfile(places ...[2]string) *analyzer.Profile {
	np := &python.NumPyFacts{Files: 1}
	for i, pl := range places {
		np.ElementLoops.Count++
		np.ElementLoops.Evidence = append(np.ElementLoops.Evidence, python.Evidence{Path: pl[0], Line: i + 1, EndLine: i + 1, Role: pl[1]})
		np.ArrayCreation.Count++
		np.ArrayCreation.Evidence = append(np.ArrayCreation.Evidence, python.Evidence{Path: pl[0], Line: 100 + i, EndLine: 100 + i, Role: pl[1]})
	}
	p := &analyzer.Profile{Repos: []analyzer.RepoFacts{{Name: "r"}}}
	p.Repos[0].Python.Frameworks = &python.Frameworks{NumPy: np}
	cp := *np
	p.Code.Frameworks = &python.Frameworks{NumPy: &cp}
	return p
}

func premiseSet(t *testing.T) *Set {
	t.Helper()
	path := filepath.Join(t.TempDir(), "team.toml")
	if err := os.WriteFile(path, []byte(premiseRules), 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestQuestionsCiteTheCandidatesOwnCode checks the evidence choice: source
// first, then notebooks; tests only for a rule about tests; and no question
// at all when only tests, examples or benchmarks show the practice.
func TestQuestionsCiteTheCandidatesOwnCode(t *testing.T) {
	s := premiseSet(t)
	cases := []struct {
		name   string
		places [][2]string
		want   map[string]string // rule -> first path cited ("" = not asked)
	}{
		{"source before notebook and test", [][2]string{{"a/nb.ipynb", "notebook"}, {"b/test_x.py", "test"}, {"c/core.py", "source"}},
			map[string]string{"team-loops": "c/core.py", "team-loop-tests": "a/nb.ipynb", "team-numpy": "c/core.py"}},
		{"notebook when no source", [][2]string{{"b/test_x.py", "test"}, {"nb.ipynb", "notebook"}},
			map[string]string{"team-loops": "nb.ipynb", "team-loop-tests": "b/test_x.py", "team-numpy": "nb.ipynb"}},
		// The near-miss: the practice shows only in tests, examples and
		// benchmarks, so no question claims the candidate's code does it;
		// the testing rule still cites its test.
		{"only tests and examples", [][2]string{{"examples/demo.py", "example"}, {"test/test_engine.py", "test"}, {"bench.py", "benchmark"}},
			map[string]string{"team-loops": "", "team-loop-tests": "examples/demo.py", "team-numpy": ""}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := s.Evaluate(premiseProfile(c.places...), Options{Questions: 100})
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, q := range res.Questions {
				if _, ok := c.want[q.Rule]; ok && len(q.Evidence) > 0 {
					got[q.Rule] = q.Evidence[0].Path
				}
			}
			for rule, want := range c.want {
				if got[rule] != want {
					t.Errorf("%s cites %q, want %q", rule, got[rule], want)
				}
			}
		})
	}
}

// TestAlternativeSourcesCountTogether checks "a | b": the count is the sum
// and an unknown part fails at load.
func TestAlternativeSourcesCountTogether(t *testing.T) {
	s := premiseSet(t)
	p := premiseProfile([2]string{"core.py", "source"})
	p.Code.Frameworks.NumPy.Vectorized = python.Tally{Count: 4}
	res, err := s.Evaluate(p, Options{Questions: 100})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, q := range res.Questions {
		if q.Rule == "team-numpy" {
			found = true
			if want := "5 uses, for example r/core.py:100."; q.Text != want {
				t.Errorf("text %q, want %q", q.Text, want)
			}
		}
	}
	if !found {
		t.Error("team-numpy not asked")
	}
	e := emptyEnv()
	if e.knownSource("frameworks.numpy.vectorized | frameworks.numpy.nope") || e.knownSource(" | ") {
		t.Error("an unknown alternative source was accepted")
	}
}

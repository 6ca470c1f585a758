package report

import (
	"fmt"
	"strings"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/practices"
	"github.com/pyscout/pyscout/analyzer/python"
)

// practicesGroup is the tests, CI, tooling, packaging and documentation of
// the analysed repositories, from the practices analysis.
func practicesGroup(p *analyzer.Profile) detailGroup {
	g := detailGroup{ID: "practices", Title: "Tests and engineering practices",
		Intro: "Tests found by pytest and unittest conventions and the projects' own configuration; CI, tools, packaging and documentation found in their files.",
		Empty: "No tests, CI, tools or packaging were found in the analysed repositories."}
	cand := p.Practices
	if cand == nil {
		return g
	}
	// tally adds a row summing one test tally over the repositories.
	tally := func(label string, get func(*practices.Tests) *python.Tally) {
		count := 0
		var where []string
		var ev []link
		for i := range p.Repos {
			r := &p.Repos[i]
			if r.Practices == nil {
				continue
			}
			t := get(&r.Practices.Tests)
			if t.Count == 0 {
				continue
			}
			count += t.Count
			where = append(where, fmt.Sprintf("%s %d", plain(r.Name), t.Count))
			for _, e := range t.Evidence {
				if len(ev) < maxRowEvidence {
					ev = append(ev, evidenceLink(r, e))
				}
			}
		}
		if count > 0 {
			g.Rows = append(g.Rows, detailRow{Label: label, Value: fmt.Sprint(count), Where: strings.Join(where, ", "), Evidence: ev})
		}
	}
	repos := func(label string, set practices.RepoSet) {
		if set.Count > 0 {
			names := make([]string, len(set.Repos))
			for i, n := range set.Repos {
				names[i] = plain(n)
			}
			g.Rows = append(g.Rows, detailRow{Label: label, Value: fmt.Sprintf("%d of %d", set.Count, cand.Repos), Where: strings.Join(names, ", ")})
		}
	}
	usages := func(label string, us []practices.Usage) {
		if len(us) == 0 {
			return
		}
		parts := make([]string, len(us))
		for i, u := range us {
			parts[i] = fmt.Sprintf("%s (%s)", plain(u.Name), plain(strings.Join(u.Repos, ", ")))
		}
		g.Rows = append(g.Rows, detailRow{Label: label, Value: fmt.Sprint(len(us)), Where: strings.Join(parts, "; ")})
	}

	tally("Test functions", func(t *practices.Tests) *python.Tally { return &t.Functions })
	tally("Test methods in test classes", func(t *practices.Tests) *python.Tally { return &t.Methods })
	tally("Assertions", func(t *practices.Tests) *python.Tally { return &t.Assertions })
	tally("Tests that assert nothing", func(t *practices.Tests) *python.Tally { return &t.AssertsNothing })
	tally("Fixtures", func(t *practices.Tests) *python.Tally { return &t.Fixtures })
	tally("Parametrized tests", func(t *practices.Tests) *python.Tally { return &t.Parametrize })
	tally("Property-based tests", func(t *practices.Tests) *python.Tally { return &t.PropertyTests })
	usages("Test frameworks", cand.Frameworks)
	usages("Mocking", cand.Mocking)
	repos("Repositories with tests", cand.WithTests)
	repos("Repositories with CI", cand.WithCI)
	repos("Tests run in CI", cand.WithTestsInCI)
	repos("Linting configured or run", cand.WithLint)
	repos("Type checking configured or run", cand.WithTypeCheck)
	repos("pre-commit", cand.WithPreCommit)
	usages("Tools", cand.Tools)
	usages("CI services", cand.CISystems)
	repos("Packaged (pyproject.toml, setup.py or setup.cfg)", cand.WithPackaging)
	repos("README", cand.WithReadme)
	repos("Licence", cand.WithLicense)
	repos("Documentation site or folder", cand.WithDocs)
	if cand.Tests > 0 {
		g.Notes = append(g.Notes, fmt.Sprintf("%.2f assertions per test; test code is %.0f%% the size of the rest of the code.", cand.AssertionsPerTest, 100*cand.TestToCodeRatio))
	}
	if len(cand.PythonVersions) > 0 {
		g.Notes = append(g.Notes, "Python versions tested in CI: "+plain(strings.Join(cand.PythonVersions, ", "))+".")
	}
	return g
}

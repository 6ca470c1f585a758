package report

import (
	"github.com/pyscout/pyscout/analyzer/brief"
	"github.com/pyscout/pyscout/analyzer/python"
)

// fixtureBriefs are hand-built briefs for the report fixtures, written to
// match the fixtures' own files (alice's shop and csv-tools) or to attack
// every field (mallory, hostile-files). They replace whatever the pipeline
// computes, so that the goldens pin the rendering of known briefs; the
// briefs' computation has its own tests in analyzer/brief.
func fixtureBriefs(name string) []brief.Brief {
	src := func(path string, line int) python.Evidence {
		return python.Evidence{Path: path, Line: line, EndLine: line, Role: "source"}
	}
	f := func(x float64) *float64 { return &x }
	none := brief.CIMatrix{PythonVersions: []string{}, OS: []string{}, Implementations: []string{}}
	switch name {
	case "alice":
		return []brief.Brief{
			{
				Repo: "shop", What: "A Flask web shop with background jobs. A small web shop.",
				TheirShare: f(0.97), TheirLines: 96,
				Languages: []brief.LanguageShare{{Name: "Python", Share: 0.934}, {Name: "Jupyter Notebook", Share: 0.066}},
				Central: []brief.Module{
					{Path: "shop/views.py", Line: 1, Lines: 16, ImportedBy: 1, TheirShare: f(1), Role: "source",
						Why: "imported by 1 of the package's 5 modules; 16 lines, all theirs"},
					{Path: "shop/models.py", Line: 1, Lines: 43, ImportedBy: 0, TheirShare: f(1), Role: "source",
						Why: "the largest module; 43 lines, all theirs"},
				},
				Abstractions: []brief.Abstraction{
					{Name: "create_app", Kind: brief.KindFunction, Why: "application factory in the package __init__", Evidence: src("shop/__init__.py", 4)},
					{Name: "Model", Kind: brief.KindProtocol, Why: "an abc.ABC with the abstract method validate; base of TimestampedModel and Order", Evidence: src("shop/models.py", 12)},
				},
				Decisions: []brief.Decision{
					{ID: brief.DecisionRegistering, Text: "The views register on the Blueprint bp with @bp.route: rates and health.",
						Evidence: []python.Evidence{src("shop/views.py", 7), src("shop/views.py", 14)}},
					{ID: brief.DecisionDataModels, Text: "Address is a frozen dataclass with street and city.",
						Evidence: []python.Evidence{src("shop/models.py", 40)}},
				},
				Maintainer: brief.Maintainer{UsedIn: []string{}, CI: none},
			},
			{
				Repo: "csv-tools", What: "Command-line helpers for CSV files",
				TheirShare: f(1), TheirLines: 48,
				Languages: []brief.LanguageShare{{Name: "Python", Share: 1}},
				Central: []brief.Module{
					{Path: "csvtools/readers.py", Line: 1, Lines: 19, ImportedBy: 1, TheirShare: f(1), Role: "source",
						Why: "imported by 1 of the package's 3 modules; 19 lines, all theirs"},
				},
				Abstractions: []brief.Abstraction{
					{Name: "main", Kind: brief.KindEntryPoint, Why: "a click command run by __main__", Evidence: src("csvtools/cli.py", 8)},
					{Name: "read_rows", Kind: brief.KindFunction, Why: "imported by csvtools/cli.py", Evidence: src("csvtools/readers.py", 16)},
				},
				Decisions: []brief.Decision{
					{ID: brief.DecisionContextManagers, Text: "opened() is a contextlib.contextmanager that closes the CSV file read_rows reads, in a finally block.",
						Evidence: []python.Evidence{src("csvtools/readers.py", 7)}},
				},
				Maintainer: brief.Maintainer{PublishedAs: "csv-tools", UsedIn: []string{"shop"}, Changelog: "CHANGELOG.md",
					CI: brief.CIMatrix{PythonVersions: []string{"3.11", "3.12"}, OS: []string{"ubuntu-latest"}, Implementations: []string{"cpython"}}},
			},
		}
	case "mallory", "hostile-files":
		repo := "x"
		if name == "hostile-files" {
			repo = "hostile-files"
		}
		evil := "<svg onload=alert(1)>\x1b[31m\u202eevil.py"
		return []brief.Brief{{
			Repo:       repo,
			What:       "<img src=x onerror=alert(1)> \x1b[2J\x1b]8;;javascript:alert(1)\x07click\x1b]8;;\x07 [click me](javascript:alert(1)) \u202egnp.exe",
			TheirShare: f(1), TheirLines: 12,
			Languages: []brief.LanguageShare{{Name: "<script>alert(1)</script>", Share: 0.8}, {Name: "Python\x1b[0m", Share: 0.2}},
			Central: []brief.Module{{Path: evil, Line: 1, Lines: 10, ImportedBy: 1, Role: "source",
				Why: "imported by ](javascript:alert(1)) <b>bold</b>"}},
			Abstractions: []brief.Abstraction{{Name: "Evil\x1b[31m<b>Bold</b>\u2066", Kind: "class</code><script>", Why: "![track](https://evil.example/pixel.png)",
				Evidence: python.Evidence{Path: evil, Line: 3, Role: "source"}}},
			Decisions: []brief.Decision{{ID: brief.DecisionStoredCallbacks, Text: "[urgent](javascript:alert(1)) stores <img src=x onerror=alert(1)> \x1b[31mred",
				Evidence: []python.Evidence{{Path: evil, Line: 5, Role: "source"}}}},
			Maintainer: brief.Maintainer{PublishedAs: "<b>pkg</b>\x1b[31m", UsedIn: []string{"](javascript:alert(1))"}, Changelog: "<svg onload=alert(1)>.md",
				CI: brief.CIMatrix{PythonVersions: []string{"3.12\x1b[2J"}, OS: []string{"<img src=x>"}, Implementations: []string{"\u202epypy"}}},
		}}
	}
	return nil
}

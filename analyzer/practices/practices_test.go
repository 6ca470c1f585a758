package practices

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/pyscout/pyscout/analyzer/python"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// digest is the gist of a RepoPractices, for exact expectations that read
// at a glance; the golden files hold the rest.
type digest struct {
	TestFiles, Tests, Functions, Classes, Methods   int
	Assertions, AssertsNothing, HelperOnly, Empty   int
	PerTest                                         float64
	Fixtures, ConftestFixtures, Parametrize, SetUps int
	Doctests                                        int
	Frameworks, Mocking                             []string
	FoundBy                                         TestFilesFound
	Lines, CodeLines                                int
	Ratio                                           float64
	CISystems                                       []string
	Jobs, TestJobs, LintJobs, TypeJobs              int
	PythonVersions                                  []string
	Tools, Hooks                                    []string
	Packaging, Backend                              string
	SrcLayout, PyTyped, Changelog, Contributing     bool
	Readme                                          string
	Headings                                        []string
	License, DocsTool                               string
	Docstrings                                      DocstringCoverage
	Warnings                                        int
}

func digestOf(rp *RepoPractices) digest {
	t := &rp.Tests
	d := digest{
		TestFiles: t.Files, Tests: t.Tests, Functions: t.Functions.Count, Classes: t.Classes.Count,
		Methods: t.Methods.Count, Assertions: t.Assertions.Count, AssertsNothing: t.AssertsNothing.Count,
		HelperOnly: t.HelperAssertions.Count, Empty: t.Empty.Count, PerTest: t.AssertionsPerTest,
		Fixtures: t.Fixtures.Count, ConftestFixtures: t.ConftestFixtures, Parametrize: t.Parametrize.Count,
		SetUps: t.SetUps.Count, Doctests: t.DoctestExamples.Count, FoundBy: t.FoundBy,
		Lines: t.Lines, CodeLines: t.CodeLines, Ratio: t.TestToCodeRatio,
		Jobs: rp.CI.Jobs, TestJobs: rp.CI.TestJobs, LintJobs: rp.CI.LintJobs, TypeJobs: rp.CI.TypeCheckJobs,
		PythonVersions: rp.CI.PythonVersions, Packaging: rp.Packaging.Style,
		SrcLayout: rp.Packaging.SrcLayout != nil, PyTyped: rp.Packaging.PyTyped != nil,
		Changelog: rp.Documentation.Changelog != nil, Contributing: rp.Documentation.Contributing != nil,
		Docstrings: rp.Documentation.Docstrings, Warnings: len(rp.Warnings),
	}
	for _, f := range t.Frameworks {
		d.Frameworks = append(d.Frameworks, f.Name)
	}
	for i, m := range t.Mocking.Tallies() {
		if m.Count > 0 {
			d.Mocking = append(d.Mocking, python.MockLibraries[i])
		}
	}
	for _, s := range rp.CI.Systems {
		d.CISystems = append(d.CISystems, s.Name)
	}
	for _, tool := range rp.Tools {
		d.Tools = append(d.Tools, tool.Name)
	}
	if rp.PreCommit != nil {
		for _, h := range rp.PreCommit.Hooks {
			d.Hooks = append(d.Hooks, h.ID)
		}
	}
	if p := rp.Packaging.Pyproject; p != nil {
		d.Backend = p.Backend
	}
	if r := rp.Documentation.Readme; r != nil {
		d.Readme = r.Path + " " + r.Format
		for _, h := range r.Headings {
			d.Headings = append(d.Headings, string(rune('0'+h.Level))+" "+h.Text)
		}
	}
	if l := rp.Documentation.License; l != nil {
		d.License = l.Kind
	}
	if ds := rp.Documentation.Docs; ds != nil {
		d.DocsTool = ds.Tool
	}
	return d
}

func TestAnalyzeFixtures(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  digest
	}{
		{"thorough", thoroughRepo, digest{
			// tests/__init__.py is a test directory's file, no test file.
			TestFiles: 2, Tests: 6, Functions: 4, Classes: 1, Methods: 2,
			Assertions: 7, AssertsNothing: 0, HelperOnly: 1, Empty: 0, PerTest: 1.17,
			Fixtures: 2, ConftestFixtures: 2, Parametrize: 1, SetUps: 0, Doctests: 2,
			Frameworks: []string{"pytest"}, Mocking: []string{"pytest_mock"},
			FoundBy: TestFilesFound{Name: 2}, Lines: 52, CodeLines: 27, Ratio: 1.93,
			CISystems: []string{CIGitHubActions}, Jobs: 2, TestJobs: 1, LintJobs: 1, TypeJobs: 1,
			PythonVersions: []string{"3.11", "3.12", "3.13"},
			Tools:          []string{"coverage", "mypy", "pre-commit", "ruff"},
			Hooks:          []string{"ruff", "ruff-format", "end-of-file-fixer"},
			Packaging:      "pyproject", Backend: "hatchling", SrcLayout: true, PyTyped: true,
			Changelog: true, Contributing: true, Readme: "README.md markdown",
			Headings: []string{"1 Shop", "2 Install", "2 Usage"}, License: "MIT", DocsTool: "sphinx",
			Docstrings: DocstringCoverage{Functions: 4, Documented: 1, Ratio: 0.25},
		}},
		{"unittest without CI", unittestRepo, digest{
			TestFiles: 1, Tests: 3, Classes: 1, Methods: 3, Assertions: 4, PerTest: 1.33, SetUps: 1,
			Frameworks: []string{"unittest"}, Mocking: []string{"unittest_mock"},
			FoundBy: TestFilesFound{Name: 1}, Lines: 24, CodeLines: 9, Ratio: 2.67,
			PythonVersions: []string{}, Tools: []string{"flake8"}, Packaging: "setup.py",
			Readme: "README.rst rst", Headings: []string{"1 Calc", "2 Install", "2 Usage"},
			Docstrings: DocstringCoverage{Functions: 2, Documented: 1, Ratio: 0.5},
		}},
		{"tests that assert nothing", emptyTestsRepo, digest{
			TestFiles: 1, Tests: 3, Functions: 2, Classes: 1, Methods: 1, AssertsNothing: 3, Empty: 2,
			Frameworks: []string{"pytest"}, FoundBy: TestFilesFound{Name: 1}, Lines: 15, CodeLines: 2, Ratio: 7.5,
			CISystems: []string{CITravis}, PythonVersions: []string{}, Packaging: "none",
			Readme: "README text", Docstrings: DocstringCoverage{Functions: 1},
		}},
		{"no tests", noTestsRepo, digest{
			CodeLines: 3, PythonVersions: []string{}, Packaging: "none",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rp := Analyze(buildRepo(t, tt.files))
			if got := digestOf(rp); !reflect.DeepEqual(got, tt.want) {
				g, _ := json.Marshal(got)
				w, _ := json.Marshal(tt.want)
				t.Errorf("digest\n got: %s\nwant: %s", g, w)
			}
			checkGolden(t, filepath.Join("testdata", "golden", filepath.Base(t.Name())+".json"), rp)
		})
	}
}

// checkGolden compares v's JSON with a golden file; -update rewrites it.
func checkGolden(t *testing.T, file string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the analysis (go test -update rewrites it); got:\n%s", file, got)
	}
}

// TestAnalyzeIsDeterministic checks that the order of the input does not
// change the result.
func TestAnalyzeIsDeterministic(t *testing.T) {
	r := buildRepo(t, thoroughRepo)
	want := Analyze(r)
	for i, j := 0, len(r.Files)-1; i < j; i, j = i+1, j-1 {
		r.Files[i], r.Files[j] = r.Files[j], r.Files[i]
	}
	for i, j := 0, len(r.Python)-1; i < j; i, j = i+1, j-1 {
		r.Python[i], r.Python[j] = r.Python[j], r.Python[i]
	}
	if got := Analyze(r); !reflect.DeepEqual(got, want) {
		t.Error("reversed input gave another result")
	}
}

func TestWants(t *testing.T) {
	for p, want := range map[string]bool{
		"pyproject.toml":               true,
		"sub/pkg/pyproject.toml":       true,
		"setup.cfg":                    true,
		"tox.ini":                      true,
		"tox.toml":                     true,
		"sub/tox.toml":                 false,
		"pytest.ini":                   true,
		".github/workflows/ci.yml":     true,
		".github/workflows/ci.yaml":    true,
		".github/workflows/README.md":  false,
		".github/dependabot.yml":       false,
		".pre-commit-config.yaml":      true,
		"sub/.pre-commit-config.yaml":  false,
		"README.md":                    true,
		"readme.rst":                   true,
		"README":                       true,
		"README.html":                  false,
		"docs/README.md":               false,
		"LICENSE":                      true,
		"LICENSE.txt":                  true,
		"COPYING":                      true,
		"setup.py":                     false,
		"main.py":                      false,
		".travis.yml":                  false,
		"mkdocs.yml":                   false,
		".github/workflows/sub/ci.yml": false,
	} {
		if got := Wants(p); got != want {
			t.Errorf("Wants(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestVendoredFilesIgnored(t *testing.T) {
	r := Repo{Files: []string{
		"venv/lib/python3.12/site-packages/lib/setup.py",
		"node_modules/x/.travis.yml",
		".github/workflows/ci.yml",
		"Jenkinsfile",
	}, Contents: map[string][]byte{".github/workflows/ci.yml": []byte("jobs:\n  a:\n    steps:\n      - run: tox\n")}}
	rp := Analyze(r)
	if rp.Packaging.SetupPy != nil {
		t.Errorf("vendored setup.py counted: %+v", rp.Packaging.SetupPy)
	}
	var systems []string
	for _, s := range rp.CI.Systems {
		systems = append(systems, s.Name)
	}
	if !reflect.DeepEqual(systems, []string{CIGitHubActions, CIJenkins}) || rp.CI.TestJobs != 1 {
		t.Errorf("systems %v, test jobs %d", systems, rp.CI.TestJobs)
	}
}

func TestUnreadConfigSaysWhy(t *testing.T) {
	lfs := "Git LFS pointer (content not in the repository)"
	rp := Analyze(Repo{
		Files:  []string{"pyproject.toml", "tox.ini", ".github/workflows/ci.yml"},
		Unread: map[string]string{"pyproject.toml": lfs, ".github/workflows/ci.yml": "2.0 MB, over the 1 MiB limit for configuration files"},
	})
	got := map[string]string{}
	for _, w := range rp.Warnings {
		got[w.Path] = w.Message
	}
	want := map[string]string{
		"pyproject.toml":           "not read: " + lfs,
		".github/workflows/ci.yml": "not read: 2.0 MB, over the 1 MiB limit for configuration files",
		// Near-miss: no reason known, the old words.
		"tox.ini": "not read (too large or unreadable)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("warnings %v\nwant %v", got, want)
	}
}

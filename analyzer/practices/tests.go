package practices

import (
	"path"
	"sort"
	"strings"

	"github.com/pyscout/pyscout/analyzer/count"
	"github.com/pyscout/pyscout/analyzer/evidence"
	"github.com/pyscout/pyscout/analyzer/python"
)

// Tests are a repository's test files and what they hold. The embedded
// summary sums the test facts of the test files only, except
// doctest_examples and the doctest framework, which are counted over all
// .py files because doctests live in the code they document.
//
// A .py file is a test file when its name follows the conventions of
// pytest and unittest (test_*.py, *_test.py, Django's tests.py,
// conftest.py), when the project's pytest configuration makes it one (a
// python_files pattern, or a testpaths entry holding it, relative to the
// configuration file's directory), or when it sits in a directory named
// tests or test. Helpers in those places count as test code too.
type Tests struct {
	// TestSummary sums the test files' facts; its fields are inline in
	// the JSON.
	python.TestSummary
	// FoundBy counts the test files by the rule that found them.
	FoundBy TestFilesFound `json:"found_by"`
	// Examples are the first test files in path order, at most
	// MaxExamples.
	Examples []string `json:"examples"`
	// Conftests counts conftest.py files.
	Conftests int `json:"conftests"`
	// ConftestFixtures counts the fixtures defined in conftest.py files, a
	// part of Fixtures: fixtures shared across test modules.
	ConftestFixtures int `json:"conftest_fixtures"`
	// PytestConfig lists where pytest is configured, in the order pytest
	// would look (shallowest first).
	PytestConfig []PytestConfig `json:"pytest_config"`
	// Lines is the number of lines of the test files.
	Lines int `json:"lines"`
	// CodeLines is the number of lines of the other .py files.
	CodeLines int `json:"code_lines"`
	// TestToCodeRatio is Lines / CodeLines, two decimals; 0 when there is
	// no other code.
	TestToCodeRatio float64 `json:"test_to_code_ratio"`
}

// TestFilesFound counts test files by the first rule that matched, in the
// order of the fields.
type TestFilesFound struct {
	// Name counts files named test_*.py, *_test.py, tests.py or
	// conftest.py.
	Name int `json:"name"`
	// Config counts files that only the project's pytest configuration
	// (python_files, testpaths) makes test files.
	Config int `json:"config"`
	// Directory counts the other files under a tests/ or test/ directory.
	Directory int `json:"directory"`
}

// PytestConfig is one place pytest is configured.
type PytestConfig struct {
	// Evidence is the configuration file and the line of its section.
	Evidence
	// Section is the section read: [pytest] (pytest.ini, tox.ini),
	// [tool:pytest] (setup.cfg), [tool.pytest.ini_options] or
	// [tool.pytest] (pyproject.toml).
	Section string `json:"section"`
	// Testpaths are the directories pytest searches, as written.
	Testpaths []string `json:"testpaths,omitempty"`
	// PythonFiles are the test file patterns, as written.
	PythonFiles []string `json:"python_files,omitempty"`
	// DoctestModules is set when addopts runs doctests
	// (--doctest-modules or --doctest-glob).
	DoctestModules bool `json:"doctest_modules,omitempty"`
	// Coverage is set when addopts measures coverage (--cov).
	Coverage bool `json:"coverage,omitempty"`
}

// testConfig is what a pytest configuration changes in test discovery.
type testConfig struct {
	dir       string // the configuration file's directory ("" at the root)
	testpaths []string
	patterns  []string
}

// pytestConfigs reads the pytest sections of the parsed configuration
// files.
func (a *analysis) pytestConfigs() {
	for _, f := range a.configList {
		base := path.Base(f)
		var cfg PytestConfig
		var addopts []string
		found := false
		switch {
		case base == "pyproject.toml":
			doc := a.pyprojects[f]
			if doc == nil {
				continue
			}
			for _, sec := range []string{"ini_options", ""} {
				keys := []string{"tool", "pytest"}
				dotted := "tool.pytest"
				if sec != "" {
					keys = append(keys, sec)
					dotted += "." + sec
				}
				t := doc.table(keys...)
				if t == nil {
					continue
				}
				if sec == "" && len(t) == 1 && t["ini_options"] != nil {
					continue // only the ini_options table
				}
				found = true
				cfg = PytestConfig{Evidence: lineEvidence(f, doc.line(dotted)), Section: "[" + dotted + "]"}
				cfg.Testpaths = tomlStrings(t["testpaths"])
				cfg.PythonFiles = tomlStrings(t["python_files"])
				addopts = tomlStrings(t["addopts"])
				break
			}
		default:
			ini := a.inis[f]
			if ini == nil {
				continue
			}
			name := "pytest"
			if base == "setup.cfg" {
				name = "tool:pytest"
			}
			s := ini.section(name)
			if s == nil {
				if base == "pytest.ini" || base == ".pytest.ini" {
					// pytest uses a pytest.ini even without a [pytest] section.
					found = true
					cfg = PytestConfig{Evidence: fileEvidence(f)}
				}
				break
			}
			found = true
			cfg = PytestConfig{Evidence: lineEvidence(f, s.line), Section: "[" + name + "]"}
			v, _ := s.get("testpaths")
			cfg.Testpaths = iniList(v)
			v, _ = s.get("python_files")
			cfg.PythonFiles = iniList(v)
			v, _ = s.get("addopts")
			addopts = strings.Fields(v)
		}
		if !found {
			continue
		}
		for _, o := range addopts {
			switch {
			case o == "--doctest-modules" || strings.HasPrefix(o, "--doctest-glob"):
				cfg.DoctestModules = true
			case o == "--cov" || strings.HasPrefix(o, "--cov="):
				cfg.Coverage = true
			}
		}
		a.pytest = append(a.pytest, cfg)
		dir := path.Dir(f)
		if dir == "." {
			dir = ""
		}
		if len(cfg.Testpaths) > 0 || len(cfg.PythonFiles) > 0 {
			a.testCfgs = append(a.testCfgs, testConfig{dir: dir, testpaths: cfg.Testpaths, patterns: cfg.PythonFiles})
		}
	}
}

// Rules that find test files, in the order they are tried.
const (
	foundNone = iota
	foundName
	foundConfig
	foundDirectory
)

// testFileRule says which rule makes p a test file (foundNone: none).
func testFileRule(p string, cfgs []testConfig) int {
	base := path.Base(p)
	if !strings.HasSuffix(base, ".py") {
		return foundNone
	}
	if (strings.HasPrefix(base, "test_") || strings.HasSuffix(base, "_test.py") ||
		base == "tests.py" || base == "conftest.py") && base != "test_.py" {
		return foundName
	}
	for _, c := range cfgs {
		rel := p
		if c.dir != "" {
			var ok bool
			if rel, ok = strings.CutPrefix(p, c.dir+"/"); !ok {
				continue
			}
		}
		for _, pat := range c.patterns {
			target := base
			if strings.Contains(pat, "/") {
				target = rel
			}
			if ok, _ := path.Match(pat, target); ok {
				return foundConfig
			}
		}
		for _, tp := range c.testpaths {
			if underPath(rel, tp) {
				return foundConfig
			}
		}
	}
	dir := path.Dir(p)
	for dir != "." && dir != "/" && dir != "" {
		switch path.Base(dir) {
		case "tests", "test":
			return foundDirectory
		}
		dir = path.Dir(dir)
	}
	return foundNone
}

// underPath reports whether rel is the path tp names or lies under it;
// tp may be a glob, as pytest allows in testpaths.
func underPath(rel, tp string) bool {
	tp = strings.Trim(path.Clean(strings.TrimPrefix(tp, "./")), "/")
	if tp == "." || tp == "" {
		return true
	}
	parts := strings.Split(rel, "/")
	n := strings.Count(tp, "/") + 1
	if n > len(parts) {
		return false
	}
	ok, _ := path.Match(tp, strings.Join(parts[:n], "/"))
	return ok
}

// tests finds the test files and sums their facts.
func (a *analysis) tests() Tests {
	var out Tests
	testAgg := python.NewTestAggregator()
	docAgg := python.NewTestAggregator()
	conftestFixtures := 0
	for _, pf := range a.python {
		tf := pf.Tests
		if tf == nil {
			tf = &python.TestFacts{}
		}
		rule := testFileRule(pf.Path, a.testCfgs)
		if rule == foundNone {
			out.CodeLines += pf.Lines
			docAgg.Add(&python.TestFacts{DoctestExamples: tf.DoctestExamples, Frameworks: doctestOnly(tf.Frameworks)})
			continue
		}
		switch rule {
		case foundName:
			out.FoundBy.Name++
		case foundConfig:
			out.FoundBy.Config++
		case foundDirectory:
			out.FoundBy.Directory++
		}
		out.Lines += pf.Lines
		if len(out.Examples) < MaxExamples {
			out.Examples = append(out.Examples, pf.Path)
		}
		if path.Base(pf.Path) == "conftest.py" {
			out.Conftests++
			conftestFixtures += tf.Fixtures.Count
		}
		testAgg.Add(tf)
		docAgg.Add(&python.TestFacts{DoctestExamples: tf.DoctestExamples})
	}
	out.TestSummary = testAgg.Summary()
	docs := docAgg.Summary()
	out.DoctestExamples = docs.DoctestExamples
	for _, fw := range docs.Frameworks {
		out.Frameworks = mergeFramework(out.Frameworks, fw)
	}
	sort.SliceStable(out.Frameworks, func(i, j int) bool {
		x, y := out.Frameworks[i], out.Frameworks[j]
		if x.Files != y.Files {
			return x.Files > y.Files
		}
		return x.Name < y.Name
	})
	out.ConftestFixtures = conftestFixtures
	if out.Examples == nil {
		out.Examples = []string{}
	}
	out.PytestConfig = a.pytest
	if out.PytestConfig == nil {
		out.PytestConfig = []PytestConfig{}
	}
	out.TestToCodeRatio = count.Ratio(out.Lines, out.CodeLines, 2)
	return out
}

// doctestOnly keeps the doctest sign of a non-test file: its other
// framework signs (a Test* class in library code) say nothing of tests.
func doctestOnly(signs []python.FrameworkSign) []python.FrameworkSign {
	for _, s := range signs {
		if s.Name == python.FrameworkDoctest {
			return []python.FrameworkSign{s}
		}
	}
	return nil
}

// mergeFramework adds a framework seen in other files to a summary's list.
func mergeFramework(list []python.FrameworkUse, fw python.FrameworkUse) []python.FrameworkUse {
	for i := range list {
		if list[i].Name == fw.Name {
			list[i].Files += fw.Files
			list[i].Evidence = evidence.First(append(list[i].Evidence, fw.Evidence...), python.MaxEvidencePerRepo)
			return list
		}
	}
	return append(list, fw)
}

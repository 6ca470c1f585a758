package practices

import (
	"path"
	"slices"
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
// A .py file is a test file when a runner would collect it: pytest's
// python_files patterns (test_*.py and *_test.py unless the project's
// configuration names others), unittest's discovery pattern test*.py for a
// file holding TestCase classes, and conftest.py, which pytest loads. The
// project's pytest configuration governs the files under its directory
// (the deepest one that holds the file): outside its testpaths, under its
// norecursedirs (by default *.egg, .*, _darcs, build, CVS, dist,
// node_modules, venv, {arch}) or named by --ignore / --ignore-glob in its
// addopts, no file is collected.
//
// The other files of a tests/ or test/ directory or a testpaths entry
// (helpers, benchmark and load scripts) are not test files: their tests
// are not counted, and their lines are counted apart (UncollectedLines),
// neither as test code nor as the code under test. The framework pytest is
// listed beside unittest only where pytest is imported, configured, run in
// CI or its fixtures are used (conftest.py, @pytest.fixture, a test taking
// a pytest fixture); a pytest-style test function or Test class alone
// does not make a unittest suite a pytest one.
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
	// CodeLines is the number of lines of the other .py files, the
	// uncollected files of test directories left out.
	CodeLines int `json:"code_lines"`
	// Uncollected counts the .py files of test directories and testpaths
	// that no runner would collect (helpers, benchmark and load scripts,
	// files configured out).
	Uncollected int `json:"uncollected"`
	// UncollectedLines is the number of lines of those files.
	UncollectedLines int `json:"uncollected_lines"`
	// UncollectedExamples are the first of those files in path order, at
	// most MaxExamples.
	UncollectedExamples []string `json:"uncollected_examples"`
	// TestToCodeRatio is Lines / CodeLines, two decimals; 0 when there is
	// no other code.
	TestToCodeRatio float64 `json:"test_to_code_ratio"`
}

// TestFilesFound counts test files by the first rule that matched, in the
// order of the fields.
type TestFilesFound struct {
	// Name counts files collected by pytest's default patterns (test_*.py,
	// *_test.py), by unittest's test*.py holding TestCase classes, and
	// conftest.py files.
	Name int `json:"name"`
	// Config counts files that only the project's pytest configuration
	// (python_files) makes test files.
	Config int `json:"config"`
	// Directory is always 0: a file is no longer a test file for its
	// directory alone (see Tests.Uncollected). Kept for the JSON contract.
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
	// NoRecurseDirs are the norecursedirs patterns, as written.
	NoRecurseDirs []string `json:"norecursedirs,omitempty"`
	// Ignore are the paths and globs of addopts' --ignore and
	// --ignore-glob, as written.
	Ignore []string `json:"ignore,omitempty"`
}

// testConfig is what a pytest configuration changes in test discovery.
type testConfig struct {
	dir         string // the configuration file's directory ("" at the root)
	testpaths   []string
	patterns    []string
	norecurse   []string // nil: pytest's defaults
	ignore      []string // --ignore paths, relative to dir
	ignoreGlobs []string // --ignore-glob patterns, relative to dir
}

// defaultNoRecurse is pytest's default norecursedirs.
var defaultNoRecurse = []string{"*.egg", ".*", "_darcs", "build", "CVS", "dist", "node_modules", "venv", "{arch}"}

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
				cfg.NoRecurseDirs = tomlStrings(t["norecursedirs"])
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
			v, _ = s.get("norecursedirs")
			cfg.NoRecurseDirs = iniList(v)
			v, _ = s.get("addopts")
			addopts = strings.Fields(v)
		}
		if !found {
			continue
		}
		var ignore, ignoreGlobs []string
		for k := 0; k < len(addopts); k++ {
			o := addopts[k]
			switch {
			case o == "--doctest-modules" || strings.HasPrefix(o, "--doctest-glob"):
				cfg.DoctestModules = true
			case o == "--cov" || strings.HasPrefix(o, "--cov="):
				cfg.Coverage = true
			case o == "--ignore" || o == "--ignore-glob":
				if k+1 < len(addopts) {
					k++
					cfg.Ignore = append(cfg.Ignore, addopts[k])
					if o == "--ignore" {
						ignore = append(ignore, addopts[k])
					} else {
						ignoreGlobs = append(ignoreGlobs, addopts[k])
					}
				}
			case strings.HasPrefix(o, "--ignore="):
				cfg.Ignore = append(cfg.Ignore, o[len("--ignore="):])
				ignore = append(ignore, o[len("--ignore="):])
			case strings.HasPrefix(o, "--ignore-glob="):
				cfg.Ignore = append(cfg.Ignore, o[len("--ignore-glob="):])
				ignoreGlobs = append(ignoreGlobs, o[len("--ignore-glob="):])
			}
		}
		a.pytest = append(a.pytest, cfg)
		dir := path.Dir(f)
		if dir == "." {
			dir = ""
		}
		a.testCfgs = append(a.testCfgs, testConfig{dir: dir, testpaths: cfg.Testpaths, patterns: cfg.PythonFiles,
			norecurse: cfg.NoRecurseDirs, ignore: ignore, ignoreGlobs: ignoreGlobs})
	}
}

// Rules that find test files, in the order they are tried.
const (
	foundNone = iota
	foundName
	foundConfig
	// foundUncollected is a file of a test directory or testpaths entry
	// that no runner collects: not a test file.
	foundUncollected
)

// governing returns the pytest configuration that governs p (the deepest
// whose directory holds p), and p relative to its directory.
func governing(p string, cfgs []testConfig) (*testConfig, string) {
	var best *testConfig
	rel := p
	for i := range cfgs {
		c := &cfgs[i]
		r := p
		if c.dir != "" {
			var ok bool
			if r, ok = strings.CutPrefix(p, c.dir+"/"); !ok {
				continue
			}
		}
		if best == nil || len(c.dir) > len(best.dir) {
			best, rel = c, r
		}
	}
	return best, rel
}

// configuredOut reports whether pytest's configuration keeps it from
// collecting rel (relative to the configuration's directory): under a
// norecursedirs directory, named by --ignore or --ignore-glob, or outside
// testpaths.
func configuredOut(rel string, c *testConfig) bool {
	norecurse := defaultNoRecurse
	if c != nil && c.norecurse != nil {
		norecurse = c.norecurse
	}
	dirs := strings.Split(rel, "/")
	for _, d := range dirs[:len(dirs)-1] {
		for _, pat := range norecurse {
			if ok, _ := path.Match(pat, d); ok {
				return true
			}
		}
	}
	if c == nil {
		return false
	}
	for _, ig := range c.ignore {
		ig = strings.Trim(path.Clean(strings.TrimPrefix(ig, "./")), "/")
		if rel == ig || strings.HasPrefix(rel, ig+"/") {
			return true
		}
	}
	for _, g := range c.ignoreGlobs {
		g = strings.TrimPrefix(g, "./")
		if ok, _ := path.Match(g, rel); ok {
			return true
		}
		if underPath(rel, g) && strings.Contains(g, "/") {
			return true
		}
	}
	if len(c.testpaths) > 0 {
		for _, tp := range c.testpaths {
			if underPath(rel, tp) {
				return false
			}
		}
		return true
	}
	return false
}

// testFileRule says which rule makes p a test file (foundNone: none;
// foundUncollected: a test directory's file no runner collects). testCase
// says whether the file holds unittest TestCase classes.
func testFileRule(p string, cfgs []testConfig, testCase bool) int {
	base := path.Base(p)
	if !strings.HasSuffix(base, ".py") {
		return foundNone
	}
	cfg, rel := governing(p, cfgs)
	inTestDir := false
	for dir := path.Dir(p); dir != "." && dir != "/" && dir != ""; dir = path.Dir(dir) {
		switch path.Base(dir) {
		case "tests", "test":
			inTestDir = true
		}
	}
	if cfg != nil {
		for _, tp := range cfg.testpaths {
			inTestDir = inTestDir || underPath(rel, tp)
		}
	}
	notCollected := foundNone
	if inTestDir {
		notCollected = foundUncollected
	}
	if configuredOut(rel, cfg) {
		return notCollected
	}
	if base == "conftest.py" {
		return foundName
	}
	defaultName := (strings.HasPrefix(base, "test_") || strings.HasSuffix(base, "_test.py")) && base != "test_.py"
	if cfg != nil && len(cfg.patterns) > 0 {
		for _, pat := range cfg.patterns {
			target := base
			if strings.Contains(pat, "/") {
				target = rel
			}
			if ok, _ := path.Match(pat, target); ok {
				if defaultName {
					return foundName
				}
				return foundConfig
			}
		}
	} else if defaultName {
		return foundName
	}
	// unittest's discovery collects TestCase classes of test*.py files.
	if testCase && strings.HasPrefix(base, "test") {
		return foundName
	}
	return notCollected
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
	// pytestShown: pytest is imported, configured, run in CI or its
	// fixtures are used; a test function or Test class alone does not show
	// it beside unittest.
	pytestShown := len(a.pytest) > 0 || len(a.ciRuns["pytest"]) > 0
	for _, pf := range a.python {
		tf := pf.Tests
		if tf == nil {
			tf = &python.TestFacts{}
		}
		rule := testFileRule(pf.Path, a.testCfgs, hasSign(tf, python.FrameworkUnittest, python.SignTestCase))
		switch rule {
		case foundNone, foundUncollected:
			if rule == foundNone {
				out.CodeLines += pf.Lines
			} else {
				out.Uncollected++
				out.UncollectedLines += pf.Lines
				if len(out.UncollectedExamples) < MaxExamples {
					out.UncollectedExamples = append(out.UncollectedExamples, pf.Path)
				}
			}
			docAgg.Add(&python.TestFacts{DoctestExamples: tf.DoctestExamples, Frameworks: doctestOnly(tf.Frameworks)})
			continue
		case foundName:
			out.FoundBy.Name++
		case foundConfig:
			out.FoundBy.Config++
		}
		for _, s := range tf.Frameworks {
			if s.Name == python.FrameworkPytest && s.Sign != python.SignTestFunction && s.Sign != python.SignTestClass {
				pytestShown = true
			}
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
	if !pytestShown && out.Conftests == 0 && hasFramework(out.Frameworks, python.FrameworkUnittest) {
		out.Frameworks = slices.DeleteFunc(out.Frameworks, func(u python.FrameworkUse) bool { return u.Name == python.FrameworkPytest })
	}
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
	if out.UncollectedExamples == nil {
		out.UncollectedExamples = []string{}
	}
	out.PytestConfig = a.pytest
	if out.PytestConfig == nil {
		out.PytestConfig = []PytestConfig{}
	}
	out.TestToCodeRatio = count.Ratio(out.Lines, out.CodeLines, 2)
	return out
}

// hasSign reports whether a file shows a framework by a given sign.
func hasSign(tf *python.TestFacts, name, sign string) bool {
	for _, s := range tf.Frameworks {
		if s.Name == name && s.Sign == sign {
			return true
		}
	}
	return false
}

func hasFramework(list []python.FrameworkUse, name string) bool {
	for _, u := range list {
		if u.Name == name {
			return true
		}
	}
	return false
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

// TestCollector says which .py files a repository's test runners collect,
// by the rules Tests counts test files with; the roles of files
// (analyzer/roles) are decided by it.
type TestCollector struct {
	cfgs []testConfig
}

// NewTestCollector reads the pytest configuration of r (Files, Contents or
// Parsed; Python is not needed).
func NewTestCollector(r Repo) *TestCollector {
	a := newAnalysis(r)
	a.configs()
	return &TestCollector{cfgs: a.testCfgs}
}

// Collects reports whether a runner collects the .py file at p (testCase:
// the file holds unittest TestCase classes) and, for a file no runner
// collects, whether it lies in a test directory (tests/, test/) or a
// configured testpaths entry: a test helper.
func (c *TestCollector) Collects(p string, testCase bool) (collected, testDir bool) {
	switch testFileRule(p, c.cfgs, testCase) {
	case foundName, foundConfig:
		return true, false
	case foundUncollected:
		return false, true
	}
	return false, false
}

package practices

import (
	"reflect"
	"testing"
)

func TestTestFileRule(t *testing.T) {
	cfgs := []testConfig{
		{dir: "", patterns: []string{"test_*.py", "check_*.py", "*_spec.py"}},
		{dir: "sub", patterns: []string{"t_*.py"}},
		{dir: "svc", testpaths: []string{"integration", "./e2e/", "suites/*"}, norecurse: []string{"slow*"},
			ignore: []string{"e2e/legacy"}, ignoreGlobs: []string{"*/bench_*.py"}},
	}
	for _, tt := range []struct {
		path     string
		testCase bool
		want     int
	}{
		{"test_a.py", false, foundName},
		{"pkg/a_test.py", false, foundNone}, // the root configuration's patterns replace the defaults
		{"conftest.py", false, foundName},
		{"test_.py", false, foundConfig}, // the configured test_*.py matches it, as in pytest
		{"check_a.py", false, foundConfig},
		{"deep/dir/b_spec.py", false, foundConfig},
		{"sub/t_x.py", false, foundConfig},
		{"sub/test_x.py", false, foundNone},
		{"sub/tests.py", true, foundName}, // unittest's test*.py with TestCase classes
		{"sub/tests.py", false, foundNone},
		{"t_x.py", false, foundNone},
		// The near-miss: a benchmark script in tests/ is no test file.
		{"tests/bench_load.py", false, foundUncollected},
		{"tests/helpers.py", false, foundUncollected},
		{"tests/testing_utils.py", true, foundName},
		{"src/pkg/test/util.py", false, foundUncollected},
		{"testing/util.py", false, foundNone},
		{"pkg/core.py", false, foundNone},
		{"build/tests/test_gen.py", false, foundUncollected}, // norecursedirs' default build
		{"svc/integration/test_api.py", false, foundName},
		{"svc/integration/helpers.py", false, foundUncollected},
		{"svc/e2e/flows/test_login.py", false, foundName},
		{"svc/e2e/legacy/test_old.py", false, foundUncollected},
		{"svc/suites/api/test_client.py", false, foundName},
		{"svc/suites/api/bench_client.py", false, foundUncollected},
		{"svc/suites/slowest/test_x.py", false, foundUncollected},
		{"svc/test_outside.py", false, foundNone}, // outside testpaths
	} {
		if got := testFileRule(tt.path, cfgs, tt.testCase); got != tt.want {
			t.Errorf("testFileRule(%q, %v) = %d, want %d", tt.path, tt.testCase, got, tt.want)
		}
	}
}

func TestPytestConfig(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []PytestConfig
	}{
		{"pytest.ini", map[string]string{"pytest.ini": "# c\n[pytest]\ntestpaths =\n    tests\n    integration\npython_files = test_*.py check_*.py\naddopts = -ra --doctest-glob=*.rst\n"},
			[]PytestConfig{{Evidence: lineEvidence("pytest.ini", 2), Section: "[pytest]", Testpaths: []string{"tests", "integration"},
				PythonFiles: []string{"test_*.py", "check_*.py"}, DoctestModules: true}}},
		{"pytest.ini without section", map[string]string{"pytest.ini": "; empty\n"},
			[]PytestConfig{{Evidence: fileEvidence("pytest.ini")}}},
		{"setup.cfg", map[string]string{"setup.cfg": "[metadata]\nname = x\n[tool:pytest]\naddopts = --cov=x\n"},
			[]PytestConfig{{Evidence: lineEvidence("setup.cfg", 3), Section: "[tool:pytest]", Coverage: true}}},
		{"tox.ini", map[string]string{"tox.ini": "[tox]\nenvlist = py312\n[pytest]\ntestpaths = t\n"},
			[]PytestConfig{{Evidence: lineEvidence("tox.ini", 3), Section: "[pytest]", Testpaths: []string{"t"}}}},
		{"pyproject ini_options", map[string]string{"pyproject.toml": "[project]\nname = 'x'\n\n[tool.pytest.ini_options]\npython_files = [\"*_spec.py\"]\naddopts = [\"--cov\", \"--doctest-modules\"]\n"},
			[]PytestConfig{{Evidence: lineEvidence("pyproject.toml", 4), Section: "[tool.pytest.ini_options]",
				PythonFiles: []string{"*_spec.py"}, DoctestModules: true, Coverage: true}}},
		{"pyproject native table", map[string]string{"pyproject.toml": "[tool.pytest]\ntestpaths = [\"spec\"]\n"},
			[]PytestConfig{{Evidence: lineEvidence("pyproject.toml", 1), Section: "[tool.pytest]", Testpaths: []string{"spec"}}}},
		{"shallowest first", map[string]string{"sub/pytest.ini": "[pytest]\n", "setup.cfg": "[tool:pytest]\n"},
			[]PytestConfig{{Evidence: lineEvidence("setup.cfg", 1), Section: "[tool:pytest]"}, {Evidence: lineEvidence("sub/pytest.ini", 1), Section: "[pytest]"}}},
		{"no pytest section", map[string]string{"setup.cfg": "[flake8]\n", "tox.ini": "[tox]\n", "pyproject.toml": "[tool.black]\n"},
			[]PytestConfig{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rp := Analyze(buildRepo(t, tt.files))
			if !reflect.DeepEqual(rp.Tests.PytestConfig, tt.want) {
				t.Errorf("got %+v\nwant %+v", rp.Tests.PytestConfig, tt.want)
			}
		})
	}
}

// TestConfiguredTestFiles checks that python_files and testpaths find test
// files the conventions miss, relative to the configuration's directory.
func TestConfiguredTestFiles(t *testing.T) {
	rp := Analyze(buildRepo(t, map[string]string{
		"svc/setup.cfg":              "[tool:pytest]\npython_files = check_*.py\ntestpaths = spec\n",
		"svc/spec/check_api.py":      "def test_api():\n    assert 1\n",
		"svc/spec/helpers.py":        "def helper():\n    return 1\n",
		"svc/check_top.py":           "def test_top():\n    assert 1\n",
		"svc/app.py":                 "def f():\n    return 1\n",
		"other/check_other.py":       "def test_x():\n    pass\n",
		"pkg/tests/test_core.py":     "def test_core():\n    assert 1\n",
		"pkg/core.py":                "'''>>> 1'''\nimport doctest\n",
		"pkg/tests/fixtures/data.py": "x = 1\n",
	}))
	tt := &rp.Tests
	if tt.Files != 2 || tt.Tests != 2 || tt.FoundBy != (TestFilesFound{Name: 1, Config: 1}) {
		t.Errorf("files %d tests %d found %+v examples %v", tt.Files, tt.Tests, tt.FoundBy, tt.Examples)
	}
	if want := []string{"pkg/tests/test_core.py", "svc/spec/check_api.py"}; !reflect.DeepEqual(tt.Examples, want) {
		t.Errorf("examples %v", tt.Examples)
	}
	// pkg/tests/fixtures/ is vendored to go-enry, so left out altogether.
	if want := []string{"svc/spec/helpers.py"}; tt.Uncollected != 1 || !reflect.DeepEqual(tt.UncollectedExamples, want) {
		t.Errorf("uncollected %d %v", tt.Uncollected, tt.UncollectedExamples)
	}
	if tt.DoctestExamples.Count != 1 || len(tt.Frameworks) != 2 || tt.Frameworks[0].Name != "pytest" || tt.Frameworks[1].Name != "doctest" {
		t.Errorf("doctests %d frameworks %+v", tt.DoctestExamples.Count, tt.Frameworks)
	}
}

func TestINI(t *testing.T) {
	src := "\xef\xbb\xbf# comment\n; other\n[flake8]\nMax-Line-Length = 100 # inline\nexclude =\n    .git,\n\n    build\nselect: E,W\n  [not a section]\n[tool:pytest]\naddopts=-ra;not a comment\n"
	f, problems := parseINI([]byte(src))
	if len(problems) != 0 {
		t.Errorf("problems %+v", problems)
	}
	want := []iniSection{
		{name: "flake8", line: 3, keys: []iniKey{
			{name: "max-line-length", value: "100", line: 4},
			{name: "exclude", value: ".git,\nbuild", line: 5},
			{name: "select", value: "E,W\n[not a section]", line: 9},
		}},
		{name: "tool:pytest", line: 11, keys: []iniKey{{name: "addopts", value: "-ra;not a comment", line: 12}}},
	}
	if !reflect.DeepEqual(f.sections, want) {
		t.Errorf("got %+v\nwant %+v", f.sections, want)
	}
	_, problems = parseINI([]byte("k = v\n[a\n[b]\njust words\n"))
	wantP := []iniProblem{{1, "key before any section"}, {2, "unclosed section header"}, {4, "neither a section, a key nor a comment"}}
	if !reflect.DeepEqual(problems, wantP) {
		t.Errorf("problems %+v", problems)
	}
}

func TestTOMLHeaders(t *testing.T) {
	doc, err := parseTOML([]byte("title = 'x'\n[tool.ruff.lint]\nselect = ['E']\n[ tool . \"black\" ]\nx = 1\n[[tool.mypy.overrides]]\nmodule = 'a'\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"tool": 2, "tool.ruff": 2, "tool.ruff.lint": 2, "tool.black": 4, "tool.mypy": 6, "tool.mypy.overrides": 6}
	if !reflect.DeepEqual(doc.headers, want) {
		t.Errorf("headers %v", doc.headers)
	}
	if doc.table("tool", "black") == nil || doc.table("tool", "nope") != nil {
		t.Error("table lookup")
	}
}

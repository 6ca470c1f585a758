package roles

import "testing"

func TestByPath(t *testing.T) {
	cases := map[string]Role{
		"pkg/core.py":               Source,
		"src/pkg/__init__.py":       Source,
		"tests/test_core.py":        Test,
		"pkg/tests/helpers.py":      Test,
		"test_core.py":              Test,
		"core_test.py":              Test,
		"conftest.py":               Test,
		"examples/train.py":         Example,
		"demo/app.py":               Example,
		"benchmarks/bench_parse.py": Benchmark,
		"bench_parse.py":            Benchmark,
		"docs/conf.py":              Docs,
		"notebooks/analysis.ipynb":  Notebook,
		"tests/examples/x.py":       Test,
		"examples/tests/x.py":       Example,
		"./pkg/../tests/test_x.py":  Test,
		"Examples/Run.py":           Example,
	}
	for p, want := range cases {
		if got := ByPath(p); got != want {
			t.Errorf("ByPath(%q) = %s, want %s", p, got, want)
		}
	}
}

// Near misses: names that contain a role word without being one stay source.
func TestByPathNearMisses(t *testing.T) {
	for _, p := range []string{
		"pkg/testing_utils_lib.py", // a module, not a directory named testing
		"pkg/latest.py",            // ends in "test" only as part of a word
		"pkg/contest.py",
		"pkg/attest_test_helpers.py",
		"pkg/examples.py", // a module named examples is source until a runner or content says otherwise
		"pkg/docstring.py",
		"pkg/benchmarking_config.py",
		"pkg/benchy.py",
		"testsuite_runner/core.py",
	} {
		if got := ByPath(p); got != Source {
			t.Errorf("ByPath(%q) = %s, want source", p, got)
		}
	}
}

func TestRoleValidAndOwn(t *testing.T) {
	for _, r := range All {
		if !r.Valid() {
			t.Errorf("%s not valid", r)
		}
	}
	if Role("lib").Valid() {
		t.Error(`"lib" is valid`)
	}
	if !Source.Own() || !Notebook.Own() || Test.Own() || Example.Own() {
		t.Error("Own: only source and notebook are the candidate's working code")
	}
}

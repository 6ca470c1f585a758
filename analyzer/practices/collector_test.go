package practices

import "testing"

func TestTestCollector(t *testing.T) {
	c := NewTestCollector(Repo{
		Files: []string{"pyproject.toml", "checks/check_api.py", "checks/util.py", "scripts/test_db.py", "pkg/test_x.py", "pkg/testcase_mod.py"},
		Contents: map[string][]byte{"pyproject.toml": []byte(`[tool.pytest.ini_options]
testpaths = ["checks"]
python_files = ["check_*.py"]
`)},
	})
	cases := []struct {
		p                    string
		testCase             bool
		collected, inTestDir bool
	}{
		{"checks/check_api.py", false, true, false},
		{"checks/util.py", false, false, true},
		{"scripts/test_db.py", false, false, false}, // outside testpaths
		{"pkg/test_x.py", false, false, false},
	}
	for _, k := range cases {
		col, dir := c.Collects(k.p, k.testCase)
		if col != k.collected || dir != k.inTestDir {
			t.Errorf("Collects(%q) = %v, %v; want %v, %v", k.p, col, dir, k.collected, k.inTestDir)
		}
	}
	// Without configuration, pytest's defaults and unittest's test*.py.
	d := NewTestCollector(Repo{Files: []string{"pkg/test_x.py"}})
	if col, _ := d.Collects("pkg/test_x.py", false); !col {
		t.Error("default pytest naming not collected")
	}
	if col, _ := d.Collects("pkg/testing_helpers.py", false); col {
		t.Error("testing_helpers.py without TestCase collected")
	}
	if col, _ := d.Collects("pkg/tests_old.py", true); !col {
		t.Error("unittest test*.py with TestCase not collected")
	}
}

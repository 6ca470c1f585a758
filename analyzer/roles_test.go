package analyzer

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// The roles reach the JSON: each repository counts its files by role,
// every evidence item carries its file's role (manifest lines too), and
// counts that mix roles say how they split.
func TestRolesInTheRepositoryFacts(t *testing.T) {
	django := func(name string) string {
		data, err := os.ReadFile(filepath.Join("roles", "testdata", "django", name))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	chain := "class A:\n    pass\n\n\nclass B(A):\n    pass\n\n\nclass C(B):\n    pass\n"
	r := inspectFiles(t, map[string]string{
		"pyproject.toml": "[project]\nname = \"shop\"\ndependencies = [\"django\"]\n\n[tool.setuptools]\npackages = [\"shop\", \"examples\"]\n\n" +
			"[tool.pytest.ini_options]\ntestpaths = [\"checks\"]\npython_files = [\"check_*.py\"]\n",
		"docs/requirements.txt":    "sphinx\n",
		"shop/__init__.py":         "",
		"shop/core.py":             chain,
		"shop/models.py":           django("models.py"),
		"mysite/settings.py":       django("settings.py"),
		"mysite/models.py":         "from django.db import models\n\n# Create your models here.\nclass Item(models.Model):\n    name = models.CharField(max_length=9)\n",
		"manage.py":                django("manage.py"),
		"checks/check_core.py":     chain + "\n\ndef check_chain():\n    assert C()\n",
		"checks/util.py":           "def helper():\n    return 1\n",
		"scripts/test_release.py":  "print('not collected: outside testpaths')\n",
		"examples/__init__.py":     "",
		"examples/hello.py":        "print('shipped')\n",
		"benchmarks/bench_core.py": chain,
		"docs/conf.py":             "project = 'shop'\n",
		"analysis.ipynb":           `{"cells":[{"cell_type":"code","source":["import os\n"],"metadata":{},"outputs":[]}],"metadata":{},"nbformat":4,"nbformat_minor":5}`,
	})
	want := map[string]int{"source": 6, "test": 2, "benchmark": 1, "docs": 1, "notebook": 1, "scaffold": 3}
	if !reflect.DeepEqual(r.Roles, want) {
		t.Errorf("roles %v, want %v", r.Roles, want)
	}
	ml := r.Python.OOP.Inheritance.Multilevel
	if ml.Count != 3 || !reflect.DeepEqual(ml.Roles, map[string]int{"source": 1, "test": 1, "benchmark": 1}) {
		t.Errorf("multilevel %d split %v, want 3 split source 1, test 1, benchmark 1", ml.Count, ml.Roles)
	}
	byPath := map[string]string{}
	for _, e := range ml.Evidence {
		byPath[e.Path] = e.Role
	}
	if byPath["shop/core.py"] != "source" || byPath["checks/check_core.py"] != "test" || byPath["benchmarks/bench_core.py"] != "benchmark" {
		t.Errorf("evidence roles %v", byPath)
	}
	for _, m := range r.Dependencies.Libraries {
		for _, d := range m.DeclaredIn {
			if d.Evidence.Role != "source" {
				t.Errorf("%s declared at %+v: role %q, want source", m.Package, d.Evidence, d.Evidence.Role)
			}
		}
	}
	// Near miss: a tally all in source omits its split.
	solo := inspectFiles(t, map[string]string{"pkg/core.py": chain})
	if ml := solo.Python.OOP.Inheritance.Multilevel; ml.Count != 1 || ml.Roles != nil {
		t.Errorf("source-only multilevel %d split %v, want 1 and no split", ml.Count, ml.Roles)
	}
}

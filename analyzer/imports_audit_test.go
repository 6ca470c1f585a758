package analyzer

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/pyscout/pyscout/rules/libraries"
)

// TestLibraryClaimsAudit is the claims audit of issue 12's first two defect
// classes: a repository whose layout invites every wrong claim, with the
// library claims that must and must not appear in the profile.
func TestLibraryClaimsAudit(t *testing.T) {
	files := map[string]string{
		"pyproject.toml": "[project]\nname = \"mypkg\"\ndependencies = [\"redis\", \"celery\", \"requests\", \"acmelib\"]\n" +
			"[tool.setuptools]\npackage-dir = {\"\" = \"lib\"}\n",
		// A submodule and a subpackage named after libraries.
		"lib/mypkg/__init__.py":                  "",
		"lib/mypkg/redis.py":                     "import redis\n",
		"lib/mypkg/client.py":                    "import redis\nimport mypkg.redis\nimport acmelib\n",
		"lib/mypkg/acmelib.py":                   "",
		"lib/mypkg/contrib/__init__.py":          "",
		"lib/mypkg/contrib/django/__init__.py":   "from django.apps import AppConfig\n",
		"lib/mypkg/contrib/django/middleware.py": "import mypkg\n",
		// Example scripts in a directory named after the library.
		"examples/celery/worker.py": "import celery\nfrom tasks import add\n",
		"examples/celery/tasks.py":  "from celery import Celery\n",
		// A script directory.
		"tools/helper.py": "",
		"tools/run.py":    "import helper\n",
		// A test fixture on sys.path, and pytest's private modules.
		"tests/fixtures/myplugin.py": "",
		"tests/conftest.py":          "import sys\nimport pytest\n",
		"tests/test_plugin.py":       "import myplugin\nimport pytest\nfrom _pytest.monkeypatch import MonkeyPatch\nimport mypkg\n",
		"tests/test_more.py":         "from _pytest.fixtures import FixtureRequest\n",
		// A private module of a declared library that is not imported.
		"compat.py": "import _requests\n",
	}
	dir := t.TempDir()
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	db, err := libraries.Default().Extend("user.toml", []byte("[libraries]\nacmelib = { name = \"acmelib\", category = \"utilities\" }\n"))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p, err := Inspect(ctx, []string{dir}, Options{CacheDir: t.TempDir(), Libraries: db})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Repos) != 1 {
		t.Fatalf("repos %+v, skipped %+v", p.Repos, p.Skipped)
	}
	r := p.Repos[0]

	var imports []string
	for _, l := range r.Python.Libraries {
		imports = append(imports, l.Import)
	}
	slices.Sort(imports)
	// acmelib is the user's library: lib/mypkg/acmelib.py does not make it
	// local. _requests is not listed apart in the dependencies (below).
	want := []string{"_requests", "acmelib", "celery", "django", "pytest", "redis"}
	if !slices.Equal(imports, want) {
		t.Errorf("python.libraries = %v, want %v", imports, want)
	}
	var local []string
	for _, l := range r.Python.Imports.Local {
		local = append(local, l.Import)
	}
	slices.Sort(local)
	if want := []string{"helper", "mypkg", "myplugin", "tasks"}; !slices.Equal(local, want) {
		t.Errorf("python.imports.local = %v, want %v", local, want)
	}
	if pt := library(r.Dependencies, "pytest"); pt == nil || pt.Files != 3 || !slices.Equal(pt.OtherImports, []string{"_pytest"}) {
		t.Errorf("dependencies pytest = %+v; want 3 files with _pytest merged", pt)
	}
	if library(r.Dependencies, "_pytest") != nil {
		t.Errorf("_pytest listed as a library of its own")
	}
	if rq := library(r.Dependencies, "_requests"); rq == nil || rq.Package != "requests" || !rq.Declared {
		t.Errorf("_requests = %+v; want the declared requests", rq)
	}
	for _, u := range r.Dependencies.DeclaredUnused {
		if u.Package == "requests" || u.Package == "acmelib" {
			t.Errorf("%s declared and imported, listed as unused", u.Package)
		}
	}
	if len(r.Python.Imports.Unknown) != 0 {
		t.Errorf("unknown imports %+v; want none in this layout", r.Python.Imports.Unknown)
	}
}

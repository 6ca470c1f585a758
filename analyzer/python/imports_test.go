package python

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/pyscout/pyscout/rules/libraries"
)

// originCase is one import in one layout, with the origin Python 3 gives it.
type originCase struct {
	name   string
	files  []string
	pkg    map[string]string // packaging files' contents
	file   string
	imp    string
	origin ImportOrigin
	// judged marks a case where the resolver departs from the literal
	// sys.path on purpose; the CPython check leaves it out.
	judged bool
}

// originCases are the layouts of issue 12's first defect class: each rule
// with the near-miss that must stay quiet.
var originCases = []originCase{
	// A submodule named after a library does not shadow it for absolute
	// imports (Python 3): redis is the library.
	{"submodule named like a library", []string{"mypkg/__init__.py", "mypkg/redis.py", "mypkg/client.py"}, nil,
		"mypkg/client.py", "redis", OriginThirdParty, false},
	{"subpackage named like a library", []string{"mypkg/__init__.py", "mypkg/contrib/__init__.py", "mypkg/contrib/django/__init__.py", "mypkg/views.py"}, nil,
		"mypkg/views.py", "django", OriginThirdParty, false},
	{"subpackage, imported from elsewhere", []string{"mypkg/__init__.py", "mypkg/contrib/__init__.py", "mypkg/contrib/django/__init__.py", "app.py"}, nil,
		"app.py", "django", OriginThirdParty, false},
	// A directory of examples named after the library is not the library.
	{"examples directory named like a library", []string{"examples/celery/worker.py", "examples/celery/tasks.py", "setup.py"}, nil,
		"examples/celery/worker.py", "celery", OriginThirdParty, false},
	// The src layout: the package is local from its own files and tests.
	{"src layout, inside", []string{"src/mypkg/__init__.py", "src/mypkg/core.py", "pyproject.toml"}, nil,
		"src/mypkg/core.py", "mypkg", OriginLocal, false},
	{"src layout, from tests", []string{"src/mypkg/__init__.py", "tests/test_core.py", "pyproject.toml"}, nil,
		"tests/test_core.py", "mypkg", OriginLocal, false},
	// A script's own directory is on sys.path.
	{"script directory", []string{"tools/helper.py", "tools/run.py"}, nil,
		"tools/run.py", "helper", OriginLocal, false},
	{"script directory, not the caller's", []string{"tools/helper.py", "tools/run.py", "app.py"}, nil,
		"app.py", "helper", OriginUnknown, false},
	// A module inside a regular package is not a script: its directory is
	// not on sys.path, the one above its topmost package is.
	{"sibling inside a package", []string{"mypkg/__init__.py", "mypkg/helper.py", "mypkg/run.py"}, nil,
		"mypkg/run.py", "helper", OriginUnknown, false},
	{"rootdir above the topmost package", []string{"project/pkg/__init__.py", "project/pkg/sub/__init__.py", "project/pkg/sub/mod.py"}, nil,
		"project/pkg/sub/mod.py", "pkg", OriginLocal, false},
	// Roots named by packaging configuration.
	{"pyproject package-dir", []string{"pyproject.toml", "lib/corepkg/__init__.py", "app.py"},
		map[string]string{"pyproject.toml": "[tool.setuptools]\npackage-dir = {\"\" = \"lib\"}\n"},
		"app.py", "corepkg", OriginLocal, false},
	{"pyproject packages.find where", []string{"pyproject.toml", "code/corepkg/__init__.py", "app.py"},
		map[string]string{"pyproject.toml": "[tool.setuptools.packages.find]\nwhere = [\"code\"]\n"},
		"app.py", "corepkg", OriginLocal, false},
	{"setup.cfg package_dir", []string{"setup.cfg", "code/corepkg/__init__.py", "app.py"},
		map[string]string{"setup.cfg": "[options]\npackage_dir =\n    =code\n"},
		"app.py", "corepkg", OriginLocal, false},
	{"poetry packages from", []string{"pyproject.toml", "code/corepkg/__init__.py", "app.py"},
		map[string]string{"pyproject.toml": "[tool.poetry]\nname = \"x\"\npackages = [{include = \"corepkg\", from = \"code\"}]\n"},
		"app.py", "corepkg", OriginLocal, false},
	{"no packaging root", []string{"code/corepkg/__init__.py", "app.py"}, nil,
		"app.py", "corepkg", OriginUnknown, false},
	{"packaging root outside the repository", []string{"pyproject.toml", "code/corepkg/__init__.py", "app.py"},
		map[string]string{"pyproject.toml": "[tool.setuptools]\npackage-dir = {\"\" = \"../code\"}\n"},
		"app.py", "corepkg", OriginUnknown, false},
	// Test fixtures that tests put on sys.path are local; a fixture
	// named like a library may shadow it or stand in for it: unknown.
	{"test fixture module", []string{"tests/fixtures/myplugin.py", "tests/test_plugin.py"}, nil,
		"tests/test_plugin.py", "myplugin", OriginLocal, false},
	{"test fixture, from outside the tests", []string{"tests/fixtures/myplugin.py", "app.py"}, nil,
		"app.py", "myplugin", OriginUnknown, false},
	{"test fixture named like a library", []string{"tests/fixtures/redis.py", "tests/test_cache.py"}, nil,
		"tests/test_cache.py", "redis", OriginUnknown, false},
	{"library imported by tests beside fixtures", []string{"tests/fixtures/myplugin.py", "tests/test_cache.py"}, nil,
		"tests/test_cache.py", "redis", OriginThirdParty, false},
	// A script beside a module named like a library, and a file importing
	// its own name: run as a script Python imports the local file, which
	// is rarely what the author meant; the layout does not settle it.
	{"script shadowing a library", []string{"scripts/redis.py", "scripts/run.py"}, nil,
		"scripts/run.py", "redis", OriginUnknown, false},
	{"file importing its own name", []string{"scripts/redis.py"}, nil,
		"scripts/redis.py", "redis", OriginUnknown, false},
	// A namespace portion (no __init__.py) loses to an installed regular
	// package: it never shadows a library.
	{"namespace directory named like a library", []string{"examples/django/manage.py", "examples/gateway/__init__.py", "examples/gateway/urls.py"}, nil,
		"examples/gateway/urls.py", "django", OriginThirdParty, false},
	{"test namespace directory named like a library", []string{"tests/django/test_views.py", "tests/test_x.py"}, nil,
		"tests/test_x.py", "django", OriginThirdParty, false},
	// A package named after a library importing the library.
	{"example package named like the library it uses", []string{"examples/pydantic/__init__.py", "examples/pydantic/tasks.py"}, nil,
		"examples/pydantic/tasks.py", "pydantic", OriginThirdParty, true},
	{"sibling package named like a library", []string{"examples/pydantic/__init__.py", "examples/other/__init__.py", "examples/other/tasks.py"}, nil,
		"examples/other/tasks.py", "pydantic", OriginUnknown, false},
	// Vendored copies are not the candidate's.
	{"vendored package", []string{"vendor/vendoredpkg/__init__.py", "app.py"}, nil,
		"app.py", "vendoredpkg", OriginThirdParty, false},
}

func layoutOf(c originCase) RepoLayout {
	l := RepoLayout{Files: c.files}
	if c.pkg != nil {
		l.Packaging = map[string][]byte{}
		for p, s := range c.pkg {
			l.Packaging[p] = []byte(s)
		}
	}
	return l
}

func TestImportOriginFollowsPython3(t *testing.T) {
	for _, c := range originCases {
		t.Run(c.name, func(t *testing.T) {
			r := NewImportResolver(layoutOf(c))
			res := r.Resolve(c.file, Import{Module: c.imp, Top: topLevel(c.imp)})
			if res.Origin != c.origin {
				t.Fatalf("%s in %s: origin %s (%q), want %s", c.imp, c.file, res.Origin, res.Reason, c.origin)
			}
			if (res.Origin == OriginUnknown) != (res.Reason != "") {
				t.Errorf("origin %s with reason %q: an unknown origin needs a reason, and only it", res.Origin, res.Reason)
			}
		})
	}
}

// TestImportOriginUsesUserLibraries: the user's libraries file decides
// whether a repository's own module of a library's name is that library.
func TestImportOriginUsesUserLibraries(t *testing.T) {
	// A declared distribution is a library too.
	if got := NewImportResolver(RepoLayout{Files: []string{"mypkg/__init__.py", "mypkg/acmelib.py", "mypkg/client.py"}, Declared: []string{"AcmeLib"}}).
		Resolve("mypkg/client.py", Import{Module: "acmelib", Top: "acmelib"}).Origin; got != OriginThirdParty {
		t.Fatalf("declared: acmelib is %s, want third_party", got)
	}
	files := []string{"mypkg/__init__.py", "mypkg/acmelib.py", "mypkg/client.py"}
	imp := Import{Module: "acmelib", Top: "acmelib"}
	if got := NewImportResolver(RepoLayout{Files: files}).Resolve("mypkg/client.py", imp).Origin; got != OriginUnknown {
		t.Fatalf("built-in data: acmelib is %s, want unknown", got)
	}
	db, err := libraries.Default().Extend("user.toml", []byte(`[libraries]
acmelib = { name = "acmelib", category = "utilities" }
`))
	if err != nil {
		t.Fatal(err)
	}
	if got := NewImportResolver(RepoLayout{Files: files, Libraries: db}).Resolve("mypkg/client.py", imp).Origin; got != OriginThirdParty {
		t.Fatalf("user data: acmelib is %s, want third_party", got)
	}
}

// TestImportOriginAgainstCPython checks the local and third-party cases
// against CPython's own finder: with sys.path set to the entries the rules
// name for the file (its base directory and the import roots, no
// site-packages), importlib finds the name in the tree exactly when the
// resolver says local. Unknown cases are where the entries are a guess,
// and are left out.
func TestImportOriginAgainstCPython(t *testing.T) {
	python := pythonForTests(t)
	// site stands for site-packages, where every library is installed as a
	// regular package, after the repository's entries.
	const probe = `import sys, os, importlib.machinery, json
root = sys.argv[1]
for line in sys.stdin:
    name, *entries = json.loads(line)
    site = os.path.join(root, ".site")
    os.makedirs(os.path.join(site, name), exist_ok=True)
    open(os.path.join(site, name, "__init__.py"), "w").close()
    spec = importlib.machinery.PathFinder.find_spec(name, [os.path.join(root, e) for e in entries] + [site])
    where = spec.origin or list(spec.submodule_search_locations)[0]
    print("third_party" if where.startswith(site) else "local")
`
	for _, c := range originCases {
		if c.origin == OriginUnknown || c.judged {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range c.files {
				p := filepath.Join(dir, filepath.FromSlash(f))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(c.pkg[f]), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			r := NewImportResolver(layoutOf(c))
			entries := []string{r.baseDir(c.file)}
			if strings.HasPrefix(c.file, "tests/") {
				entries = append(entries, "tests/fixtures") // what the fixture's conftest inserts
			}
			for _, f := range c.files {
				if IsPackagingFile(f) {
					entries = append(entries, PackagingRoots(f, []byte(c.pkg[f])).Dirs...)
				}
			}
			entries = append(entries, ".", "src")
			var q strings.Builder
			q.WriteString(`["` + c.imp + `"`)
			for _, e := range entries {
				q.WriteString(`, "` + e + `"`)
			}
			q.WriteString("]\n")
			cmd := exec.Command(python, "-S", "-c", probe, dir)
			cmd.Stdin = strings.NewReader(q.String())
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if got := strings.TrimSpace(string(out)); got != string(c.origin) {
				t.Errorf("%s in %s: CPython finds it %s on %v, the resolver says %s", c.imp, c.file, got, entries, c.origin)
			}
		})
	}
}

// TestLibrariesMergedByDistribution: the names of one distribution are one
// library, each file counted once; a private top level merges only into a
// library the repository also imports.
func TestLibrariesMergedByDistribution(t *testing.T) {
	rf := analyzeRepo(t, map[string]string{
		"conftest.py":     "import pytest\nfrom _pytest.fixtures import FixtureRequest\n",
		"tests/test_a.py": "import pytest\n",
		"plugin.py":       "from _pytest.config import Config\n",
		"img.py":          "from PIL import Image as I\nimport Image\n",
		"http.py":         "import requests\nimport _requests_shim\n",
		"priv.py":         "import _requests\n",
		"yaml_only.py":    "import _yaml\n", // PyYAML's C module: yaml is not imported
	})
	byName := map[string]ImportedLibrary{}
	for _, l := range rf.Libraries {
		byName[l.Import] = l
	}
	pt, ok := byName["pytest"]
	if !ok || pt.Files != 3 || pt.Imports != 4 || !reflect.DeepEqual(pt.OtherImports, []string{"_pytest"}) {
		t.Errorf("pytest = %+v; want 3 files (conftest counted once), 4 imports, other_imports [_pytest]", pt)
	}
	if _, ok := byName["_pytest"]; ok {
		t.Errorf("_pytest listed apart from pytest: %+v", rf.Libraries)
	}
	if pil := byName["PIL"]; pil.Files != 1 || !reflect.DeepEqual(pil.OtherImports, []string{"Image"}) {
		t.Errorf("PIL = %+v; want Image merged into it, one file", pil)
	}
	if rq := byName["requests"]; rq.Files != 2 || !reflect.DeepEqual(rq.OtherImports, []string{"_requests"}) {
		t.Errorf("requests = %+v; want _requests merged (requests is imported too), 2 files", rq)
	}
	// Near-misses: a private name that is not a library's un-underscored
	// name, and a private module of a library not imported, stay apart.
	if _, ok := byName["_requests_shim"]; !ok {
		t.Errorf("_requests_shim merged or lost: %+v", rf.Libraries)
	}
	if _, ok := byName["_yaml"]; !ok {
		t.Errorf("_yaml merged without yaml imported: %+v", rf.Libraries)
	}
}

// TestUnknownImportsListed: an import the layout cannot settle is listed
// with its reason and counted neither as local nor as a library.
func TestUnknownImportsListed(t *testing.T) {
	rf := analyzeRepo(t, map[string]string{
		"mypkg/__init__.py": "",
		"mypkg/redis.py":    "",
		"mypkg/utils.py":    "",
		"mypkg/client.py":   "import redis\nimport utils\n",
	})
	if len(rf.Imports.Unknown) != 1 || rf.Imports.Unknown[0].Import != "utils" || rf.Imports.Unknown[0].Reason == "" ||
		rf.Imports.Unknown[0].Evidence.Path != "mypkg/client.py" {
		t.Fatalf("unknown = %+v; want utils with a reason", rf.Imports.Unknown)
	}
	if len(rf.Libraries) != 1 || rf.Libraries[0].Import != "redis" {
		t.Errorf("libraries = %+v; want redis only (mypkg/redis.py does not shadow it)", rf.Libraries)
	}
	if len(rf.Imports.Local) != 0 {
		t.Errorf("local = %+v; want none", rf.Imports.Local)
	}
}

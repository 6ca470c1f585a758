package libraries

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestEmbeddedData(t *testing.T) {
	db := newDB()
	if err := db.apply(embeddedSources()); err != nil {
		t.Fatal(err)
	}
	_ = Default() // must not panic
}

func TestImportMap(t *testing.T) {
	imports := Default().Imports()
	differs := 0
	for key, dists := range imports {
		if !isDottedIdentifier(key) {
			t.Errorf("imports.%s: not a dotted module name", key)
		}
		if len(dists) == 0 {
			t.Errorf("imports.%s: no distribution", key)
			continue
		}
		for _, d := range dists {
			if !ValidName(d) {
				t.Errorf("imports.%s: %q is not a distribution name", key, d)
			}
		}
		// An undotted entry with a single distribution of its own name
		// restates the default and only costs a lookup.
		if Normalize(key) == Normalize(dists[0]) && len(dists) == 1 && !strings.Contains(key, ".") {
			t.Errorf("imports.%s: maps to its own name", key)
		}
		if Normalize(key) != Normalize(dists[0]) {
			differs++
		}
	}
	if differs < 300 {
		t.Errorf("%d imports name another distribution, want >= 300", differs)
	}
	// Case-insensitive twins would make the map depend on spelling.
	seen := map[string]string{}
	for key := range imports {
		low := strings.ToLower(key)
		if prev, ok := seen[low]; ok && prev != key {
			// PIL and the old top-level Image are different modules;
			// only flag true twins.
			t.Errorf("imports.%s and imports.%s differ only in case", prev, key)
		}
		seen[low] = key
	}
}

func TestTaxonomy(t *testing.T) {
	db := Default()
	libs := db.Libraries()
	if len(libs) < 300 {
		t.Errorf("%d libraries in the taxonomy, want >= 300", len(libs))
	}
	required := []string{"web_frameworks", "http_apis", "data_numerics", "machine_learning", "visualisation",
		"databases", "async_networking", "task_queues", "testing", "cli", "scraping", "cloud_devops",
		"gui_games", "packaging_tooling", "security"}
	perCat := map[string]int{}
	for _, l := range libs {
		perCat[l.Category]++
		if l.Package != Normalize(l.Name) {
			t.Errorf("%s: name %q does not normalise to the key", l.Package, l.Name)
		}
		if l.Tool && l.Plugin {
			t.Errorf("%s: both tool and plugin", l.Package)
		}
	}
	for _, id := range required {
		c, ok := db.Category(id)
		if !ok {
			t.Errorf("category %s missing", id)
			continue
		}
		if c.Name == "" {
			t.Errorf("category %s has no display name", id)
		}
		if perCat[id] < 10 {
			t.Errorf("category %s has %d libraries, want >= 10", id, perCat[id])
		}
	}
	for _, c := range db.Categories() {
		if perCat[c.ID] == 0 {
			t.Errorf("category %s is empty", c.ID)
		}
	}
}

func TestAlternativesKnown(t *testing.T) {
	db := Default()
	for _, l := range db.Libraries() {
		for _, a := range l.Alternatives {
			if _, ok := db.Library(a); !ok {
				t.Errorf("%s: alternative %q is not in the taxonomy", l.Package, a)
			}
		}
	}
}

func TestIssueExamples(t *testing.T) {
	db := Default()
	for imp, want := range map[string]string{
		"bs4":                         "beautifulsoup4",
		"sklearn":                     "scikit-learn",
		"sklearn.model_selection":     "scikit-learn",
		"cv2":                         "opencv-python",
		"yaml":                        "PyYAML",
		"PIL":                         "Pillow",
		"PIL.Image":                   "Pillow",
		"dateutil":                    "python-dateutil",
		"dateutil.parser":             "python-dateutil",
		"jwt":                         "PyJWT",
		"google.cloud.storage":        "google-cloud-storage",
		"google.cloud.storage.blob":   "google-cloud-storage",
		"google.cloud.bigquery":       "google-cloud-bigquery",
		"google.protobuf.json_format": "protobuf",
		"azure.storage.blob":          "azure-storage-blob",
		"azure.identity":              "azure-identity",
		"rest_framework":              "djangorestframework",
		"numpy":                       "numpy",
		"numpy.linalg":                "numpy",
		"some_unknown_pkg.sub":        "some_unknown_pkg",
		"google.unknown":              "google",
	} {
		if got := db.Distribution(imp); got != want {
			t.Errorf("Distribution(%q) = %q, want %q", imp, got, want)
		}
	}
	if p, d := db.Match("google.cloud.storage.blob"); p != "google.cloud.storage" || d[0] != "google-cloud-storage" {
		t.Errorf("Match = %q %v", p, d)
	}
	if got := db.Providers("cv2"); !contains(got, "opencv-python-headless") {
		t.Errorf("Providers(cv2) = %v", got)
	}
	for _, ns := range []string{"google", "azure", "opentelemetry"} {
		if !db.IsNamespace(ns) {
			t.Errorf("IsNamespace(%q) = false", ns)
		}
	}
	if db.IsNamespace("numpy") {
		t.Error("IsNamespace(numpy) = true")
	}

	alts := []struct {
		lib      string
		category string
		alts     []string
	}{
		{"Django", "web_frameworks", []string{"flask", "fastapi"}},
		{"flask", "web_frameworks", []string{"django", "fastapi"}},
		{"FastAPI", "web_frameworks", []string{"flask", "django"}},
		{"numpy", "data_numerics", []string{"scipy"}},
		{"scipy", "data_numerics", []string{"numpy"}},
		{"tensorflow", "machine_learning", []string{"torch", "jax"}},
		{"torch", "machine_learning", []string{"tensorflow", "jax"}},
		{"requests", "http_apis", []string{"httpx", "aiohttp"}},
		{"scikit_learn", "machine_learning", nil},
		{"PyYAML", "utilities", nil},
		{"celery", "task_queues", []string{"rq"}},
		{"beautifulsoup4", "scraping", nil},
		{"click", "cli", []string{"typer"}},
		{"pygame", "gui_games", nil},
		{"boto3", "cloud_devops", nil},
		{"cryptography", "security", nil},
		{"sqlalchemy", "databases", []string{"peewee"}},
		{"matplotlib", "visualisation", []string{"seaborn", "plotly"}},
		{"trio", "async_networking", nil},
		{"pytest", "testing", nil},
		{"black", "packaging_tooling", nil},
	}
	for _, tt := range alts {
		l, ok := db.Library(tt.lib)
		if !ok {
			t.Errorf("Library(%q) missing", tt.lib)
			continue
		}
		if l.Category != tt.category {
			t.Errorf("%s: category %q, want %q", tt.lib, l.Category, tt.category)
		}
		for _, a := range tt.alts {
			if !contains(l.Alternatives, a) {
				t.Errorf("%s: alternatives %v lack %q", tt.lib, l.Alternatives, a)
			}
		}
	}
	for _, tool := range []string{"pytest", "black", "ruff", "mypy", "tox", "pre-commit", "sphinx", "coverage",
		"flake8", "isort", "pylint", "twine", "build", "wheel", "setuptools", "pytest-cov", "poetry"} {
		if l, ok := db.Library(tool); !ok || !l.Tool {
			t.Errorf("%s: want a tool entry, got %+v (found %v)", tool, l, ok)
		}
	}
	for _, plugin := range []string{"gunicorn", "uvicorn", "psycopg2-binary", "whitenoise"} {
		if l, ok := db.Library(plugin); !ok || !l.Plugin {
			t.Errorf("%s: want a plugin entry", plugin)
		}
	}
	for _, notTool := range []string{"django", "numpy", "requests", "hypothesis"} {
		if l, _ := db.Library(notTool); l.Tool || l.Plugin {
			t.Errorf("%s: flagged tool/plugin", notTool)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Django":           "django",
		"scikit_learn":     "scikit-learn",
		"zope.interface":   "zope-interface",
		"Foo__Bar--baz..q": "foo-bar-baz-q",
		"PyYAML":           "pyyaml",
		"":                 "",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
	for name, want := range map[string]bool{"a": true, "a.b-c_d": true, "-a": false, "a-": false, "a b": false, "": false, "é": false} {
		if got := ValidName(name); got != want {
			t.Errorf("ValidName(%q) = %v", name, got)
		}
	}
}

func TestExtend(t *testing.T) {
	user := `# a team's own names
[categories]
internal = "In-house"

[imports]
acme_sdk = "acme-platform-sdk"
bs4 = ["beautifulsoup4", "bs4-fork"]

[libraries]
acme-platform-sdk = { name = "acme-platform-sdk", category = "internal", alternatives = ["boto3"] }
hypothesis = { tool = true }
`
	base := Default()
	db, err := base.Extend("team.toml", []byte(user))
	if err != nil {
		t.Fatal(err)
	}
	if got := db.Distribution("acme_sdk.client"); got != "acme-platform-sdk" {
		t.Errorf("user import: %q", got)
	}
	if got := db.Providers("bs4"); !reflect.DeepEqual(got, []string{"beautifulsoup4", "bs4-fork"}) {
		t.Errorf("override: %v", got)
	}
	l, ok := db.Library("acme_platform_sdk")
	if !ok || l.Category != "internal" || !reflect.DeepEqual(l.Alternatives, []string{"boto3"}) {
		t.Errorf("user library: %+v %v", l, ok)
	}
	h, _ := db.Library("hypothesis")
	if !h.Tool || h.Category != "testing" || h.Name != "hypothesis" {
		t.Errorf("field override lost the other fields: %+v", h)
	}
	// The base is untouched.
	if h0, _ := base.Library("hypothesis"); h0.Tool {
		t.Error("Extend modified the base DB")
	}
	if got := base.Providers("bs4"); len(got) != 1 {
		t.Errorf("Extend modified the base imports: %v", got)
	}
}

func TestExtendErrors(t *testing.T) {
	tests := []struct {
		name string
		data string
		want []string // substrings of the error
	}{
		{"syntax", "[libraries]\nfoo = { name = \"foo\", category = }\n", []string{"user.toml:2:"}},
		{"wrong type", "[libraries]\nfoo = { name = \"foo\", category = \"cli\", tool = \"yes\" }\n", []string{"user.toml:2", "foo"}},
		{"unknown category", "[categories]\nx = \"X\"\n\n[libraries]\nfoo = { name = \"foo\", category = \"nope\" }\n",
			[]string{"user.toml:5: libraries.foo: category: unknown category \"nope\""}},
		{"missing category", "[libraries]\n\nnewlib = { name = \"newlib\" }\n", []string{"user.toml:3: libraries.newlib: category: missing"}},
		{"unknown alternative", "[libraries]\nfoo = { name = \"foo\", category = \"cli\", alternatives = [\"not-a-lib\"] }\n",
			[]string{"user.toml:2: libraries.foo: alternatives:", "not-a-lib"}},
		{"self alternative", "[libraries]\nfoo = { name = \"foo\", category = \"cli\", alternatives = [\"foo\"] }\n",
			[]string{"names the library itself"}},
		{"key not normalised", "[libraries]\nFoo_Bar = { name = \"Foo_Bar\", category = \"cli\" }\n", []string{"libraries.Foo_Bar", "normalised"}},
		{"name mismatch", "[libraries]\nfoo = { name = \"bar\", category = \"cli\" }\n", []string{"libraries.foo: name:"}},
		{"unknown field", "[libraries]\nfoo = { name = \"foo\", category = \"cli\", colour = \"red\" }\n",
			[]string{"user.toml:2: libraries.foo: colour: unknown key"}},
		{"unknown table", "[aliases]\nx = 1\n", []string{"user.toml:1: aliases: unknown key"}},
		{"bad import key", "[imports]\n\"not valid\" = \"x\"\n", []string{"user.toml:2: imports.not valid", "dotted"}},
		{"bad distribution", "[imports]\nfoo = \"has space\"\n", []string{"user.toml:2: imports.foo", "not a valid distribution"}},
		{"import not a string", "[imports]\nfoo = 3\n", []string{"user.toml:2: imports.foo"}},
		{"import list with a number", "[imports]\nfoo = [\"a\", 3]\n", []string{"user.toml:2: imports.foo", "not a string"}},
		{"bad category id", "[categories]\nBad-Id = \"x\"\n", []string{"user.toml:2: categories.Bad-Id", "snake_case"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Default().Extend("user.toml", []byte(tt.data))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("error is not an *Error: %T", err)
			} else if e.File != "user.toml" {
				t.Errorf("File = %q", e.File)
			}
		})
	}
}

func TestLoad(t *testing.T) {
	if db, err := Load(""); err != nil || db != Default() {
		t.Fatalf("Load(\"\") = %v, %v", db, err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "libs.toml")
	if err := os.WriteFile(p, []byte("[imports]\nmylib = \"my-lib\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := db.Distribution("mylib"); got != "my-lib" {
		t.Errorf("got %q", got)
	}
	if _, err := Load(filepath.Join(dir, "missing.toml")); err == nil {
		t.Error("missing file: no error")
	}
	if _, err := Default().Extend("big.toml", make([]byte, MaxUserFileBytes+1)); err == nil {
		t.Error("oversized file: no error")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// BenchmarkDecodeEmbedded is what Default costs the first time, once per
// process: decoding, locating and validating the embedded files.
func BenchmarkDecodeEmbedded(b *testing.B) {
	for b.Loop() {
		if err := newDB().apply(embeddedSources()); err != nil {
			b.Fatal(err)
		}
	}
}

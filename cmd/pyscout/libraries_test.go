package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func TestLibrariesDeclaredAndUsed(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"requirements.txt": "# web\nFlask==3.0.0\nbeautifulsoup4>=4.12  # scraping\nrequests[socks]; python_version >= '3.8'\npytest\nnumpy\n",
		"app.py":           "import flask\nfrom bs4 import BeautifulSoup\nfrom sklearn.linear_model import LinearRegression\nimport mycorp_utils\n",
		"cfg/pyscout.toml": "libraries = \"libs.toml\"\n",
		"cfg/libs.toml":    "[imports]\nmycorp_utils = \"mycorp-utils\"\n\n[libraries]\nmycorp-utils = { name = \"mycorp-utils\", category = \"utilities\" }\n",
	}
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := runCLI(t, nil, "inspect", dir, "--format", "json", "--config", filepath.Join(dir, "cfg", "pyscout.toml"))
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	var doc struct {
		Libraries []struct {
			Import   string `json:"import"`
			Package  string `json:"package"`
			Category string `json:"category"`
			Declared bool   `json:"declared"`
		} `json:"libraries"`
		Repos []struct {
			Dependencies struct {
				DeclaredUnused []struct {
					Package string `json:"package"`
				} `json:"declared_unused"`
				ImportedUndeclared []struct {
					Import  string `json:"import"`
					Package string `json:"package"`
				} `json:"imported_undeclared"`
			} `json:"dependencies"`
		} `json:"repos"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	type lib struct {
		pkg, cat string
		declared bool
	}
	got := map[string]lib{}
	for _, l := range doc.Libraries {
		got[l.Import] = lib{l.Package, l.Category, l.Declared}
	}
	want := map[string]lib{
		"flask":        {"Flask", "web_frameworks", true},
		"bs4":          {"beautifulsoup4", "scraping", true},
		"sklearn":      {"scikit-learn", "machine_learning", false},
		"mycorp_utils": {"mycorp-utils", "utilities", false},
	}
	for imp, w := range want {
		if got[imp] != w {
			t.Errorf("%s: %+v, want %+v", imp, got[imp], w)
		}
	}
	if len(doc.Repos) != 1 {
		t.Fatalf("repos %+v", doc.Repos)
	}
	var unused []string
	for _, u := range doc.Repos[0].Dependencies.DeclaredUnused {
		unused = append(unused, u.Package)
	}
	// pytest is a tool: declared but never imported by nature.
	if len(unused) != 2 || !contains(unused, "requests") || !contains(unused, "numpy") {
		t.Errorf("declared but unused %v, want requests and numpy", unused)
	}
	undeclared := map[string]string{}
	for _, u := range doc.Repos[0].Dependencies.ImportedUndeclared {
		undeclared[u.Import] = u.Package
	}
	if undeclared["sklearn"] != "scikit-learn" || undeclared["mycorp_utils"] != "mycorp-utils" || len(undeclared) != 2 {
		t.Errorf("imported but undeclared %v", undeclared)
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

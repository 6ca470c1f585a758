package analyzer

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/deps"
	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/analyzer/github/githubtest"
	"github.com/pyscout/pyscout/analyzer/manifest"
	"github.com/pyscout/pyscout/analyzer/practices"
	"github.com/pyscout/pyscout/analyzer/walk"
)

// inspectFiles writes files to a directory and inspects it as `pyscout
// inspect` does.
func inspectFiles(t *testing.T, files map[string]string) *RepoFacts {
	t.Helper()
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
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p, err := Inspect(ctx, []string{dir}, Options{CacheDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Repos) != 1 {
		t.Fatalf("repos %+v, skipped %+v", p.Repos, p.Skipped)
	}
	return &p.Repos[0]
}

func library(r *deps.Report, imp string) *deps.RepoLibrary {
	for i := range r.Libraries {
		if r.Libraries[i].Import == imp {
			return &r.Libraries[i]
		}
	}
	return nil
}

func undeclared(r *deps.Report) []string {
	var out []string
	for _, u := range r.ImportedUndeclared {
		out = append(out, u.Import)
	}
	return out
}

func TestSetupPyReachesManifestsAndPython(t *testing.T) {
	r := inspectFiles(t, map[string]string{
		"setup.py": "from setuptools import setup\n\nsetup(\n    name='app',\n    install_requires=[\"requests>=2\"],\n)\n",
		"app.py":   "import requests\nimport flask\n",
	})
	d := r.Dependencies
	if d == nil {
		t.Fatal("no dependencies section")
	}
	if want := []deps.Manifest{{Path: "setup.py", Format: manifest.FormatSetupPy, Dependencies: 1}}; !reflect.DeepEqual(d.Manifests, want) {
		t.Errorf("manifests %+v, want %+v", d.Manifests, want)
	}
	lib := library(d, "requests")
	if lib == nil || !lib.Declared || len(lib.DeclaredIn) != 1 || lib.DeclaredIn[0].Evidence != (manifest.Evidence{Path: "setup.py", Line: 5, Role: "source"}) ||
		lib.DeclaredIn[0].Spec != "requests>=2" {
		t.Errorf("requests %+v, want declared in setup.py:5", lib)
	}
	if got := undeclared(d); !reflect.DeepEqual(got, []string{"flask"}) {
		t.Errorf("imported undeclared %v, want [flask]", got)
	}
	// setup.py is still Python code to the Python analysis.
	if r.Python.Files != 2 {
		t.Errorf("python files %d, want 2 (setup.py and app.py)", r.Python.Files)
	}
}

func TestComputedSetupPyInventsNothing(t *testing.T) {
	r := inspectFiles(t, map[string]string{
		"setup.py": "from setuptools import setup\nfrom reqs import read_requirements\n\nsetup(name='app', install_requires=read_requirements())\n",
		"app.py":   "import requests\n",
	})
	d := r.Dependencies
	if len(d.Manifests) != 1 || d.Manifests[0].Path != "setup.py" || d.Manifests[0].Dependencies != 0 {
		t.Errorf("manifests %+v, want setup.py with no dependency", d.Manifests)
	}
	if len(d.Warnings) != 1 || d.Warnings[0].Path != "setup.py" || !strings.Contains(d.Warnings[0].Message, "computed") {
		t.Errorf("warnings %+v, want the computed-value warning on setup.py", d.Warnings)
	}
	if lib := library(d, "requests"); lib == nil || lib.Declared {
		t.Errorf("requests %+v, want imported and not declared", lib)
	}
	// Nothing is declared at all, so nothing is called undeclared.
	if len(d.ImportedUndeclared) != 0 || len(d.DeclaredUnused) != 0 {
		t.Errorf("undeclared %v, unused %+v", undeclared(d), d.DeclaredUnused)
	}
}

const lfsPointer = "version https://git-lfs.github.com/spec/v1\n" +
	"oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n" +
	"size 12000000\n"

// TestSkippedManifestsAreListed runs a repository served by the fake
// GitHub: its manifests over the size limit and its Git LFS pointers are
// listed with the reason, and nothing is read from them.
func TestSkippedManifestsAreListed(t *testing.T) {
	big := strings.Repeat("requests==2.31.0\n", 12_000_000/17+1)
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "lena"})
	s.AddRepo("lena", githubtest.Repo{Name: "r", Language: "Python", SizeKB: 100, Files: map[string]string{
		"requirements.txt":     big,
		"requirements-dev.txt": lfsPointer,
		"pyproject.toml":       lfsPointer,
		// Near-miss: a comment that mentions git-lfs is not a pointer.
		"docs/requirements.txt": "# data files are stored with git-lfs (https://git-lfs.github.com/spec/v1)\nsphinx>=7\n",
		"app.py":                "import requests\nimport numpy\n",
		"weights.py":            lfsPointer,
		"explore.ipynb":         lfsPointer,
	}})
	gh, err := github.NewClient(github.Options{APIURL: s.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	p, err := AnalyzeUser(ctx, gh, "lena", Options{CacheDir: t.TempDir(), NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Repos) != 1 {
		t.Fatalf("repos %+v, skipped %+v", p.Repos, p.Skipped)
	}
	r := &p.Repos[0]
	d := r.Dependencies
	pointer := "Git LFS pointer (content not in the repository)"
	want := []manifest.Skipped{
		{Path: "pyproject.toml", Reason: pointer},
		{Path: "requirements-dev.txt", Reason: pointer},
		{Path: "requirements.txt", Reason: "12.0 MB, over the 1 MiB limit for manifests"},
	}
	if !reflect.DeepEqual(d.SkippedManifests, want) {
		t.Errorf("skipped manifests %+v\nwant %+v", d.SkippedManifests, want)
	}
	if want := []deps.Manifest{{Path: "docs/requirements.txt", Format: manifest.FormatRequirements, Dependencies: 1}}; !reflect.DeepEqual(d.Manifests, want) {
		t.Errorf("manifests %+v, want only docs/requirements.txt", d.Manifests)
	}
	// Nothing is read from a pointer: no package v1, no oid.
	out, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), `"v1"`) || strings.Contains(string(out), "4d7a2146") {
		t.Errorf("pointer content read as a manifest: %s", out)
	}
	// requirements.txt may declare numpy: with a manifest unread, no
	// import is called undeclared.
	if len(d.ImportedUndeclared) != 0 {
		t.Errorf("imported undeclared %v with a manifest unread", undeclared(d))
	}
	if got := r.Walk.Skipped[walk.ReasonLFSPointer]; got != 2 {
		t.Errorf("walk skipped %v, want 2 LFS pointers (weights.py, explore.ipynb)", r.Walk.Skipped)
	}
	if r.Python.Files != 1 || r.Python.Notebooks != 0 {
		t.Errorf("python files %d, notebooks %d, want 1 and 0", r.Python.Files, r.Python.Notebooks)
	}
	wantWarn := practices.Warning{Path: "pyproject.toml", Message: "not read: " + pointer}
	found := false
	for _, w := range r.Practices.Warnings {
		found = found || w == wantWarn
	}
	if !found {
		t.Errorf("practices warnings %+v, want %+v", r.Practices.Warnings, wantWarn)
	}
}

// TestManifestsOverTheContentBudgetAreListed: manifests read within their
// own limit but beyond what one repository keeps are listed, not dropped.
func TestManifestsOverTheContentBudgetAreListed(t *testing.T) {
	files := map[string]string{"app.py": "import requests\n"}
	n := maxContentFiles + 3
	for i := 0; i < n; i++ {
		files[fmt.Sprintf("p%03d/requirements.txt", i)] = "requests\n"
	}
	d := inspectFiles(t, files).Dependencies
	if len(d.Manifests) != maxContentFiles || len(d.SkippedManifests) != 3 {
		t.Fatalf("%d manifests read, %d skipped; want %d and 3", len(d.Manifests), len(d.SkippedManifests), maxContentFiles)
	}
	for i, s := range d.SkippedManifests {
		want := manifest.Skipped{Path: fmt.Sprintf("p%03d/requirements.txt", maxContentFiles+i), Reason: contentBudgetReason}
		if s != want {
			t.Errorf("skipped %+v, want %+v", s, want)
		}
	}
	if !strings.Contains(contentBudgetReason, "256 files or 8 MiB") {
		t.Errorf("reason %q", contentBudgetReason)
	}
}

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

func TestInspectDirectoryAndGitURL(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "gitlab-like"})
	s.AddRepo("gitlab-like", githubtest.Repo{Name: "assignment", Language: "Python", PushedAt: day,
		Files: map[string]string{"solution.py": "def solve():\n    return 42\n", "test_solution.py": "from solution import solve\n"}})

	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.py"), []byte("print('x')\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(dir, "leak.py")); err != nil {
		t.Fatal(err)
	}
	res := runCLI(t, nil, "inspect", dir, s.CloneURL("gitlab-like", "assignment"), "--format", "json", "--cache-dir", t.TempDir())
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	r := decode(t, res.stdout)
	if len(r.Repos) != 2 {
		t.Fatalf("repos: %+v", r.Repos)
	}
	local, remote := r.Repos[0], r.Repos[1]
	if local.Name != filepath.Base(dir) || local.Python.Files != 1 || local.Python.Lines != 1 || local.Walk.Skipped["symlink"] != 1 {
		t.Errorf("local: %+v", local)
	}
	if remote.Name != "assignment" || remote.Commit != s.HeadSHA("gitlab-like", "assignment") || remote.Python.Files != 2 || remote.Python.Lines != 3 {
		t.Errorf("remote: %+v", remote)
	}
	if r.Login != "" {
		t.Errorf("login %q for inspect", r.Login)
	}
	if len(s.Requests()) == 0 || s.RequestCount("/users") != 0 {
		t.Error("inspect should clone over git and use no REST API")
	}
}

func TestInspectBadTargetKeepsTheRest(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.py"), []byte("x = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "r.json")
	res := runCLI(t, nil, "inspect", dir, filepath.Join(dir, "missing"), "-o", out)
	if res.code != exitError {
		t.Errorf("exit %d, want %d", res.code, exitError)
	}
	if !strings.Contains(res.stderr, "1 of 2 targets could not be analysed") || !strings.Contains(res.stderr, "no such directory or git URL") {
		t.Errorf("stderr %q", res.stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal("the report for the good target was not written:", err)
	}
	r := decode(t, string(data))
	if len(r.Repos) != 1 || len(r.Skipped) != 1 {
		t.Errorf("repos %d, skipped %d", len(r.Repos), len(r.Skipped))
	}
}

func TestHostileNamesAreEscaped(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "mallory", Name: "\x1b[2J\x1b[31mMallory"})
	s.AddRepo("mallory", githubtest.Repo{Name: "x", Language: "Python", PushedAt: day,
		Description: "<img src=x onerror=alert(1)>",
		Files:       map[string]string{"evil\x1b[31m\nname.py": "x = 1\n"}})
	s.AddRepo("mallory", githubtest.Repo{Name: "y", Language: "Rust", PushedAt: day,
		Languages: map[string]int{"Rust": 1}, Files: map[string]string{"a.rs": ""}})

	res := runCLI(t, nil, "analyze", "mallory", "--api-url", s.APIURL(), "--format", "table", "--cache-dir", t.TempDir())
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	if strings.ContainsRune(res.stdout, '\x1b') || strings.ContainsRune(res.stderr, '\x1b') {
		t.Errorf("an escape sequence reached the terminal:\n%q", res.stdout)
	}
	if !strings.Contains(res.stdout, `\u001b[2J`) {
		t.Errorf("the escape is not shown visibly:\n%s", res.stdout)
	}
	res = runCLI(t, nil, "analyze", "mallory", "--api-url", s.APIURL(), "--format", "json", "--cache-dir", t.TempDir())
	r := decode(t, res.stdout)
	if len(r.Repos) != 1 || r.Repos[0].Walk.Skipped["invalid_path"] != 1 {
		t.Errorf("a file name git refuses should skip that file, not the repo: %+v", r.Repos)
	}
	res = runCLI(t, nil, "analyze", "mallory", "--api-url", s.APIURL(), "--format", "md", "--cache-dir", t.TempDir())
	if !strings.Contains(res.stdout, "&lt;img src=x onerror=alert\\(1\\)&gt;") {
		t.Errorf("the description is missing or not escaped:\n%s", res.stdout)
	}
	if strings.Contains(res.stdout, "<img") || strings.ContainsRune(res.stdout, '\x1b') {
		t.Errorf("markdown carries raw candidate markup:\n%s", res.stdout)
	}
}

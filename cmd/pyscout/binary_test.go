package main

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

// buildBinary compiles pyscout once per test binary run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "pyscout")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func binaryEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GH_TOKEN=") && !strings.HasPrefix(kv, "GITHUB_TOKEN=") && !strings.HasPrefix(kv, "PATH=") {
			env = append(env, kv)
		}
	}
	// A PATH without gh, so no developer login is picked up.
	return append(env, append([]string{"PATH=/usr/bin:/bin"}, extra...)...)
}

func TestBinaryEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "dana"})
	s.AddRepo("dana", githubtest.Repo{Name: "calc", Language: "Python", PushedAt: day,
		Files: map[string]string{"calc.py": "def add(a, b):\n    return a + b\n"}})

	work := t.TempDir()
	cmd := exec.Command(bin, "analyze", "dana", "--format", "json", "--cache-dir", filepath.Join(work, "cache"))
	cmd.Env = binaryEnv("GITHUB_API_URL=" + s.APIURL())
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	r := decode(t, stdout.String())
	if len(r.Repos) != 1 || r.Repos[0].Commit != s.HeadSHA("dana", "calc") || r.Repos[0].Python.Lines != 2 {
		t.Errorf("report: %+v", r.Repos)
	}

	cmd = exec.Command(bin, "analyze", "nobody-here", "--api-url", s.APIURL())
	cmd.Env = binaryEnv()
	out, err := cmd.CombinedOutput()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != 1 || !strings.Contains(string(out), `pyscout: no GitHub user "nobody-here"`) {
		t.Errorf("unknown user: %v\n%s", err, out)
	}
}

func TestBinaryInterruptWritesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	arrived := make(chan struct{}, 1)
	release := make(chan struct{})
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case arrived <- struct{}{}:
		default:
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer hang.Close()
	defer close(release)

	outDir := filepath.Join(t.TempDir(), "reports")
	cmd := exec.Command(bin, "analyze", "erin", "--api-url", hang.URL+"/api/v3/", "--out-dir", outDir, "--cache-dir", t.TempDir())
	cmd.Env = binaryEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-arrived:
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("pyscout never reached the server")
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) || exitErr.ExitCode() != exitInterrupted {
			t.Errorf("exit: %v, want status %d\n%s", err, exitInterrupted, stderr.String())
		}
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("pyscout did not stop within 10 s of Ctrl-C")
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr: %q", stderr.String())
	}
	if _, err := os.Stat(outDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("an interrupted run left %s behind (%v)", outDir, err)
	}
}

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
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

// TestBinaryKeepsLibraryLogsOffStderr puts a server in front of the fake
// whose answer to the repository listing (the run's last API request with
// --no-history) is followed by a stray response on the idle connection.
// net/http logs that ("Unsolicited response received on idle HTTP
// channel") through the standard logger, which must not reach stderr.
func TestBinaryKeepsLibraryLogsOffStderr(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "dana"})
	s.AddRepo("dana", githubtest.Repo{Name: "calc", Language: "Python", PushedAt: day,
		Files: map[string]string{"calc.py": "def add(a, b):\n    return a + b\n"}})
	target, err := url.Parse(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	proxy := httputil.NewSingleHostReverseProxy(target)
	// The handler reads front.URL: start serving only once front is set, so
	// that the assignment happens before any request (the race detector
	// cannot see the binary's requests order them).
	var front *httptest.Server
	front = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasSuffix(r.URL.Path, "/users/dana/repos") {
			proxy.ServeHTTP(w, r)
			return
		}
		resp, err := http.Get(s.URL() + r.URL.RequestURI())
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		// Clone URLs must be on the API's host: send the clones through
		// this front too.
		body = bytes.ReplaceAll(body, []byte(s.URL()), []byte(front.URL))
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
		_ = buf.Flush()
		// Hold the connection open so that the client finds the stray
		// bytes on an idle connection, not a closed one.
		time.Sleep(2 * time.Second)
	}))
	front.Start()
	defer front.Close()

	for _, verbose := range []bool{false, true} {
		args := []string{"analyze", "dana", "--api-url", front.URL + "/api/v3/", "--format", "json", "--no-history", "--cache-dir", t.TempDir()}
		if verbose {
			args = append(args, "--verbose")
		}
		cmd := exec.Command(bin, args...)
		cmd.Env = binaryEnv()
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("verbose %v: %v\n%s", verbose, err, stderr.String())
		}
		if r := decode(t, stdout.String()); len(r.Repos) != 1 {
			t.Errorf("verbose %v: repos %+v", verbose, r.Repos)
		}
		for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
			if !strings.HasPrefix(line, "pyscout: ") {
				t.Errorf("verbose %v: a line on stderr that is not pyscout's: %q", verbose, line)
			}
		}
		if !verbose && strings.Contains(stderr.String(), "Unsolicited") {
			t.Errorf("the transport's log line reached stderr:\n%s", stderr.String())
		}
		// Under --verbose the line is there, as pyscout's: proof that the
		// stray response did reach the transport's logger.
		if verbose && !strings.Contains(stderr.String(), "pyscout: verbose: Unsolicited response received on idle HTTP channel") {
			t.Errorf("--verbose: no transport log line; the fault was not reproduced:\n%s", stderr.String())
		}
	}
}

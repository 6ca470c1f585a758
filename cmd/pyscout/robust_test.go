package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"
	"golang.org/x/sys/unix"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

// oneRepo is a user "dana" with one small Python repository on a fresh fake.
func oneRepo(t *testing.T) *githubtest.Server {
	t.Helper()
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "dana"})
	s.AddRepo("dana", githubtest.Repo{Name: "calc", Language: "Python", PushedAt: day,
		Files: map[string]string{"calc.py": "def add(a, b):\n    return a + b\n"}})
	return s
}

// oneErrorLine checks a refusal: the exit code, a single line on stderr
// that holds want, nothing on stdout and no request sent to GitHub.
func oneErrorLine(t *testing.T, s *githubtest.Server, res result, code int, want string) {
	t.Helper()
	if res.code != code {
		t.Errorf("exit %d, want %d (stderr %q)", res.code, code, res.stderr)
	}
	if strings.Count(res.stderr, "\n") != 1 || !strings.HasPrefix(res.stderr, "pyscout: ") || !strings.Contains(res.stderr, want) {
		t.Errorf("stderr %q, want one line with %q", res.stderr, want)
	}
	if res.stdout != "" {
		t.Errorf("stdout %q", res.stdout)
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("%d requests reached GitHub before the output was refused", n)
	}
}

func TestOutputRefusesSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	toNull := filepath.Join(dir, "null.json")
	if err := os.Symlink("/dev/null", toNull); err != nil {
		t.Fatal(err)
	}
	regular := filepath.Join(dir, "regular.json")
	if err := os.WriteFile(regular, []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	toRegular := filepath.Join(dir, "link.json")
	if err := os.Symlink(regular, toRegular); err != nil {
		t.Fatal(err)
	}
	nullBefore, err := os.Stat("/dev/null")
	if err != nil {
		t.Fatal(err)
	}
	// A device node of the test's own (a copy of /dev/null, made only as
	// root): never /dev/null itself, which a regression would replace.
	device := filepath.Join(dir, "device.json")
	if err := syscall.Mknod(device, syscall.S_IFCHR|0o666, int(unix.Mkdev(1, 3))); err != nil {
		device = ""
	}

	for _, tc := range []struct{ name, path, want string }{
		{"fifo", fifo, "it is a named pipe"},
		{"symlink to /dev/null", toNull, "it is a symbolic link"},
		{"symlink to a regular file", toRegular, "it is a symbolic link"},
		{"directory", dir, "it is a directory"},
		{"device", device, "it is a device"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.path == "" {
				t.Skip("making a device node needs root")
			}
			s := oneRepo(t)
			res := runCLI(t, nil, "analyze", "dana", "--api-url", s.APIURL(), "--format", "json", "-o", tc.path, "--cache-dir", t.TempDir())
			oneErrorLine(t, s, res, exitUsage, tc.want)
		})
	}

	if info, err := os.Lstat(fifo); err != nil || info.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the FIFO was replaced: %v %v", info.Mode(), err)
	}
	if info, err := os.Lstat(device); device != "" && (err != nil || info.Mode()&fs.ModeCharDevice == 0) {
		t.Errorf("the device node was replaced: %v", err)
	}
	if info, err := os.Lstat(toNull); err != nil || info.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link to /dev/null was replaced: %v", err)
	}
	if after, err := os.Stat("/dev/null"); err != nil || after.Mode() != nullBefore.Mode() || !os.SameFile(after, nullBefore) {
		t.Errorf("/dev/null changed: %v", err)
	}
	if data, _ := os.ReadFile(regular); string(data) != "old\n" {
		t.Errorf("the file behind the refused link was written: %q", data)
	}

	t.Run("near miss: an existing regular file is replaced atomically", func(t *testing.T) {
		// A second name for the old file shows whether it was written in
		// place (the old content would change) or replaced by a rename.
		keep := filepath.Join(dir, "keep")
		if err := os.Link(regular, keep); err != nil {
			t.Fatal(err)
		}
		s := oneRepo(t)
		res := runCLI(t, nil, "analyze", "dana", "--api-url", s.APIURL(), "-o", regular, "--cache-dir", t.TempDir())
		if res.code != exitOK {
			t.Fatalf("exit %d: %s", res.code, res.stderr)
		}
		data, err := os.ReadFile(regular)
		if err != nil {
			t.Fatal(err)
		}
		if r := decode(t, string(data)); len(r.Repos) != 1 {
			t.Errorf("report: %+v", r.Repos)
		}
		if old, _ := os.ReadFile(keep); string(old) != "old\n" {
			t.Errorf("the old file was written in place: %q", old)
		}
		if !strings.Contains(res.stderr, "pyscout: wrote "+regular) {
			t.Errorf("stderr %q", res.stderr)
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.Contains(e.Name(), ".tmp-") {
				t.Errorf("temporary file left behind: %s", e.Name())
			}
		}
	})
	t.Run("near miss: a new path in a directory still to be made", func(t *testing.T) {
		s := oneRepo(t)
		out := filepath.Join(dir, "new", "sub", "r.md")
		res := runCLI(t, nil, "analyze", "dana", "--api-url", s.APIURL(), "-o", out, "--cache-dir", t.TempDir())
		if res.code != exitOK {
			t.Fatalf("exit %d: %s", res.code, res.stderr)
		}
		if _, err := os.Stat(out); err != nil {
			t.Error(err)
		}
	})
}

func TestOutputPathsCheckedBeforeNetwork(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "reports"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "reports", "dana.json"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"--out-dir is a file", []string{"--out-dir", file}, "--out-dir " + file + " is not a directory"},
		{"--out-dir under a file", []string{"--out-dir", filepath.Join(file, "sub")}, "cannot be created: " + file + " is not a directory"},
		{"-o under a file", []string{"-o", filepath.Join(file, "r.json")}, "is not a directory"},
		{"a report in --out-dir is a directory", []string{"--out-dir", filepath.Join(dir, "reports")}, "dana.json: it is a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := oneRepo(t)
			res := runCLI(t, nil, append([]string{"analyze", "dana", "--api-url", s.APIURL(), "--cache-dir", t.TempDir()}, tc.args...)...)
			oneErrorLine(t, s, res, exitUsage, tc.want)
		})
	}
	t.Run("an unwritable directory", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("root writes in any directory")
		}
		locked := filepath.Join(dir, "locked")
		if err := os.Mkdir(locked, 0o500); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Chmod(locked, 0o700) })
		s := oneRepo(t)
		res := runCLI(t, nil, "analyze", "dana", "--api-url", s.APIURL(), "--out-dir", filepath.Join(locked, "reports"))
		oneErrorLine(t, s, res, exitError, "cannot write in "+locked+": permission denied")
	})
	t.Run("inspect too", func(t *testing.T) {
		src := t.TempDir()
		if err := os.WriteFile(filepath.Join(src, "a.py"), []byte("x = 1\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		res := runCLI(t, nil, "inspect", src, "--out-dir", file)
		if res.code != exitUsage || !strings.Contains(res.stderr, "is not a directory") || res.stdout != "" {
			t.Errorf("exit %d, stdout %q, stderr %q", res.code, res.stdout, res.stderr)
		}
	})
	t.Run("near miss: the check creates nothing", func(t *testing.T) {
		s := oneRepo(t)
		s.FailNext("/users/dana", 404, 1)
		before, _ := os.ReadDir(dir)
		outDir := filepath.Join(dir, "later", "reports")
		res := runCLI(t, nil, "analyze", "dana", "--api-url", s.APIURL(), "--out-dir", outDir)
		if res.code != exitError {
			t.Errorf("exit %d: %s", res.code, res.stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "later")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("a failed run left %s behind (%v)", filepath.Join(dir, "later"), err)
		}
		if after, _ := os.ReadDir(dir); len(after) != len(before) {
			t.Errorf("%s holds %d entries, want the %d it held before", dir, len(after), len(before))
		}
	})
}

// lateLimitUser is "finn" with a repository whose history is longer than
// --history-depth 3, so that GitHub's contributor statistics are asked for
// after the analysis.
func lateLimitUser(t *testing.T) *githubtest.Server {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Second)
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "finn", ID: 5})
	var hist []githubtest.Commit
	for i := 0; i < 6; i++ {
		hist = append(hist, githubtest.Commit{AuthorName: "x", AuthorEmail: "finn@users.noreply.github.com", AuthorDate: now.AddDate(0, 0, -10+i),
			Files: map[string]string{"m.py": strings.Repeat("y = 2\n", i+1)}})
	}
	s.AddRepo("finn", githubtest.Repo{Name: "long", Language: "Python", PushedAt: now, History: hist})
	return s
}

type degradedReport struct {
	Repos []struct {
		Name    string `json:"name"`
		AllTime *struct {
			Unavailable string `json:"unavailable"`
		} `json:"all_time"`
	} `json:"repos"`
	Skipped []struct {
		Name   string `json:"name"`
		Reason string `json:"reason"`
	} `json:"skipped"`
	Identity *struct {
		Unavailable string `json:"unavailable"`
	} `json:"identity"`
	Contributions *struct {
		Unavailable string `json:"unavailable"`
	} `json:"contributions"`
}

func TestLateRateLimitStillWritesTheReport(t *testing.T) {
	t.Run("contributor statistics", func(t *testing.T) {
		s := lateLimitUser(t)
		s.ExhaustRateLimitAt("/repos/finn/long/stats/contributors")
		outDir := filepath.Join(t.TempDir(), "reports")
		res := runCLI(t, nil, "analyze", "finn", "--api-url", s.APIURL(), "--out-dir", outDir, "--cache-dir", t.TempDir(), "--history-depth", "3")
		if res.code != exitOK {
			t.Fatalf("exit %d: %s", res.code, res.stderr)
		}
		if s.RequestCount("/repos/finn/long/stats/contributors") != 1 {
			t.Fatal("the statistics were never asked for: the test does not reach the late step")
		}
		data, err := os.ReadFile(filepath.Join(outDir, "finn.json"))
		if err != nil {
			t.Fatal(err)
		}
		var r degradedReport
		if err := json.Unmarshal(data, &r); err != nil {
			t.Fatal(err)
		}
		if len(r.Repos) != 1 || r.Repos[0].AllTime == nil || !strings.Contains(r.Repos[0].AllTime.Unavailable, "rate limit") {
			t.Fatalf("repos %+v: want long analysed, its all-time share unavailable for the rate limit", r.Repos)
		}
		// The events feed is read while the repositories are cloned,
		// before the limit was hit: it is there.
		if r.Contributions == nil || r.Contributions.Unavailable != "" {
			t.Errorf("contributions %+v", r.Contributions)
		}
		md, err := os.ReadFile(filepath.Join(outDir, "finn.md"))
		if err != nil {
			t.Fatal(err)
		}
		_, unseen, _ := strings.Cut(string(md), "## What pyscout could not see")
		for _, want := range [][2]string{{"- long: GitHub's contributor statistics", "were unavailable: GitHub API rate limit exhausted"}} {
			found := false
			for _, line := range strings.Split(unseen, "\n") {
				found = found || strings.HasPrefix(line, want[0]) && strings.Contains(line, want[1])
			}
			if !found {
				t.Errorf("what pyscout could not see lacks %q ... %q:\n%s", want[0], want[1], unseen)
			}
		}
	})
	t.Run("identity attribution", func(t *testing.T) {
		s := githubtest.New(t)
		s.AddUser(githubtest.User{Login: "gail"})
		s.AddRepo("gail", githubtest.Repo{Name: "work", Language: "Python", PushedAt: day, History: []githubtest.Commit{
			{AuthorName: "G", AuthorEmail: "g@laptop.local", AuthorDate: day.Add(-time.Hour), Files: map[string]string{"w.py": "x = 1\n"}},
		}})
		s.ExhaustRateLimitAt("/repos/gail/work/commits")
		res := runCLI(t, nil, "analyze", "gail", "--api-url", s.APIURL(), "--format", "json", "--cache-dir", t.TempDir())
		if res.code != exitOK {
			t.Fatalf("exit %d: %s", res.code, res.stderr)
		}
		var r degradedReport
		if err := json.Unmarshal([]byte(res.stdout), &r); err != nil {
			t.Fatal(err)
		}
		if len(r.Repos) != 1 || r.Identity == nil || !strings.Contains(r.Identity.Unavailable, "rate limit") {
			t.Errorf("repos %d, identity %+v", len(r.Repos), r.Identity)
		}
	})
	t.Run("fork comparison", func(t *testing.T) {
		s := githubtest.New(t)
		s.AddUser(githubtest.User{Login: "hal"})
		s.AddUser(githubtest.User{Login: "up", Type: "Organization"})
		base := []githubtest.Commit{{AuthorName: "M", AuthorEmail: "m@up.example", AuthorDate: day.AddDate(0, -2, 0), Files: map[string]string{"lib.py": "x = 1\n"}}}
		s.AddRepo("up", githubtest.Repo{Name: "lib", Language: "Python", PushedAt: day.AddDate(0, -2, 0), History: base})
		s.AddRepo("hal", githubtest.Repo{Name: "lib", Language: "Python", Fork: true, Parent: "up/lib",
			CreatedAt: day.AddDate(0, -1, 0), PushedAt: day.Add(-time.Hour), History: githubtest.ForkHistory(base,
				githubtest.Commit{AuthorName: "Hal", AuthorEmail: "hal@example.com", AuthorDate: day.Add(-time.Hour), Files: map[string]string{"fix.py": "y = 2\n"}})})
		s.AddRepo("hal", githubtest.Repo{Name: "own", Language: "Python", PushedAt: day.Add(-2 * time.Hour), Files: map[string]string{"o.py": "z = 3\n"}})
		s.ExhaustRateLimitAt("/repos/hal/lib")
		res := runCLI(t, nil, "analyze", "hal", "--api-url", s.APIURL(), "--format", "json", "--cache-dir", t.TempDir())
		if res.code != exitOK {
			t.Fatalf("exit %d: %s", res.code, res.stderr)
		}
		var r degradedReport
		if err := json.Unmarshal([]byte(res.stdout), &r); err != nil {
			t.Fatal(err)
		}
		if len(r.Repos) != 1 || r.Repos[0].Name != "own" {
			t.Errorf("repos %+v, want own analysed", r.Repos)
		}
		if len(r.Skipped) != 1 || !strings.Contains(r.Skipped[0].Reason, "comparison with its upstream unavailable: GitHub API rate limit exhausted") {
			t.Errorf("skipped %+v", r.Skipped)
		}
	})
}

func TestEveryRepositoryFailingExitsOne(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "ivy"})
	for _, name := range []string{"a", "b"} {
		s.AddRepo("ivy", githubtest.Repo{Name: name, Language: "Python", PushedAt: day, CloneStatus: 404,
			Files: map[string]string{"m.py": "x = 1\n"}})
	}
	outDir := filepath.Join(t.TempDir(), "reports")
	res := runCLI(t, nil, "analyze", "ivy", "--api-url", s.APIURL(), "--out-dir", outDir, "--cache-dir", t.TempDir())
	if res.code != exitError {
		t.Errorf("exit %d, want %d", res.code, exitError)
	}
	lines := strings.Split(strings.TrimSpace(res.stderr), "\n")
	if last := lines[len(lines)-1]; last != "pyscout: 2 Python repositories found and none could be analysed (clone failed: repository not found or not public)" {
		t.Errorf("last stderr line %q", last)
	}
	data, err := os.ReadFile(filepath.Join(outDir, "ivy.json"))
	if err != nil {
		t.Fatalf("no report written: %v", err)
	}
	r := decode(t, string(data))
	notes := strings.Join(r.Notes, "\n")
	if strings.Contains(notes, "No public Python code was found") || !strings.Contains(notes, "2 Python repositories were found, and none could be fetched or analysed (clone failed: repository not found or not public)") {
		t.Errorf("notes %q", r.Notes)
	}
	if len(r.Skipped) != 2 {
		t.Errorf("skipped %+v", r.Skipped)
	}

	t.Run("near miss: one of two analysed", func(t *testing.T) {
		s.AddRepo("ivy", githubtest.Repo{Name: "c", Language: "Python", PushedAt: day, Files: map[string]string{"m.py": "x = 1\n"}})
		res := runCLI(t, nil, "analyze", "ivy", "--api-url", s.APIURL(), "--format", "json", "--cache-dir", t.TempDir())
		if res.code != exitOK {
			t.Errorf("exit %d: %s", res.code, res.stderr)
		}
	})
	t.Run("near miss: only empty repositories", func(t *testing.T) {
		s := githubtest.New(t)
		s.AddUser(githubtest.User{Login: "jay"})
		s.AddRepo("jay", githubtest.Repo{Name: "blank", Language: "Python", SizeKB: 1, PushedAt: day})
		res := runCLI(t, nil, "analyze", "jay", "--api-url", s.APIURL(), "--format", "json", "--cache-dir", t.TempDir())
		if res.code != exitOK {
			t.Errorf("exit %d: %s", res.code, res.stderr)
		}
		if r := decode(t, res.stdout); len(r.Notes) == 0 || !strings.Contains(r.Notes[0], "No public Python code was found") {
			t.Errorf("notes %q, skipped %+v", r.Notes, r.Skipped)
		}
	})
}

func TestInspectNothingReadableWritesNoReport(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing")
	out := filepath.Join(t.TempDir(), "r.json")
	res := runCLI(t, nil, "inspect", missing, "-o", out, "-q")
	if res.code != exitError || res.stderr != "pyscout: 1 of 1 targets could not be analysed ("+missing+": no such directory or git URL: "+missing+")\n" {
		t.Errorf("exit %d, stderr %q", res.code, res.stderr)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a report was written for nothing (%v)", err)
	}
	res = runCLI(t, nil, "inspect", missing, "--format", "json")
	if res.code != exitError || res.stdout != "" {
		t.Errorf("exit %d, stdout %q", res.code, res.stdout)
	}
}

func TestVerboseAndLibraryLogs(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "kim"})
	s.AddRepo("kim", githubtest.Repo{Name: "ok", Language: "Python", PushedAt: day, Files: map[string]string{"m.py": "x = 1\n"}})
	s.AddRepo("kim", githubtest.Repo{Name: "gone", Language: "Python", PushedAt: day, CloneStatus: 404, Files: map[string]string{"m.py": "x = 1\n"}})

	res := runCLI(t, nil, "analyze", "kim", "--api-url", s.APIURL(), "--format", "json", "--cache-dir", t.TempDir())
	if res.code != exitOK || strings.Contains(res.stderr, "verbose") {
		t.Errorf("exit %d, stderr %q", res.code, res.stderr)
	}
	if log.Writer() != io.Discard {
		t.Error("the standard logger still writes somewhere without --verbose")
	}

	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"analyze", "kim", "--api-url", s.APIURL(), "--format", "json", "--cache-dir", t.TempDir(), "--verbose"},
		streams{Out: &out, ErrOut: &errOut}, func(string) string { return "" })
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut.String())
	}
	// The short reason; the raw error behind it (the JSON's detail) only
	// where it says more.
	if !strings.Contains(errOut.String(), "pyscout: verbose: skipped gone: clone failed: repository not found or not public\n") {
		t.Errorf("stderr %q", errOut.String())
	}
	// Library log lines come out as pyscout's own, one line, escapes cut.
	log.Print("Unsolicited response\x1b[31m received\non idle channel")
	defer routeLogs(io.Discard)
	if !strings.Contains(errOut.String(), "pyscout: verbose: Unsolicited response\\u001b[31m received on idle channel\n") {
		t.Errorf("a library log line under --verbose: %q", errOut.String())
	}
}

func TestCommandLinePolish(t *testing.T) {
	s := oneRepo(t)
	t.Run("analyse is analyze", func(t *testing.T) {
		res := runCLI(t, nil, "analyse", "dana", "--api-url", s.APIURL(), "--format", "json", "--cache-dir", t.TempDir())
		if res.code != exitOK || len(decode(t, res.stdout).Repos) != 1 {
			t.Errorf("exit %d: %s", res.code, res.stderr)
		}
	})
	t.Run("--version", func(t *testing.T) {
		res := runCLI(t, nil, "--version")
		if res.code != exitOK || res.stdout != "pyscout "+toolVersion()+"\n" {
			t.Errorf("exit %d, stdout %q", res.code, res.stdout)
		}
	})
	t.Run("flag values in words", func(t *testing.T) {
		for _, tc := range []struct{ flag, value, want string }{
			{"--max-repos", "x", `pyscout: --max-repos: want a whole number, got "x"` + "\n"},
			{"--jobs", "1.5", `pyscout: --jobs: want a whole number, got "1.5"` + "\n"},
			{"--max-repo-mb", "99999999999999999999", `pyscout: --max-repo-mb: want a smaller whole number, got "99999999999999999999"` + "\n"},
			{"--no-history", "maybe", `pyscout: --no-history: want true or false, got "maybe"` + "\n"},
		} {
			before := len(s.Requests())
			res := runCLI(t, nil, "analyze", "dana", "--api-url", s.APIURL(), tc.flag+"="+tc.value)
			if res.code != exitUsage || res.stderr != tc.want {
				t.Errorf("%s=%s: exit %d, stderr %q, want %q", tc.flag, tc.value, res.code, res.stderr, tc.want)
			}
			if len(s.Requests()) != before {
				t.Errorf("%s=%s sent a request", tc.flag, tc.value)
			}
		}
	})
	// The ranges are analyzer.Options.Validate's, named by the flag; the
	// largest valid value of each passes (near-miss).
	t.Run("flag values out of range", func(t *testing.T) {
		for _, tc := range []struct{ flag, value, want string }{
			{"--jobs", "65", "pyscout: --jobs must be between 1 and 64, not 65\n"},
			{"--jobs", "0", "pyscout: --jobs must be at least 1, not 0\n"},
			{"--jobs", "-1", "pyscout: --jobs must be between 1 and 64, not -1\n"},
			{"--max-repos", "10001", "pyscout: --max-repos must be between 1 and 10000, not 10001\n"},
			{"--max-repo-mb", "0", "pyscout: --max-repo-mb must be at least 1, not 0\n"},
			{"--history-depth", "10000001", "pyscout: --history-depth must be between 1 and 10000000, not 10000001\n"},
			{"--questions", "101", "pyscout: --questions must be between 1 and 100, not 101\n"},
			{"--questions", "0", "pyscout: --questions must be at least 1, not 0\n"},
			{"--level", "0", "pyscout: --level must be junior, mid or senior, not \"0\"\n"},
		} {
			before := len(s.Requests())
			res := runCLI(t, nil, "analyze", "dana", "--api-url", s.APIURL(), "--cache-dir", t.TempDir(), tc.flag+"="+tc.value)
			if res.code != exitUsage || res.stderr != tc.want {
				t.Errorf("%s=%s: exit %d, stderr %q, want %q", tc.flag, tc.value, res.code, res.stderr, tc.want)
			}
			if len(s.Requests()) != before {
				t.Errorf("%s=%s sent a request", tc.flag, tc.value)
			}
		}
		res := runCLI(t, nil, "analyze", "dana", "--api-url", s.APIURL(), "--format", "json", "--cache-dir", t.TempDir(),
			"--jobs", "64", "--max-repos", "10000", "--max-repo-mb", "1000000", "--history-depth", "10000000", "--questions", "100")
		if res.code != exitOK || len(decode(t, res.stdout).Repos) != 1 {
			t.Errorf("largest valid values: exit %d: %s", res.code, res.stderr)
		}
		res = runCLI(t, nil, "inspect", t.TempDir(), "--jobs", "65")
		if res.code != exitUsage || res.stderr != "pyscout: --jobs must be between 1 and 64, not 65\n" {
			t.Errorf("inspect --jobs 65: exit %d, stderr %q", res.code, res.stderr)
		}
	})
	t.Run("one username", func(t *testing.T) {
		res := runCLI(t, nil, "analyze", "a", "b")
		if res.code != exitUsage || res.stderr != "pyscout: analyze takes one username, not 2 (a b)\n" {
			t.Errorf("exit %d, stderr %q", res.code, res.stderr)
		}
		res = runCLI(t, nil, "analyze")
		if res.code != exitUsage || !strings.Contains(res.stderr, "needs a GitHub username") {
			t.Errorf("no argument: exit %d, stderr %q", res.code, res.stderr)
		}
	})
	t.Run("exit codes in --help", func(t *testing.T) {
		for _, args := range [][]string{{"--help"}, {"analyze", "--help"}, {"inspect", "--help"}} {
			res := runCLI(t, nil, args...)
			for _, want := range []string{"Exit status:", "  0 ", "  1 ", "  2 ", "  130 "} {
				if res.code != exitOK || !strings.Contains(res.stdout, want) {
					t.Errorf("%v: exit %d, help lacks %q", args, res.code, want)
				}
			}
		}
	})
	t.Run("the hint names only the files written", func(t *testing.T) {
		// The user is typed in capitals: the check before the run looks
		// for DANA.json, the reports are named after GitHub's "dana",
		// and dana.json, a directory, fails only at the end.
		outDir := t.TempDir()
		if err := os.Mkdir(filepath.Join(outDir, "dana.json"), 0o755); err != nil {
			t.Fatal(err)
		}
		res := runCLI(t, nil, "analyze", "DANA", "--api-url", s.APIURL(), "--out-dir", outDir, "--cache-dir", t.TempDir())
		html, md := filepath.Join(outDir, "dana.html"), filepath.Join(outDir, "dana.md")
		if res.code == exitOK || !strings.Contains(res.stderr, "pyscout: wrote "+html+", "+md+"\n") || strings.Contains(res.stderr, "wrote "+html+", "+md+", ") {
			t.Errorf("exit %d, stderr %q", res.code, res.stderr)
		}
		if !strings.HasSuffix(res.stderr, "dana.json: it is a directory\n") {
			t.Errorf("stderr %q", res.stderr)
		}
	})
}

func TestTableFitsTheTerminal(t *testing.T) {
	s := portfolio(t)
	cache := t.TempDir()
	for _, width := range []int{0, 80, 140} {
		var out, errOut bytes.Buffer
		code := run(context.Background(), []string{"analyze", "alice", "--api-url", s.APIURL(), "--cache-dir", cache, "--out-dir", t.TempDir(), "--no-history"},
			streams{Out: &out, ErrOut: &errOut, Width: width}, func(string) string { return "" })
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut.String())
		}
		limit := width
		if width == 0 {
			limit = 100
		}
		rows, cut := 0, false
		for _, line := range strings.Split(out.String(), "\n") {
			if !strings.HasPrefix(line, "│") && !strings.HasPrefix(line, "┌") {
				continue // prose lines wrap in the terminal
			}
			rows++
			if w := runewidth.StringWidth(line); w > limit {
				t.Errorf("width %d: a %d-column row: %s", width, w, line)
			}
			cut = cut || strings.Contains(line, "…")
		}
		if rows == 0 {
			t.Fatalf("no table:\n%s", out.String())
		}
		// The longest reason is about 90 columns: cut at 80 and 100, whole at 140.
		if cut != (width != 140) {
			t.Errorf("width %d: cut %v\n%s", width, cut, out.String())
		}
		if width == 140 && !strings.Contains(out.String(), "fork with no pushes since it was made (use --include-forks to analyse forks)") {
			t.Errorf("a wide terminal still cut the reasons:\n%s", out.String())
		}
	}
}

func TestSecondInterruptQuitsAtOnce(t *testing.T) {
	sigs := make(chan os.Signal, 2)
	var firsts, agains int
	done := make(chan struct{})
	go func() {
		onInterrupt(sigs, func() { firsts++ }, func() { agains++ })
		close(done)
	}()
	sigs <- os.Interrupt
	sigs <- os.Interrupt
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the second signal was not acted on")
	}
	if firsts != 1 || agains != 1 {
		t.Errorf("first called %d times, again %d times", firsts, agains)
	}
	// Near miss: one signal cancels and waits; the end of the run ends the watch.
	sigs = make(chan os.Signal, 2)
	firsts, agains = 0, 0
	done = make(chan struct{})
	go func() {
		onInterrupt(sigs, func() { firsts++ }, func() { agains++ })
		close(done)
	}()
	sigs <- os.Interrupt
	close(sigs)
	<-done
	if firsts != 1 || agains != 0 {
		t.Errorf("one signal: first %d, again %d", firsts, agains)
	}
}

// TestSkipDetailAddsOnlyWhatIsNew: --verbose shows the raw error behind a
// skip's short reason, but never the same words twice.
func TestSkipDetailAddsOnlyWhatIsNew(t *testing.T) {
	for _, tt := range []struct {
		sk   analyzer.SkippedRepo
		want string
	}{
		{analyzer.SkippedRepo{Reason: "empty repository"}, "empty repository"},
		{analyzer.SkippedRepo{Reason: "clone failed: repository not found or not public", Detail: "repository not found or not public"},
			"clone failed: repository not found or not public"},
		{analyzer.SkippedRepo{Reason: "clone failed: server error (HTTP 500) after 3 tries", Detail: "unexpected client error: unexpected requesting \"http://h/git/o/r.git/info/refs\" status code: 500"},
			"clone failed: server error (HTTP 500) after 3 tries (unexpected client error: unexpected requesting \"http://h/git/o/r.git/info/refs\" status code: 500)"},
	} {
		if got := skipDetail(tt.sk); got != tt.want {
			t.Errorf("skipDetail(%+v) = %q, want %q", tt.sk, got, tt.want)
		}
	}
}

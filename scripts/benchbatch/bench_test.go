// Package benchbatch measures `pyscout batch` on a synthetic shortlist
// against the in-process fake GitHub: wall time, requests per candidate,
// the pyscout process's peak memory, and the speed of warm re-runs. It is
// a measurement, not a test: it runs only when asked.
//
//	PYSCOUT_BENCHBATCH=1 go test -run TestBenchBatch -v -timeout 60m ./scripts/benchbatch
//
// PYSCOUT_BENCHBATCH_N sets the number of candidates (default 50; each has
// 5 to 30 repositories, spread evenly). It builds the pyscout binary and
// runs it as a user would, so that its memory is its own.
package benchbatch

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

// repoFiles is a small Python project: a package with classes, a test
// module and a CI workflow.
func repoFiles(i int) map[string]string {
	return map[string]string{
		"pkg/__init__.py": "",
		"pkg/core.py": fmt.Sprintf(`from dataclasses import dataclass
import requests


@dataclass
class Base%d:
    url: str

    def fetch(self) -> str:
        return requests.get(self.url).text


class Child(Base%d):
    async def run(self):
        if (n := len(self.url)) > 3:
            return f"{n}"
        return None
`, i, i),
		"tests/test_core.py":       "from pkg.core import Child\n\n\ndef test_child():\n    assert Child('x').url == 'x'\n",
		"pyproject.toml":           "[project]\nname = \"pkg\"\ndependencies = [\"requests\"]\n",
		".github/workflows/ci.yml": "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n",
	}
}

type run struct {
	wall   time.Duration
	maxRSS int64 // KiB
	code   int
}

func runPyscout(t *testing.T, bin string, args ...string) run {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "GH_TOKEN=bench")
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = nil, &stderr
	start := time.Now()
	err := cmd.Run()
	r := run{wall: time.Since(start)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.maxRSS = ru.Maxrss
	}
	r.code = cmd.ProcessState.ExitCode()
	if err != nil && r.code != 1 {
		t.Fatalf("pyscout %v: %v\n%s", args, err, stderr.String())
	}
	return r
}

func TestBenchBatch(t *testing.T) {
	if os.Getenv("PYSCOUT_BENCHBATCH") == "" {
		t.Skip("a measurement: set PYSCOUT_BENCHBATCH=1 to run it")
	}
	n := 50
	if v := os.Getenv("PYSCOUT_BENCHBATCH_N"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 2 {
			t.Fatalf("PYSCOUT_BENCHBATCH_N=%q", v)
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "pyscout")
	build := exec.Command("go", "build", "-o", bin, "github.com/pyscout/pyscout/cmd/pyscout")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	s := githubtest.New(t)
	var logins []string
	reposOf := map[string]int{}
	start := time.Now()
	total := 0
	for i := range n {
		login := fmt.Sprintf("cand-%02d", i)
		repos := 5 + i*25/(n-1)
		s.AddUser(githubtest.User{Login: login})
		for j := range repos {
			s.AddRepo(login, githubtest.Repo{Name: fmt.Sprintf("proj-%02d", j), Language: "Python", PushedAt: time.Now().Add(-time.Duration(j) * 24 * time.Hour), Files: repoFiles(j)})
		}
		logins = append(logins, login)
		reposOf[login] = repos
		total += repos
	}
	t.Logf("fake GitHub: %d candidates, %d repositories, built in %s", n, total, time.Since(start).Round(time.Second))
	list := filepath.Join(dir, "shortlist.txt")
	if err := os.WriteFile(list, []byte(strings.Join(logins, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cache, out := filepath.Join(dir, "cache"), filepath.Join(dir, "out")
	args := []string{"batch", list, "--api-url", s.APIURL(), "--cache-dir", cache, "--out-dir", out, "-q", "--stack", "requests,django"}

	cold := runPyscout(t, bin, args...)
	if cold.code != 0 {
		t.Fatalf("cold run exit %d", cold.code)
	}
	perCandidate := map[string][2]int{} // login -> REST, git
	for _, r := range s.Requests() {
		for _, l := range logins {
			switch {
			case strings.HasPrefix(r.Path, "/users/"+l) || strings.HasPrefix(r.Path, "/repos/"+l+"/"):
				c := perCandidate[l]
				c[0]++
				perCandidate[l] = c
			case strings.HasPrefix(r.Path, "/git/"+l+"/"):
				c := perCandidate[l]
				c[1]++
				perCandidate[l] = c
			}
		}
	}
	coldRequests := len(s.Requests())
	resumed := runPyscout(t, bin, args...)
	resumedRequests := len(s.Requests()) - coldRequests
	warm := runPyscout(t, bin, append(args, "--force")...)

	t.Logf("cold run: %s wall, peak RSS %d MiB, %d requests in all (%.1f per candidate)", cold.wall.Round(100*time.Millisecond), cold.maxRSS>>10, coldRequests, float64(coldRequests)/float64(n))
	for _, l := range []string{logins[0], logins[n/2], logins[n-1]} {
		c := perCandidate[l]
		t.Logf("  %s (%d repositories): %d REST requests, %d git requests", l, reposOf[l], c[0], c[1])
	}
	t.Logf("re-run, nothing changed (every candidate resumed): %s wall, %d requests, peak RSS %d MiB; speed-up %.0fx", resumed.wall.Round(10*time.Millisecond), resumedRequests, resumed.maxRSS>>10, cold.wall.Seconds()/resumed.wall.Seconds())
	t.Logf("re-run with --force, clones cached (fetch instead of clone): %s wall, peak RSS %d MiB; speed-up %.2fx", warm.wall.Round(100*time.Millisecond), warm.maxRSS>>10, cold.wall.Seconds()/warm.wall.Seconds())
}

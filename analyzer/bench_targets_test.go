//go:build linux

package analyzer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	git "github.com/go-git/go-git/v5"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
	"github.com/pyscout/pyscout/analyzer/internal/cputime"
)

// benchBinary is the pyscout binary the target benchmarks run: the one
// named by PYSCOUT_BENCH_BIN (to measure another build, say the one
// before a change), else one built from this tree.
func benchBinary(b *testing.B) string {
	b.Helper()
	if bin := os.Getenv("PYSCOUT_BENCH_BIN"); bin != "" {
		return bin
	}
	bin := filepath.Join(b.TempDir(), "pyscout")
	if out, err := exec.Command("go", "build", "-o", bin, "../cmd/pyscout").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// binRun is one run of the pyscout binary.
type binRun struct {
	wall time.Duration
	// peakRSS is the process's high-water resident set (getrusage's
	// ru_maxrss), in bytes.
	peakRSS int64
	// requests is the profile's count of REST requests; spent is the
	// fake's rate-limit budget the run used (GitHub, and the fake, do
	// not count a 304 answer).
	requests, spent int
	// analysed counts the repositories the report analysed, and
	// historyCommits the commits their histories walked: a figure is
	// measured on the work it claims only if these are as expected.
	analysed, historyCommits int
}

// runBinary runs `pyscout analyze bench` against s and reads its report.
func runBinary(b *testing.B, bin string, s *githubtest.Server, args ...string) binRun {
	b.Helper()
	before := rateRemaining(b, s)
	cmd := exec.Command(bin, append([]string{"analyze", "bench", "--api-url", s.APIURL(), "--format", "json"}, args...)...)
	// Authenticated, as a recruiter with a token runs it: GitHub counts a
	// 304 against the rate limit only for a request without credentials
	// (the fake too), so an unauthenticated re-run spends one request
	// per revalidated answer.
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + b.TempDir(), "GH_TOKEN=bench-token"}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		b.Fatalf("pyscout %v: %v\n%s", args, err, stderr.String())
	}
	r := binRun{wall: time.Since(start)}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.peakRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	var rep struct {
		API struct {
			Requests int `json:"requests"`
		} `json:"api"`
		Repos []struct {
			History *struct {
				Commits int `json:"commits"`
			} `json:"history"`
		} `json:"repos"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		b.Fatalf("pyscout %v: report: %v", args, err)
	}
	r.requests = rep.API.Requests
	r.analysed = len(rep.Repos)
	for _, repo := range rep.Repos {
		if repo.History != nil {
			r.historyCommits += repo.History.Commits
		}
	}
	r.spent = before - rateRemaining(b, s)
	return r
}

// rateRemaining reads the fake's core budget; /rate_limit spends none.
func rateRemaining(b *testing.B, s *githubtest.Server) int {
	b.Helper()
	resp, err := http.Get(s.APIURL() + "rate_limit")
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var rl struct {
		Resources struct {
			Core struct {
				Remaining int `json:"remaining"`
			} `json:"core"`
		} `json:"resources"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&rl); err != nil {
		b.Fatal(err)
	}
	return rl.Resources.Core.Remaining
}

// gitClones clones every repository with the git CLI, four at a time (the
// pipeline's default --jobs), into fresh bare repositories, or with a
// checkout of the files (a plain `git clone`) unless bare.
func gitClones(b *testing.B, s *githubtest.Server, names []string, bare bool, args ...string) time.Duration {
	b.Helper()
	dir := b.TempDir()
	return clonesAtOnce(b, names, func(name string) error {
		clone := []string{"clone", "-q", "--single-branch", "--no-tags"}
		if bare {
			clone = append(clone, "--bare")
		}
		cmd := exec.Command("git", append(append(clone, args...), s.CloneURL("bench", name), filepath.Join(dir, name))...)
		cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + dir, "GIT_CONFIG_NOSYSTEM=1"}
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("git clone %s: %v\n%s", name, err, out)
		}
		return nil
	})
}

// goGitClones clones every repository with go-git, the library pyscout
// clones with, four at a time, into fresh bare repositories: depth 1 or
// (0) the whole history, single branch, no tags. It is the floor for
// pyscout's own clones, beside the git CLI's.
func goGitClones(b *testing.B, s *githubtest.Server, names []string, depth int) time.Duration {
	b.Helper()
	dir := b.TempDir()
	return clonesAtOnce(b, names, func(name string) error {
		_, err := git.PlainClone(filepath.Join(dir, name), true, &git.CloneOptions{URL: s.CloneURL("bench", name), Depth: depth, SingleBranch: true, Tags: git.NoTags})
		if err != nil {
			return fmt.Errorf("go-git clone %s: %w", name, err)
		}
		return nil
	})
}

// BenchmarkCandidateTargets measures, in one run, the ratios issue 14 sets
// targets for, with the pyscout binary against the fake GitHub serving the
// repositories of PYSCOUT_BENCH_REPOS with their histories:
//   - `analyze --no-history` against shallow (depth 1) bare git clones of
//     the same repositories, four at a time;
//   - the default run against full bare git clones, four at a time;
//   - both runs against go-git's clones of the same depths (the library
//     pyscout must clone with);
//   - a warm re-run (the same cache directory, nothing changed) against
//     the cold default run, and the rate limit it spent;
//   - the peak RSS of each run.
//
// Each iteration measures every figure once; run it with -benchtime 1x
// -count N and read the best and the spread.
func BenchmarkCandidateTargets(b *testing.B) {
	s, names := benchPortfolio(b)
	bin := benchBinary(b)
	for b.Loop() {
		var shallow, shallowCheckout, full time.Duration
		var noHist, cold, warm binRun
		cpuShallow := stepCPU(b, func() { shallow = gitClones(b, s, names, true, "--depth", "1") })
		shallowCheckout = gitClones(b, s, names, false, "--depth", "1")
		cpuFull := stepCPU(b, func() { full = gitClones(b, s, names, true) })
		var goShallow, goFull time.Duration
		cpuGoShallow := stepCPU(b, func() { goShallow = goGitClones(b, s, names, 1) })
		cpuGoFull := stepCPU(b, func() { goFull = goGitClones(b, s, names, 0) })
		cpuNoHist := stepCPU(b, func() { noHist = runBinary(b, bin, s, "--no-history", "--cache-dir", b.TempDir()) })
		cache := b.TempDir()
		cpuCold := stepCPU(b, func() { cold = runBinary(b, bin, s, "--cache-dir", cache) })
		cpuWarm := stepCPU(b, func() { warm = runBinary(b, bin, s, "--cache-dir", cache) })
		// CPU seconds of each step, the git server's included: on a
		// loaded machine they are steadier than wall times.
		b.ReportMetric(cpuNoHist/cpuShallow, "no-history/shallow-cpu")
		b.ReportMetric(cpuCold/cpuFull, "default/full-cpu")
		b.ReportMetric(cpuWarm/cpuCold, "warm/cold-cpu")
		b.ReportMetric(cpuCold, "default-cpu-s")
		b.ReportMetric(cpuFull, "full-clones-cpu-s")
		b.ReportMetric(cpuNoHist, "no-history-cpu-s")
		b.ReportMetric(cpuShallow, "shallow-clones-cpu-s")
		b.ReportMetric(cpuGoShallow, "gogit-shallow-cpu-s")
		b.ReportMetric(cpuGoFull, "gogit-full-cpu-s")
		// The least each ratio could be on this machine with the CPU the
		// run spent (the server's included), were every core busy from
		// its start to its end: its CPU seconds over the cores, over the
		// clones' wall time.
		cores := float64(runtime.NumCPU())
		b.ReportMetric(cpuNoHist/cores/shallow.Seconds(), "no-history/shallow-floor")
		b.ReportMetric(cpuCold/cores/full.Seconds(), "default/full-floor")
		b.ReportMetric(shallow.Seconds(), "shallow-clones-s")
		b.ReportMetric(full.Seconds(), "full-clones-s")
		b.ReportMetric(noHist.wall.Seconds(), "no-history-s")
		b.ReportMetric(cold.wall.Seconds(), "default-s")
		b.ReportMetric(warm.wall.Seconds(), "warm-s")
		b.ReportMetric(goShallow.Seconds(), "gogit-shallow-s")
		b.ReportMetric(goFull.Seconds(), "gogit-full-s")
		b.ReportMetric(noHist.wall.Seconds()/goShallow.Seconds(), "no-history/gogit-shallow")
		b.ReportMetric(cold.wall.Seconds()/goFull.Seconds(), "default/gogit-full")
		b.ReportMetric(noHist.wall.Seconds()/shallow.Seconds(), "no-history/shallow")
		b.ReportMetric(shallowCheckout.Seconds(), "shallow-checkout-s")
		b.ReportMetric(noHist.wall.Seconds()/shallowCheckout.Seconds(), "no-history/shallow-checkout")
		b.ReportMetric(cold.wall.Seconds()/full.Seconds(), "default/full")
		b.ReportMetric(warm.wall.Seconds()/cold.wall.Seconds(), "warm/cold")
		b.ReportMetric(float64(cold.spent), "cold-rate-spent")
		b.ReportMetric(float64(warm.spent), "warm-rate-spent")
		b.ReportMetric(float64(warm.requests), "warm-requests")
		b.ReportMetric(float64(noHist.peakRSS)/(1<<20), "no-history-rss-MiB")
		b.ReportMetric(float64(cold.peakRSS)/(1<<20), "default-rss-MiB")
		b.ReportMetric(float64(warm.peakRSS)/(1<<20), "warm-rss-MiB")
	}
}

// stepCPU runs fn and returns the CPU seconds (user and system) spent
// meanwhile by this process (the fake GitHub) and by its children that
// ended (git clones, git http-backend and upload-pack, the pyscout
// binary).
func stepCPU(b *testing.B, fn func()) float64 {
	total := func() float64 {
		self, children, err := cputime.Used()
		if err != nil {
			b.Fatal(err)
		}
		return (self + children).Seconds()
	}
	start := total()
	fn()
	return total() - start
}

// largeHistory builds, with one streamed git fast-import, a repository
// whose history holds commits × fileKB of text: each commit adds a file of
// fresh random lines (no delta can shrink it, so the pack is about as
// large as the content) and deletes the one added `keep` commits before,
// so the newest tree holds `keep` files whatever the history's length. It
// returns the repository's directory and its pack size in bytes.
func largeHistory(b *testing.B, commits, fileKB, keep int) (string, int64) {
	b.Helper()
	dir := filepath.Join(b.TempDir(), "large.git")
	if out, err := exec.Command("git", "init", "-q", "--bare", "-b", "main", dir).CombinedOutput(); err != nil {
		b.Fatalf("git init: %v\n%s", err, out)
	}
	cmd := exec.Command("git", "fast-import", "--quiet", "--done")
	cmd.Dir = dir
	stdin, err := cmd.StdinPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(stdin, 1<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"
	line := make([]byte, 64)
	start := time.Now().Add(-time.Duration(commits) * time.Hour)
	for i := 0; i < commits; i++ {
		when := start.Add(time.Duration(i) * time.Hour).Unix()
		msg := fmt.Sprintf("commit %d", i)
		fmt.Fprintf(w, "commit refs/heads/main\nauthor Bench <bench@example.com> %d +0000\ncommitter Bench <bench@example.com> %d +0000\ndata %d\n%s\n", when, when, len(msg), msg)
		if i >= keep {
			fmt.Fprintf(w, "D data/f%06d.py\n", i-keep)
		}
		n := fileKB * 1024 / len(line)
		fmt.Fprintf(w, "M 100644 inline data/f%06d.py\ndata %d\n", i, n*len(line))
		for j := 0; j < n; j++ {
			for k := 0; k < len(line)-1; k++ {
				line[k] = alphabet[rng.IntN(len(alphabet))]
			}
			line[len(line)-1] = '\n'
			w.Write(line)
		}
		w.WriteString("\n")
	}
	w.WriteString("done\n")
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		b.Fatalf("git fast-import: %v", err)
	}
	var size int64
	packs, _ := filepath.Glob(filepath.Join(dir, "objects", "pack", "*.pack"))
	for _, p := range packs {
		if info, err := os.Stat(p); err == nil {
			size += info.Size()
		}
	}
	return dir, size
}

// BenchmarkCandidateLargeHistoryRSS runs the pyscout binary on one
// repository with a large history (PYSCOUT_BENCH_LARGE_COMMITS commits of
// a fresh 256 KB file each, 2,000 by default: 500 MB of history) with
// history bounded by --history-depth (PYSCOUT_BENCH_HISTORY_DEPTH, 500 by
// default), and reports its peak RSS: the figure must not grow with the
// history behind the bound.
func BenchmarkCandidateLargeHistoryRSS(b *testing.B) {
	commits := benchEnvInt(b, "PYSCOUT_BENCH_LARGE_COMMITS", 2000)
	depth := benchEnvInt(b, "PYSCOUT_BENCH_HISTORY_DEPTH", 500)
	const fileKB, keep = 256, 20
	dir, pack := largeHistory(b, commits, fileKB, keep)
	s := githubtest.New(b)
	s.AddUser(githubtest.User{Login: "bench", Email: "bench@example.com"})
	s.AddRepo("bench", githubtest.Repo{Name: "large", Language: "Python", GitSource: dir, PushedAt: time.Now()})
	bin := benchBinary(b)
	b.Logf("history: %d commits, %.0f MB of file content, pack %.0f MB; newest tree %d files (%.1f MB); --history-depth %d",
		commits, float64(commits*fileKB*1024)/1e6, float64(pack)/1e6, keep, float64(keep*fileKB*1024)/1e6, depth)
	// The repository must be analysed, not skipped for its size.
	maxMB := strconv.FormatInt(2*pack/1e6+500, 10)
	for b.Loop() {
		r := runBinary(b, bin, s, "--cache-dir", b.TempDir(), "--history-depth", strconv.Itoa(depth), "--max-repo-mb", maxMB)
		if r.analysed != 1 || r.historyCommits < min(depth, commits) {
			b.Fatalf("analysed %d repositories, walked %d commits: want the large one, with at least %d commits of history", r.analysed, r.historyCommits, min(depth, commits))
		}
		b.ReportMetric(float64(r.historyCommits), "commits-walked")
		b.ReportMetric(r.wall.Seconds(), "wall-s")
		b.ReportMetric(float64(r.peakRSS)/(1<<20), "peak-rss-MiB")
		b.ReportMetric(float64(pack)/1e6, "pack-MB")
	}
}

// benchEnvInt reads a positive integer setting of a benchmark.
func benchEnvInt(b *testing.B, name string, def int) int {
	b.Helper()
	v := strings.TrimSpace(os.Getenv(name))
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("%s=%q: want a positive integer", name, v)
	}
	return n
}

// BenchmarkCandidateAB runs two pyscout binaries (PYSCOUT_BENCH_AB="OLD,NEW")
// against the same fake GitHub, alternately, PYSCOUT_BENCH_AB_RUNS times
// each (default 8), each run with a fresh cache (--no-history when
// PYSCOUT_BENCH_AB_NO_HISTORY is set), and reports the median and best
// wall and CPU seconds (user and system, of the pyscout process alone) of
// each. On a shared machine of two cores, whose wall times vary by half
// from one run to the next, alternating the binaries and taking medians is
// what tells a change from the noise.
func BenchmarkCandidateAB(b *testing.B) {
	pair := strings.Split(os.Getenv("PYSCOUT_BENCH_AB"), ",")
	if len(pair) != 2 {
		b.Skip("set PYSCOUT_BENCH_AB=OLD,NEW (two pyscout binaries) to compare them")
	}
	s, _ := benchPortfolio(b)
	runs := benchEnvInt(b, "PYSCOUT_BENCH_AB_RUNS", 8)
	var extra []string
	if os.Getenv("PYSCOUT_BENCH_AB_NO_HISTORY") != "" {
		extra = append(extra, "--no-history")
	}
	for b.Loop() {
		wall, cpu := [2][]float64{}, [2][]float64{}
		for range runs {
			for i, bin := range pair {
				cmd := exec.Command(bin, append([]string{"analyze", "bench", "--api-url", s.APIURL(), "--format", "json", "--cache-dir", b.TempDir()}, extra...)...)
				cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + b.TempDir(), "GH_TOKEN=bench-token"}
				start := time.Now()
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("%s: %v\n%.2000s", bin, err, out)
				}
				wall[i] = append(wall[i], time.Since(start).Seconds())
				cpu[i] = append(cpu[i], (cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()).Seconds())
			}
		}
		for i, name := range []string{"a", "b"} {
			for _, m := range []struct {
				what string
				xs   []float64
			}{{"wall", wall[i]}, {"cpu", cpu[i]}} {
				sort.Float64s(m.xs)
				b.ReportMetric(m.xs[len(m.xs)/2], name+"-"+m.what+"-median-s")
				b.ReportMetric(m.xs[0], name+"-"+m.what+"-best-s")
			}
		}
	}
}

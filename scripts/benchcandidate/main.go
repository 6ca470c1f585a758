// Command benchcandidate measures the targets of issue 14 on a whole
// candidate and prints them as a Markdown table: it runs the analyzer's
// BenchmarkCandidateTargets (the pyscout binary against the fake GitHub,
// which serves the given git repositories with their histories over git's
// smart HTTP protocol on loopback) -count times, and gives each figure's
// best and spread, with the machine's load average before and after.
//
//	go run ./scripts/benchcandidate [-count 2] [-bin path/to/pyscout] REPO...
//
// Without -bin the benchmark builds pyscout from this tree; -bin measures
// another build (the one before a change, say). -large N also runs
// BenchmarkCandidateLargeHistoryRSS on a synthetic history of N commits
// of a fresh 256 KB file each, bounded by -depth. -ab OLD,NEW compares two
// binaries instead: they run alternately, -runs times each, and the table
// gives the median and best wall and CPU seconds of each (the machine's
// noise is larger than most changes; alternation and medians see through
// it).
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

func main() {
	count := flag.Int("count", 2, "runs of each figure")
	bin := flag.String("bin", "", "pyscout binary to measure (default: built from this tree)")
	large := flag.Int("large", 0, "also measure peak RSS on a synthetic history of this many commits (256 KB each)")
	depth := flag.Int("depth", 500, "--history-depth of the large-history run")
	ab := flag.String("ab", "", "compare two pyscout binaries, OLD,NEW, run alternately")
	runs := flag.Int("runs", 8, "runs of each binary with -ab")
	noHistory := flag.Bool("no-history", false, "with -ab, run --no-history")
	flag.Parse()
	if flag.NArg() == 0 && *large == 0 {
		fmt.Fprintln(os.Stderr, "usage: benchcandidate [-count N] [-bin PYSCOUT | -ab OLD,NEW [-runs N] [-no-history]] [-large COMMITS -depth D] REPO...")
		os.Exit(2)
	}
	var repos []string
	for _, r := range flag.Args() {
		abs, err := filepath.Abs(r)
		check(err)
		repos = append(repos, abs)
	}
	env := append(os.Environ(), "PYSCOUT_BENCH_REPOS="+strings.Join(repos, ":"))
	if *bin != "" {
		abs, err := filepath.Abs(*bin)
		check(err)
		env = append(env, "PYSCOUT_BENCH_BIN="+abs)
	}
	fmt.Printf("load average before: %s\n\n", load())
	if *ab != "" {
		var bins []string
		for _, b := range strings.Split(*ab, ",") {
			abs, err := filepath.Abs(b)
			check(err)
			bins = append(bins, abs)
		}
		env = append(env, "PYSCOUT_BENCH_AB="+strings.Join(bins, ","), fmt.Sprintf("PYSCOUT_BENCH_AB_RUNS=%d", *runs))
		if *noHistory {
			env = append(env, "PYSCOUT_BENCH_AB_NO_HISTORY=1")
		}
		var rows []row
		for i, side := range []string{"a", "b"} {
			for _, what := range []string{"wall", "cpu"} {
				for _, stat := range []string{"median", "best"} {
					rows = append(rows, row{fmt.Sprintf("%s (%s), %s %s", filepath.Base(bins[i]), side, what, stat), side + "-" + what + "-" + stat + "-s", "s"})
				}
			}
		}
		table(run(env, "CandidateAB$", 1), rows)
		fmt.Printf("\nload average after: %s\n", load())
		return
	}
	if len(repos) > 0 {
		table(run(env, "CandidateTargets$", *count), []row{
			{"shallow git clones (depth 1, bare, 4 at a time)", "shallow-clones-s", "s"},
			{"shallow git clones with checkout (depth 1, plain `git clone`, 4 at a time)", "shallow-checkout-s", "s"},
			{"full bare git clones (4 at a time)", "full-clones-s", "s"},
			{"go-git shallow clones (depth 1, bare, 4 at a time)", "gogit-shallow-s", "s"},
			{"go-git full bare clones (4 at a time)", "gogit-full-s", "s"},
			{"pyscout analyze --no-history", "no-history-s", "s"},
			{"pyscout analyze (default, cold cache)", "default-s", "s"},
			{"pyscout analyze, warm re-run", "warm-s", "s"},
			{"--no-history / shallow clones (target ≤ 1.3)", "no-history/shallow", "×"},
			{"--no-history / shallow clones with checkout", "no-history/shallow-checkout", "×"},
			{"default / full clones (target ≤ 1.5)", "default/full", "×"},
			{"warm / cold (target ≤ 0.2)", "warm/cold", "×"},
			{"--no-history / go-git shallow clones", "no-history/gogit-shallow", "×"},
			{"default / go-git full clones", "default/gogit-full", "×"},
			{"CPU: --no-history / shallow clones", "no-history/shallow-cpu", "×"},
			{"CPU: default / full clones", "default/full-cpu", "×"},
			{"CPU: warm / cold", "warm/cold-cpu", "×"},
			{"CPU seconds, --no-history run (server included)", "no-history-cpu-s", "s"},
			{"CPU seconds, shallow clones (server included)", "shallow-clones-cpu-s", "s"},
			{"CPU seconds, go-git shallow clones (server included)", "gogit-shallow-cpu-s", "s"},
			{"CPU seconds, default run (server included)", "default-cpu-s", "s"},
			{"CPU seconds, full clones (server included)", "full-clones-cpu-s", "s"},
			{"CPU seconds, go-git full clones (server included)", "gogit-full-cpu-s", "s"},
			{"least --no-history / shallow clones the run's CPU allows (CPU ÷ cores ÷ clones' wall)", "no-history/shallow-floor", "×"},
			{"least default / full clones the run's CPU allows", "default/full-floor", "×"},
			{"rate limit spent, cold run", "cold-rate-spent", ""},
			{"rate limit spent, warm re-run (target 0)", "warm-rate-spent", ""},
			{"REST requests, warm re-run", "warm-requests", ""},
			{"peak RSS, --no-history", "no-history-rss-MiB", "MiB"},
			{"peak RSS, default", "default-rss-MiB", "MiB"},
			{"peak RSS, warm re-run", "warm-rss-MiB", "MiB"},
		})
	}
	if *large > 0 {
		env = append(env, fmt.Sprintf("PYSCOUT_BENCH_LARGE_COMMITS=%d", *large), fmt.Sprintf("PYSCOUT_BENCH_HISTORY_DEPTH=%d", *depth))
		fmt.Println()
		table(run(env, "CandidateLargeHistoryRSS$", *count), []row{
			{"history pack", "pack-MB", "MB"},
			{"commits walked", "commits-walked", ""},
			{fmt.Sprintf("pyscout analyze --history-depth %d, wall", *depth), "wall-s", "s"},
			{fmt.Sprintf("pyscout analyze --history-depth %d, peak RSS", *depth), "peak-rss-MiB", "MiB"},
		})
	}
	fmt.Printf("\nload average after: %s\n", load())
}

// row is one figure of the table: its label, the benchmark's metric, and
// its unit.
type row struct{ label, metric, unit string }

// run runs one benchmark count times and returns each metric's values.
func run(env []string, bench string, count int) map[string][]float64 {
	cmd := exec.Command("go", "test", "./analyzer/", "-run", "^$", "-bench", bench, "-benchtime", "1x",
		"-count", strconv.Itoa(count), "-timeout", "2h")
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		os.Stderr.Write(out.Bytes())
		check(err)
	}
	metrics := map[string][]float64{}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "    ") && strings.Contains(line, "history:") {
			fmt.Println(strings.TrimSpace(line[strings.Index(line, "history:"):]))
		}
		if !strings.HasPrefix(line, "Benchmark") {
			continue
		}
		// Name, iterations, then value-unit pairs.
		f := strings.Fields(line)
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err == nil {
				metrics[f[i+1]] = append(metrics[f[i+1]], v)
			}
		}
	}
	return metrics
}

// table prints each row's best (the lowest) value and the range of its
// values.
func table(metrics map[string][]float64, rows []row) {
	fmt.Println("| figure | best | all runs |")
	fmt.Println("|---|---:|---|")
	for _, r := range rows {
		vs := metrics[r.metric]
		if len(vs) == 0 {
			fmt.Printf("| %s | (not measured) | |\n", r.label)
			continue
		}
		sort.Float64s(vs)
		var all []string
		for _, v := range vs {
			all = append(all, format(v))
		}
		fmt.Printf("| %s | %s %s | %s |\n", r.label, format(vs[0]), r.unit, strings.Join(all, ", "))
	}
}

func format(v float64) string {
	switch {
	case v == math.Trunc(v) && math.Abs(v) >= 10:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case math.Abs(v) >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}

// load is the load average, from /proc/loadavg.
func load() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchcandidate:", err)
		os.Exit(1)
	}
}

package history

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// notebookRepo builds, with one streamed git fast-import, a repository of
// n notebooks of size bytes each, highly compressible (one short line
// repeated), added by one commit and each changed by a second: a few
// hundred KB on disk that unpack to gigabytes. The content never sits in
// this process's memory, so the memory measured is the walk's.
func notebookRepo(b *testing.B, n, size int) (*git.Repository, plumbing.Hash) {
	b.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("git not found: the git CLI builds the fixture history")
	}
	dir := b.TempDir()
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
	line := `    "output line, the same every time, as a notebook's printed log\n",` + "\n"
	body := func(i, version int) {
		head := fmt.Sprintf("{\"cells\": [{\"cell_type\": \"code\", \"source\": [\"print(%d)\"], \"outputs\": [{\"text\": [\n", i)
		tail := fmt.Sprintf("    \"version %d\"\n]}]}]}\n", version)
		reps := (size - len(head) - len(tail)) / len(line)
		fmt.Fprintf(w, "data %d\n%s", len(head)+reps*len(line)+len(tail), head)
		for r := 0; r < reps; r++ {
			w.WriteString(line)
		}
		w.WriteString(tail + "\n")
	}
	when := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for version := 0; version < 2; version++ {
		msg := fmt.Sprintf("commit %d", version)
		fmt.Fprintf(w, "commit refs/heads/main\ncommitter Alice <alice@example.com> %d +0000\ndata %d\n%s\n",
			when.Add(time.Duration(version)*time.Hour).Unix(), len(msg), msg)
		for i := 0; i < n; i++ {
			fmt.Fprintf(w, "M 100644 inline nb%03d.ipynb\n", i)
			body(i, version)
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
	repo, err := git.PlainOpen(dir)
	if err != nil {
		b.Fatal(err)
	}
	ref, err := repo.Reference(plumbing.NewBranchReferenceName("main"), true)
	if err != nil {
		b.Fatal(err)
	}
	return repo, ref.Hash()
}

// BenchmarkHistoryLargeNotebooks walks the history of 100 compressible
// 15 MiB notebooks, added then changed. Peak memory is measured from
// outside (/usr/bin/time -v, see docs/benchmarks.md); the benchmark
// reports the Go heap's peak as the runtime saw it (HeapSys, the heap's
// address space, which does not shrink).
func BenchmarkHistoryLargeNotebooks(b *testing.B) {
	repo, head := notebookRepo(b, 100, 15<<20)
	now := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	id := NewIdentity("alice", 1, "alice@example.com")
	for b.Loop() {
		h, err := Analyze(context.Background(), repo, head, id, nil, Options{Now: now})
		if err != nil {
			b.Fatal(err)
		}
		if h.Commits != 2 {
			b.Fatalf("walked %d commits, want 2", h.Commits)
		}
		b.ReportMetric(float64(h.LinesAdded), "lines")
		b.ReportMetric(float64(h.LinesMeasuredCommits), "measured-commits")
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapSys)/(1<<20), "heap-sys-MiB")
}

// BenchmarkReadLogRealHistories walks, with the default options, the
// histories of the repositories named in PYSCOUT_BENCH_REPOS
// (colon-separated git repositories, as for the analyzer's whole-candidate
// benchmarks): the CPU of ReadLog alone, without the clones and analyses
// around it. The lines counted are reported so that a change to the
// counting shows.
func BenchmarkReadLogRealHistories(b *testing.B) {
	list := os.Getenv("PYSCOUT_BENCH_REPOS")
	if list == "" {
		b.Skip("set PYSCOUT_BENCH_REPOS=repo[:repo...] to walk real histories")
	}
	type walked struct {
		repo *git.Repository
		head plumbing.Hash
	}
	var repos []walked
	for _, dir := range strings.Split(list, ":") {
		repo, head := openHead(b, dir)
		repos = append(repos, walked{repo, head})
	}
	now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		commits, lines := 0, 0
		for _, r := range repos {
			l, err := ReadLog(context.Background(), r.repo, r.head, Options{Now: now})
			if err != nil {
				b.Fatal(err)
			}
			for _, c := range l.commits {
				if c.measured {
					commits++
					lines += c.st.added
				}
			}
		}
		b.ReportMetric(float64(commits), "measured-commits")
		b.ReportMetric(float64(lines), "lines")
	}
}

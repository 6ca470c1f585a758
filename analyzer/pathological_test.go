package analyzer

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/analyzer/github/githubtest"
	"github.com/pyscout/pyscout/analyzer/internal/cputime"
)

// pathologicalPython is one Python file built to find work that grows
// faster than n·log n: imports distinct third-party modules (most
// top-level, some submodules of one package, some of a namespace package),
// and classes in one long inheritance chain, each overriding its parent's
// method, plus a crowd of classes sharing one name. It stays under the
// walk's 1 MiB bound so that it is analysed, not skipped.
func pathologicalPython(imports, classes int) string {
	var b strings.Builder
	name := func(i int) string { return strconv.FormatInt(int64(i), 36) }
	for i := 0; i < imports; {
		b.WriteString("import ")
		for k := 0; k < 20 && i < imports; k, i = k+1, i+1 {
			if k > 0 {
				b.WriteByte(',')
			}
			switch i % 8 {
			case 0:
				b.WriteString("p.m" + name(i)) // one library, many modules
			case 1:
				b.WriteString("google.m" + name(i)) // a namespace package
			default:
				b.WriteString("m" + name(i))
			}
		}
		b.WriteByte('\n')
	}
	// Nine in ten classes form one chain; the rest share one name and
	// each names it as a base.
	chain := classes * 9 / 10
	b.WriteString("class K0:\n def f(s):0\n")
	for i := 1; i < chain; i++ {
		fmt.Fprintf(&b, "class K%s(K%s):\n def f(s):0\n", name(i), name(i-1))
	}
	for i := chain; i < classes; i++ {
		b.WriteString("class S(S):0\n")
	}
	return b.String()
}

// pathologicalRepo serves a repository holding the pathological file on
// the fake GitHub, with a short history that changes it.
func pathologicalRepo(tb testing.TB, imports, classes int) (*github.Client, time.Time) {
	tb.Helper()
	src := pathologicalPython(imports, classes)
	if len(src) >= 1<<20 {
		tb.Fatalf("the pathological file is %d bytes: over the walk's bound, it would be skipped", len(src))
	}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	s := githubtest.New(tb)
	s.AddUser(githubtest.User{Login: "patho"})
	var hist []githubtest.Commit
	for i := 0; i < 5; i++ {
		hist = append(hist, githubtest.Commit{
			AuthorEmail: "patho@users.noreply.github.com",
			AuthorDate:  now.AddDate(0, 0, i-10),
			Files: map[string]string{
				"big.py":                     src + strings.Repeat("#\n", i),
				fmt.Sprintf("small%d.py", i): "import requests\nimport p.m0\n",
			},
		})
	}
	s.AddRepo("patho", githubtest.Repo{Name: "big", Language: "Python", PushedAt: now, History: hist})
	gh, err := github.NewClient(github.Options{APIURL: s.APIURL()})
	if err != nil {
		tb.Fatal(err)
	}
	return gh, now
}

// BenchmarkPathological runs the whole per-repository analysis over a
// file of 80,000 imports and 10,000 classes, with and without history.
func BenchmarkPathological(b *testing.B) {
	for _, noHistory := range []bool{true, false} {
		b.Run(map[bool]string{true: "no-history", false: "history"}[noHistory], func(b *testing.B) {
			gh, now := pathologicalRepo(b, 80000, 10000)
			// CPU time, besides wall time: on a machine shared with other
			// work, it is the steadier figure. It counts this process only
			// (the fake GitHub's handlers included, its git children not).
			cpu0 := cpuSelf(b)
			for b.Loop() {
				p, err := AnalyzeUser(context.Background(), gh, "patho", Options{
					CacheDir: b.TempDir(), NoHistory: noHistory, Now: func() time.Time { return now },
				})
				if err != nil {
					b.Fatal(err)
				}
				if len(p.Repos) != 1 || p.Repos[0].Dependencies == nil || len(p.Repos[0].Dependencies.Libraries) < 60000 {
					b.Fatalf("the pathological repository was not analysed in full: skipped %+v", p.Skipped)
				}
			}
			b.ReportMetric((cpuSelf(b)-cpu0).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// TestCancelStopsPathologicalAnalysis cancels the run at each step of the
// pathological repository's analysis and expects it back promptly with
// the cancellation, not after the work (a quadratic step once kept a
// cancelled run going for minutes).
func TestCancelStopsPathologicalAnalysis(t *testing.T) {
	gh, now := pathologicalRepo(t, 80000, 10000)
	for _, at := range []struct {
		name   string
		cancel func(Event) bool
	}{
		{"while parsing", func(e Event) bool { return e.Stage == StageAnalyse }},
		{"while fetching history", func(e Event) bool { return e.Stage == StageHistory && e.Detail == "" }},
		{"while dating libraries", func(e Event) bool { return e.Stage == StageHistory && e.Detail == datingDetail }},
	} {
		t.Run(at.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			cancelled := make(chan struct{})
			var once sync.Once
			done := make(chan error, 1)
			go func() {
				_, err := AnalyzeUser(ctx, gh, "patho", Options{CacheDir: t.TempDir(), Now: func() time.Time { return now },
					Progress: func(e Event) {
						if at.cancel(e) {
							once.Do(func() { cancel(); close(cancelled) })
						}
					}})
				done <- err
			}()
			// Hang guards, generous for a loaded machine: the run gets to
			// the step, then stops soon after the cancellation.
			select {
			case <-cancelled:
			case err := <-done:
				t.Fatalf("the run ended (%v) before reaching the step", err)
			case <-time.After(10 * time.Minute):
				t.Fatal("the run never reached the step")
			}
			start := time.Now()
			select {
			case err := <-done:
				t.Logf("back %v after the cancellation", time.Since(start).Round(time.Millisecond))
				if !errors.Is(err, context.Canceled) {
					t.Errorf("err %v, want context.Canceled", err)
				}
			case <-time.After(time.Minute):
				t.Fatal("a cancelled run went on for a minute")
			}
		})
	}
}

// cpuSelf is the CPU time this process has used.
func cpuSelf(tb testing.TB) time.Duration {
	self, _, err := cputime.Used()
	if err != nil {
		tb.Fatal(err)
	}
	return self
}

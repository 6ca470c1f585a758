package history

import (
	"container/heap"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/object"
)

func TestIdentityMatch(t *testing.T) {
	id := NewIdentity("Alice", 4242, "alice@example.com")
	id.AddEmail("alice@work.example", MatchAttributedEmail)
	id.AddName("Alice Liddell")
	cases := []struct {
		name, email string
		want        MatchKind
		ok          bool
	}{
		{"x", "alice@users.noreply.github.com", MatchNoreply, true},
		{"x", "4242+alice@users.noreply.github.com", MatchNoreply, true},
		{"x", "999+Alice@users.noreply.github.com", MatchNoreply, true},
		{"x", "bob@users.noreply.github.com", "", false},
		{"x", "ALICE@example.com", MatchPublicEmail, true},
		{"x", "alice@work.example", MatchAttributedEmail, true},
		{"Alice Liddell", "", MatchAttributedName, true},
		{"alice   liddell", "", MatchAttributedName, true},
		// A name on someone else's address is not the candidate.
		{"Alice Liddell", "other@example.com", "", false},
		{"Bob", "", "", false},
		{"", "", "", false},
	}
	for _, c := range cases {
		got, ok := id.Match(c.name, c.email)
		if got != c.want || ok != c.ok {
			t.Errorf("Match(%q, %q) = %q %v, want %q %v", c.name, c.email, got, ok, c.want, c.ok)
		}
	}
}

func TestMailmap(t *testing.T) {
	mm := ParseMailmap([]byte(`# comment
Alice Liddell <alice@example.com>
<alice@example.com> <alice@old-laptop.local>
Alice Liddell <alice@example.com> Ally <ally@school.example>
broken line without email
Only <one@x> trailing junk
`))
	cases := []struct{ name, email, wantName, wantEmail string }{
		{"A", "alice@example.com", "Alice Liddell", "alice@example.com"},
		{"whoever", "ALICE@old-laptop.local", "whoever", "alice@example.com"},
		{"Ally", "ally@school.example", "Alice Liddell", "alice@example.com"},
		{"Someone", "ally@school.example", "Someone", "ally@school.example"},
		{"Bob", "bob@example.com", "Bob", "bob@example.com"},
	}
	for _, c := range cases {
		n, e, _ := mm.Resolve(c.name, c.email)
		if n != c.wantName || e != c.wantEmail {
			t.Errorf("Resolve(%q, %q) = %q %q, want %q %q", c.name, c.email, n, e, c.wantName, c.wantEmail)
		}
	}
	var nilMap *Mailmap
	if n, e, changed := nilMap.Resolve("a", "b"); n != "a" || e != "b" || changed {
		t.Error("nil mailmap changed an identity")
	}
}

func TestWindow(t *testing.T) {
	now := time.Date(2026, 11, 26, 15, 0, 0, 0, time.UTC) // a Thursday
	w := NewWindow(now, 52)
	if w.From.Weekday() != time.Monday || w.Week(now) != 51 {
		t.Errorf("from %v (%v), week(now) = %d", w.From, w.From.Weekday(), w.Week(now))
	}
	if w.Week(w.From) != 0 || w.Week(w.From.Add(-time.Second)) != -1 || w.Week(now.Add(time.Hour)) != -1 {
		t.Error("window bounds are off")
	}
	if got := w.Week(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)); got != 51 {
		t.Errorf("Monday of this week is week %d", got)
	}
	if got := w.Week(time.Date(2026, 11, 22, 23, 59, 0, 0, time.UTC)); got != 50 {
		t.Errorf("Sunday of last week is week %d", got)
	}
}

type commitSpec struct {
	name, email string
	when        time.Time
	files       map[string]string
}

// buildRepo makes a real repository with the git CLI, one commit a spec.
func buildRepo(t *testing.T, specs []commitSpec) (*git.Repository, string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found: the git CLI builds the fixture history")
	}
	dir := t.TempDir()
	run := func(env []string, args ...string) string {
		cmd := exec.Command("git", append([]string{"-c", "commit.gpgsign=false"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), append([]string{"HOME=" + dir, "GIT_CONFIG_NOSYSTEM=1"}, env...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	run(nil, "init", "-q", "-b", "main")
	for i, s := range specs {
		for p, content := range s.files {
			full := filepath.Join(dir, p)
			_ = os.MkdirAll(filepath.Dir(full), 0o755)
			if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		date := s.when.Format(time.RFC3339)
		env := []string{"GIT_AUTHOR_NAME=" + s.name, "GIT_AUTHOR_EMAIL=" + s.email, "GIT_AUTHOR_DATE=" + date,
			"GIT_COMMITTER_NAME=" + s.name, "GIT_COMMITTER_EMAIL=" + s.email, "GIT_COMMITTER_DATE=" + date}
		run(env, "add", "-A")
		run(env, "commit", "-q", "--allow-empty", "-m", fmt.Sprintf("commit %d", i))
	}
	repo, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	return repo, run(nil, "rev-parse", "HEAD")
}

func lines(n int) string { return strings.Repeat("x = 1\n", n) }

func TestAnalyzeHistory(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	old := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	specs := []commitSpec{
		{"Tutor", "tutor@school.example", old, map[string]string{"base.py": lines(600)}},
		{"Alice", "4242+alice@users.noreply.github.com", now.AddDate(0, 0, -30), map[string]string{"a.py": lines(10)}},
		{"Ally", "ally@old-laptop.local", now.AddDate(0, 0, -29), map[string]string{"b.py": lines(5)}},
		{"Alice", "alice@example.com", now.AddDate(0, 0, -1), map[string]string{"a.py": lines(12), ".mailmap": "Alice <alice@example.com> <ally@old-laptop.local>\n"}},
		{"Bob", "bob@example.com", now.AddDate(0, 0, -2), map[string]string{"c.py": lines(3)}},
		{"Ghost", "", now.AddDate(0, 0, -3), map[string]string{"d.py": lines(1)}},
		{"Alice", "alice@example.com", time.Date(1985, 1, 1, 0, 0, 0, 0, time.UTC), map[string]string{"e.py": lines(2)}},
		{"Alice", "alice@example.com", time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC), map[string]string{"f.py": lines(2)}},
	}
	repo, head := buildRepo(t, specs)
	id := NewIdentity("alice", 4242, "alice@example.com")
	mm := ParseMailmap([]byte("Alice <alice@example.com> <ally@old-laptop.local>\n"))
	h, err := Analyze(context.Background(), repo, plumbingHash(head), id, mm, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if h.Commits != 8 || h.TheirCommits != 5 || !h.Complete {
		t.Errorf("commits %d theirs %d complete %v", h.Commits, h.TheirCommits, h.Complete)
	}
	wantMatch := map[MatchKind]int{MatchNoreply: 1, MatchMailmap: 1, MatchPublicEmail: 3}
	if !reflect.DeepEqual(h.MatchedBy, wantMatch) {
		t.Errorf("matched by %v, want %v", h.MatchedBy, wantMatch)
	}
	if h.BadDates != 2 || h.NoEmail != 1 || h.OtherAuthors != 3 {
		t.Errorf("bad dates %d, no email %d, other authors %d", h.BadDates, h.NoEmail, h.OtherAuthors)
	}
	if h.RecentCommits != 3 || h.Weekly[51] != 1 || sum(h.Weekly) != 3 {
		t.Errorf("recent %d, weekly %v", h.RecentCommits, h.Weekly)
	}
	if h.FirstCommit == nil || !h.FirstCommit.Equal(now.AddDate(0, 0, -30)) || !h.LastCommit.Equal(now.AddDate(0, 0, -1)) {
		t.Errorf("first %v last %v", h.FirstCommit, h.LastCommit)
	}
	// Lines: 600 tutor + 10 + 5 + (12 rewrite: +2 lines and the mailmap's 1) + 3 bob + 1 ghost + 2 + 2.
	if h.LinesAdded != 600+10+5+3+3+1+2+2 || h.TheirLinesAdded != 10+5+3+2+2 || h.LinesMeasuredCommits != 8 {
		t.Errorf("lines added %d, theirs %d, measured %d", h.LinesAdded, h.TheirLinesAdded, h.LinesMeasuredCommits)
	}
	if h.MostlyTheirs == nil || *h.MostlyTheirs {
		t.Errorf("mostly theirs = %v, want false", h.MostlyTheirs)
	}
	if h.Root == nil || h.Root.Theirs || h.Root.LinesAdded != 600 {
		t.Fatalf("root %+v", h.Root)
	}
	var kinds []string
	for _, s := range h.Signals {
		kinds = append(kinds, s.Kind)
	}
	if !reflect.DeepEqual(kinds, []string{"large_initial_commit"}) {
		t.Errorf("signals %v", kinds)
	}
}

func TestAnalyzeNoneTheirsAndBounds(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	var specs []commitSpec
	for i := 0; i < 6; i++ {
		specs = append(specs, commitSpec{"Bob", "bob@example.com", now.AddDate(0, 0, -i-1), map[string]string{fmt.Sprintf("f%d.py", i): lines(i + 1)}})
	}
	repo, head := buildRepo(t, specs)
	h, err := Analyze(context.Background(), repo, plumbingHash(head), NewIdentity("alice", 1, ""), nil, Options{Now: now, MaxCommits: 4, MaxDiffCommits: 2})
	if err != nil {
		t.Fatal(err)
	}
	if h.Commits != 4 || h.Complete || h.LinesMeasuredCommits != 2 || h.Root != nil {
		t.Errorf("commits %d complete %v measured %d root %v", h.Commits, h.Complete, h.LinesMeasuredCommits, h.Root)
	}
	if len(h.Signals) != 1 || h.Signals[0].Kind != "none_theirs" {
		t.Errorf("signals %+v", h.Signals)
	}
}

func TestCandidateActivity(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	win := NewWindow(now, 52)
	a := &RepoHistory{Weekly: make([]int, 52)}
	b := &RepoHistory{Weekly: make([]int, 52)}
	for _, w := range []int{10, 11, 12, 40, 50, 51} {
		a.Weekly[w] = 1
	}
	b.Weekly[13] = 2
	last := now.AddDate(0, 0, -3)
	a.LastCommit = &last
	act := CandidateActivity(win, []*RepoHistory{a, b, nil}, []time.Time{now.AddDate(0, 0, -1), time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)})
	if act.ActiveWeeks != 7 || act.LongestStreak != 4 || sum(act.Weekly) != 8 {
		t.Errorf("active %d streak %d sum %d", act.ActiveWeeks, act.LongestStreak, sum(act.Weekly))
	}
	if act.Commits != 8 {
		t.Errorf("commits %d, want the 8 of the weekly series", act.Commits)
	}
	if act.LastActivity == nil || !act.LastActivity.Equal(now.AddDate(0, 0, -1)) || len(act.Signals) != 0 {
		t.Errorf("last %v signals %v", act.LastActivity, act.Signals)
	}
	stale := now.AddDate(-1, 0, 0)
	old := &RepoHistory{Weekly: make([]int, 52), LastCommit: &stale}
	act = CandidateActivity(win, []*RepoHistory{old}, nil)
	if len(act.Signals) != 1 || act.Signals[0].Kind != "inactive" {
		t.Errorf("signals %+v", act.Signals)
	}
	if act.Commits != 0 {
		t.Errorf("commits %d outside the window, want 0", act.Commits)
	}
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

func plumbingHash(s string) plumbing.Hash { return plumbing.NewHash(s) }

func TestLargeDiffsAreSkippedAndCounted(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return now.AddDate(0, 0, n-40) }
	// Bounds of 1,000 bytes per file and 2,500 per commit. lines(n) is 6n
	// bytes.
	specs := []commitSpec{
		// At the bound exactly: diffed (the near miss).
		{"Alice", "alice@example.com", day(1), map[string]string{"edge.py": lines(166)[:1000-4] + "x=1\n"}},
		// One file over the bound: skipped, the other counted.
		{"Alice", "alice@example.com", day(2), map[string]string{"big.ipynb": lines(200), "a.py": lines(3)}},
		// Each file under the bound, together over the commit's budget:
		// no line counted, the files still dated.
		{"Alice", "alice@example.com", day(3), map[string]string{"b.py": lines(150), "c.py": lines(150), "d.py": lines(150)}},
		// A change to the large file, and a small one: the old and new
		// versions are both over the bound.
		{"Alice", "alice@example.com", day(4), map[string]string{"big.ipynb": lines(201), "a.py": lines(4)}},
	}
	repo, head := buildRepo(t, specs)
	h, err := Analyze(context.Background(), repo, plumbingHash(head), NewIdentity("alice", 1, "alice@example.com"), nil,
		Options{Now: now, MaxDiffBlobBytes: 1000, MaxCommitDiffBytes: 2500})
	if err != nil {
		t.Fatal(err)
	}
	if h.SkippedLargeDiffs != 2 || h.SkippedLargeCommits != 1 || h.LinesMeasuredCommits != 3 {
		t.Errorf("skipped diffs %d, skipped commits %d, measured %d; want 2, 1, 3", h.SkippedLargeDiffs, h.SkippedLargeCommits, h.LinesMeasuredCommits)
	}
	if want := 167 + 3 + 1; h.LinesAdded != want {
		t.Errorf("lines added %d, want %d (the edge file's and a.py's)", h.LinesAdded, want)
	}
	first, last, whole := h.FileDates(map[string]bool{"c.py": true})
	if first == nil || !first.Equal(day(3)) || !last.Equal(day(3)) || !whole {
		t.Errorf("c.py dated %v %v whole %v: a commit skipped for size must still date its files", first, last, whole)
	}
	first, last, _ = h.FileDates(map[string]bool{"big.ipynb": true, "a.py": true, "nothing.py": true})
	if first == nil || !first.Equal(day(2)) || !last.Equal(day(4)) {
		t.Errorf("big.ipynb and a.py dated %v %v, want days 2 and 4", first, last)
	}
	if first, last, _ := h.FileDates(map[string]bool{"nothing.py": true}); first != nil || last != nil {
		t.Errorf("a file no commit changed is dated %v %v", first, last)
	}
}

func TestDefaultBoundsKeepOrdinaryDiffs(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	// A 900 KB file is under the 1 MiB bound: counted as before.
	repo, head := buildRepo(t, []commitSpec{{"Alice", "alice@example.com", now.AddDate(0, 0, -1), map[string]string{"gen.py": lines(150000)}}})
	h, err := Analyze(context.Background(), repo, plumbingHash(head), NewIdentity("alice", 1, "alice@example.com"), nil, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if h.LinesAdded != 150000 || h.SkippedLargeDiffs != 0 || h.SkippedLargeCommits != 0 {
		t.Errorf("lines %d skipped %d/%d", h.LinesAdded, h.SkippedLargeDiffs, h.SkippedLargeCommits)
	}
}

func TestCommitQueueNewestFirstThenArrival(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 1, 1, h, 0, 0, 0, time.UTC) }
	var q commitQueue
	for i, h := range []int{3, 1, 3, 2, 3} {
		c := &object.Commit{Message: fmt.Sprint(i)}
		c.Committer.When = at(h)
		q.push(c)
	}
	var got []string
	for q.Len() > 0 {
		got = append(got, heap.Pop(&q).(queued).c.Message)
	}
	if want := []string{"0", "2", "4", "3", "1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("popped %v, want %v (newest first, ties in arrival order)", got, want)
	}
}

func TestAnalyzeStopsWhenCancelled(t *testing.T) {
	repo, head := buildRepo(t, []commitSpec{{"A", "a@example.com", time.Now().AddDate(0, 0, -1), map[string]string{"a.py": lines(1)}}})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Analyze(ctx, repo, plumbingHash(head), NewIdentity("a", 1, ""), nil, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err %v, want context.Canceled", err)
	}
}

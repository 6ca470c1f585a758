package history

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// walkHistory builds, with one git fast-import, a history of n commits
// by three authors over a handful of files: edits, additions, deletions,
// renames, a file too large to diff, a commit too large to diff, and a
// merge every 40 commits. The objects are left loose (so that a test can
// remove one). It returns the repository's directory and the blob ids of
// the contents written, by commit.
func walkHistory(t *testing.T, n int) (string, map[int]string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found: the git CLI builds the fixture history")
	}
	dir := t.TempDir()
	git := func(stdin string, args ...string) string {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "HOME="+dir, "GIT_CONFIG_NOSYSTEM=1")
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	git("", "init", "-q", "-b", "main")
	rng := rand.New(rand.NewPCG(7, 14))
	var b strings.Builder
	authors := []string{"Alice <alice@example.com>", "Bob <bob@example.com>", "Carol <carol@example.com>"}
	files := []string{"a.py", "b.py", "pkg/c.py", "pkg/d.py", "docs/e.md"}
	content := map[string][]string{}
	when := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	blobs := map[int]string{}
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "commit refs/heads/main\nmark :%d\nauthor %s %d +0000\ncommitter %s %d +0000\ndata 3\nc%02d\n",
			i, authors[rng.IntN(len(authors))], when.Unix(), authors[0], when.Unix(), i%100)
		if i > 1 {
			fmt.Fprintf(&b, "from :%d\n", i-1)
		}
		if i%40 == 0 {
			// A merge of a side line made on the spot: its lines are the
			// side commit's.
			fmt.Fprintf(&b, "merge :%d\n", i-2)
		}
		switch {
		case i%23 == 0 && len(content["pkg/d.py"]) > 0:
			fmt.Fprintf(&b, "R pkg/d.py pkg/moved_%d.py\n", i)
			content[fmt.Sprintf("pkg/moved_%d.py", i)] = content["pkg/d.py"]
			delete(content, "pkg/d.py")
		case i%17 == 0:
			fmt.Fprintf(&b, "D b.py\n")
			delete(content, "b.py")
		case i%29 == 0:
			// Over the 4 KiB bound the test sets: not diffed.
			fmt.Fprintf(&b, "M 100644 inline big_%d.py\ndata %d\n%s\n", i, 5000, strings.Repeat("y", 5000))
		case i%31 == 0:
			// Three files of 3 KiB: over the commit bound of 8 KiB.
			for k := range 3 {
				fmt.Fprintf(&b, "M 100644 inline wide_%d_%d.py\ndata %d\n%s\n", i, k, 3000, strings.Repeat("z", 3000))
			}
		default:
			f := files[rng.IntN(len(files))]
			lines := content[f]
			for range 1 + rng.IntN(6) {
				at := rng.IntN(len(lines) + 1)
				lines = append(lines[:at], append([]string{fmt.Sprintf("v%d = %d", i, rng.IntN(1000))}, lines[at:]...)...)
			}
			if len(lines) > 4 && rng.IntN(3) == 0 {
				lines = lines[2:]
			}
			content[f] = lines
			text := strings.Join(lines, "\n") + "\n"
			fmt.Fprintf(&b, "M 100644 inline %s\ndata %d\n%s\n", f, len(text), text)
			blobs[i] = strings.TrimSpace(git(text, "hash-object", "--stdin"))
		}
		when = when.Add(7 * time.Hour)
	}
	b.WriteString("done\n")
	git(b.String(), "fast-import", "--quiet", "--done")
	// Loose objects, so that one can be taken away.
	packs, _ := filepath.Glob(filepath.Join(dir, ".git", "objects", "pack", "*.pack"))
	for _, p := range packs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(p); err != nil {
			t.Fatal(err)
		}
		_ = os.Remove(strings.TrimSuffix(p, ".pack") + ".idx")
		git(string(data), "unpack-objects", "-q")
	}
	return dir, blobs
}

// openHead opens the repository in dir and returns it with its HEAD.
func openHead(tb testing.TB, dir string) (*git.Repository, plumbing.Hash) {
	tb.Helper()
	repo, err := git.PlainOpen(dir)
	if err != nil {
		tb.Fatal(err)
	}
	head, err := repo.Head()
	if err != nil {
		tb.Fatal(err)
	}
	return repo, head.Hash()
}

// readLogWith walks dir's history with at most workers workers.
func readLogWith(t *testing.T, dir string, workers int, opts Options) *Log {
	t.Helper()
	old := walkWorkers
	walkWorkers = func() int { return workers }
	defer func() { walkWorkers = old }()
	repo, head := openHead(t, dir)
	l, err := ReadLog(context.Background(), repo, head, opts)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// oneWalk is the reference: the walk as it was before it was cut into
// runs, one commit after another, newest first, with one line counter.
func oneWalk(t *testing.T, dir string, opts Options) *Log {
	t.Helper()
	if err := opts.Validate(); err != nil {
		t.Fatal(err)
	}
	repo, head := openHead(t, dir)
	commits, boundary, truncated, err := walkCommits(context.Background(), repo, head, opts.MaxCommits)
	if err != nil {
		t.Fatal(err)
	}
	l := &Log{opts: opts, window: NewWindow(opts.Now, opts.Weeks), complete: !truncated && len(boundary) == 0}
	l.commits = make([]logCommit, len(commits))
	for i, c := range commits {
		l.commits[i] = logCommit{hash: c.Hash, authorName: c.Author.Name, authorEmail: c.Author.Email, authorDate: c.Author.When, root: c.NumParents() == 0}
	}
	l.fileDates = map[string]dateSpan{}
	lc := newLineCounter(repo)
	eligible, listed := 0, 0
	for i, c := range commits {
		if c.NumParents() > 1 || boundary[c.Hash] {
			continue
		}
		eligible++
		if listed >= opts.MaxDiffCommits {
			continue
		}
		st, err := lc.commitLines(context.Background(), c, opts)
		if err != nil {
			continue
		}
		listed++
		l.dateFiles(st.files, c.Author.When)
		if st.tooLarge {
			l.tooLarge++
			continue
		}
		st.files = nil
		l.commits[i].measured = true
		l.commits[i].st = st
	}
	l.allMeasured = l.complete && listed == eligible
	return l
}

// TestParallelWalkCountsAsOneWalk checks that a walk cut into parallel
// runs counts exactly what one walk newest first counts: every commit's
// lines and files, the file dates, the commits too large, the shares of
// each author; also when a file version is missing (the commit is not
// counted and the next one takes its place under MaxDiffCommits), and
// when MaxDiffCommits falls inside a run.
func TestParallelWalkCountsAsOneWalk(t *testing.T) {
	dir, blobs := walkHistory(t, 260)
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	id := NewIdentity("alice", 0, "alice@example.com")
	check := func(name string, opts Options) {
		t.Helper()
		one := oneWalk(t, dir, opts)
		for _, workers := range []int{1, 2, 3, 4} {
			par := readLogWith(t, dir, workers, opts)
			if !reflect.DeepEqual(one.commits, par.commits) || !reflect.DeepEqual(one.fileDates, par.fileDates) ||
				one.tooLarge != par.tooLarge || one.allMeasured != par.allMeasured || one.budgetCut != par.budgetCut {
				t.Errorf("%s, %d workers: the walk differs from one walk (too large %d/%d, all measured %v/%v)",
					name, workers, par.tooLarge, one.tooLarge, par.allMeasured, one.allMeasured)
			}
			if got, want := par.Attribute(id, nil), one.Attribute(id, nil); !reflect.DeepEqual(got, want) {
				t.Errorf("%s, %d workers: attributed %+v, want %+v", name, workers, got, want)
			}
		}
		measured := 0
		for _, c := range one.commits {
			if c.measured {
				measured++
			}
		}
		t.Logf("%s: %d commits, %d measured, %d too large", name, len(one.commits), measured, one.tooLarge)
		if measured < 100 || one.tooLarge == 0 {
			t.Errorf("%s: the fixture measures %d commits, %d too large: too few to split", name, measured, one.tooLarge)
		}
	}
	opts := Options{Now: now, MaxDiffBlobBytes: 4 << 10, MaxCommitDiffBytes: 8 << 10}
	check("whole history", opts)
	opts.MaxDiffCommits = 150
	check("150 commits to diff", opts)

	// A file version taken away from a commit in the first run: that
	// commit cannot be diffed, so the one after the 150th is counted.
	var gone string
	for i := 200; i < 260 && gone == ""; i++ {
		gone = blobs[i]
	}
	if err := os.Remove(filepath.Join(dir, ".git", "objects", gone[:2], gone[2:])); err != nil {
		t.Fatal(err)
	}
	check("150 commits to diff, one version missing", opts)
	opts.MaxDiffCommits = 0
	check("whole history, one version missing", opts)
	if l := readLogWith(t, dir, 2, opts); l.allMeasured {
		t.Error("with a version missing, every commit is said measured")
	}
}

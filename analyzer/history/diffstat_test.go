package history

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	fdiff "github.com/go-git/go-git/v5/plumbing/format/diff"
	"github.com/go-git/go-git/v5/plumbing/object"
)

// goGitChanges is the reference list of a commit's changes: go-git's
// DiffTree of its first parent's tree and its own, as listChanges made it
// before treeDiffer.
func goGitChanges(t testing.TB, c *object.Commit) (object.Changes, error) {
	t.Helper()
	tree, err := c.Tree()
	if err != nil {
		return nil, err
	}
	parentTree := &object.Tree{}
	if c.NumParents() > 0 {
		p, err := c.Parent(0)
		if err != nil {
			return nil, err
		}
		if parentTree, err = p.Tree(); err != nil {
			return nil, err
		}
	}
	return object.DiffTreeWithOptions(context.Background(), parentTree, tree, nil)
}

// checkSameChanges fails unless got lists the changes of want, in its
// order, with the same names, entries and containing trees.
func checkSameChanges(t testing.TB, c *object.Commit, got, want object.Changes) {
	t.Helper()
	same := func(a, b object.ChangeEntry) bool {
		if (a.Tree == nil) != (b.Tree == nil) || a.Tree != nil && a.Tree.Hash != b.Tree.Hash {
			return false
		}
		return a.Name == b.Name && a.TreeEntry == b.TreeEntry
	}
	for i := range max(len(got), len(want)) {
		if i >= len(got) || i >= len(want) || !same(got[i].From, want[i].From) || !same(got[i].To, want[i].To) {
			var g, w any
			if i < len(got) {
				g = got[i]
			}
			if i < len(want) {
				w = want[i]
			}
			t.Errorf("commit %s: change %d of %d is %v, go-git's DiffTree says %v (of %d)", c.Hash, i, len(got), g, w, len(want))
			return
		}
	}
}

// patchLines is the reference count of a commit's added lines: go-git's
// patch of every change go-git's DiffTree lists, built in full, its added
// chunks' lines counted as go-git's file statistics count them. It is
// what pyscout measured before changeLines and treeDiffer, and what
// commitLines must equal.
func patchLines(t testing.TB, repo *git.Repository, c *object.Commit, opts Options) (commitStats, bool) {
	t.Helper()
	changes, err := goGitChanges(t, c)
	if err != nil {
		t.Fatalf("commit %s: %v", c.Hash, err)
	}
	st, err := newLineCounter(repo).sizeChanges(context.Background(), changes, opts)
	if err != nil {
		t.Fatalf("commit %s: %v", c.Hash, err)
	}
	if st.tooLarge {
		return st.commitStats, false
	}
	for _, ch := range st.diffable {
		patch, err := ch.PatchContext(context.Background())
		if err != nil {
			t.Fatalf("commit %s: patch: %v", c.Hash, err)
		}
		for _, fp := range patch.FilePatches() {
			for _, chunk := range fp.Chunks() {
				s := chunk.Content()
				if chunk.Type() != fdiff.Add || len(s) == 0 {
					continue
				}
				st.added += strings.Count(s, "\n")
				if s[len(s)-1] != '\n' {
					st.added++
				}
			}
		}
	}
	return st.commitStats, true
}

// checkAgainstPatches compares, for every commit of the first max reachable
// from head, the lines counted by commitLines with the reference count.
func checkAgainstPatches(t *testing.T, repo *git.Repository, head plumbing.Hash, max int, lc *lineCounter) (commits, lines int) {
	t.Helper()
	opts := Options{}
	if err := opts.Validate(); err != nil {
		t.Fatal(err)
	}
	walked, boundary, _, err := walkCommits(context.Background(), repo, head, max)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range walked {
		if c.NumParents() > 1 || boundary[c.Hash] {
			continue
		}
		if want, err := goGitChanges(t, c); err == nil {
			from, err := lc.parentTree(c)
			if err != nil {
				t.Fatalf("commit %s: %v", c.Hash, err)
			}
			got, err := lc.trees.diff(context.Background(), from, c.TreeHash)
			if err != nil {
				t.Fatalf("commit %s: %v, but go-git's DiffTree could be made", c.Hash, err)
			}
			checkSameChanges(t, c, got, want)
		}
		got, err := lc.commitLines(context.Background(), c, opts)
		if err != nil {
			// An object missing from the store (a partial mirror):
			// neither count can be made, so neither is reported.
			if _, err := c.StatsContext(context.Background()); err == nil {
				t.Errorf("commit %s: %v, but go-git's statistics could be made", c.Hash, err)
			}
			continue
		}
		want, measured := patchLines(t, repo, c, opts)
		if got.tooLarge != !measured || got.added != want.added || got.skipped != want.skipped || len(got.files) != len(want.files) {
			t.Errorf("commit %s: counted %d added lines (%d skipped, %d files), go-git's patches say %d (%d skipped, %d files)",
				c.Hash, got.added, got.skipped, len(got.files), want.added, want.skipped, len(want.files))
		}
		commits++
		lines += got.added
	}
	return commits, lines
}

func TestLinesMatchGoGitPatches(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return now.AddDate(0, 0, n-40) }
	body := strings.Repeat("def f(x):\n    return x\n\n", 40)
	specs := []commitSpec{
		{"A", "a@example.com", day(1), map[string]string{
			"mod.py": body, "no_newline.py": "a\nb\nc", "crlf.py": "a\r\nb\r\n", "empty.py": "",
			"data.bin": "PK\x00\x01binary\nlines\n", "later_binary.txt": "text\nonly\n", "moved.py": body + "# moved\n",
			"dup.py": "x\nx\nx\ny\n",
			// A NUL just past the 8,000 bytes go-git sniffs (text), and
			// the last of them (binary).
			"nul_past_sniff.txt": strings.Repeat("x\n", 4000) + "\x00tail\n",
			"nul_in_sniff.txt":   strings.Repeat("x\n", 3999) + "x\x00tail\n",
		}},
		{"A", "a@example.com", day(2), map[string]string{
			// Lines reordered, inserted in the middle, the last line
			// given its newline; a text file turned binary; a binary
			// changed; a repeated line repeated more.
			"mod.py":             strings.Replace(body, "    return x\n", "    return x + 1\n    # more\n", 3),
			"no_newline.py":      "a\nc\nb\nd\n",
			"crlf.py":            "a\r\nb\nc\r\n",
			"empty.py":           "\n\n",
			"data.bin":           "PK\x00\x02binary\nlines\nmore\n",
			"later_binary.txt":   "text\x00now\n",
			"dup.py":             "x\ny\nx\nx\nx\ny\n",
			"nul_past_sniff.txt": "y\n" + strings.Repeat("x\n", 4000) + "\x00tail\nmore\n",
			"nul_in_sniff.txt":   strings.Repeat("x\n", 3999) + "x\x00tail\nmore\n",
		}},
	}
	repo, _ := buildRepo(t, specs)
	// A rename with an edit, and a deletion, made with the git CLI.
	dir := repoDir(t, repo)
	gitIn(t, dir, "mv", "moved.py", "renamed.py")
	if err := os.WriteFile(dir+"/renamed.py", []byte(body+"# moved and edited\nextra = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, dir, "rm", "-q", "dup.py")
	gitIn(t, dir, "add", "-A")
	gitIn(t, dir, "commit", "-q", "-m", "rename and delete")
	// A mode change alone, and a symlink.
	gitIn(t, dir, "update-index", "--chmod=+x", "mod.py")
	if err := os.Symlink("mod.py", dir+"/link.py"); err != nil {
		t.Fatal(err)
	}
	gitIn(t, dir, "add", "link.py")
	gitIn(t, dir, "commit", "-q", "-m", "mode and link")
	// A submodule's commit (a gitlink), then a file in its place: go-git
	// reads neither side of a change that involves a gitlink.
	gitIn(t, dir, "update-index", "--add", "--cacheinfo", "160000,"+strings.Repeat("ab", 20)+",vendored")
	gitIn(t, dir, "commit", "-q", "-m", "submodule")
	gitIn(t, dir, "rm", "-q", "--cached", "vendored")
	if err := os.WriteFile(dir+"/vendored", []byte("now\na\nfile\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	gitIn(t, dir, "add", "vendored")
	gitIn(t, dir, "commit", "-q", "-m", "submodule to file")
	head := gitIn(t, dir, "rev-parse", "HEAD")
	n, lines := checkAgainstPatches(t, repo, plumbing.NewHash(head), 100, newLineCounter(repo))
	if n != 6 || lines == 0 {
		t.Errorf("compared %d commits (%d lines), want 6 commits with lines", n, lines)
	}
	// A blob cache that keeps nothing, or one version at a time.
	for _, bound := range []int64{1, blobCost(&blobText{text: body + "# moved and edited\nextra = 1\n"})} {
		lc := newLineCounter(repo)
		lc.blobs = newBlobCache(bound)
		if n2, lines2 := checkAgainstPatches(t, repo, plumbing.NewHash(head), 100, lc); n2 != n || lines2 != lines {
			t.Errorf("blob cache bounded to %d bytes: %d commits, %d lines; want %d, %d", bound, n2, lines2, n, lines)
		}
	}
	// A line table that starts again between commits, one too small for
	// some pairs of versions (numbered afresh), and one too small for any
	// (numbered by go-git's DiffLinesToRunes).
	for _, limits := range [][2]int{{4, maxLineRunes}, {1, 8}, {1, 2}} {
		lc := newLineCounter(repo)
		lc.tableSize, lc.tableRunes = limits[0], limits[1]
		if n2, lines2 := checkAgainstPatches(t, repo, plumbing.NewHash(head), 100, lc); n2 != n || lines2 != lines {
			t.Errorf("line table bounded to %v: %d commits, %d lines; want %d, %d", limits, n2, lines2, n, lines)
		}
		if lc.gen == 0 {
			t.Errorf("line table bounded to %v never started again", limits)
		}
	}
}

// TestLinesMatchGoGitPatchesOnRealHistories compares the two counts on
// every commit of the repositories named in PYSCOUT_HISTORY_EQUIV_REPOS
// (colon-separated git repositories, up to 1,000 commits each), when set.
func TestLinesMatchGoGitPatchesOnRealHistories(t *testing.T) {
	list := os.Getenv("PYSCOUT_HISTORY_EQUIV_REPOS")
	if list == "" {
		t.Skip("set PYSCOUT_HISTORY_EQUIV_REPOS=repo[:repo...] to compare line counts on real histories")
	}
	for _, dir := range strings.Split(list, ":") {
		repo, head := openHead(t, dir)
		n, lines := checkAgainstPatches(t, repo, head, 1000, newLineCounter(repo))
		t.Logf("%s: %d commits, %d added lines, the same by both counts", dir, n, lines)
	}
}

// repoDir is the work tree of a repository buildRepo made.
func repoDir(t *testing.T, repo *git.Repository) string {
	t.Helper()
	wt, err := repo.Worktree()
	if err != nil {
		t.Fatal(err)
	}
	return wt.Filesystem.Root()
}

// gitIn runs the git CLI in dir with a fixed identity and date.
func gitIn(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = dir
	date := "2026-11-20T12:00:00Z"
	cmd.Env = append(os.Environ(), "HOME="+dir, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=A", "GIT_AUTHOR_EMAIL=a@example.com", "GIT_AUTHOR_DATE="+date,
		"GIT_COMMITTER_NAME=A", "GIT_COMMITTER_EMAIL=a@example.com", "GIT_COMMITTER_DATE="+date)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

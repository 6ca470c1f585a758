package history

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// treeRepo is a bare repository whose trees and commits a test writes
// one by one with git mktree and commit-tree, so that it can make trees
// that a work tree cannot (an empty subtree, one tree under two names).
type treeRepo struct {
	t   *testing.T
	dir string
}

func newTreeRepo(t *testing.T) *treeRepo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not found: the git CLI builds the fixture history")
	}
	r := &treeRepo{t: t, dir: t.TempDir()}
	r.git("", "init", "-q", "--bare")
	return r
}

// git runs the git CLI in the repository with stdin as its input.
func (r *treeRepo) git(stdin string, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = r.dir
	cmd.Stdin = strings.NewReader(stdin)
	date := "2026-11-20T12:00:00Z"
	cmd.Env = append(os.Environ(), "HOME="+r.dir, "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=A", "GIT_AUTHOR_EMAIL=a@example.com", "GIT_AUTHOR_DATE="+date,
		"GIT_COMMITTER_NAME=A", "GIT_COMMITTER_EMAIL=a@example.com", "GIT_COMMITTER_DATE="+date)
	out, err := cmd.Output()
	if err != nil {
		r.t.Fatalf("git %v: %v", args, err)
	}
	return strings.TrimSpace(string(out))
}

func (r *treeRepo) blob(content string) string {
	return r.git(content, "hash-object", "-w", "--stdin")
}

// tree writes a tree of entries "mode name hash", in any order.
func (r *treeRepo) tree(entries ...string) string {
	var b strings.Builder
	for _, e := range entries {
		f := strings.Fields(e)
		kind := "blob"
		switch f[0] {
		case "040000":
			kind = "tree"
		case "160000":
			kind = "commit"
		}
		b.WriteString(f[0] + " " + kind + " " + f[2] + "\t" + f[1] + "\n")
	}
	return r.git(b.String(), "mktree", "--missing")
}

// commit writes a commit of tree with parent (none when empty).
func (r *treeRepo) commit(tree, parent string) string {
	args := []string{"commit-tree", tree, "-m", "c"}
	if parent != "" {
		args = append(args, "-p", parent)
	}
	return r.git("", args...)
}

// TestTreeDiffMatchesGoGit compares treeDiffer's changes, and the lines
// counted from them, with go-git's DiffTree and patches on trees built to
// reach every branch of the diff: a subtree moved, a file replaced by a
// directory of the same name and back, one tree under two names, an empty
// subtree filled and emptied, names that sort differently in git's order
// and by bytes ("a" as a directory beside "a.py" and "a-b"), mode changes,
// a symlink, a gitlink turned into a directory, and a root commit.
func TestTreeDiffMatchesGoGit(t *testing.T) {
	r := newTreeRepo(t)
	body := strings.Repeat("def f(x):\n    return x\n\n", 20)
	x, y, z := r.blob(body), r.blob(body+"y = 1\n"), r.blob("z\n")
	empty := r.tree()
	sub := r.tree("100644 m.py "+x, "100644 n.py "+z)
	sub2 := r.tree("100644 m.py "+y, "100644 n.py "+z)
	aDir := r.tree("100644 x.py "+x, "040000 inner "+sub)
	trees := []string{
		// The root commit: everything inserted, an empty subtree
		// inserted as nothing.
		r.tree("100644 a.py "+x, "040000 a "+aDir, "100644 a-b "+z, "040000 pkg "+r.tree("040000 sub "+sub),
			"040000 emptydir "+empty, "100644 node "+x, "160000 vendored "+strings.Repeat("ab", 20)),
		// A subtree moved (pkg/sub to lib/sub) and edited, the empty
		// subtree filled, a file replaced by a directory of the same
		// name, a gitlink by a directory, a mode change, a symlink.
		r.tree("100755 a.py "+x, "040000 a "+aDir, "120000 a-b "+z, "040000 lib "+r.tree("040000 sub "+sub2),
			"040000 emptydir "+sub, "040000 node "+r.tree("100644 inner.py "+y), "040000 vendored "+sub),
		// The directory back to a file, the filled subtree emptied,
		// the same tree under two names, the directory "a" deleted
		// beside "a.py" and "a-b".
		r.tree("100755 a.py "+y, "120000 a-b "+x, "040000 lib "+r.tree("040000 sub "+sub2),
			"040000 emptydir "+empty, "100644 node "+z, "040000 twin1 "+sub2, "040000 twin2 "+sub2, "040000 vendored "+sub),
		// The twins changed alike, "a" back as a file, nested trees
		// deleted whole.
		r.tree("100644 a "+x, "100755 a.py "+y, "120000 a-b "+x, "040000 emptydir "+empty, "100644 node "+z,
			"040000 twin1 "+sub, "040000 twin2 "+sub, "160000 vendored "+strings.Repeat("cd", 20)),
		// The same tree again: no change.
		"",
	}
	parent := ""
	for _, tree := range trees {
		if tree == "" {
			tree = r.git("", "rev-parse", parent+"^{tree}")
		}
		parent = r.commit(tree, parent)
	}
	repo, err := git.PlainOpen(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	lc := newLineCounter(repo)
	n, lines := checkAgainstPatches(t, repo, plumbing.NewHash(parent), 100, lc)
	if n != len(trees) || lines == 0 {
		t.Errorf("compared %d commits (%d lines), want %d with lines", n, lines, len(trees))
	}
	// A tree cache small enough to start again within every diff lists
	// the same changes.
	lc = newLineCounter(repo)
	lc.trees.maxEntries = 2
	if n2, lines2 := checkAgainstPatches(t, repo, plumbing.NewHash(parent), 100, lc); n2 != n || lines2 != lines {
		t.Errorf("tree cache bounded to 2 entries: %d commits, %d lines; want %d, %d", n2, lines2, n, lines)
	}
	// Only a tree larger than the bound on its own is kept over it.
	if len(lc.trees.trees) > 1 && lc.trees.entries > 2 {
		t.Errorf("tree cache bounded to 2 entries holds %d trees, %d entries", len(lc.trees.trees), lc.trees.entries)
	}
}

// TestTreeDiffTooDeep: trees nested deeper than the bound are not
// diffed (an error, the commit left unmeasured), and a nesting just
// within it is.
func TestTreeDiffTooDeep(t *testing.T) {
	r := newTreeRepo(t)
	nest := func(depth int, leaf string) string {
		tree := r.tree("100644 f.py " + r.blob(leaf))
		for range depth {
			tree = r.tree("040000 d " + tree)
		}
		return tree
	}
	repo, err := git.PlainOpen(r.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		depth   int
		wantErr bool
	}{{8, false}, {9, true}} {
		a, b := nest(tc.depth, "a\n"), nest(tc.depth, "b\n")
		d := newTreeDiffer(repo.Storer)
		d.maxDepth = 8
		for _, pair := range [][2]string{{"", a}, {a, b}} {
			from := plumbing.ZeroHash
			if pair[0] != "" {
				from = plumbing.NewHash(pair[0])
			}
			changes, err := d.diff(context.Background(), from, plumbing.NewHash(pair[1]))
			if tc.wantErr != (err != nil) || !tc.wantErr && len(changes) != 1 {
				t.Errorf("depth %d: %d changes, error %v; want an error: %v", tc.depth, len(changes), err, tc.wantErr)
			}
		}
	}
}

package history

import (
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
)

// TestShallowEdgeIgnoresStaleEntries: a fetch can list, in the shallow
// file, commits whose parents the clone holds; the edge (and so the
// results cache's keys) must not change with them, and PruneShallow
// drops them.
func TestShallowEdgeIgnoresStaleEntries(t *testing.T) {
	when := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var specs []commitSpec
	for i := range 4 {
		specs = append(specs, commitSpec{name: "a", email: "a@x", when: when.Add(time.Duration(i) * time.Hour), files: map[string]string{"a.py": lines(i + 1)}})
	}
	full, _ := buildRepo(t, specs)
	dir := repoDir(t, full)
	shallowDir := filepath.Join(t.TempDir(), "c")
	if out, err := exec.Command("git", "clone", "-q", "--bare", "--depth", "2", "file://"+dir, shallowDir).CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	repo, err := git.PlainOpen(shallowDir)
	if err != nil {
		t.Fatal(err)
	}
	edge, err := ShallowEdge(repo)
	if err != nil || len(edge) != 1 {
		t.Fatalf("edge %v, %v: want the one commit cut from its parent", edge, err)
	}
	head, err := repo.Head()
	if err != nil {
		t.Fatal(err)
	}
	// The head's parent is present: an entry for the head is stale.
	if err := repo.Storer.SetShallow([]plumbing.Hash{edge[0], head.Hash()}); err != nil {
		t.Fatal(err)
	}
	again, err := ShallowEdge(repo)
	if err != nil || len(again) != 1 || again[0] != edge[0] {
		t.Errorf("edge with a stale entry %v, %v; want %v", again, err, edge)
	}
	if err := PruneShallow(repo); err != nil {
		t.Fatal(err)
	}
	if file, _ := repo.Storer.Shallow(); len(file) != 1 || file[0] != edge[0] {
		t.Errorf("shallow file after pruning %v, want %v", file, edge)
	}
	// Near-miss: a whole clone has no edge.
	whole, err := git.PlainOpen(dir)
	if err != nil {
		t.Fatal(err)
	}
	if e, err := ShallowEdge(whole); err != nil || len(e) != 0 {
		t.Errorf("whole clone's edge %v, %v", e, err)
	}
}

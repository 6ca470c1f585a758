package clone

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"testing"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

// historyRepo serves o/h: commits commits, the first with 40 files of 2 KB
// each (so that a whole tree weighs far more than one new file), the
// others changing one file each, through a counting proxy. It returns the
// fake, the proxy and the clone URL through the proxy.
func historyRepo(t *testing.T, commits int) (*githubtest.Server, *countingProxy, string) {
	t.Helper()
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "o"})
	files := map[string]string{}
	for i := range 40 {
		// Hex digests, which zlib cannot shrink much, as real code's
		// variety would not let it.
		var b strings.Builder
		for j := 0; b.Len() < 2048; j++ {
			fmt.Fprintf(&b, "h%d = %q\n", j, fmt.Sprintf("%x", sha256.Sum256([]byte(fmt.Sprint(i, j)))))
		}
		files[fmt.Sprintf("m%02d.py", i)] = b.String()
	}
	history := []githubtest.Commit{{Files: files}}
	for i := 1; i < commits; i++ {
		history = append(history, githubtest.Commit{Files: map[string]string{fmt.Sprintf("c%03d.py", i): fmt.Sprintf("n = %d\n", i)}})
	}
	s.AddRepo("o", githubtest.Repo{Name: "h", Language: "Python", PushedAt: pushed, History: history})
	p := newCountingProxy(t, s.URL())
	return s, p, strings.Replace(s.CloneURL("o", "h"), s.URL(), p.srv.URL, 1)
}

// traffic runs f and returns the bytes the proxy passed and the git
// requests the fake received meanwhile.
func traffic(t *testing.T, s *githubtest.Server, p *countingProxy, f func() error) (int64, int) {
	t.Helper()
	b0, r0 := p.bytes.Load(), s.RequestCount("/git/")
	if err := f(); err != nil {
		t.Fatal(err)
	}
	return p.bytes.Load() - b0, s.RequestCount("/git/") - r0
}

// A cached clone whose branch moved by fewer commits than it holds gets
// the new commits' objects, not the new tip's whole tree again; one that
// did not move costs one request and no pack.
func TestFetchRefreshSendsOnlyNewObjects(t *testing.T) {
	for _, deepen := range []int{0, 5} {
		t.Run(fmt.Sprintf("deepened=%d", deepen), func(t *testing.T) {
			s, p, url := historyRepo(t, 10)
			o := Options{CacheDir: t.TempDir(), Policy: APIPolicy(p.srv.URL + "/api/v3")}
			var snap *Snapshot
			treeBytes, _ := traffic(t, s, p, func() (err error) { snap, err = Fetch(context.Background(), url, "", o); return })
			if deepen > 0 {
				traffic(t, s, p, func() error { return Deepen(context.Background(), snap, url, deepen) })
			}

			// The near-miss: nothing new is one request, no pack.
			bytes, requests := traffic(t, s, p, func() (err error) { snap, err = Fetch(context.Background(), url, "", o); return })
			if requests != 1 || bytes > 2048 || !snap.Reused {
				t.Errorf("unchanged: %d requests, %d bytes, reused %v; want 1 request and no pack", requests, bytes, snap.Reused)
			}

			head := s.AppendCommits("o", "h", githubtest.Commit{Files: map[string]string{"new.py": "x = 1\n"}})
			bytes, requests = traffic(t, s, p, func() (err error) { snap, err = Fetch(context.Background(), url, "", o); return })
			if snap.Commit != head || !snap.Reused {
				t.Fatalf("refresh: commit %s reused %v, want %s", snap.Commit, snap.Reused, head)
			}
			if got := readFile(t, snap, "new.py"); got != "x = 1\n" {
				t.Errorf("new.py = %q", got)
			}
			if bytes*4 > treeBytes {
				t.Errorf("refresh moved %d bytes in %d requests; the whole tree is %d", bytes, requests, treeBytes)
			}
			// The history behind the new tip is whole: the old tip is its parent.
			if held := heldDepth(snap.Repository, plumbing.NewHash(snap.Commit), 100); held != max(deepen, 1)+1 {
				t.Errorf("history held behind the new tip: %d generations, want %d", held, max(deepen, 1)+1)
			}
		})
	}
}

// A branch that moved by more commits than the cache holds brings no more
// generations than the cache held (plus the new tip), however long the
// branch's history.
func TestFetchRefreshDepthIsBoundedByTheCache(t *testing.T) {
	s, p, url := historyRepo(t, 30)
	o := Options{CacheDir: t.TempDir(), Policy: APIPolicy(p.srv.URL + "/api/v3")}
	snap, err := Fetch(context.Background(), url, "", o)
	if err != nil {
		t.Fatal(err)
	}
	if err := Deepen(context.Background(), snap, url, 4); err != nil {
		t.Fatal(err)
	}
	if held := heldDepth(snap.Repository, plumbing.NewHash(snap.Commit), 100); held != 4 {
		t.Fatalf("deepened to 4, holds %d generations", held)
	}
	var more []githubtest.Commit
	for i := range 12 {
		more = append(more, githubtest.Commit{Files: map[string]string{fmt.Sprintf("more%d.py", i): "y = 1\n"}})
	}
	head := s.AppendCommits("o", "h", more...)
	snap, err = Fetch(context.Background(), url, "", o)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Commit != head {
		t.Fatalf("commit %s, want %s", snap.Commit, head)
	}
	if held := heldDepth(snap.Repository, plumbing.NewHash(snap.Commit), 100); held != 5 {
		t.Errorf("after 12 new commits on a cache of 4 generations, holds %d generations behind the tip, want 5", held)
	}
}

func TestHeldDepth(t *testing.T) {
	s, p, url := historyRepo(t, 6)
	_ = s
	snap, err := Fetch(context.Background(), url, "", Options{CacheDir: t.TempDir(), Policy: APIPolicy(p.srv.URL + "/api/v3")})
	if err != nil {
		t.Fatal(err)
	}
	if got := heldDepth(snap.Repository, plumbing.NewHash(snap.Commit), 100); got != 1 {
		t.Errorf("shallow clone holds %d generations, want 1", got)
	}
	if err := Deepen(context.Background(), snap, url, 0); err != nil {
		t.Fatal(err)
	}
	for limit, want := range map[int]int{100: 6, 3: 3, 1: 1} {
		if got := heldDepth(snap.Repository, plumbing.NewHash(snap.Commit), limit); got != want {
			t.Errorf("whole history of 6, limit %d: %d generations, want %d", limit, got, want)
		}
	}
	if got := heldDepth(snap.Repository, plumbing.NewHash("0123456789012345678901234567890123456789"), 100); got != 0 {
		t.Errorf("missing commit: %d generations, want 0", got)
	}
}

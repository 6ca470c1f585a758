package clone

import (
	"context"
	"strings"
	"testing"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

// gitRequests counts the fake's requests for o/r's git endpoints.
func gitRequests(s *githubtest.Server) int {
	n := 0
	for _, r := range s.Requests() {
		if strings.HasPrefix(r.Path, "/git/o/r.git/") {
			n++
		}
	}
	return n
}

func TestKnownTipUsesTheCachedCloneWithoutAFetch(t *testing.T) {
	s := fake(t)
	cache := t.TempDir()
	url := s.CloneURL("o", "r")
	ctx := context.Background()
	first, err := Fetch(ctx, url, "main", opts(s, cache))
	if err != nil {
		t.Fatal(err)
	}
	if first.Unchanged {
		t.Error("a first clone is not unchanged")
	}

	// The tip the caller knows: no request, the same commit.
	o := opts(s, cache)
	o.KnownTip = first.Commit
	before := gitRequests(s)
	snap, err := Fetch(ctx, url, "main", o)
	if err != nil {
		t.Fatal(err)
	}
	if !snap.Unchanged || !snap.Reused || snap.Commit != first.Commit || readFile(t, snap, "a.py") != "x = 1\n" {
		t.Errorf("known tip: unchanged %v reused %v commit %s", snap.Unchanged, snap.Reused, snap.Commit)
	}
	if n := gitRequests(s) - before; n != 0 {
		t.Errorf("%d git requests with the tip known, want none", n)
	}

	// Near-misses, each fetched after a push: a tip the clone is not at
	// (the server moved on and the caller knows it), no tip, and a tip
	// the clone is at but no branch named.
	at := first.Commit
	for i, c := range []struct {
		name        string
		knownIsNew  bool
		tip, branch string
	}{{name: "another tip", knownIsNew: true, branch: "main"}, {name: "no tip", branch: "main"}, {name: "no branch", tip: "at"}} {
		newTip := s.CommitFiles("o", "r", map[string]string{"c.py": strings.Repeat("z = 3\n", i+1)})
		o := opts(s, cache)
		switch {
		case c.knownIsNew:
			o.KnownTip = newTip
		case c.tip == "at":
			o.KnownTip = at
		}
		before := gitRequests(s)
		snap, err := Fetch(ctx, url, c.branch, o)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if snap.Unchanged || gitRequests(s) == before || snap.Commit != newTip {
			t.Errorf("%s: unchanged %v, commit %s (want %s), fetched %v", c.name, snap.Unchanged, snap.Commit, newTip, gitRequests(s) != before)
		}
		at = snap.Commit
	}
}

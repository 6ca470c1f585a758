package history

import (
	"context"
	"testing"
	"time"
)

// Lines added are attributed per file: the candidate's and everyone's,
// bots left out of both, a file no measured commit touched unknown.
func TestFileLines(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return now.AddDate(0, 0, -n) }
	specs := []commitSpec{
		{"Alice", "alice@example.com", day(10), map[string]string{"pkg/core.py": lines(40), "pkg/util.py": lines(5)}},
		{"Bob", "bob@example.com", day(9), map[string]string{"pkg/util.py": lines(15)}},
		{"dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com", day(8), map[string]string{"pkg/core.py": lines(50), "requirements.txt": "x==1\n"}},
		{"Alice", "alice@example.com", day(7), map[string]string{"pkg/core.py": lines(60)}},
	}
	repo, head := buildRepo(t, specs)
	h, err := Analyze(context.Background(), repo, plumbingHash(head), NewIdentity("alice", 1, "alice@example.com"), nil, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path        string
		theirs, all int
		ok          bool
	}{
		{"pkg/core.py", 40 + 10, 40 + 10, true}, // the bot's 10 lines left out
		{"pkg/util.py", 5, 5 + 10, true},
		{"requirements.txt", 0, 0, false}, // only a bot touched it
		{"pkg/none.py", 0, 0, false},
	} {
		theirs, all, ok := h.FileLines(tc.path)
		if theirs != tc.theirs || all != tc.all || ok != tc.ok {
			t.Errorf("%s: theirs %d all %d ok %v, want %d %d %v", tc.path, theirs, all, ok, tc.theirs, tc.all, tc.ok)
		}
	}
	var nilHistory *RepoHistory
	if _, _, ok := nilHistory.FileLines("pkg/core.py"); ok {
		t.Error("a nil history knows a file")
	}
}

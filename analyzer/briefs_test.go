package analyzer

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

// The briefs come from the real pipeline: flagships ranked by the
// candidate's own lines from the history's per-file authorship, a share
// per module, the README read by the walk, the packaging's name matched
// against another repository's manifest.
func TestBriefsFromHistory(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	me, other := "ada@example.com", "bob@example.com"
	core := "class Engine:\n" + strings.Repeat("    x = 1\n", 99)
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "ada", Email: me})
	s.AddRepo("ada", githubtest.Repo{Name: "engine", Description: "An engine", Language: "Python", PushedAt: now, History: []githubtest.Commit{
		{AuthorEmail: other, AuthorDate: now.AddDate(0, 0, -9), Files: map[string]string{
			"engine/__init__.py": "from .core import Engine\n",
			"engine/core.py":     core,
			"pyproject.toml":     "[project]\nname = \"engine-lib\"\n",
		}},
		{AuthorEmail: me, AuthorDate: now.AddDate(0, 0, -8), Files: map[string]string{
			"engine/api.py": "from .core import Engine\n\ndef run():\n" + strings.Repeat("    pass\n", 300),
			"README.md":     "# Engine\n\n[![ci](https://x/badge.svg)](https://x)\n\nEngine runs [things](https://example.com) fast.\n",
		}},
	}})
	s.AddRepo("ada", githubtest.Repo{Name: "app", Language: "Python", PushedAt: now.Add(-time.Hour), History: []githubtest.Commit{
		{AuthorEmail: me, AuthorDate: now.AddDate(0, 0, -7), Files: map[string]string{
			"app.py":           "import engine\n\ndef main():\n    pass\n",
			"requirements.txt": "engine-lib==1.0\n",
		}},
	}})
	gh, err := github.NewClient(github.Options{APIURL: s.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	p, err := AnalyzeUser(context.Background(), gh, "ada", Options{CacheDir: t.TempDir(), IdentityLookups: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Briefs) != 2 || p.Briefs[0].Repo != "engine" || p.Briefs[1].Repo != "app" {
		t.Fatalf("briefs %+v", p.Briefs)
	}
	b := p.Briefs[0]
	// Ada wrote api.py (303 lines); Bob wrote core.py (100) and __init__.py (1).
	if b.TheirShare == nil || b.TheirLines != 303 || *b.TheirShare != 0.75 {
		t.Errorf("their lines %d share %v", b.TheirLines, b.TheirShare)
	}
	if b.What != "An engine. Engine runs things fast." {
		t.Errorf("what %q", b.What)
	}
	if len(b.Central) == 0 || b.Central[0].Path != "engine/core.py" || b.Central[0].TheirShare == nil || *b.Central[0].TheirShare != 0 {
		t.Errorf("central %+v", b.Central)
	}
	if b.Maintainer.PublishedAs != "engine-lib" || len(b.Maintainer.UsedIn) != 1 || b.Maintainer.UsedIn[0] != "app" {
		t.Errorf("maintainer %+v", b.Maintainer)
	}

	// Without history the same repositories are briefed with no share.
	p, err = AnalyzeUser(context.Background(), gh, "ada", Options{CacheDir: t.TempDir(), NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Briefs) != 2 || p.Briefs[0].TheirShare != nil || p.Briefs[0].TheirLines != 404 || p.Briefs[0].Central[0].TheirShare != nil {
		t.Errorf("without history: %+v", p.Briefs[0])
	}
}

package analyzer

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pyscout/pyscout/analyzer/github"
	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

// cachedFiles are a FastAPI service with pydantic models (one in a file
// that does not import fastapi, which only the per-file pydantic count
// carries to the repository's summary) and a notebook.
// Each Python file is over minCachedFileBytes (pad), so that its facts are
// cached one by one as well as with its snapshot.
var cachedFiles = map[string]string{
	"app.py":         pad + "from fastapi import FastAPI\nfrom pydantic import BaseModel\n\napp = FastAPI()\n\nclass Item(BaseModel):\n    name: str\n\n@app.get('/items')\ndef items():\n    return []\n",
	"models.py":      pad + "from pydantic import BaseModel\n\nclass User(BaseModel):\n    id: int\n",
	"util.py":        pad + "import requests\n\ndef get(u):\n    try:\n        return requests.get(u)\n    except Exception:\n        raise\n",
	"nb.ipynb":       `{"cells": [{"cell_type": "markdown", "source": ["` + strings.Repeat("notes ", 200) + `"], "metadata": {}}, {"cell_type": "code", "source": ["import numpy as np\n", "x = np.zeros(3)\n"], "metadata": {}, "outputs": []}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}`,
	"pyproject.toml": "[project]\nname = \"svc\"\ndependencies = [\"fastapi\", \"requests\"]\n",
}

// pad is a module docstring that makes a file large enough to be cached.
var pad = `"""` + strings.Repeat("A module of the fixture. ", 45) + `"""` + "\n"

// cacheNow is the fixed now of these runs: a Wednesday.
var cacheNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// cachedUser serves the account cara: "svc", with a history by cara and
// someone else, and "lib", with plain files.
func cachedUser(t *testing.T) (*githubtest.Server, *github.Client) {
	t.Helper()
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "cara"})
	var hist []githubtest.Commit
	i := 0
	for path, content := range cachedFiles {
		email := "cara@users.noreply.github.com"
		if i == 1 {
			email = "other@example.com"
		}
		hist = append(hist, githubtest.Commit{AuthorEmail: email, AuthorDate: cacheNow.AddDate(0, 0, -20+i), Files: map[string]string{path: content}})
		i++
	}
	s.AddRepo("cara", githubtest.Repo{Name: "svc", Language: "Python", PushedAt: cacheNow.AddDate(0, 0, -1), History: hist})
	s.AddRepo("cara", githubtest.Repo{Name: "lib", Language: "Python", PushedAt: cacheNow.AddDate(0, 0, -2),
		Files: map[string]string{"lib/__init__.py": pad, "lib/core.py": pad + "import os\n\nclass Core:\n    def run(self):\n        return os.getcwd()\n"}})
	gh, err := github.NewClient(github.Options{APIURL: s.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	return s, gh
}

func analyzeAt(t *testing.T, gh *github.Client, login, cacheDir string, now time.Time, noCache bool) *Profile {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a hang guard
	defer cancel()
	p, err := AnalyzeUser(ctx, gh, login, Options{CacheDir: cacheDir, Now: func() time.Time { return now }, NoResultsCache: noCache})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// comparable is p's JSON without what differs between two runs of one
// analysis: the caches' and the API's counts.
func comparable(t *testing.T, p *Profile) string {
	t.Helper()
	q := *p
	q.Cache, q.API, q.GeneratedAt = nil, nil, time.Time{}
	data, err := json.MarshalIndent(&q, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func results(p *Profile) ResultsCacheUse {
	if p.Cache == nil || p.Cache.Results == nil {
		return ResultsCacheUse{}
	}
	return *p.Cache.Results
}

func sameProfile(t *testing.T, what string, got, want *Profile) {
	t.Helper()
	if g, w := comparable(t, got), comparable(t, want); g != w {
		if d := os.Getenv("RESULTS_DIFF_DIR"); d != "" {
			_ = os.WriteFile(filepath.Join(d, "got.json"), []byte(g), 0o644)
			_ = os.WriteFile(filepath.Join(d, "want.json"), []byte(w), 0o644)
		}
		t.Fatalf("%s differs from the uncached analysis:\n%s", what, firstDiff(g, w))
	}
}

// firstDiff shows where two long texts part.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-300)
	return "got:  ..." + a[lo:min(len(a), i+300)] + "\nwant: ..." + b[lo:min(len(b), i+300)]
}

func TestWarmRunParsesNothingAndWalksNothing(t *testing.T) {
	s, gh := cachedUser(t)
	uncached := analyzeAt(t, gh, "cara", t.TempDir(), cacheNow, true)
	if r := results(uncached); r.Enabled || r.FilesParsed == 0 || r.CommitsWalked == 0 {
		t.Fatalf("uncached run: %+v", r)
	}
	cache := t.TempDir()
	cold := analyzeAt(t, gh, "cara", cache, cacheNow, false)
	sameProfile(t, "cold run", cold, uncached)
	r := results(cold)
	if !r.Enabled || r.FilesParsed != 6 || r.FileHits != 0 || r.HistoryMisses == 0 || r.CommitsWalked == 0 || r.Store.Writes == 0 {
		t.Fatalf("cold run: %+v", r)
	}
	if h := cold.Repos[0].History; h == nil || h.TheirCommits == 0 {
		t.Fatalf("history not attributed: %+v", h)
	}
	if r.FetchesSkipped != 0 {
		t.Fatalf("cold run skipped fetches: %+v", r)
	}
	before := len(s.Requests())
	warm := analyzeAt(t, gh, "cara", cache, cacheNow, false)
	sameProfile(t, "warm run", warm, uncached)
	w := results(warm)
	if w.FilesParsed != 0 || w.CommitsWalked != 0 || w.HistoryMisses != 0 || w.FileHits != 6 || w.Deepens != 0 {
		t.Fatalf("warm run did work: %+v", w)
	}
	if w.HistoryHits == 0 || w.DeepensSkipped != 2 || w.FetchesSkipped != 2 {
		t.Fatalf("warm run hits: %+v", w)
	}
	// No push since the cold run's fetches: the clones are used as they are.
	for _, req := range s.Requests()[before:] {
		if strings.HasPrefix(req.Path, "/git/") {
			t.Errorf("warm run asked the git server: %s %s", req.Method, req.Path)
		}
	}
}

// A new commit makes a new tree and head: only its new blob is parsed,
// and the history is walked again.
func TestUpdatedRepositoryParsesOnlyNewBlobs(t *testing.T) {
	s, gh := cachedUser(t)
	cache := t.TempDir()
	analyzeAt(t, gh, "cara", cache, cacheNow, false)
	s.CommitFiles("cara", "lib", map[string]string{"lib/extra.py": pad + "import json\n\ndef dump(x):\n    return json.dumps(x)\n"})
	warm := analyzeAt(t, gh, "cara", cache, cacheNow, false)
	w := results(warm)
	if w.FilesParsed != 1 || w.FileHits != 6 {
		t.Fatalf("after one new file: %+v", w)
	}
	// The push moved lib's pushed_at: it is fetched; svc is not.
	if w.FetchesSkipped != 1 {
		t.Errorf("fetches skipped %d, want 1 (svc)", w.FetchesSkipped)
	}
	sameProfile(t, "updated run", warm, analyzeAt(t, gh, "cara", t.TempDir(), cacheNow, true))
}

// A copy of a repository under another account shares its blobs: only the
// file it adds is parsed, and its facts are those of an uncached run.
func TestCopySharingBlobsParsesOnlyNewBlobs(t *testing.T) {
	s, gh := cachedUser(t)
	cache := t.TempDir()
	analyzeAt(t, gh, "cara", cache, cacheNow, false)
	files := maps.Clone(cachedFiles)
	files["extra.py"] = pad + "from pydantic import BaseModel\n\nclass Extra(BaseModel):\n    pass\n"
	s.AddUser(githubtest.User{Login: "cody"})
	s.AddRepo("cody", githubtest.Repo{Name: "svc-copy", Language: "Python", PushedAt: cacheNow.AddDate(0, 0, -1), Files: files})
	copied := analyzeAt(t, gh, "cody", cache, cacheNow, false)
	r := results(copied)
	if r.FilesParsed != 1 || r.FileHits != int64(len(cachedFiles)-1) {
		t.Fatalf("copy: %+v", r)
	}
	sameProfile(t, "copy", copied, analyzeAt(t, gh, "cody", t.TempDir(), cacheNow, true))
}

// inspect of a local directory caches file facts by content: a second run
// parses nothing; a changed file is parsed again (the near miss), and
// only it.
func TestInspectDirectoryCachesFilesByContent(t *testing.T) {
	dir := t.TempDir()
	for p, c := range cachedFiles {
		if err := os.WriteFile(filepath.Join(dir, p), []byte(c), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A tiny file is cached too: a re-run with nothing new parses nothing.
	if err := os.WriteFile(filepath.Join(dir, "tiny.py"), []byte("x = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	inspect := func(noCache bool) *Profile {
		p, err := Inspect(context.Background(), []string{dir}, Options{CacheDir: cache, Now: func() time.Time { return cacheNow }, NoResultsCache: noCache})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	cold := inspect(false)
	warm := inspect(false)
	if r := results(warm); r.FilesParsed != 0 || r.FileHits != 5 {
		t.Fatalf("warm inspect: %+v", r)
	}
	sameProfile(t, "warm inspect", warm, cold)
	if err := os.WriteFile(filepath.Join(dir, "models.py"), []byte(pad+"from pydantic import BaseModel\n\nclass User(BaseModel):\n    id: str\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	changed := inspect(false)
	if r := results(changed); r.FilesParsed != 1 || r.FileHits != 4 {
		t.Fatalf("after a change: %+v", r)
	}
	sameProfile(t, "changed inspect", changed, inspect(true))
}

// The history figures depend on now: an entry is served for another now
// only where no commit lies between the two (or a day after either), and
// the result is exactly that of an uncached run at the new now.
func TestHistoryEntryHoldsOnlyWhereNowChangesNothing(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "cara"})
	me := "cara@users.noreply.github.com"
	s.AddRepo("cara", githubtest.Repo{Name: "r", Language: "Python", PushedAt: cacheNow, History: []githubtest.Commit{
		{AuthorEmail: me, AuthorDate: cacheNow.AddDate(0, 0, -10), Files: map[string]string{"a.py": "x = 1\n"}},
		// Dated after cacheNow+24h: a bad date at cacheNow, a good one
		// from the next Saturday on.
		{AuthorEmail: me, AuthorDate: cacheNow.Add(60 * time.Hour), Files: map[string]string{"b.py": "y = 2\n"}},
	}})
	gh, err := github.NewClient(github.Options{APIURL: s.APIURL()})
	if err != nil {
		t.Fatal(err)
	}
	cache := t.TempDir()
	cold := analyzeAt(t, gh, "cara", cache, cacheNow, false)
	if cold.Repos[0].History.BadDates != 1 {
		t.Fatalf("fixture: bad dates %d", cold.Repos[0].History.BadDates)
	}
	// Twelve hours later, same week, no commit in between: served, with
	// the window ending at the new now.
	later := cacheNow.Add(12 * time.Hour)
	p := analyzeAt(t, gh, "cara", cache, later, false)
	if r := results(p); r.HistoryMisses != 0 || r.CommitsWalked != 0 {
		t.Fatalf("12 hours later: %+v", r)
	}
	sameProfile(t, "12 hours later", p, analyzeAt(t, gh, "cara", t.TempDir(), later, true))
	// A day later the second commit is within a day of now: walked again.
	dayLater := cacheNow.Add(37 * time.Hour)
	p = analyzeAt(t, gh, "cara", cache, dayLater, false)
	if r := results(p); r.HistoryMisses == 0 {
		t.Fatalf("a day later, a commit crossed the future cut, yet: %+v", r)
	}
	sameProfile(t, "a day later", p, analyzeAt(t, gh, "cara", t.TempDir(), dayLater, true))
}

// Damaged entries (truncated, bit-flipped) are recomputed, never
// trusted: the run's result is the cold run's.
func TestDamagedEntriesAreRecomputed(t *testing.T) {
	_, gh := cachedUser(t)
	cache := t.TempDir()
	cold := analyzeAt(t, gh, "cara", cache, cacheNow, false)
	n := 0
	err := filepath.WalkDir(filepath.Join(cache, ResultsDir), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == ".lock" {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if n%2 == 0 {
			data = data[:len(data)/2]
		} else {
			data[len(data)-1] ^= 0x40
		}
		n++
		return os.WriteFile(p, data, 0o644)
	})
	if err != nil || n == 0 {
		t.Fatalf("damaged %d entries: %v", n, err)
	}
	again := analyzeAt(t, gh, "cara", cache, cacheNow, false)
	r := results(again)
	if r.Store.Damaged == 0 || r.HistoryHits != 0 || r.FilesParsed != 6 {
		t.Fatalf("damaged cache: %+v", r)
	}
	sameProfile(t, "run on a damaged cache", again, cold)
}

// Runs sharing one cache at once each get the uncached result.
func TestConcurrentRunsOnOneCache(t *testing.T) {
	_, gh := cachedUser(t)
	want := comparable(t, analyzeAt(t, gh, "cara", t.TempDir(), cacheNow, true))
	cache := t.TempDir()
	var wg sync.WaitGroup
	got := make([]string, 3)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p, err := AnalyzeUser(context.Background(), gh, "cara", Options{CacheDir: cache, Now: func() time.Time { return cacheNow }, ResultsCacheMB: 1})
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = comparable(t, p)
		}()
	}
	wg.Wait()
	for i, g := range got {
		if g != want {
			t.Errorf("run %d:\n%s", i, firstDiff(g, want))
		}
	}
}

// The profile says what the cache did, in the report's JSON.
func TestCacheUseInJSON(t *testing.T) {
	_, gh := cachedUser(t)
	p := analyzeAt(t, gh, "cara", t.TempDir(), cacheNow, false)
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"cache":{"results":{"enabled":true,"files_parsed":6`, `"commits_walked":`, `"store":{"hits":`} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("no %s in the JSON", want)
		}
	}
}

// inspect of a git URL caches the snapshot: a second run parses nothing.
func TestInspectGitURLWarmParsesNothing(t *testing.T) {
	s, _ := cachedUser(t)
	cache := t.TempDir()
	inspect := func() *Profile {
		p, err := Inspect(context.Background(), []string{s.CloneURL("cara", "svc")}, Options{CacheDir: cache, Now: func() time.Time { return cacheNow }})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	cold := inspect()
	if r := results(cold); r.FilesParsed != 4 || r.FileHits != 0 {
		t.Fatalf("cold inspect: %+v", r)
	}
	warm := inspect()
	if r := results(warm); r.FilesParsed != 0 || r.FileHits != 4 {
		t.Fatalf("warm inspect: %+v", r)
	}
	sameProfile(t, "warm inspect of a git URL", warm, cold)
}

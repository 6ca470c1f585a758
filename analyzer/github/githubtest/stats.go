package githubtest

import (
	"net/http"
	"sort"
	"time"
)

// StatsPending makes the next n requests for the statistics of owner/name
// (/stats/contributors and /stats/commit_activity alike) answer 202 Accepted with {}, as
// GitHub does while it computes them; go-github reports that as *github.AcceptedError.
func (s *Server) StatsPending(owner, name string, n int) {
	s.t.Helper()
	if n < 1 {
		s.t.Fatalf("githubtest: StatsPending %s/%s: n = %d, want >= 1", owner, name, n)
	}
	rec := s.lookupRepo(owner, name)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.statsPending[repoKey(rec.owner, rec.repo.Name)] += n
}

// SetNow sets the fake's clock, which places the last year of /stats/commit_activity;
// the zero time restores the real clock. Rate-limit windows always use the real clock.
func (s *Server) SetNow(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// clock returns the fake's current time. The caller holds s.mu.
func (s *Server) clock() time.Time {
	if s.now.IsZero() {
		return time.Now()
	}
	return s.now
}

// weekStart returns the start of t's week as GitHub's statistics count weeks: Sunday,
// 00:00 UTC.
func weekStart(t time.Time) time.Time {
	t = t.UTC()
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return day.AddDate(0, 0, -int(day.Weekday()))
}

// contributorStatsJSON is an entry of /stats/contributors.
type contributorStatsJSON struct {
	Author ownerJSON       `json:"author"`
	Total  int             `json:"total"`
	Weeks  []weekStatsJSON `json:"weeks"`
}

// weekStatsJSON is one week of a contributor: its start (Unix seconds), lines added
// and deleted, and commits.
type weekStatsJSON struct {
	W int64 `json:"w"`
	A int   `json:"a"`
	D int   `json:"d"`
	C int   `json:"c"`
}

// commitActivityJSON is one week of /stats/commit_activity: commits per day from Sunday.
type commitActivityJSON struct {
	Days  [7]int `json:"days"`
	Total int    `json:"total"`
	Week  int64  `json:"week"`
}

// serveStats answers GET /repos/{owner}/{name}/stats/{kind} for kind "contributors" or
// "commit_activity", computed from the default branch with git, by author date:
// contributors counts the commits that are not merges and whose author email GitHub
// attributes to an account, over the weeks from the first such commit to the last, the
// top contributor last as on GitHub; commit_activity counts every commit of the 52
// weeks up to the current one (see SetNow). An empty repository answers 204.
func (s *Server) serveStats(w http.ResponseWriter, r *http.Request, owner, name, kind string) {
	s.mu.Lock()
	rec := s.visibleRepo(r, owner, name)
	var pending, empty bool
	var dir, branch string
	var now time.Time
	if rec != nil {
		key := repoKey(rec.owner, rec.repo.Name)
		if pending = s.statsPending[key] > 0; pending {
			s.statsPending[key]--
		}
		dir, branch, empty, now = rec.dir, rec.repo.DefaultBranch, rec.commits == 0, s.clock()
	}
	s.mu.Unlock()
	switch {
	case rec == nil:
		writeError(w, http.StatusNotFound, "Not Found", docsURL)
		return
	case pending:
		writeJSON(w, http.StatusAccepted, struct{}{})
		return
	case empty:
		w.WriteHeader(http.StatusNoContent)
		return
	}
	tip, err := s.git.headSHA(dir, branch)
	var log []*gitCommit
	if err == nil {
		log, err = s.commitLog(dir, tip)
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error(), docsURL)
		return
	}

	if kind == "commit_activity" {
		first := weekStart(now).AddDate(0, 0, -7*51)
		weeks := make([]commitActivityJSON, 52)
		for i := range weeks {
			weeks[i].Week = first.AddDate(0, 0, 7*i).Unix()
		}
		for _, c := range log {
			when := c.author.when.UTC()
			if when.Before(first) {
				continue
			}
			i := int(weekStart(when).Sub(first) / (7 * 24 * time.Hour))
			if i >= len(weeks) {
				continue // in the future
			}
			weeks[i].Days[when.Weekday()]++
			weeks[i].Total++
		}
		writeJSON(w, http.StatusOK, weeks)
		return
	}

	lines, err := s.git.lineStats(dir, tip)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error(), docsURL)
		return
	}
	type tally struct {
		login string
		total int
		weeks map[int64]*weekStatsJSON
	}
	byLogin := map[string]*tally{}
	var firstWeek, lastWeek time.Time
	s.mu.Lock()
	for _, c := range log {
		counted, ok := lines[c.sha] // merges have no entry
		u := s.userForEmail(c.author.email)
		if !ok || u == nil {
			continue
		}
		week := weekStart(c.author.when)
		if firstWeek.IsZero() || week.Before(firstWeek) {
			firstWeek = week
		}
		if week.After(lastWeek) {
			lastWeek = week
		}
		t := byLogin[u.Login]
		if t == nil {
			t = &tally{login: u.Login, weeks: map[int64]*weekStatsJSON{}}
			byLogin[u.Login] = t
		}
		t.total++
		ws := t.weeks[week.Unix()]
		if ws == nil {
			ws = &weekStatsJSON{W: week.Unix()}
			t.weeks[week.Unix()] = ws
		}
		ws.A += counted[0]
		ws.D += counted[1]
		ws.C++
	}
	body := make([]contributorStatsJSON, 0, len(byLogin))
	for _, t := range byLogin {
		entry := contributorStatsJSON{Author: s.ownerJSONFor(t.login), Total: t.total}
		for week := firstWeek; !week.After(lastWeek); week = week.AddDate(0, 0, 7) {
			ws := weekStatsJSON{W: week.Unix()}
			if counted := t.weeks[week.Unix()]; counted != nil {
				ws = *counted
			}
			entry.Weeks = append(entry.Weeks, ws)
		}
		body = append(body, entry)
	}
	s.mu.Unlock()
	sort.Slice(body, func(i, j int) bool {
		if body[i].Total != body[j].Total {
			return body[i].Total < body[j].Total
		}
		return body[i].Author.Login < body[j].Author.Login
	})
	writeJSON(w, http.StatusOK, body)
}

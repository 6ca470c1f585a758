package githubtest

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// noreplyDomain is the domain of the private commit emails GitHub gives every account.
const noreplyDomain = "users.noreply.github.com"

// LinkEmail records that GitHub attributes commits whose author (or committer) email is
// email, compared case-insensitively, to login, as it does for a verified email of the
// account. Without it, an account is attributed ID+LOGIN@users.noreply.github.com,
// LOGIN@users.noreply.github.com and its public Email.
func (s *Server) LinkEmail(login, email string) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[strings.ToLower(login)]
	key := strings.ToLower(strings.TrimSpace(email))
	switch {
	case u == nil:
		s.t.Fatalf("githubtest: LinkEmail(%q, %q): unknown login (call AddUser first)", login, email)
	case key == "" || !strings.Contains(key, "@"):
		s.t.Fatalf("githubtest: LinkEmail(%q, %q): not an email address", login, email)
	case s.emails[key] != "" && s.emails[key] != u.Login:
		s.t.Fatalf("githubtest: LinkEmail(%q, %q): the email is already linked to %s", login, email, s.emails[key])
	}
	s.emails[key] = u.Login
}

// userForEmail returns the account GitHub attributes email to, or nil. The caller holds
// s.mu.
func (s *Server) userForEmail(email string) *User {
	key := strings.ToLower(strings.TrimSpace(email))
	if key == "" {
		return nil
	}
	if login, ok := s.emails[key]; ok {
		return s.users[strings.ToLower(login)]
	}
	if local, ok := strings.CutSuffix(key, "@"+noreplyDomain); ok {
		if id, login, ok := strings.Cut(local, "+"); ok {
			u := s.users[login]
			if n, err := strconv.ParseInt(id, 10, 64); err == nil && u != nil && u.ID == n {
				return u
			}
			return nil
		}
		return s.users[local]
	}
	var found *User
	for _, u := range s.users {
		if strings.EqualFold(u.Email, key) && (found == nil || u.ID < found.ID) {
			found = u
		}
	}
	return found
}

// commitJSON is a commit as GET /repos/O/N/commits and compare list it.
type commitJSON struct {
	SHA         string          `json:"sha"`
	NodeID      string          `json:"node_id"`
	Commit      gitCommitJSON   `json:"commit"`
	URL         string          `json:"url"`
	HTMLURL     string          `json:"html_url"`
	CommentsURL string          `json:"comments_url"`
	Author      *ownerJSON      `json:"author"`
	Committer   *ownerJSON      `json:"committer"`
	Parents     []commitRefJSON `json:"parents"`
}

// gitCommitJSON is the "commit" object of a commit: what git itself records.
type gitCommitJSON struct {
	Author       signatureJSON    `json:"author"`
	Committer    signatureJSON    `json:"committer"`
	Message      string           `json:"message"`
	Tree         commitRefJSON    `json:"tree"`
	URL          string           `json:"url"`
	CommentCount int              `json:"comment_count"`
	Verification verificationJSON `json:"verification"`
}

// signatureJSON is a git identity and date; the date is in UTC, as GitHub serves it.
type signatureJSON struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Date  string `json:"date"`
}

// commitRefJSON points at a commit or a tree.
type commitRefJSON struct {
	SHA     string `json:"sha"`
	URL     string `json:"url"`
	HTMLURL string `json:"html_url,omitempty"`
}

// verificationJSON is the signature check of a commit; the fake never signs.
type verificationJSON struct {
	Verified  bool    `json:"verified"`
	Reason    string  `json:"reason"`
	Signature *string `json:"signature"`
	Payload   *string `json:"payload"`
}

// commitJSON renders c as a commit of rec, the repository of the request. The caller
// holds s.mu.
func (s *Server) commitJSON(rec *repoRecord, c *gitCommit) commitJSON {
	full := rec.owner + "/" + rec.repo.Name
	api := s.APIURL() + "repos/" + full
	html := s.srv.URL + "/" + full
	j := commitJSON{
		SHA:    c.sha,
		NodeID: base64.StdEncoding.EncodeToString([]byte("06:Commit" + strconv.FormatInt(rec.id, 10) + ":" + c.sha)),
		Commit: gitCommitJSON{
			Author:       signatureJSON{c.author.name, c.author.email, timestamp(c.author.when)},
			Committer:    signatureJSON{c.committer.name, c.committer.email, timestamp(c.committer.when)},
			Message:      c.message,
			Tree:         commitRefJSON{SHA: c.tree, URL: api + "/git/trees/" + c.tree},
			URL:          api + "/git/commits/" + c.sha,
			Verification: verificationJSON{Reason: "unsigned"},
		},
		URL:         api + "/commits/" + c.sha,
		HTMLURL:     html + "/commit/" + c.sha,
		CommentsURL: api + "/commits/" + c.sha + "/comments",
		Parents:     []commitRefJSON{},
	}
	if u := s.userForEmail(c.author.email); u != nil {
		o := s.ownerJSONFor(u.Login)
		j.Author = &o
	}
	if u := s.userForEmail(c.committer.email); u != nil {
		o := s.ownerJSONFor(u.Login)
		j.Committer = &o
	}
	for _, p := range c.parents {
		j.Parents = append(j.Parents, commitRefJSON{SHA: p, URL: api + "/commits/" + p, HTMLURL: html + "/commit/" + p})
	}
	return j
}

// pageParams reads per_page (default def, at most 100) and page (default 1).
func pageParams(q url.Values, def int) (perPage, page int) {
	perPage, page = def, 1
	if n, err := strconv.Atoi(q.Get("per_page")); err == nil && n > 0 {
		perPage = min(n, 100)
	}
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 0 {
		page = n
	}
	return perPage, page
}

// pageBounds returns the slice [lo, hi) of n items shown on page, and the last page.
func pageBounds(n, perPage, page int) (lo, hi, last int) {
	last = (n + perPage - 1) / perPage
	lo = min((page-1)*perPage, n)
	hi = min(lo+perPage, n)
	return lo, hi, last
}

// parseTimeParam parses an ISO 8601 query parameter as GitHub accepts it: a date and
// time with a zone, or a date alone (midnight UTC). ok is false when it is malformed.
func parseTimeParam(v string) (t time.Time, ok bool) {
	if v == "" {
		return time.Time{}, true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", time.DateOnly} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// serveCommits answers GET /repos/{owner}/{name}/commits: the history of sha (a branch
// or a commit; the default branch when absent), newest first as git log lists it,
// filtered by author (a login: the commits whose author email GitHub attributes to it;
// an email: the commits with that author email) and by since and until, which bound
// the committer date, both inclusive, like git log --since and --until.
func (s *Server) serveCommits(w http.ResponseWriter, r *http.Request, owner, name string) {
	q := r.URL.Query()
	since, okSince := parseTimeParam(q.Get("since"))
	until, okUntil := parseTimeParam(q.Get("until"))
	s.mu.Lock()
	rec := s.visibleRepo(r, owner, name)
	var branch string
	var empty bool
	if rec != nil {
		branch, empty = rec.repo.DefaultBranch, rec.commits == 0
	}
	s.mu.Unlock()
	switch {
	case rec == nil:
		writeError(w, http.StatusNotFound, "Not Found", docsURL)
		return
	case empty:
		writeError(w, http.StatusConflict, "Git Repository is empty.", "https://docs.github.com/rest/commits/commits#list-commits")
		return
	case !okSince || !okUntil:
		writeError(w, http.StatusBadRequest, "Invalid time: since and until must be ISO 8601 timestamps (YYYY-MM-DDTHH:MM:SSZ)", "https://docs.github.com/rest/commits/commits#list-commits")
		return
	}
	rev := q.Get("sha")
	if rev == "" {
		rev = branch
	}
	holder, tip, err := s.resolveInNetwork(r, rec, rev)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error(), docsURL)
		return
	}
	if tip == "" {
		writeError(w, http.StatusNotFound, "No commit found for SHA: "+rev, "https://docs.github.com/rest/commits/commits#list-commits")
		return
	}
	log, err := s.commitLog(holder.dir, tip)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error(), docsURL)
		return
	}

	s.mu.Lock()
	author := q.Get("author")
	var authorLogin string // "" with an author: a login no one has
	if author != "" && !strings.Contains(author, "@") {
		if u := s.users[strings.ToLower(author)]; u != nil {
			authorLogin = u.Login
		}
	}
	kept := log[:0:0]
	for _, c := range log {
		switch {
		case !since.IsZero() && c.committer.when.Before(since), !until.IsZero() && c.committer.when.After(until):
			continue
		case author == "":
		case strings.Contains(author, "@"):
			if !strings.EqualFold(c.author.email, author) {
				continue
			}
		default:
			if u := s.userForEmail(c.author.email); u == nil || u.Login != authorLogin {
				continue
			}
		}
		kept = append(kept, c)
	}
	perPage, page := pageParams(q, 30)
	lo, hi, last := pageBounds(len(kept), perPage, page)
	body := make([]commitJSON, 0, hi-lo)
	for _, c := range kept[lo:hi] {
		body = append(body, s.commitJSON(rec, c))
	}
	s.mu.Unlock()

	if link := s.linkHeader(r, page, last); link != "" {
		w.Header().Set("Link", link)
	}
	writeJSON(w, http.StatusOK, body)
}

// compareJSON is the answer of GET /repos/O/N/compare/BASE...HEAD; "files" is left
// out, as the fake computes no diffs.
type compareJSON struct {
	URL             string       `json:"url"`
	HTMLURL         string       `json:"html_url"`
	PermalinkURL    string       `json:"permalink_url"`
	DiffURL         string       `json:"diff_url"`
	PatchURL        string       `json:"patch_url"`
	BaseCommit      commitJSON   `json:"base_commit"`
	MergeBaseCommit commitJSON   `json:"merge_base_commit"`
	Status          string       `json:"status"`
	AheadBy         int          `json:"ahead_by"`
	BehindBy        int          `json:"behind_by"`
	TotalCommits    int          `json:"total_commits"`
	Commits         []commitJSON `json:"commits"`
}

// maxCompareCommits is how many commits GitHub lists in a comparison asked for without
// paging parameters: the most recent ones.
const maxCompareCommits = 250

// serveCompare answers GET /repos/{owner}/{name}/compare/{BASE...HEAD}. Each side is a
// branch or a commit SHA of owner/name, or OWNER:REF or OWNER:REPO:REF for a repository
// of the same fork network (the root of Parent chains). The fake lists the commits
// reachable from each side in its own bare repository with git rev-list and compares
// the sets by SHA: forks share commits by having the same SHAs, so no repository is
// written to (a fetch into the base repository would show up in its clones). The merge
// base is the newest common commit that is no parent of another common commit.
func (s *Server) serveCompare(w http.ResponseWriter, r *http.Request, owner, name, basehead string) {
	baseSpec, headSpec, ok := strings.Cut(basehead, "...")
	if !ok || baseSpec == "" || headSpec == "" {
		writeError(w, http.StatusNotFound, "Not Found", docsURL)
		return
	}
	s.mu.Lock()
	rec := s.visibleRepo(r, owner, name)
	var baseRec, headRec *repoRecord
	var baseRev, headRev string
	if rec != nil {
		baseRec, baseRev = s.compareSide(r, rec, baseSpec)
		headRec, headRev = s.compareSide(r, rec, headSpec)
	}
	s.mu.Unlock()
	if baseRec == nil || headRec == nil {
		writeError(w, http.StatusNotFound, "Not Found", docsURL)
		return
	}
	baseRec, baseSHA, err1 := s.resolveInNetwork(r, baseRec, baseRev)
	headRec, headSHA, err2 := s.resolveInNetwork(r, headRec, headRev)
	if err := cmpErr(err1, err2); err != nil {
		writeError(w, http.StatusInternalServerError, err.Error(), docsURL)
		return
	}
	if baseRec == nil || headRec == nil {
		writeError(w, http.StatusNotFound, "Not Found", docsURL)
		return
	}
	baseLog, err1 := s.commitLog(baseRec.dir, baseSHA)
	headLog, err2 := s.commitLog(headRec.dir, headSHA)
	if err := cmpErr(err1, err2); err != nil {
		writeError(w, http.StatusInternalServerError, err.Error(), docsURL)
		return
	}

	inBase := make(map[string]bool, len(baseLog))
	for _, c := range baseLog {
		inBase[c.sha] = true
	}
	inHead := make(map[string]bool, len(headLog))
	parentOfCommon := map[string]bool{}
	var ahead, common []*gitCommit
	for _, c := range headLog {
		inHead[c.sha] = true
		if inBase[c.sha] {
			common = append(common, c)
			for _, p := range c.parents {
				parentOfCommon[p] = true
			}
		} else {
			ahead = append(ahead, c)
		}
	}
	var mergeBase *gitCommit
	for _, c := range common {
		if !parentOfCommon[c.sha] {
			mergeBase = c
			break
		}
	}
	if mergeBase == nil {
		writeError(w, http.StatusNotFound, fmt.Sprintf("No common ancestor between %s and %s.", baseSpec, headSpec), "https://docs.github.com/rest/commits/commits#compare-two-commits")
		return
	}
	behind := 0
	for _, c := range baseLog {
		if !inHead[c.sha] {
			behind++
		}
	}
	slices.Reverse(ahead) // oldest first

	q := r.URL.Query()
	shown, page, last := ahead, 1, 1
	paged := q.Has("per_page") || q.Has("page")
	if paged {
		var perPage, lo, hi int
		perPage, page = pageParams(q, 30)
		lo, hi, last = pageBounds(len(ahead), perPage, page)
		shown = ahead[lo:hi]
	} else if len(ahead) > maxCompareCommits {
		shown = ahead[len(ahead)-maxCompareCommits:]
	}

	s.mu.Lock()
	full := rec.owner + "/" + rec.repo.Name
	html := s.srv.URL + "/" + full + "/compare/" + basehead
	body := compareJSON{
		URL:             s.APIURL() + "repos/" + full + "/compare/" + basehead,
		HTMLURL:         html,
		PermalinkURL:    fmt.Sprintf("%s/%s/compare/%s:%s...%s:%s", s.srv.URL, full, baseRec.owner, baseSHA[:7], headRec.owner, headSHA[:7]),
		DiffURL:         html + ".diff",
		PatchURL:        html + ".patch",
		BaseCommit:      s.commitJSON(rec, baseLog[0]),
		MergeBaseCommit: s.commitJSON(rec, mergeBase),
		AheadBy:         len(ahead),
		BehindBy:        behind,
		TotalCommits:    len(ahead),
		Commits:         make([]commitJSON, 0, len(shown)),
	}
	for _, c := range shown {
		body.Commits = append(body.Commits, s.commitJSON(rec, c))
	}
	s.mu.Unlock()
	switch {
	case len(ahead) == 0 && behind == 0:
		body.Status = "identical"
	case behind == 0:
		body.Status = "ahead"
	case len(ahead) == 0:
		body.Status = "behind"
	default:
		body.Status = "diverged"
	}
	if link := s.linkHeader(r, page, last); paged && link != "" {
		w.Header().Set("Link", link)
	}
	writeJSON(w, http.StatusOK, body)
}

// cmpErr returns the first non-nil error.
func cmpErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// compareSide resolves one side of a comparison against rec: REF, OWNER:REF or
// OWNER:REPO:REF. OWNER:REF picks OWNER's repository in rec's fork network, preferring
// one named like rec. The caller holds s.mu.
func (s *Server) compareSide(r *http.Request, rec *repoRecord, spec string) (*repoRecord, string) {
	parts := strings.Split(spec, ":")
	switch len(parts) {
	case 1:
		return rec, spec
	case 2, 3:
	default:
		return nil, ""
	}
	owner, rev := parts[0], parts[len(parts)-1]
	network := s.networkRoot(rec)
	var found *repoRecord
	for _, cand := range s.repos {
		switch {
		case !strings.EqualFold(cand.owner, owner), s.visibleRepo(r, cand.owner, cand.repo.Name) == nil, s.networkRoot(cand) != network:
		case len(parts) == 3:
			if strings.EqualFold(cand.repo.Name, parts[1]) {
				found = cand
			}
		case found == nil,
			strings.EqualFold(cand.repo.Name, rec.repo.Name) && !strings.EqualFold(found.repo.Name, rec.repo.Name),
			strings.EqualFold(cand.repo.Name, rec.repo.Name) == strings.EqualFold(found.repo.Name, rec.repo.Name) && cand.id < found.id:
			found = cand
		}
	}
	if found == nil {
		return nil, ""
	}
	return found, rev
}

// resolveInNetwork resolves rev, a branch or a SHA, in rec and, for a SHA that rec
// lacks, in the other repositories of rec's fork network, as GitHub finds any commit of
// a network through any of its repositories. It returns the repository that has the
// commit, or nil.
func (s *Server) resolveInNetwork(r *http.Request, rec *repoRecord, rev string) (*repoRecord, string, error) {
	sha, err := s.git.resolveCommit(rec.dir, rev)
	if err != nil || sha != "" {
		return rec, sha, err
	}
	if !isHex(rev) {
		return nil, "", nil
	}
	s.mu.Lock()
	network := s.networkRoot(rec)
	var peers []*repoRecord
	for _, cand := range s.repos {
		if cand != rec && s.visibleRepo(r, cand.owner, cand.repo.Name) != nil && s.networkRoot(cand) == network {
			peers = append(peers, cand)
		}
	}
	s.mu.Unlock()
	slices.SortFunc(peers, func(a, b *repoRecord) int { return cmp.Compare(a.id, b.id) })
	for _, peer := range peers {
		sha, err := s.git.resolveCommit(peer.dir, rev)
		if err != nil || sha != "" {
			return peer, sha, err
		}
	}
	return nil, "", nil
}

// networkRoot names the root of rec's fork network: the end of its chain of Parents,
// which may be a repository the test never added. The caller holds s.mu.
func (s *Server) networkRoot(rec *repoRecord) string {
	key := repoKey(rec.owner, rec.repo.Name)
	seen := map[string]bool{key: true}
	for cur := rec; cur != nil && cur.repo.Parent != ""; {
		key = strings.ToLower(cur.repo.Parent)
		if seen[key] {
			break
		}
		seen[key] = true
		owner, name, _ := strings.Cut(cur.repo.Parent, "/")
		cur = s.repos[repoKey(owner, name)]
	}
	return key
}

package githubtest

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// maxEvents is how many of an account's most recent events GitHub's events API serves
// over all pages.
const maxEvents = 300

// firstEventID is the ID of the first event added without one; later ones count up.
const firstEventID = 30_000_000_000

// Event is an entry of an account's public activity, served by
// /users/{login}/events/public.
type Event struct {
	// Type is GitHub's event type, e.g. "PushEvent".
	Type string
	// Repo is the repository as "owner/name"; it need not be added to the fake.
	Repo string
	// CreatedAt is required. The fake serves events of any age, where GitHub keeps only
	// those of the last 90 days.
	CreatedAt time.Time
	// Payload is marshalled as the event's payload; nil is {}. The payloads of the
	// constructors (PushEvent and others) are completed by AddEvents, which knows the
	// actor and the server's URLs.
	Payload any
	// ID "" is assigned by AddEvents, counting up in the order events are added.
	ID string
}

// eventPayload is the payload of an event made by a constructor, which knows neither
// the actor nor the server's URLs; build gets them from AddEvents, which also reports
// err, the constructor's complaint about its arguments.
type eventPayload struct {
	build func(env payloadEnv) any
	err   error
}

// payloadEnv is what AddEvents tells a constructor's payload.
type payloadEnv struct {
	actor         ownerJSON
	owner         ownerJSON // of the event's repository
	repoID        int64
	api, html     string // of the event's repository
	defaultBranch string
}

// storedEvent is an event as AddEvents keeps it.
type storedEvent struct {
	Event
	payload json.RawMessage
	seq     int64
}

// AddEvents adds events to the public activity of login, which must exist. The events
// API lists them newest first; events with the same CreatedAt, the later added first.
func (s *Server) AddEvents(login string, events ...Event) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.users[strings.ToLower(login)]
	if u == nil {
		s.t.Fatalf("githubtest: AddEvents(%q): unknown login (call AddUser first)", login)
	}
	for i, e := range events {
		switch {
		case e.Type == "":
			s.t.Fatalf("githubtest: AddEvents(%q): event %d has no Type", login, i)
		case strings.Count(e.Repo, "/") != 1 || strings.HasPrefix(e.Repo, "/") || strings.HasSuffix(e.Repo, "/"):
			s.t.Fatalf("githubtest: AddEvents(%q): event %d: Repo %q, want \"owner/name\"", login, i, e.Repo)
		case e.CreatedAt.IsZero():
			s.t.Fatalf("githubtest: AddEvents(%q): event %d has no CreatedAt", login, i)
		}
		payload := e.Payload
		if p, ok := payload.(eventPayload); ok {
			if p.err != nil {
				s.t.Fatalf("githubtest: AddEvents(%q): event %d: %v", login, i, p.err)
			}
			payload = p.build(s.payloadEnv(u.Login, e.Repo))
		}
		if payload == nil {
			payload = struct{}{}
		}
		raw, err := json.Marshal(payload)
		if err != nil {
			s.t.Fatalf("githubtest: AddEvents(%q): event %d: payload: %v", login, i, err)
		}
		if e.ID == "" {
			e.ID = strconv.FormatInt(firstEventID+s.eventSeq, 10)
		}
		s.eventSeq++
		key := strings.ToLower(u.Login)
		s.events[key] = append(s.events[key], storedEvent{Event: e, payload: raw, seq: s.eventSeq})
	}
}

// payloadEnv describes login and repo ("owner/name") to a constructor's payload. The
// caller holds s.mu.
func (s *Server) payloadEnv(login, repo string) payloadEnv {
	owner, name, _ := strings.Cut(repo, "/")
	env := payloadEnv{
		actor:         s.ownerJSONFor(login),
		owner:         s.ownerJSONFor(owner),
		repoID:        int64(phantomID(repo)),
		api:           s.APIURL() + "repos/" + repo,
		html:          s.srv.URL + "/" + repo,
		defaultBranch: "main",
	}
	if rec := s.repos[repoKey(owner, name)]; rec != nil {
		full := rec.owner + "/" + rec.repo.Name
		env.owner, env.repoID = s.ownerJSONFor(rec.owner), rec.id
		env.api, env.html = s.APIURL()+"repos/"+full, s.srv.URL+"/"+full
		env.defaultBranch = rec.repo.DefaultBranch
	}
	return env
}

// eventJSON is an event of the events API.
type eventJSON struct {
	ID        string          `json:"id"`
	Type      string          `json:"type"`
	Actor     actorJSON       `json:"actor"`
	Repo      eventRepoJSON   `json:"repo"`
	Payload   json.RawMessage `json:"payload"`
	Public    bool            `json:"public"`
	CreatedAt string          `json:"created_at"`
}

// actorJSON is the "actor" of an event.
type actorJSON struct {
	ID           int64  `json:"id"`
	Login        string `json:"login"`
	DisplayLogin string `json:"display_login"`
	GravatarID   string `json:"gravatar_id"`
	URL          string `json:"url"`
	AvatarURL    string `json:"avatar_url"`
}

// eventRepoJSON is the "repo" of an event.
type eventRepoJSON struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	URL  string `json:"url"`
}

// serveEvents answers GET /users/{login}/events/public and /users/{login}/events (the
// same, as the fake has no private activity): newest first, paginated, and limited to
// the 300 most recent events; a page past them answers 422, as GitHub does.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request, login string) {
	perPage, page := pageParams(r.URL.Query(), 30)
	s.mu.Lock()
	u := s.users[strings.ToLower(login)]
	if u == nil {
		s.mu.Unlock()
		writeError(w, http.StatusNotFound, "Not Found", docsURL)
		return
	}
	if (page-1)*perPage >= maxEvents {
		s.mu.Unlock()
		writeError(w, http.StatusUnprocessableEntity, "In order to keep the API fast for everyone, pagination is limited for this resource. Check the rel=last link relation in the Link response header to see how far back you can traverse.", "https://docs.github.com/rest/activity/events#list-public-events-for-a-user")
		return
	}
	events := append([]storedEvent(nil), s.events[strings.ToLower(u.Login)]...)
	sort.SliceStable(events, func(i, j int) bool {
		if c := events[i].CreatedAt.Compare(events[j].CreatedAt); c != 0 {
			return c > 0
		}
		return events[i].seq > events[j].seq
	})
	events = events[:min(len(events), maxEvents)]
	lo, hi, last := pageBounds(len(events), perPage, page)
	actor := s.ownerJSONFor(u.Login)
	body := make([]eventJSON, 0, hi-lo)
	for _, e := range events[lo:hi] {
		owner, name, _ := strings.Cut(e.Repo, "/")
		repo := eventRepoJSON{ID: int64(phantomID(e.Repo)), Name: e.Repo, URL: s.APIURL() + "repos/" + e.Repo}
		if rec := s.repos[repoKey(owner, name)]; rec != nil {
			full := rec.owner + "/" + rec.repo.Name
			repo = eventRepoJSON{ID: rec.id, Name: full, URL: s.APIURL() + "repos/" + full}
		}
		body = append(body, eventJSON{
			ID:   e.ID,
			Type: e.Type,
			Actor: actorJSON{
				ID:           actor.ID,
				Login:        actor.Login,
				DisplayLogin: actor.Login,
				URL:          actor.URL,
				AvatarURL:    actor.AvatarURL,
			},
			Repo:      repo,
			Payload:   e.payload,
			Public:    true,
			CreatedAt: timestamp(e.CreatedAt),
		})
	}
	s.mu.Unlock()
	if link := s.linkHeader(r, page, last); link != "" {
		w.Header().Set("Link", link)
	}
	writeJSON(w, http.StatusOK, body)
}

// pullRequestJSON is the "pull_request" of an event payload.
type pullRequestJSON struct {
	URL               string    `json:"url"`
	ID                int64     `json:"id"`
	NodeID            string    `json:"node_id"`
	HTMLURL           string    `json:"html_url"`
	DiffURL           string    `json:"diff_url"`
	PatchURL          string    `json:"patch_url"`
	IssueURL          string    `json:"issue_url"`
	Number            int       `json:"number"`
	State             string    `json:"state"`
	Locked            bool      `json:"locked"`
	Title             string    `json:"title"`
	User              ownerJSON `json:"user"`
	Body              *string   `json:"body"`
	CreatedAt         string    `json:"created_at"`
	UpdatedAt         string    `json:"updated_at"`
	ClosedAt          *string   `json:"closed_at"`
	MergedAt          *string   `json:"merged_at"`
	MergeCommitSHA    *string   `json:"merge_commit_sha"`
	Draft             bool      `json:"draft"`
	Merged            bool      `json:"merged"`
	AuthorAssociation string    `json:"author_association"`
}

// issueJSON is the "issue" of an event payload.
type issueJSON struct {
	URL               string      `json:"url"`
	RepositoryURL     string      `json:"repository_url"`
	CommentsURL       string      `json:"comments_url"`
	HTMLURL           string      `json:"html_url"`
	ID                int64       `json:"id"`
	NodeID            string      `json:"node_id"`
	Number            int         `json:"number"`
	Title             string      `json:"title"`
	User              ownerJSON   `json:"user"`
	Labels            []struct{}  `json:"labels"`
	State             string      `json:"state"`
	Locked            bool        `json:"locked"`
	Assignee          *ownerJSON  `json:"assignee"`
	Assignees         []ownerJSON `json:"assignees"`
	Comments          int         `json:"comments"`
	CreatedAt         string      `json:"created_at"`
	UpdatedAt         string      `json:"updated_at"`
	ClosedAt          *string     `json:"closed_at"`
	AuthorAssociation string      `json:"author_association"`
	Body              *string     `json:"body"`
}

// association is the author_association of user in a repository owned by owner.
func association(user, owner ownerJSON) string {
	if user.Login == owner.Login {
		return "OWNER"
	}
	return "NONE"
}

// pullRequest renders pull request number of env's repository, opened by author at at.
func pullRequest(env payloadEnv, number int, title string, author ownerJSON, at time.Time) pullRequestJSON {
	id := int64(phantomID(fmt.Sprintf("pull:%s#%d", env.api, number)))
	html := fmt.Sprintf("%s/pull/%d", env.html, number)
	return pullRequestJSON{
		URL:               fmt.Sprintf("%s/pulls/%d", env.api, number),
		ID:                id,
		NodeID:            nodeID("011:PullRequest", id),
		HTMLURL:           html,
		DiffURL:           html + ".diff",
		PatchURL:          html + ".patch",
		IssueURL:          fmt.Sprintf("%s/issues/%d", env.api, number),
		Number:            number,
		State:             "open",
		Title:             title,
		User:              author,
		CreatedAt:         timestamp(at),
		UpdatedAt:         timestamp(at),
		AuthorAssociation: association(author, env.owner),
	}
}

// issue renders issue number of env's repository, opened by author at at.
func issue(env payloadEnv, number int, title string, author ownerJSON, at time.Time) issueJSON {
	id := int64(phantomID(fmt.Sprintf("issue:%s#%d", env.api, number)))
	url := fmt.Sprintf("%s/issues/%d", env.api, number)
	return issueJSON{
		URL:               url,
		RepositoryURL:     env.api,
		CommentsURL:       url + "/comments",
		HTMLURL:           fmt.Sprintf("%s/issues/%d", env.html, number),
		ID:                id,
		NodeID:            nodeID("05:Issue", id),
		Number:            number,
		Title:             title,
		User:              author,
		Labels:            []struct{}{},
		State:             "open",
		Assignees:         []ownerJSON{},
		CreatedAt:         timestamp(at),
		UpdatedAt:         timestamp(at),
		AuthorAssociation: association(author, env.owner),
	}
}

// PullRequestEvent returns a PullRequestEvent of the actor (the login given to
// AddEvents) on pull request number of repo ("owner/name"), which the actor opened:
// action is "opened", "closed" or "reopened"; merged only goes with "closed".
func PullRequestEvent(repo string, number int, action string, merged bool, title string, at time.Time) Event {
	var err error
	switch {
	case action != "opened" && action != "closed" && action != "reopened":
		err = fmt.Errorf("PullRequestEvent: action %q, want opened, closed or reopened", action)
	case merged && action != "closed":
		err = fmt.Errorf("PullRequestEvent: merged with action %q, want closed", action)
	case number < 1:
		err = fmt.Errorf("PullRequestEvent: number %d, want >= 1", number)
	}
	return Event{Type: "PullRequestEvent", Repo: repo, CreatedAt: at, Payload: eventPayload{err: err, build: func(env payloadEnv) any {
		pr := pullRequest(env, number, title, env.actor, at)
		if action == "closed" {
			pr.State, pr.ClosedAt = "closed", nullable(timestamp(at))
			if merged {
				pr.Merged, pr.MergedAt = true, nullable(timestamp(at))
				pr.MergeCommitSHA = nullable(fakeSHA(env.api, "merge", number))
			}
		}
		return struct {
			Action      string          `json:"action"`
			Number      int             `json:"number"`
			PullRequest pullRequestJSON `json:"pull_request"`
		}{action, number, pr}
	}}}
}

// PullRequestReviewEvent returns a PullRequestReviewEvent: the actor reviewed pull
// request number of repo, opened by the repository's owner, with state "approved",
// "commented" or "changes_requested".
func PullRequestReviewEvent(repo string, number int, state string, at time.Time) Event {
	var err error
	switch {
	case state != "approved" && state != "commented" && state != "changes_requested":
		err = fmt.Errorf("PullRequestReviewEvent: state %q, want approved, commented or changes_requested", state)
	case number < 1:
		err = fmt.Errorf("PullRequestReviewEvent: number %d, want >= 1", number)
	}
	return Event{Type: "PullRequestReviewEvent", Repo: repo, CreatedAt: at, Payload: eventPayload{err: err, build: func(env payloadEnv) any {
		pr := pullRequest(env, number, fmt.Sprintf("Pull request %d", number), env.owner, at)
		id := int64(phantomID(fmt.Sprintf("review:%s#%d@%d", env.api, number, at.Unix())))
		review := struct {
			ID                int64     `json:"id"`
			NodeID            string    `json:"node_id"`
			User              ownerJSON `json:"user"`
			Body              *string   `json:"body"`
			CommitID          string    `json:"commit_id"`
			SubmittedAt       string    `json:"submitted_at"`
			State             string    `json:"state"`
			HTMLURL           string    `json:"html_url"`
			PullRequestURL    string    `json:"pull_request_url"`
			AuthorAssociation string    `json:"author_association"`
		}{
			ID:                id,
			NodeID:            nodeID("017:PullRequestReview", id),
			User:              env.actor,
			CommitID:          fakeSHA(env.api, "review", number),
			SubmittedAt:       timestamp(at),
			State:             state,
			HTMLURL:           fmt.Sprintf("%s#pullrequestreview-%d", pr.HTMLURL, id),
			PullRequestURL:    pr.URL,
			AuthorAssociation: association(env.actor, env.owner),
		}
		return struct {
			Action      string          `json:"action"`
			Review      any             `json:"review"`
			PullRequest pullRequestJSON `json:"pull_request"`
		}{"created", review, pr}
	}}}
}

// IssuesEvent returns an IssuesEvent of the actor on issue number of repo, which the
// actor opened: action is "opened", "closed" or "reopened".
func IssuesEvent(repo string, number int, action, title string, at time.Time) Event {
	var err error
	switch {
	case action != "opened" && action != "closed" && action != "reopened":
		err = fmt.Errorf("IssuesEvent: action %q, want opened, closed or reopened", action)
	case number < 1:
		err = fmt.Errorf("IssuesEvent: number %d, want >= 1", number)
	}
	return Event{Type: "IssuesEvent", Repo: repo, CreatedAt: at, Payload: eventPayload{err: err, build: func(env payloadEnv) any {
		is := issue(env, number, title, env.actor, at)
		if action == "closed" {
			is.State, is.ClosedAt = "closed", nullable(timestamp(at))
		}
		return struct {
			Action string    `json:"action"`
			Issue  issueJSON `json:"issue"`
		}{action, is}
	}}}
}

// IssueCommentEvent returns an IssueCommentEvent: the actor commented on issue number
// of repo, opened by the repository's owner.
func IssueCommentEvent(repo string, number int, at time.Time) Event {
	var err error
	if number < 1 {
		err = fmt.Errorf("IssueCommentEvent: number %d, want >= 1", number)
	}
	return Event{Type: "IssueCommentEvent", Repo: repo, CreatedAt: at, Payload: eventPayload{err: err, build: func(env payloadEnv) any {
		is := issue(env, number, fmt.Sprintf("Issue %d", number), env.owner, at)
		is.Comments = 1
		id := int64(phantomID(fmt.Sprintf("comment:%s#%d@%d", env.api, number, at.Unix())))
		comment := struct {
			URL               string    `json:"url"`
			HTMLURL           string    `json:"html_url"`
			IssueURL          string    `json:"issue_url"`
			ID                int64     `json:"id"`
			NodeID            string    `json:"node_id"`
			User              ownerJSON `json:"user"`
			CreatedAt         string    `json:"created_at"`
			UpdatedAt         string    `json:"updated_at"`
			AuthorAssociation string    `json:"author_association"`
			Body              string    `json:"body"`
		}{
			URL:               fmt.Sprintf("%s/issues/comments/%d", env.api, id),
			HTMLURL:           fmt.Sprintf("%s#issuecomment-%d", is.HTMLURL, id),
			IssueURL:          is.URL,
			ID:                id,
			NodeID:            nodeID("012:IssueComment", id),
			User:              env.actor,
			CreatedAt:         timestamp(at),
			UpdatedAt:         timestamp(at),
			AuthorAssociation: association(env.actor, env.owner),
			Body:              "",
		}
		return struct {
			Action  string    `json:"action"`
			Issue   issueJSON `json:"issue"`
			Comment any       `json:"comment"`
		}{"created", is, comment}
	}}}
}

// maxPushEventCommits is how many commits GitHub lists in a PushEvent payload; "size"
// keeps the real count.
const maxPushEventCommits = 20

// PushEvent returns a PushEvent: the actor pushed commits commits to the default branch
// of repo. The commits, authored by the actor's ID+LOGIN noreply email, have made-up
// SHAs that are in no git repository; the payload lists the last 20 of them.
func PushEvent(repo string, commits int, at time.Time) Event {
	var err error
	if commits < 0 {
		err = fmt.Errorf("PushEvent: %d commits, want >= 0", commits)
	}
	return Event{Type: "PushEvent", Repo: repo, CreatedAt: at, Payload: eventPayload{err: err, build: func(env payloadEnv) any {
		type author struct {
			Email string `json:"email"`
			Name  string `json:"name"`
		}
		type commit struct {
			SHA      string `json:"sha"`
			Author   author `json:"author"`
			Message  string `json:"message"`
			Distinct bool   `json:"distinct"`
			URL      string `json:"url"`
		}
		stamp := strconv.FormatInt(at.Unix(), 10)
		listed := make([]commit, 0, min(commits, maxPushEventCommits))
		for i := max(0, commits-maxPushEventCommits); i < commits; i++ {
			sha := fakeSHA(env.api, "push@"+stamp, i+1)
			listed = append(listed, commit{
				SHA:      sha,
				Author:   author{Email: fmt.Sprintf("%d+%s@%s", env.actor.ID, env.actor.Login, noreplyDomain), Name: env.actor.Login},
				Message:  fmt.Sprintf("commit %d", i+1),
				Distinct: true,
				URL:      env.api + "/commits/" + sha,
			})
		}
		head := fakeSHA(env.api, "push@"+stamp, commits)
		return struct {
			RepositoryID int64    `json:"repository_id"`
			PushID       int64    `json:"push_id"`
			Size         int      `json:"size"`
			DistinctSize int      `json:"distinct_size"`
			Ref          string   `json:"ref"`
			Head         string   `json:"head"`
			Before       string   `json:"before"`
			Commits      []commit `json:"commits"`
		}{
			RepositoryID: env.repoID,
			PushID:       int64(phantomID(env.api + "@" + stamp)),
			Size:         commits,
			DistinctSize: commits,
			Ref:          "refs/heads/" + env.defaultBranch,
			Head:         head,
			Before:       fakeSHA(env.api, "push@"+stamp, 0),
			Commits:      listed,
		}
	}}}
}

// fakeSHA makes up a stable 40-digit SHA from its arguments.
func fakeSHA(parts ...any) string {
	sum := sha1.Sum(fmt.Appendf(nil, "%q", parts))
	return hex.EncodeToString(sum[:])
}

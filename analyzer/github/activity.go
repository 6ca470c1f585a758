package github

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	gogithub "github.com/google/go-github/v60/github"

	"github.com/pyscout/pyscout/analyzer/option"
)

// Signature is a name and email seen on commits.
type Signature struct {
	Name  string
	Email string
}

// AttributedSignatures returns the author names and emails of the commits
// in owner/name that GitHub attributes to login: one request, the most
// recent 100 commits. It is how identities that are not on the profile
// are learned.
func (c *Client) AttributedSignatures(ctx context.Context, owner, name, login string) ([]Signature, error) {
	commits, resp, err := c.gh.Repositories.ListCommits(ctx, owner, name, &gogithub.CommitsListOptions{
		Author:      login,
		ListOptions: gogithub.ListOptions{PerPage: 100},
	})
	if err != nil {
		if resp != nil && resp.StatusCode == 409 {
			return nil, nil // an empty repository
		}
		return nil, c.wrap(err, fmt.Sprintf("commits of %s/%s", owner, name))
	}
	seen := map[Signature]bool{}
	var out []Signature
	for _, rc := range commits {
		if !strings.EqualFold(rc.GetAuthor().GetLogin(), login) {
			continue
		}
		sig := Signature{Name: rc.GetCommit().GetAuthor().GetName(), Email: rc.GetCommit().GetAuthor().GetEmail()}
		if !seen[sig] {
			seen[sig] = true
			out = append(out, sig)
		}
	}
	return out, nil
}

// Upstream names a fork's parent repository.
type Upstream struct {
	FullName      string
	Owner, Name   string
	DefaultBranch string
	HTMLURL       string
}

// Parent returns the repository a fork was forked from, or nil.
func (c *Client) Parent(ctx context.Context, owner, name string) (*Upstream, error) {
	r, _, err := c.gh.Repositories.Get(ctx, owner, name)
	if err != nil {
		return nil, c.wrap(err, fmt.Sprintf("repository %s/%s", owner, name))
	}
	p := r.GetParent()
	if p == nil {
		return nil, nil
	}
	return &Upstream{
		FullName: p.GetFullName(), Owner: p.GetOwner().GetLogin(), Name: p.GetName(),
		DefaultBranch: p.GetDefaultBranch(), HTMLURL: p.GetHTMLURL(),
	}, nil
}

// Comparison is how a fork's branch stands against its upstream.
type Comparison struct {
	Status   string
	AheadBy  int
	BehindBy int
	// Ahead lists the commits the fork has beyond the upstream (at most
	// 250, GitHub's limit), oldest first.
	Ahead   []string
	HTMLURL string
}

// CompareFork compares forkOwner:branch with the upstream's base branch.
func (c *Client) CompareFork(ctx context.Context, up *Upstream, forkOwner, branch string) (*Comparison, error) {
	cmp, _, err := c.gh.Repositories.CompareCommits(ctx, up.Owner, up.Name, up.DefaultBranch, forkOwner+":"+branch, &gogithub.ListOptions{PerPage: 100})
	if err != nil {
		return nil, c.wrap(err, fmt.Sprintf("compare %s with %s:%s", up.FullName, forkOwner, branch))
	}
	out := &Comparison{Status: cmp.GetStatus(), AheadBy: cmp.GetAheadBy(), BehindBy: cmp.GetBehindBy(), HTMLURL: cmp.GetHTMLURL()}
	for _, rc := range cmp.Commits {
		out.Ahead = append(out.Ahead, rc.GetSHA())
	}
	return out, nil
}

// Event is one public event of the candidate's, reduced to what a report shows.
type Event struct {
	Type      string
	Repo      string
	CreatedAt time.Time
	// Action is the payload's action (opened, closed, created, ...).
	Action string
	// Number, Title and URL identify the pull request or issue.
	Number int
	Title  string
	URL    string
	// Merged is set for a closed pull request that was merged.
	Merged bool
	// ReviewState is approved, commented or changes_requested.
	ReviewState string
}

// maxEventPages is GitHub's own cap: 300 events, 100 a page.
const maxEventPages = 3

// PublicEvents returns the account's public events (GitHub keeps 90 days
// and at most 300), newest first.
func (c *Client) PublicEvents(ctx context.Context, login string) ([]Event, error) {
	opts := &gogithub.ListOptions{PerPage: 100}
	var out []Event
	for page := 0; page < maxEventPages; page++ {
		events, resp, err := c.gh.Activity.ListEventsPerformedByUser(ctx, login, true, opts)
		if err != nil {
			return out, c.wrap(err, fmt.Sprintf("public events of %q", login))
		}
		for _, e := range events {
			out = append(out, reduceEvent(e))
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	return out, nil
}

func reduceEvent(e *gogithub.Event) Event {
	ev := Event{Type: e.GetType(), Repo: e.GetRepo().GetName(), CreatedAt: e.GetCreatedAt().Time}
	payload, err := e.ParsePayload()
	if err != nil {
		return ev
	}
	switch p := payload.(type) {
	case *gogithub.PullRequestEvent:
		pr := p.GetPullRequest()
		ev.Action, ev.Number, ev.Title, ev.URL, ev.Merged = p.GetAction(), pr.GetNumber(), pr.GetTitle(), pr.GetHTMLURL(), pr.GetMerged()
		if ev.Number == 0 {
			ev.Number = p.GetNumber()
		}
	case *gogithub.PullRequestReviewEvent:
		pr := p.GetPullRequest()
		ev.Action, ev.Number, ev.Title, ev.URL = p.GetAction(), pr.GetNumber(), pr.GetTitle(), pr.GetHTMLURL()
		ev.ReviewState = strings.ToLower(p.GetReview().GetState())
	case *gogithub.IssuesEvent:
		is := p.GetIssue()
		ev.Action, ev.Number, ev.Title, ev.URL = p.GetAction(), is.GetNumber(), is.GetTitle(), is.GetHTMLURL()
	case *gogithub.IssueCommentEvent:
		is := p.GetIssue()
		ev.Action, ev.Number, ev.Title, ev.URL = p.GetAction(), is.GetNumber(), is.GetTitle(), p.GetComment().GetHTMLURL()
	}
	return ev
}

// ErrStatsUnavailable reports statistics GitHub was still computing after
// the bounded retries: unknown, which is not zero.
var ErrStatsUnavailable = errors.New("GitHub is still computing the statistics")

// StatsRetry bounds the waits for GitHub's 202 "statistics are being
// computed" answers.
type StatsRetry struct {
	// Attempts is how many times the statistics are asked for; 3 when zero.
	Attempts int
	// Delay is the first wait, doubled after each 202; 2 s when zero.
	Delay time.Duration
}

// Validate fills the zero fields of r with their defaults and checks the
// others (at most 100 attempts, a delay of at most an hour); an
// *option.Error (matching ErrInvalidOption) names a field out of range.
func (r *StatsRetry) Validate() error {
	return errors.Join(
		option.Range("Attempts", &r.Attempts, 3, 1, maxAttempts),
		option.Range("Delay", &r.Delay, 2*time.Second, 1, maxRequestWait),
	)
}

// ContributorShare is the candidate's part of a repository's whole
// history, from GitHub's contributor statistics.
type ContributorShare struct {
	Commits      int `json:"commits"`
	TheirCommits int `json:"their_commits"`
	Additions    int `json:"additions"`
	TheirAdds    int `json:"their_additions"`
}

// Contributors returns login's share of owner/name's commits over its whole
// history (GitHub computes it for repositories under 10,000 commits).
func (c *Client) Contributors(ctx context.Context, owner, name, login string, retry StatsRetry) (*ContributorShare, error) {
	if err := retry.Validate(); err != nil {
		return nil, fmt.Errorf("contributor statistics: %w", err)
	}
	for attempt := 0; ; attempt++ {
		stats, _, err := c.gh.Repositories.ListContributorsStats(ctx, owner, name)
		var accepted *gogithub.AcceptedError
		if errors.As(err, &accepted) {
			if attempt+1 >= retry.Attempts {
				return nil, ErrStatsUnavailable
			}
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(retry.Delay << attempt):
			}
			continue
		}
		if err != nil {
			return nil, c.wrap(err, fmt.Sprintf("contributor statistics of %s/%s", owner, name))
		}
		share := &ContributorShare{}
		for _, st := range stats {
			adds := 0
			for _, w := range st.Weeks {
				adds += w.GetAdditions()
			}
			share.Commits += st.GetTotal()
			share.Additions += adds
			if strings.EqualFold(st.GetAuthor().GetLogin(), login) {
				share.TheirCommits += st.GetTotal()
				share.TheirAdds += adds
			}
		}
		return share, nil
	}
}

// Package github is the fetch stage of the pipeline: it talks to the GitHub
// REST API (or a GitHub Enterprise / GitHub-compatible server) through
// go-github and returns plain data. It never prints.
package github

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	gogithub "github.com/google/go-github/v60/github"
	"golang.org/x/oauth2"
)

// DefaultAPIURL is the public GitHub REST API.
const DefaultAPIURL = "https://api.github.com/"

// UnauthenticatedLimit is GitHub's hourly request budget without a token.
const UnauthenticatedLimit = 60

// ErrNotFound reports that GitHub has no such user, organisation or repo.
var ErrNotFound = errors.New("not found on GitHub")

// ErrInvalidLogin reports a username that GitHub would never accept.
var ErrInvalidLogin = errors.New("invalid GitHub username")

// RateLimitError reports that the API budget is spent until Reset.
type RateLimitError struct {
	Limit         int
	Reset         time.Time
	Authenticated bool
}

func (e *RateLimitError) Error() string {
	msg := "GitHub API rate limit exhausted"
	if e.Limit > 0 {
		msg += fmt.Sprintf(" (%d requests an hour)", e.Limit)
	}
	if !e.Reset.IsZero() {
		wait := time.Until(e.Reset).Round(time.Minute)
		if wait < time.Minute {
			wait = time.Minute
		}
		msg += fmt.Sprintf("; it resets at %s (in about %s)", e.Reset.UTC().Format("15:04 MST"), wait)
	}
	if !e.Authenticated {
		msg += "; set GH_TOKEN or GITHUB_TOKEN (or log in with `gh auth login`) for 5,000 requests an hour"
	}
	return msg
}

// Options configures a Client.
type Options struct {
	// APIURL is the REST API root; DefaultAPIURL when empty. For GitHub
	// Enterprise it is https://HOST/api/v3/.
	APIURL string
	// Token authenticates requests; empty means unauthenticated.
	Token string
	// Transport is the underlying round tripper; http.DefaultTransport when nil.
	// An on-disk cache or a shared rate budget slots in here.
	Transport http.RoundTripper
	// Retry bounds retries of 5xx answers and network errors.
	Retry RetryPolicy
	// UserAgent is sent with every request.
	UserAgent string
}

// Client is a small, request-frugal view of the GitHub API.
type Client struct {
	gh            *gogithub.Client
	authenticated bool
	requests      atomic.Int64
	lastRate      atomic.Pointer[gogithub.Rate]
}

// NewClient builds a client from opts.
func NewClient(opts Options) (*Client, error) {
	apiURL := opts.APIURL
	if apiURL == "" {
		apiURL = DefaultAPIURL
	}
	base, err := url.Parse(apiURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("invalid API URL %q: want http(s)://host/path/", apiURL)
	}
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	c := &Client{authenticated: opts.Token != ""}
	var rt = opts.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	rt = &countingTransport{next: rt, n: &c.requests}
	rt = &retryTransport{next: rt, policy: opts.Retry.withDefaults()}
	if opts.Token != "" {
		rt = &oauth2.Transport{Source: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: opts.Token}), Base: rt}
	}
	gh := gogithub.NewClient(&http.Client{Transport: rt})
	gh.BaseURL = base
	if opts.UserAgent != "" {
		gh.UserAgent = opts.UserAgent
	}
	c.gh = gh
	return c, nil
}

// Authenticated reports whether requests carry a token.
func (c *Client) Authenticated() bool { return c.authenticated }

// Requests returns how many HTTP requests the client has sent, retries included.
func (c *Client) Requests() int { return int(c.requests.Load()) }

// Rate returns the last rate-limit state GitHub reported, if any.
func (c *Client) Rate() (limit, remaining int, reset time.Time, ok bool) {
	r := c.lastRate.Load()
	if r == nil {
		return 0, 0, time.Time{}, false
	}
	return r.Limit, r.Remaining, r.Reset.Time, true
}

// Account is a GitHub user or organisation.
type Account struct {
	Login       string    `json:"login"`
	ID          int64     `json:"id"`
	Email       string    `json:"email,omitempty"`
	Type        string    `json:"type"`
	Name        string    `json:"name,omitempty"`
	HTMLURL     string    `json:"html_url,omitempty"`
	PublicRepos int       `json:"public_repos"`
	CreatedAt   time.Time `json:"created_at,omitzero"`
}

// IsOrganization reports whether the account is an organisation.
func (a *Account) IsOrganization() bool { return a.Type == "Organization" }

// Repo is what the pipeline needs to know about one repository.
type Repo struct {
	Owner         string
	Name          string
	FullName      string
	Description   string
	HTMLURL       string
	CloneURL      string
	DefaultBranch string
	Language      string
	Fork          bool
	Archived      bool
	SizeKB        int
	PushedAt      time.Time
	CreatedAt     time.Time
}

var loginPattern = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9]|-[A-Za-z0-9])*$`)

// ValidateLogin checks a username against GitHub's rules (letters, digits,
// single inner hyphens, at most 39 characters) so that a typo costs no request.
func ValidateLogin(login string) error {
	if len(login) == 0 || len(login) > 39 || !loginPattern.MatchString(login) {
		return fmt.Errorf("%w %q: GitHub usernames have 1-39 letters, digits or single inner hyphens", ErrInvalidLogin, login)
	}
	return nil
}

// Account fetches a user or organisation.
func (c *Client) Account(ctx context.Context, login string) (*Account, error) {
	if err := ValidateLogin(login); err != nil {
		return nil, err
	}
	u, resp, err := c.gh.Users.Get(ctx, login)
	c.noteRate(resp)
	if err != nil {
		return nil, c.wrap(err, fmt.Sprintf("GitHub user %q", login))
	}
	return &Account{
		Login:       u.GetLogin(),
		ID:          u.GetID(),
		Email:       u.GetEmail(),
		Type:        u.GetType(),
		Name:        u.GetName(),
		HTMLURL:     u.GetHTMLURL(),
		PublicRepos: u.GetPublicRepos(),
		CreatedAt:   u.GetCreatedAt().Time,
	}, nil
}

// ListRepos returns every public repository the account owns, following
// all pages, most recently pushed first.
func (c *Client) ListRepos(ctx context.Context, login string) ([]Repo, error) {
	opts := &gogithub.RepositoryListByUserOptions{
		Type:        "owner",
		Sort:        "pushed",
		Direction:   "desc",
		ListOptions: gogithub.ListOptions{PerPage: 100},
	}
	var out []Repo
	for page := 0; ; page++ {
		if page >= maxPages {
			return out, fmt.Errorf("list repos of %q: more than %d pages", login, maxPages)
		}
		repos, resp, err := c.gh.Repositories.ListByUser(ctx, login, opts)
		c.noteRate(resp)
		if err != nil {
			return nil, c.wrap(err, fmt.Sprintf("repositories of %q", login))
		}
		for _, r := range repos {
			if r.GetPrivate() {
				continue
			}
			out = append(out, Repo{
				Owner:         r.GetOwner().GetLogin(),
				Name:          r.GetName(),
				FullName:      r.GetFullName(),
				Description:   r.GetDescription(),
				HTMLURL:       r.GetHTMLURL(),
				CloneURL:      r.GetCloneURL(),
				DefaultBranch: r.GetDefaultBranch(),
				Language:      r.GetLanguage(),
				Fork:          r.GetFork(),
				Archived:      r.GetArchived(),
				SizeKB:        r.GetSize(),
				PushedAt:      r.GetPushedAt().Time,
				CreatedAt:     r.GetCreatedAt().Time,
			})
		}
		if resp.NextPage == 0 {
			return out, nil
		}
		opts.Page = resp.NextPage
	}
}

// maxPages bounds pagination: 100 pages of 100 is far beyond any portfolio.
const maxPages = 100

// Languages returns the bytes of code per language GitHub counts in a repo.
func (c *Client) Languages(ctx context.Context, owner, name string) (map[string]int, error) {
	langs, resp, err := c.gh.Repositories.ListLanguages(ctx, owner, name)
	c.noteRate(resp)
	if err != nil {
		return nil, c.wrap(err, fmt.Sprintf("languages of %s/%s", owner, name))
	}
	return langs, nil
}

func (c *Client) noteRate(resp *gogithub.Response) {
	if resp == nil || resp.Rate.Limit == 0 {
		return
	}
	r := resp.Rate
	c.lastRate.Store(&r)
}

// wrap turns go-github's errors into the package's own: callers decide on
// ErrNotFound and *RateLimitError, and no message echoes a request header.
func (c *Client) wrap(err error, what string) error {
	var rle *gogithub.RateLimitError
	if errors.As(err, &rle) {
		return &RateLimitError{Limit: rle.Rate.Limit, Reset: rle.Rate.Reset.Time, Authenticated: c.authenticated}
	}
	var abuse *gogithub.AbuseRateLimitError
	if errors.As(err, &abuse) {
		return fmt.Errorf("%s: GitHub's secondary rate limit was hit; wait a few minutes and try again", what)
	}
	var er *gogithub.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		switch er.Response.StatusCode {
		case http.StatusNotFound:
			return fmt.Errorf("%s: %w", what, ErrNotFound)
		case http.StatusUnauthorized:
			return fmt.Errorf("%s: GitHub rejected the token (401 Bad credentials); check GH_TOKEN / GITHUB_TOKEN", what)
		}
		msg := er.Message
		if msg == "" {
			msg = http.StatusText(er.Response.StatusCode)
		}
		return fmt.Errorf("%s: GitHub answered %d: %s", what, er.Response.StatusCode, msg)
	}
	return fmt.Errorf("%s: %w", what, err)
}

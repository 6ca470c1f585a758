// Package github is the fetch stage of the pipeline: it talks to the GitHub
// REST API (or a GitHub Enterprise / GitHub-compatible server) through
// go-github and returns plain data. It never prints.
package github

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	gogithub "github.com/google/go-github/v60/github"
	"golang.org/x/oauth2"

	"github.com/pyscout/pyscout/analyzer/option"
)

// DefaultAPIURL is the public GitHub REST API.
const DefaultAPIURL = "https://api.github.com/"

// UnauthenticatedLimit is GitHub's hourly request budget without a token.
const UnauthenticatedLimit = 60

// ErrNotFound reports that GitHub has no such user, organisation or repo.
var ErrNotFound = errors.New("not found on GitHub")

// ErrInvalidLogin reports a username that GitHub would never accept.
var ErrInvalidLogin = errors.New("invalid GitHub username")

// Options configures a Client.
type Options struct {
	// APIURL is the REST API root; DefaultAPIURL when empty. For GitHub
	// Enterprise it is https://HOST/api/v3/.
	APIURL string
	// Token authenticates requests; empty means unauthenticated. It is sent
	// only to APIURL's scheme, host and port, never across a redirect.
	Token string
	// Transport is the underlying round tripper; a clone of
	// http.DefaultTransport with Timeouts' connect and TLS bounds when nil.
	Transport http.RoundTripper
	// HTTPCache, when set, keeps answers on disk and revalidates them with
	// conditional requests, in a partition of this client's token; one
	// HTTPCache may serve many clients.
	HTTPCache *HTTPCache
	// Budget, when set, is the rate budget this client shares with others
	// that spend the same token (a batch's candidates): see Budget. Without
	// one the client keeps its own, which never waits.
	Budget *Budget
	// Retry bounds retries of 5xx answers, network errors, answers cut
	// short and secondary rate limits.
	Retry RetryPolicy
	// Timeouts bound each request; zero fields take the defaults.
	Timeouts Timeouts
	// MaxBodyBytes bounds one answer read into memory; DefaultMaxBodyBytes
	// when zero.
	MaxBodyBytes int64
	// UserAgent is sent with every request.
	UserAgent string
}

// ErrInvalidOption is matched by the errors of the Validate methods of
// Options, RetryPolicy, Timeouts and StatsRetry.
var ErrInvalidOption = option.ErrInvalid

// Validate fills the zero fields of o with their defaults (APIURL, Retry,
// Timeouts, MaxBodyBytes) and checks the others; an *option.Error
// (matching ErrInvalidOption) names a field out of range, e.g.
// "Timeouts.Total". NewClient calls it; the API URL's form is checked
// there.
func (o *Options) Validate() error {
	if o.APIURL == "" {
		o.APIURL = DefaultAPIURL
	}
	return errors.Join(
		option.In("Retry", o.Retry.Validate()),
		option.In("Timeouts", o.Timeouts.Validate()),
		option.Range("MaxBodyBytes", &o.MaxBodyBytes, DefaultMaxBodyBytes, 1, maxBodyBound),
	)
}

// Client is a small, request-frugal view of the GitHub API.
type Client struct {
	gh            *gogithub.Client
	authenticated bool
	warnings      []string
	requests      atomic.Int64
	notModified   atomic.Int64
	// budget learns the rate limit from every answer: Options.Budget, or
	// the client's own.
	budget *Budget
}

// NewClient builds a client from opts.
func NewClient(opts Options) (*Client, error) {
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("github: %w", err)
	}
	apiURL := opts.APIURL
	base, err := url.Parse(apiURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("invalid API URL %q: want http(s)://host/path/", apiURL)
	}
	if base.User != nil {
		return nil, fmt.Errorf("invalid API URL: it holds a user name or password; pass a token in GH_TOKEN or GITHUB_TOKEN instead")
	}
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	api := originOf(base)
	c := &Client{authenticated: opts.Token != ""}
	if w := plainHTTPWarning(api, c.authenticated); w != "" {
		c.warnings = append(c.warnings, w)
	}
	var rt = opts.Transport
	if rt == nil {
		rt = newBaseTransport(opts.Timeouts)
	}
	// From the outside in: front (reads answers whole), cache, token,
	// budget gate, retries, counting (sees every request sent), network.
	c.budget = opts.Budget
	var pauses *pauseBoard
	if c.budget != nil {
		c.budget.join(c.authenticated)
		pauses = &c.budget.pauses
	} else {
		c.budget = NewBudget(BudgetOptions{})
	}
	rt = &countingTransport{next: rt, n: &c.requests, notModified: &c.notModified, budget: c.budget}
	rt = newRetryTransport(rt, opts.Retry, opts.Timeouts, opts.MaxBodyBytes, api.hostPort(), pauses)
	if opts.Budget != nil {
		rt = &budgetTransport{next: rt, budget: opts.Budget}
	}
	if opts.Token != "" {
		rt = &authTransport{next: rt, token: &oauth2.Token{AccessToken: opts.Token, TokenType: "Bearer"}, origin: api}
	}
	if opts.HTTPCache != nil {
		rt = newCacheTransport(rt, opts.HTTPCache.partition(api.scheme+"://"+api.host+":"+api.port, opts.Token))
		rt = revalidateTransport{next: rt}
	}
	if opts.HTTPCache != nil || opts.Budget != nil {
		rt = &frontTransport{next: rt, hideRate: opts.Budget != nil, maxBody: opts.MaxBodyBytes}
	}
	gh := gogithub.NewClient(&http.Client{Transport: rt, CheckRedirect: checkRedirect(api)})
	gh.BaseURL = base
	if opts.UserAgent != "" {
		gh.UserAgent = opts.UserAgent
	}
	c.gh = gh
	return c, nil
}

// revalidateKey marks a request context whose cached answer must be
// revalidated with the server (a conditional request: a 304, which
// GitHub does not count, when nothing changed) even while it is fresh.
type revalidateKey struct{}

// revalidate returns ctx marked for revalidation.
func revalidate(ctx context.Context) context.Context {
	return context.WithValue(ctx, revalidateKey{}, true)
}

// revalidateTransport asks the HTTP cache, by the request's Cache-Control
// max-age=0 (RFC 9111: no stored answer is fresh enough), to revalidate
// the answers of marked requests.
type revalidateTransport struct{ next http.RoundTripper }

func (t revalidateTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Context().Value(revalidateKey{}) == nil {
		return t.next.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	r.Header.Set("Cache-Control", "max-age=0")
	return t.next.RoundTrip(r)
}

// newBaseTransport is net/http's default transport with the connect and TLS
// handshake bounds.
func newBaseTransport(t Timeouts) *http.Transport {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = (&net.Dialer{Timeout: t.Connect, KeepAlive: 30 * time.Second}).DialContext
	tr.TLSHandshakeTimeout = t.TLSHandshake
	return tr
}

// Warnings returns notices about the configuration for the user, such as an
// API reached over plain http://; the client itself never prints.
func (c *Client) Warnings() []string { return append([]string(nil), c.warnings...) }

// Authenticated reports whether requests carry a token.
func (c *Client) Authenticated() bool { return c.authenticated }

// Requests returns how many HTTP requests the client has sent, retries
// included; answers served from the HTTP cache without a request are not
// counted, revalidations answered 304 are (see NotModified).
func (c *Client) Requests() int { return int(c.requests.Load()) }

// NotModified returns how many of the requests sent were answered 304 Not
// Modified: revalidations of cached answers, which GitHub does not count
// against an authenticated client's rate limit.
func (c *Client) NotModified() int { return int(c.notModified.Load()) }

// Rate returns the rate-limit state GitHub last reported (of its budget, when
// shared), if any.
func (c *Client) Rate() (limit, remaining int, reset time.Time, ok bool) {
	return c.budget.state()
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
	u, _, err := c.gh.Users.Get(ctx, login)
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
		// Revalidated even while the cached answer is fresh: its
		// pushed_at decides whether a cached clone is used without a
		// fetch (analyzer), so it must be GitHub's of this run.
		repos, resp, err := c.gh.Repositories.ListByUser(revalidate(ctx), login, opts)
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
	langs, _, err := c.gh.Repositories.ListLanguages(ctx, owner, name)
	if err != nil {
		return nil, c.wrap(err, fmt.Sprintf("languages of %s/%s", owner, name))
	}
	return langs, nil
}

// wrap turns go-github's errors into the package's own: callers decide on
// ErrNotFound, *RateLimitError, *SecondaryLimitError, *NetworkError and
// *RedirectError, and no message echoes a request header or net/http's
// wording around a failed request.
func (c *Client) wrap(err error, what string) error {
	var budgetErr *RateLimitError
	if errors.As(err, &budgetErr) {
		return budgetErr // the budget's, before any request
	}
	var rle *gogithub.RateLimitError
	if errors.As(err, &rle) {
		return &RateLimitError{Limit: rle.Rate.Limit, Reset: rle.Rate.Reset.Time, Authenticated: c.authenticated}
	}
	var own error
	var sle *SecondaryLimitError
	var ne *NetworkError
	var re *RedirectError
	switch {
	case errors.As(err, &sle):
		own = sle
	case errors.As(err, &ne):
		own = ne
	case errors.As(err, &re):
		own = re
	}
	if own != nil {
		// Drop *url.Error's `Get "URL":` prefix: the message names what was asked.
		return fmt.Errorf("%s: %w", what, own)
	}
	var abuse *gogithub.AbuseRateLimitError
	if errors.As(err, &abuse) {
		// The transport turns secondary limits into *SecondaryLimitError; this
		// is the fallback for an answer it did not recognise.
		return fmt.Errorf("%s: GitHub's secondary rate limit was hit; wait a few minutes and try again", what)
	}
	var er *gogithub.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		switch er.Response.StatusCode {
		case http.StatusNotFound:
			return fmt.Errorf("%s: %w", what, ErrNotFound)
		case http.StatusUnauthorized:
			return fmt.Errorf("%s: GitHub rejected the token (401 Bad credentials); check GH_TOKEN / GITHUB_TOKEN", what)
		case http.StatusTooManyRequests:
			// The primary limit, answered as 429 rather than go-github's 403.
			if er.Response.Header.Get("X-RateLimit-Remaining") == "0" {
				limit, _ := strconv.Atoi(er.Response.Header.Get("X-RateLimit-Limit"))
				reset, _ := parseReset(er.Response.Header)
				return &RateLimitError{Limit: limit, Reset: reset, Authenticated: c.authenticated}
			}
		}
		msg := er.Message
		if msg == "" {
			msg = http.StatusText(er.Response.StatusCode)
		}
		return fmt.Errorf("%s: GitHub answered %d: %s", what, er.Response.StatusCode, msg)
	}
	return fmt.Errorf("%s: %w", what, err)
}

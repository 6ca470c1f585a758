package github

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/pyscout/pyscout/analyzer/github/githubtest"
)

const testToken = "ghp_confinedTOKEN0123456789"

// hangGuard bounds a test that would block forever on a client without
// timeouts; it asserts nothing about speed.
const hangGuard = 60 * time.Second

// newTestClient builds a client for s with fast retries; mod adjusts the options.
func newTestClient(t *testing.T, s *githubtest.Server, mod func(*Options)) *Client {
	t.Helper()
	opts := Options{APIURL: s.APIURL(), Token: testToken, Retry: RetryPolicy{Attempts: 3, BaseDelay: time.Millisecond}}
	if mod != nil {
		mod(&opts)
	}
	c, err := NewClient(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// guardCtx is a context that ends a hung test.
func guardCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	t.Cleanup(cancel)
	return ctx
}

// checkMessage fails when an error message leaks the token or net/http's
// wording.
func checkMessage(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	for _, bad := range []string{testToken, "Bearer", `Get "`, "->", "read tcp", "net/http:"} {
		if strings.Contains(msg, bad) {
			t.Errorf("error %q contains %q", msg, bad)
		}
	}
}

// recorder is a second server, the target of a redirect away from the API,
// that records every request and whether the token reached it in any form.
type recorder struct {
	srv      *httptest.Server
	mu       sync.Mutex
	requests int
	sawAuth  bool
	sawToken bool
	handler  http.HandlerFunc
}

func newRecorder(t *testing.T, h http.HandlerFunc) *recorder {
	r := &recorder{handler: h}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.mu.Lock()
		r.requests++
		if len(req.Header.Values("Authorization")) > 0 {
			r.sawAuth = true
		}
		var dump strings.Builder
		req.Header.Write(&dump)
		if strings.Contains(dump.String()+req.URL.String(), testToken) {
			r.sawToken = true
		}
		r.mu.Unlock()
		if r.handler != nil {
			r.handler(w, req)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"login":"mallory","id":1}`))
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *recorder) state() (requests int, sawAuth, sawToken bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.requests, r.sawAuth, r.sawToken
}

func TestRedirectToAnotherHostIsRefusedWithoutTheToken(t *testing.T) {
	for _, status := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			s := githubtest.New(t)
			s.AddUser(githubtest.User{Login: "alice"})
			s.RequireToken(testToken)
			other := newRecorder(t, nil)
			s.RedirectNext("/users/alice", status, other.srv.URL+"/api/v3/users/alice", 1)

			_, err := newTestClient(t, s, nil).Account(guardCtx(t), "alice")
			var re *RedirectError
			if !errors.As(err, &re) {
				t.Fatalf("err = %v, want a *RedirectError", err)
			}
			checkMessage(t, err)
			if !strings.Contains(err.Error(), strings.TrimPrefix(other.srv.URL, "http://")) || !strings.Contains(err.Error(), "--api-url") {
				t.Errorf("message %q names neither the target nor the way out", err)
			}
			if n, auth, tok := other.state(); auth || tok || n != 0 {
				t.Errorf("the other host got %d requests (Authorization %v, token %v)", n, auth, tok)
			}
		})
	}
}

// go-github follows some redirects itself, through the transport and past
// http.Client.CheckRedirect; the token must stay home there too.
func TestRedirectGoGithubFollowsItselfCarriesNoToken(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	s.RequireToken(testToken)
	other := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "https://codeload.example/alice/tool.tar.gz")
		w.WriteHeader(http.StatusFound)
	})
	s.RedirectNext("/repos/alice/tool/tarball", http.StatusMovedPermanently, other.srv.URL+"/repos/alice/tool/tarball", 1)
	c := newTestClient(t, s, nil)

	link, _, err := c.gh.Repositories.GetArchiveLink(guardCtx(t), "alice", "tool", "tarball", nil, 1)
	if err != nil {
		t.Fatalf("archive link: %v", err)
	}
	if link.Host != "codeload.example" {
		t.Errorf("link = %v", link)
	}
	n, auth, tok := other.state()
	if n != 1 {
		t.Fatalf("the other host got %d requests, want 1 (the redirect was not followed)", n)
	}
	if auth || tok {
		t.Errorf("the other host saw Authorization %v, token %v", auth, tok)
	}
	if reqs := s.Requests(); len(reqs) != 1 || !strings.Contains(reqs[0].Authorization, testToken) {
		t.Errorf("the API's own request lost its token: %+v", reqs)
	}
}

// A renamed repository answers 301 to its new name on the same host: followed, with
// the token kept.
func TestRedirectWithinTheAPIKeepsTheToken(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	s.AddUser(githubtest.User{Login: "bob"})
	s.AddRepo("bob", githubtest.Repo{Name: "orig"})
	s.AddRepo("alice", githubtest.Repo{Name: "tool", Fork: true, Parent: "bob/orig"})
	s.RequireToken(testToken)
	s.RedirectNext("/repos/alice/old-name", http.StatusMovedPermanently, s.APIURL()+"repos/alice/tool", 1)

	up, err := newTestClient(t, s, nil).Parent(guardCtx(t), "alice", "old-name")
	if err != nil {
		t.Fatal(err)
	}
	if up == nil || up.FullName != "bob/orig" {
		t.Errorf("parent = %+v", up)
	}
	reqs := s.Requests()
	if len(reqs) != 2 || reqs[1].Path != "/repos/alice/tool" {
		t.Fatalf("requests = %+v", reqs)
	}
	for _, r := range reqs {
		if r.Authorization != "Bearer "+testToken {
			t.Errorf("%s: Authorization %q", r.Path, r.Authorization)
		}
	}
}

func TestOriginComparison(t *testing.T) {
	api, _ := url.Parse("https://api.github.com/")
	tests := []struct {
		url  string
		same bool
	}{
		{"https://api.github.com/users/x", true},
		{"https://API.GitHub.com:443/users/x", true},
		{"https://api.github.com./users/x", true},
		{"http://api.github.com/users/x", false},     // scheme downgrade
		{"http://api.github.com:443/users/x", false}, // same port, plain text
		{"https://api.github.com:8443/users/x", false},
		{"https://api.github.com.evil.example/users/x", false},
		{"https://evil.example/api.github.com/", false},
		{"https://github.com/", false},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := originOf(u) == originOf(api); got != tt.same {
			t.Errorf("%s: same origin = %v, want %v", tt.url, got, tt.same)
		}
	}
}

func TestAuthTransportAddsTheTokenOnlyAtHome(t *testing.T) {
	var seen []string
	next := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen = append(seen, r.URL.String()+" "+r.Header.Get("Authorization"))
		return &http.Response{StatusCode: 200, Body: http.NoBody, Request: r}, nil
	})
	api, _ := url.Parse("https://ghe.example:8443/api/v3/")
	rt := &authTransport{next: next, token: &oauth2.Token{AccessToken: testToken, TokenType: "Bearer"}, origin: originOf(api)}
	for _, u := range []string{"https://ghe.example:8443/api/v3/users/a", "http://ghe.example:8443/api/v3/users/a", "https://other.example/x", "https://user@ghe.example:8443/api/v3/"} {
		req, _ := http.NewRequest(http.MethodGet, u, nil)
		if strings.HasPrefix(u, "https://other") {
			req.Header.Set("Authorization", "Bearer "+testToken) // left by a careless caller
		}
		if _, err := rt.RoundTrip(req); err != nil {
			t.Fatal(err)
		}
	}
	want := []string{
		"https://ghe.example:8443/api/v3/users/a Bearer " + testToken,
		"http://ghe.example:8443/api/v3/users/a ",
		"https://other.example/x ",
		"https://user@ghe.example:8443/api/v3/ ",
	}
	if strings.Join(seen, "\n") != strings.Join(want, "\n") {
		t.Errorf("sent:\n%s\nwant:\n%s", strings.Join(seen, "\n"), strings.Join(want, "\n"))
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestPlainHTTPWarning(t *testing.T) {
	tests := []struct {
		url  string
		warn bool
	}{
		{"https://api.github.com/", false},
		{"https://10.1.2.3/api/v3/", false},
		{"http://127.0.0.1:8080/api/v3/", false},
		{"http://127.200.3.4/api/v3/", false},
		{"http://localhost:3000/", false},
		{"http://LOCALHOST/", false},
		{"http://[::1]:9000/", false},
		{"http://ghe.example/api/v3/", true},
		{"http://10.1.2.3/api/v3/", true},
		{"http://0.0.0.0:8080/", true},
		{"http://localhost.evil.example/", true},
		{"http://[::2]/", true},
	}
	for _, tt := range tests {
		for _, token := range []string{"", testToken} {
			c, err := NewClient(Options{APIURL: tt.url, Token: token})
			if err != nil {
				t.Fatal(err)
			}
			w := c.Warnings()
			if (len(w) > 0) != tt.warn {
				t.Errorf("%s (token %v): warnings %q, want a warning: %v", tt.url, token != "", w, tt.warn)
				continue
			}
			if tt.warn && (!strings.Contains(w[0], "http://") || strings.Contains(w[0], "token") != (token != "")) {
				t.Errorf("%s: warning %q", tt.url, w[0])
			}
		}
	}
	if _, err := NewClient(Options{APIURL: "https://user:pw@ghe.example/api/v3/"}); err == nil || strings.Contains(err.Error(), "pw") {
		t.Errorf("credentials in the URL: err = %v", err)
	}
}

func TestTimeouts(t *testing.T) {
	short := func(o *Options) {
		o.Timeouts = Timeouts{ResponseHeader: 300 * time.Millisecond, BodyIdle: 300 * time.Millisecond}
		o.Retry.Attempts = 2
	}
	tests := []struct {
		name  string
		stall githubtest.Stall
		want  string
	}{
		{"no headers", githubtest.StallBeforeHeaders, "no answer within 300ms (after 2 tries)"},
		{"body stalls", githubtest.StallMidBody, "the answer stalled: no data for 300ms (after 2 tries)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := githubtest.New(t)
			s.AddUser(githubtest.User{Login: "alice"})
			s.StallNext("/users/alice", tt.stall, 5)
			ctx := guardCtx(t)
			_, err := newTestClient(t, s, short).Account(ctx, "alice")
			if ctx.Err() != nil {
				t.Fatal("the hang guard fired: no timeout applied")
			}
			var ne *NetworkError
			if !errors.As(err, &ne) || !ne.Timeout {
				t.Fatalf("err = %v, want a timeout *NetworkError", err)
			}
			if !strings.HasPrefix(err.Error(), `GitHub user "alice": `) || !strings.HasSuffix(err.Error(), tt.want) {
				t.Errorf("message %q, want it to end with %q", err, tt.want)
			}
			checkMessage(t, err)
			if n := s.RequestCount("/users/alice"); n != 2 {
				t.Errorf("%d requests, want 2 (retried once)", n)
			}
		})
	}
	t.Run("total budget", func(t *testing.T) {
		s := githubtest.New(t)
		s.AddUser(githubtest.User{Login: "alice"})
		s.StallNext("/users/alice", githubtest.StallBeforeHeaders, 100)
		_, err := newTestClient(t, s, func(o *Options) {
			o.Timeouts = Timeouts{ResponseHeader: 200 * time.Millisecond, Total: 500 * time.Millisecond}
			o.Retry.Attempts = 100
		}).Account(guardCtx(t), "alice")
		var ne *NetworkError
		if !errors.As(err, &ne) || !ne.Timeout || !strings.Contains(err.Error(), "gave up after 500ms in all") {
			t.Fatalf("err = %v", err)
		}
		if n := s.RequestCount("/users/alice"); n >= 100 {
			t.Errorf("%d requests: the total budget did not stop the retries", n)
		}
	})
}

func TestCancellationReturnsPromptly(t *testing.T) {
	for _, stall := range []githubtest.Stall{githubtest.StallBeforeHeaders, githubtest.StallMidBody} {
		s := githubtest.New(t)
		s.AddUser(githubtest.User{Login: "alice"})
		s.StallNext("/users/alice", stall, 1)
		// Default timeouts (30 s and more): only the cancellation can end this early.
		c := newTestClient(t, s, nil)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := c.Account(ctx, "alice")
			done <- err
		}()
		for s.RequestCount("/users/alice") == 0 {
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("stall %d: err = %v, want context.Canceled", stall, err)
			}
		case <-time.After(hangGuard):
			t.Fatalf("stall %d: cancellation did not end the request", stall)
		}
	}
}

func TestTruncatedAnswersAreRetried(t *testing.T) {
	for _, how := range []githubtest.Truncation{githubtest.TruncateShort, githubtest.TruncateReset, githubtest.TruncateUnframed} {
		s := githubtest.New(t)
		s.AddUser(githubtest.User{Login: "alice", Name: "Alice Liddell"})
		s.TruncateNext("/users/alice", how, 1)
		acct, err := newTestClient(t, s, nil).Account(guardCtx(t), "alice")
		if err != nil {
			t.Errorf("truncation %d: %v", how, err)
			continue
		}
		if acct.Name != "Alice Liddell" {
			t.Errorf("truncation %d: account %+v", how, acct)
		}
		if n := s.RequestCount("/users/alice"); n != 2 {
			t.Errorf("truncation %d: %d requests, want 2", how, n)
		}
	}

	// Cut short every time: a clear error after the retries.
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	s.TruncateNext("/users/alice", githubtest.TruncateShort, 3)
	_, err := newTestClient(t, s, nil).Account(guardCtx(t), "alice")
	if err == nil || !strings.Contains(err.Error(), "the answer was cut short (after 3 tries)") {
		t.Errorf("err = %v", err)
	} else {
		checkMessage(t, err)
	}
}

func TestAnswerOverTheBodyBound(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	c := newTestClient(t, s, func(o *Options) { o.MaxBodyBytes = 100 })
	_, err := c.Account(guardCtx(t), "alice")
	if err == nil || !strings.Contains(err.Error(), "answer larger than 100 bytes") {
		t.Fatalf("err = %v", err)
	}
	if n := s.RequestCount("/users/alice"); n != 1 {
		t.Errorf("%d requests: an answer over the bound is not transient", n)
	}
	// Near-miss: the same answer under a bound it fits.
	if _, err := newTestClient(t, s, func(o *Options) { o.MaxBodyBytes = 1 << 20 }).Account(guardCtx(t), "alice"); err != nil {
		t.Errorf("under the bound: %v", err)
	}
}

func TestSecondaryLimitIsWaitedOut(t *testing.T) {
	tests := []struct {
		name  string
		limit func() githubtest.SecondaryLimit
	}{
		{"403 Retry-After", func() githubtest.SecondaryLimit { return githubtest.SecondaryLimit{RetryAfter: "1"} }},
		{"429 Retry-After", func() githubtest.SecondaryLimit {
			return githubtest.SecondaryLimit{Status: 429, RetryAfter: "1"}
		}},
		{"429 Retry-After as a date", func() githubtest.SecondaryLimit {
			return githubtest.SecondaryLimit{Status: 429, RetryAfter: time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)}
		}},
		{"403 remaining 0 and reset", func() githubtest.SecondaryLimit {
			return githubtest.SecondaryLimit{Reset: time.Now().Add(time.Second)}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := githubtest.New(t)
			s.AddUser(githubtest.User{Login: "alice"})
			s.SecondaryLimitNext("/users/alice", tt.limit(), 1)
			if _, err := newTestClient(t, s, nil).Account(guardCtx(t), "alice"); err != nil {
				t.Fatal(err)
			}
			if n := s.RequestCount("/users/alice"); n != 2 {
				t.Errorf("%d requests, want 2", n)
			}
		})
	}
}

func TestSecondaryLimitBeyondTheBound(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	s.SecondaryLimitNext("/users/alice", githubtest.SecondaryLimit{Status: 429, RetryAfter: "600"}, 1)
	c := newTestClient(t, s, nil) // waits at most 60 s
	before := time.Now()
	_, err := c.Account(guardCtx(t), "alice")
	var sle *SecondaryLimitError
	if !errors.As(err, &sle) {
		t.Fatalf("err = %v, want *SecondaryLimitError", err)
	}
	if !sle.Stated || sle.Status != 429 || sle.RetryAfter != 10*time.Minute || sle.RetryAt.Before(before.Add(10*time.Minute)) {
		t.Errorf("error = %+v", sle)
	}
	if want := "retry after " + sle.RetryAt.UTC().Format("15:04:05 MST"); !strings.Contains(err.Error(), want) {
		t.Errorf("message %q lacks %q", err, want)
	}
	checkMessage(t, err)
	// While the limit holds, the client does not ask again.
	if _, err := c.Account(guardCtx(t), "alice"); !errors.As(err, &sle) {
		t.Errorf("second call: %v", err)
	}
	if n := s.RequestCount("/users/alice"); n != 1 {
		t.Errorf("%d requests during the limit, want 1", n)
	}

	// Never waiting is a choice too.
	s.SecondaryLimitNext("/users/alice", githubtest.SecondaryLimit{RetryAfter: "1"}, 1)
	_, err = newTestClient(t, s, func(o *Options) { o.Retry.MaxLimitWait = -1 }).Account(guardCtx(t), "alice")
	if !errors.As(err, &sle) || sle.Status != 403 {
		t.Errorf("MaxLimitWait < 0: err = %v", err)
	}
}

func TestTooManyRequestsWithoutHeaders(t *testing.T) {
	s := githubtest.New(t)
	s.AddUser(githubtest.User{Login: "alice"})
	s.FailNext("/users/alice", http.StatusTooManyRequests, 1)
	_, err := newTestClient(t, s, func(o *Options) { o.Retry.MaxLimitWait = 5 * time.Second }).Account(guardCtx(t), "alice")
	var sle *SecondaryLimitError
	if !errors.As(err, &sle) || sle.Stated {
		t.Fatalf("err = %v, want an unstated *SecondaryLimitError", err)
	}
	for _, want := range []string{"429 Too Many Requests", "without saying when", "at least a minute", sle.RetryAt.UTC().Format("15:04:05")} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q lacks %q", err, want)
		}
	}
}

func TestPrimaryLimitAdvice(t *testing.T) {
	reset := time.Now().Add(42 * time.Minute)
	for _, token := range []string{"", testToken} {
		s := githubtest.New(t)
		s.AddUser(githubtest.User{Login: "alice"})
		limit := 60
		if token != "" {
			limit = 5000
		}
		s.SetRateLimit(limit, 0, reset)
		_, err := newTestClient(t, s, func(o *Options) { o.Token = token }).Account(guardCtx(t), "alice")
		var rle *RateLimitError
		if !errors.As(err, &rle) {
			t.Fatalf("token %v: err = %v", token != "", err)
		}
		msg := err.Error()
		hhmm := reset.UTC().Format("15:04")
		if !strings.Contains(msg, "resets at "+hhmm) {
			t.Errorf("message %q lacks the reset time", msg)
		}
		if token == "" {
			if !strings.Contains(msg, "GH_TOKEN") || !strings.Contains(msg, "5,000") {
				t.Errorf("unauthenticated: %q does not advise a token", msg)
			}
			continue
		}
		if strings.Contains(msg, "5,000") || strings.Contains(msg, "GH_TOKEN") {
			t.Errorf("authenticated: %q advises a token it already has", msg)
		}
		if !strings.Contains(msg, "wait until "+hhmm) || !strings.Contains(msg, "another") {
			t.Errorf("authenticated: %q lacks the wait and another-token advice", msg)
		}
		if s.RequestCount("/users/alice") != 1 {
			t.Errorf("the primary limit was retried")
		}
	}
}

func TestSecondaryLimitRecognition(t *testing.T) {
	secondaryBody := `{"message":"You have exceeded a secondary rate limit.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`
	primaryBody := `{"message":"API rate limit exceeded for user ID 1.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit"}`
	forbidden := `{"message":"Resource not accessible by integration"}`
	reset := time.Now().Add(90 * time.Second)
	tests := []struct {
		name    string
		status  int
		headers map[string]string
		body    string
		want    bool
		stated  bool
	}{
		{"secondary with Retry-After", 403, map[string]string{"Retry-After": "30"}, secondaryBody, true, true},
		{"secondary with reset", 403, map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": strconv.Itoa(int(reset.Unix()))}, secondaryBody, true, true},
		{"secondary, nothing stated", 403, nil, secondaryBody, true, false},
		{"429 bare", 429, nil, "", true, false},
		{"primary 403", 403, map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": strconv.Itoa(int(reset.Unix()))}, primaryBody, false, false},
		{"primary 429", 429, map[string]string{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": strconv.Itoa(int(reset.Unix()))}, primaryBody, false, false},
		{"plain 403", 403, map[string]string{"X-RateLimit-Remaining": "4000"}, forbidden, false, false},
		{"404", 404, map[string]string{"Retry-After": "5"}, "", false, false},
	}
	for _, tt := range tests {
		resp := &http.Response{StatusCode: tt.status, Header: http.Header{}}
		for k, v := range tt.headers {
			resp.Header.Set(k, v)
		}
		got := secondaryLimit(resp, []byte(tt.body))
		if (got != nil) != tt.want || (got != nil && got.stated != tt.stated) {
			t.Errorf("%s: %+v, want limit %v stated %v", tt.name, got, tt.want, tt.stated)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		v    string
		want time.Duration
		ok   bool
	}{
		{"0", 0, true},
		{"17", 17 * time.Second, true},
		{" 5 ", 5 * time.Second, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
		{"99999999999", 24 * time.Hour, true},
		{"", 0, false},
		{"-3", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.v, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.v, got, ok, tt.want, tt.ok)
		}
	}
}

func TestJitterNeverShortens(t *testing.T) {
	for _, d := range []time.Duration{0, time.Millisecond, time.Second, time.Minute, time.Hour} {
		for range 100 {
			j := jitter(d)
			if j < 0 || j > d/10 || j > 5*time.Second {
				t.Fatalf("jitter(%v) = %v", d, j)
			}
		}
	}
}

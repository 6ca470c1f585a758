package github

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/oauth2"
)

// origin is a scheme, host and port: the only place the token may go.
type origin struct {
	scheme, host, port string
}

func originOf(u *url.URL) origin {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		switch scheme {
		case "https":
			port = "443"
		case "http":
			port = "80"
		}
	}
	return origin{scheme: scheme, host: strings.TrimSuffix(strings.ToLower(u.Hostname()), "."), port: port}
}

// hostPort is the origin as a message shows it.
func (o origin) hostPort() string {
	if (o.scheme == "https" && o.port == "443") || (o.scheme == "http" && o.port == "80") {
		return o.host
	}
	return net.JoinHostPort(o.host, o.port)
}

// authTransport adds the token to requests for the configured API origin
// only. It checks every request it sends, not only the first of a chain:
// http.Client calls it again for each redirect hop, and go-github follows
// some redirects itself through the transport, past CheckRedirect.
type authTransport struct {
	next   http.RoundTripper
	token  *oauth2.Token
	origin origin
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if originOf(req.URL) != t.origin || req.URL.User != nil {
		// Never a token elsewhere, and never one a previous hop left behind.
		if req.Header.Get("Authorization") != "" {
			req = req.Clone(req.Context())
			req.Header.Del("Authorization")
		}
		return t.next.RoundTrip(req)
	}
	req = req.Clone(req.Context())
	t.token.SetAuthHeader(req)
	return t.next.RoundTrip(req)
}

// RedirectError reports a redirect away from the configured API origin,
// which the client refuses to follow: the token and the data must both come
// from the API the user chose.
type RedirectError struct {
	// From and To are the origins, as host[:port] with the scheme when it
	// changes.
	From, To string
}

func (e *RedirectError) Error() string {
	return fmt.Sprintf("the API at %s redirected to %s; pyscout follows redirects only within the configured API (if the API has moved, set --api-url)", e.From, e.To)
}

// ErrTooManyRedirects reports a redirect loop.
var ErrTooManyRedirects = errors.New("too many redirects")

// maxRedirects is net/http's own bound.
const maxRedirects = 10

// checkRedirect allows redirects within the API origin only (GitHub answers
// 301 for renamed repositories, on the same host).
func checkRedirect(api origin) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) >= maxRedirects {
			return fmt.Errorf("%s: %w (%d)", api.hostPort(), ErrTooManyRedirects, len(via))
		}
		if to := originOf(req.URL); to != api {
			from, dest := api.hostPort(), to.hostPort()
			if to.scheme != api.scheme {
				from, dest = api.scheme+"://"+from, to.scheme+"://"+dest
			}
			return &RedirectError{From: from, To: dest}
		}
		return nil
	}
}

// plainHTTPWarning returns a warning when the API is reached over plain
// http:// anywhere but the local machine, where the token and every answer
// would cross the network unencrypted.
func plainHTTPWarning(api origin, authenticated bool) string {
	if api.scheme != "http" || isLoopback(api.host) {
		return ""
	}
	what := "answers"
	if authenticated {
		what = "the token and answers"
	}
	return fmt.Sprintf("the GitHub API URL uses plain http:// to %s: %s travel unencrypted; use https://", api.hostPort(), what)
}

// isLoopback reports whether host names this machine: localhost,
// 127.0.0.0/8 or ::1.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

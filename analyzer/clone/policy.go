package clone

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/transport"
)

// ErrRefused marks a clone URL the Policy does not allow; the error's
// text says why.
var ErrRefused = errors.New("clone URL refused")

// RefusedError is a clone URL the Policy does not allow.
type RefusedError struct {
	// Why is the short reason, e.g. "file:// is not allowed from an API answer".
	Why string
}

func (e *RefusedError) Error() string { return "clone URL refused: " + e.Why }

// Is makes errors.Is(err, ErrRefused) true.
func (e *RefusedError) Is(target error) bool { return target == ErrRefused }

// githubHost is where github.com's API answers point clone URLs.
const githubHost = "github.com"

// Policy says which clone URLs Fetch and Deepen may reach. Its zero value
// is the strictest: https:// to github.com only. A URL from an API answer
// is untrusted (a hostile or compromised server, or a test fake, chooses
// it), so a file://, ssh:// or git:// URL, a local path or another host
// is refused rather than handed to go-git, whose file transport runs
// git-upload-pack on a local path and whose ssh transport reaches for the
// SSH agent.
type Policy struct {
	// HTTPSHosts are the hosts ("host" or "host:port") reachable over
	// https:// besides github.com.
	HTTPSHosts []string
	// HTTPHosts are the hosts reachable over plain http://.
	HTTPHosts []string
	// UserTyped marks a URL the user typed on the command line (inspect):
	// any host and the http, https, git, ssh and file schemes are accepted,
	// since the user chose them. A local path without a scheme is still
	// refused: it is read as a directory, never cloned.
	UserTyped bool
}

// APIPolicy is the Policy for clone URLs read from the answers of the API
// at apiURL: https:// to github.com or the API's host, and plain http://
// only to the API's host when the API itself is plain http (a test fake or
// an Enterprise server without TLS), so an answer can never downgrade.
func APIPolicy(apiURL string) Policy {
	u, err := url.Parse(apiURL)
	if err != nil || u.Host == "" {
		return Policy{}
	}
	p := Policy{HTTPSHosts: []string{u.Host}}
	if u.Scheme == "http" {
		p.HTTPHosts = []string{u.Host}
	}
	return p
}

// Check returns a *RefusedError when p does not allow rawURL.
func (p Policy) Check(rawURL string) error {
	source := "from an API answer"
	if p.UserTyped {
		source = "here"
	}
	if !strings.Contains(rawURL, "://") {
		if scpLike(rawURL) {
			return &RefusedError{Why: "an scp-like SSH address (user@host:path) is not allowed " + source}
		}
		return &RefusedError{Why: "a local path is not allowed " + source}
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return &RefusedError{Why: "not a valid URL"}
	}
	scheme := strings.ToLower(u.Scheme)
	switch scheme {
	case "http", "https":
	case "file", "ssh", "git":
		if !p.UserTyped {
			return &RefusedError{Why: scheme + ":// is not allowed " + source}
		}
	default:
		return &RefusedError{Why: fmt.Sprintf("the scheme %.20q is not supported", u.Scheme)}
	}
	if scheme != "file" && u.Host == "" {
		return &RefusedError{Why: "the URL names no host"}
	}
	if !p.UserTyped {
		if u.User != nil {
			return &RefusedError{Why: "credentials in the URL are not allowed " + source}
		}
		host := canonicalHost(scheme, u)
		switch {
		case scheme == "http" && !hostIn(host, scheme, p.HTTPHosts):
			return &RefusedError{Why: "http:// is allowed only to the API's host, not " + shortHost(u.Host)}
		case scheme == "https" && host != githubHost && !hostIn(host, scheme, p.HTTPSHosts):
			return &RefusedError{Why: "the host " + shortHost(u.Host) + " is neither the API's host nor github.com"}
		}
	}
	// go-git parses the URL again to choose its transport: make sure it
	// reads the same scheme, so no parsing difference can pick another one.
	ep, err := transport.NewEndpoint(rawURL)
	if err != nil || !strings.EqualFold(ep.Protocol, scheme) {
		return &RefusedError{Why: "the URL is read differently by the git transport"}
	}
	return nil
}

// scpLike reports git's "[user@]host:path" form, which go-git reads as SSH.
func scpLike(s string) bool {
	colon := strings.Index(s, ":")
	if colon <= 0 {
		return false
	}
	slash := strings.Index(s, "/")
	// A colon after the first slash is part of a path ("./a:b"); one letter
	// before it is a Windows drive ("C:\x").
	return (slash < 0 || colon < slash) && colon > 1
}

// canonicalHost is u's host in lower case with the scheme's default port
// removed, so that github.com:443 and GitHub.com are github.com.
func canonicalHost(scheme string, u *url.URL) string {
	host, port := strings.ToLower(u.Hostname()), u.Port()
	if port == "" || (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
		return host
	}
	return net.JoinHostPort(host, port)
}

func hostIn(host, scheme string, hosts []string) bool {
	for _, h := range hosts {
		if canonicalHost(scheme, &url.URL{Host: h}) == host {
			return true
		}
	}
	return false
}

// shortHost bounds a host taken from an untrusted answer before it goes
// into a reason shown to the user.
func shortHost(h string) string {
	const limit = 60
	if len(h) > limit {
		return h[:limit] + "…"
	}
	return h
}

package clone

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

func TestPolicyCheck(t *testing.T) {
	fakeAPI := APIPolicy("http://127.0.0.1:8080/api/v3/")
	dotcom := APIPolicy("https://api.github.com/")
	enterprise := APIPolicy("https://ghe.example.com/api/v3/")
	typed := Policy{UserTyped: true}
	tests := []struct {
		name   string
		policy Policy
		url    string
		refuse string // "" when allowed
	}{
		// Near-misses: the URLs a real answer carries.
		{"github.com https", dotcom, "https://github.com/o/r.git", ""},
		{"github.com https, explicit port, any case", dotcom, "https://GitHub.com:443/o/r.git", ""},
		{"the fake API's own host over http", fakeAPI, "http://127.0.0.1:8080/git/o/r.git", ""},
		{"github.com from any API", fakeAPI, "https://github.com/o/r.git", ""},
		{"enterprise host", enterprise, "https://ghe.example.com/o/r.git", ""},
		{"zero policy allows github.com", Policy{}, "https://github.com/o/r.git", ""},
		{"typed ssh", typed, "ssh://git@example.com/o/r.git", ""},
		{"typed git", typed, "git://example.com/o/r.git", ""},
		{"typed file", typed, "file://localhost/srv/r.git", ""},
		{"typed other host with credentials", typed, "https://me:pw@example.com/o/r.git", ""},

		{"file", dotcom, "file:///etc/repo.git", "file:// is not allowed from an API answer"},
		{"file with host", fakeAPI, "file://localhost/tmp/r.git", "file:// is not allowed from an API answer"},
		{"ssh", dotcom, "ssh://git@github.com/o/r.git", "ssh:// is not allowed from an API answer"},
		{"git", dotcom, "git://github.com/o/r.git", "git:// is not allowed from an API answer"},
		{"scp-like", dotcom, "git@github.com:o/r.git", "an scp-like SSH address (user@host:path) is not allowed from an API answer"},
		{"absolute path", dotcom, "/home/me/secret-repo", "a local path is not allowed from an API answer"},
		{"relative path", dotcom, "../r.git", "a local path is not allowed from an API answer"},
		{"typed path", typed, "/home/me/r", "a local path is not allowed here"},
		{"typed scp-like", typed, "git@github.com:o/r.git", "an scp-like SSH address (user@host:path) is not allowed here"},
		{"other host", dotcom, "https://evil.invalid/o/r.git", "the host evil.invalid is neither the API's host nor github.com"},
		{"lookalike host", dotcom, "https://github.com.evil.invalid/o/r.git", "the host github.com.evil.invalid is neither the API's host nor github.com"},
		{"API host on another port", fakeAPI, "http://127.0.0.1:9090/git/o/r.git", "http:// is allowed only to the API's host, not 127.0.0.1:9090"},
		{"http to github.com", dotcom, "http://github.com/o/r.git", "http:// is allowed only to the API's host, not github.com"},
		{"http downgrade of an https API", enterprise, "http://ghe.example.com/o/r.git", "http:// is allowed only to the API's host, not ghe.example.com"},
		{"userinfo", fakeAPI, "http://user:pw@127.0.0.1:8080/git/o/r.git", "credentials in the URL are not allowed from an API answer"},
		{"user only", dotcom, "https://x-access-token@github.com/o/r.git", "credentials in the URL are not allowed from an API answer"},
		{"other scheme", typed, "ext::sh -c touch% /tmp/pwned", "an scp-like SSH address (user@host:path) is not allowed here"},
		{"unknown scheme", typed, "gopher://example.com/r", `the scheme "gopher" is not supported`},
		{"no host", dotcom, "https:///o/r.git", "the URL names no host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.policy.Check(tt.url)
			switch {
			case tt.refuse == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.refuse != "" && err == nil:
				t.Errorf("allowed, want %q", tt.refuse)
			case tt.refuse != "" && err.Error() != "clone URL refused: "+tt.refuse:
				t.Errorf("error %q, want %q", err, "clone URL refused: "+tt.refuse)
			case err != nil && !errors.Is(err, ErrRefused):
				t.Errorf("%v is not ErrRefused", err)
			}
		})
	}
}

// TestFetchRefusesLocalClone points a clone URL at a real local repository:
// with the API's policy nothing is cloned and nothing is written to the
// cache; typed by the user, the same URL is not refused by the policy.
func TestFetchRefusesLocalClone(t *testing.T) {
	s := fake(t)
	local, err := Fetch(context.Background(), s.CloneURL("o", "r"), "", opts(s, t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	for _, raw := range []string{"file://" + local.Dir, "file://localhost" + local.Dir, local.Dir} {
		cache := t.TempDir()
		_, err := Fetch(context.Background(), raw, "", opts(s, cache))
		if !errors.Is(err, ErrRefused) {
			t.Errorf("%s: %v, want ErrRefused", raw, err)
		}
		if entries, _ := os.ReadDir(cache); len(entries) != 0 {
			t.Errorf("%s: a refused URL wrote %d entries to the cache", raw, len(entries))
		}
	}
	// A snapshot keeps its Fetch's policy: Deepen cannot be pointed elsewhere.
	if err := Deepen(context.Background(), local, "file://localhost"+local.Dir, 10); !errors.Is(err, ErrRefused) {
		t.Errorf("Deepen to a local path: %v, want ErrRefused", err)
	}
	if err := Deepen(context.Background(), &Snapshot{}, s.CloneURL("o", "r"), 10); !errors.Is(err, ErrRefused) {
		t.Errorf("Deepen of a snapshot Fetch did not make: %v, want the zero policy's refusal", err)
	}

	snap, err := Fetch(context.Background(), "file://localhost"+local.Dir, "", Options{CacheDir: t.TempDir(), Policy: Policy{UserTyped: true}})
	if err != nil {
		t.Fatalf("typed file:// URL: %v", err)
	}
	if snap.Commit != local.Commit {
		t.Errorf("typed file:// clone at %s, want %s", snap.Commit, local.Commit)
	}
}

// TestRedirectKeepsToPolicy serves a redirect from an allowed host to
// the fake GitHub, which the policy does not allow: go-git would follow
// it, the policy stops it. Near-miss: without the redirect the same
// repository clones.
func TestRedirectKeepsToPolicy(t *testing.T) {
	s := fake(t)
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, s.URL()+r.URL.RequestURI(), http.StatusMovedPermanently)
	}))
	defer redirector.Close()
	host := strings.TrimPrefix(redirector.URL, "http://")
	policy := Policy{HTTPSHosts: []string{host}, HTTPHosts: []string{host}}
	cache := t.TempDir()
	_, err := Fetch(context.Background(), redirector.URL+"/git/o/r.git", "", Options{CacheDir: cache, Policy: policy})
	if !errors.Is(err, ErrRefused) || !strings.Contains(Summary(err), "http:// is allowed only to the API's host") {
		t.Errorf("redirect to another host: %v (summary %q)", err, Summary(err))
	}
	if n := len(s.Requests()); n != 0 {
		t.Errorf("the redirect reached the other host (%d requests)", n)
	}
	if _, err := Fetch(context.Background(), s.CloneURL("o", "r"), "", opts(s, cache)); err != nil {
		t.Errorf("direct clone: %v", err)
	}
}

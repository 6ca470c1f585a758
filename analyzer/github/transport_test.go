package github

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

func TestRetryTransport(t *testing.T) {
	cases := []struct {
		name      string
		failures  int32
		status    int
		wantCalls int32
		wantCode  int
	}{
		{"success first time", 0, 0, 1, 200},
		{"two 502s then success", 2, http.StatusBadGateway, 3, 200},
		{"503 until attempts run out", 10, http.StatusServiceUnavailable, 3, 503},
		{"404 is not retried", 10, http.StatusNotFound, 1, 404},
		{"403 is not retried", 10, http.StatusForbidden, 1, 403},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if calls.Add(1) <= tc.failures {
					w.WriteHeader(tc.status)
					return
				}
				w.WriteHeader(http.StatusOK)
			}))
			defer srv.Close()
			rt := testRetryTransport(t, RetryPolicy{Attempts: 3, BaseDelay: time.Millisecond})
			req, _ := http.NewRequest(http.MethodGet, srv.URL, nil)
			resp, err := rt.RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tc.wantCode || calls.Load() != tc.wantCalls {
				t.Errorf("status %d after %d calls, want %d after %d", resp.StatusCode, calls.Load(), tc.wantCode, tc.wantCalls)
			}
		})
	}
}

// testRetryTransport is the retry transport NewClient would build with
// policy and the default timeouts and body bound.
func testRetryTransport(t *testing.T, policy RetryPolicy) *retryTransport {
	t.Helper()
	o := Options{Retry: policy}
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	return newRetryTransport(http.DefaultTransport, o.Retry, o.Timeouts, o.MaxBodyBytes, "test", nil)
}

func TestRetryTransportHonoursCancel(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	rt := testRetryTransport(t, RetryPolicy{Attempts: 5, BaseDelay: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	start := time.Now()
	if _, err := rt.RoundTrip(req); err == nil {
		t.Fatal("want an error from a cancelled retry wait")
	}
	if time.Since(start) > 10*time.Second {
		t.Fatal("retry wait ignored the context")
	}
}

func TestValidateLogin(t *testing.T) {
	valid := []string{"a", "octocat", "Octo-Cat", "a1-b2-c3", "x123456789012345678901234567890123456789"[:39]}
	invalid := []string{"", "-a", "a-", "a--b", "a_b", "a.b", "a b", "ä", "x1234567890123456789012345678901234567890", "../etc", "a/b"}
	for _, l := range valid {
		if err := ValidateLogin(l); err != nil {
			t.Errorf("ValidateLogin(%q) = %v, want nil", l, err)
		}
	}
	for _, l := range invalid {
		if err := ValidateLogin(l); err == nil {
			t.Errorf("ValidateLogin(%q) = nil, want an error", l)
		}
	}
}

package githubtest

import (
	"net/http"
	"strings"
)

// stall is a pending StallPackAfter.
type stall struct {
	prefix string
	after  int
	left   int
}

// StallPackAfter makes the answers to the next n git-upload-pack requests (the POST that
// carries the pack) whose path starts with pathPrefix ("/git/alice/x.git") stop after
// afterBytes bytes of the answer and send nothing more until the client gives up: a
// server or network that stalls mid-pack. With afterBytes 0 not even the headers are
// sent.
func (s *Server) StallPackAfter(pathPrefix string, afterBytes, n int) {
	s.t.Helper()
	switch {
	case !strings.HasPrefix(pathPrefix, "/git/"):
		s.t.Fatalf("githubtest: StallPackAfter(%q): the prefix must start with /git/", pathPrefix)
	case afterBytes < 0 || n < 1:
		s.t.Fatalf("githubtest: StallPackAfter(%q, %d, %d): want afterBytes >= 0 and n >= 1", pathPrefix, afterBytes, n)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stalls = append(s.stalls, &stall{prefix: pathPrefix, after: afterBytes, left: n})
}

// takeStall consumes one pending StallPackAfter matching path; the caller holds s.mu.
func (s *Server) takeStall(path string) (int, bool) {
	if !strings.HasSuffix(path, "/git-upload-pack") {
		return 0, false
	}
	for i, st := range s.stalls {
		if strings.HasPrefix(path, st.prefix) {
			st.left--
			if st.left == 0 {
				s.stalls = append(s.stalls[:i], s.stalls[i+1:]...)
			}
			return st.after, true
		}
	}
	return 0, false
}

// stallingWriter passes the first left bytes of an answer, flushes them, and then
// blocks until the client gives up or the test ends; the rest of the answer is then
// dropped (the client is gone), quietly, so that http-backend ends as usual.
type stallingWriter struct {
	http.ResponseWriter
	left    int
	stalled bool
	done    <-chan struct{}
	closing <-chan struct{} // the server's: closed when the test ends
}

func (w *stallingWriter) Write(p []byte) (int, error) {
	if w.stalled {
		return len(p), nil
	}
	if len(p) <= w.left {
		w.left -= len(p)
		return w.ResponseWriter.Write(p)
	}
	if w.left > 0 {
		_, _ = w.ResponseWriter.Write(p[:w.left])
		w.left = 0
		if f, ok := w.ResponseWriter.(http.Flusher); ok {
			f.Flush()
		}
	}
	w.stalled = true
	select {
	case <-w.done:
	case <-w.closing:
	}
	return len(p), nil
}

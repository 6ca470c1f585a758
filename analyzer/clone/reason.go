package clone

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"
)

// limitError is the cause a guard or the cache lock gives up with: its
// text is the reason shown, its sentinel what callers test.
type limitError struct {
	sentinel error
	text     string
}

func (e *limitError) Error() string        { return e.text }
func (e *limitError) Is(target error) bool { return target == e.sentinel }

// Summary is a short, one-line reason for a clone error, fit for a table
// cell ("clone failed: server error (HTTP 500)", "clone stalled: no data
// for 60 s"), or "" when err is not one the clone stage knows. The full
// error stays for a detailed view.
func Summary(err error) string {
	var refused *RefusedError
	var limit *limitError
	var dnsErr *net.DNSError
	var netErr net.Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &refused):
		return refused.Error()
	case errors.As(err, &limit):
		return limit.Error()
	case errors.Is(err, ErrEmptyRepository):
		return "empty repository"
	case errors.Is(err, ErrUnreachable):
		return "clone failed: " + ErrUnreachable.Error()
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.Is(err, context.DeadlineExceeded):
		return "clone timed out"
	}
	if status := httpStatus(err); status != 0 {
		if status >= 500 {
			return fmt.Sprintf("clone failed: server error (HTTP %d)", status)
		}
		return fmt.Sprintf("clone failed: the git server answered HTTP %d", status)
	}
	switch {
	case errors.As(err, &dnsErr):
		return "clone failed: host not found"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "clone failed: connection refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "clone failed: connection reset"
	case errors.As(err, &netErr) && netErr.Timeout():
		return "clone failed: network timeout"
	case errors.As(err, &netErr):
		return "clone failed: network error"
	}
	return ""
}

//go:build unix

package resultcache

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the user and system CPU time this process has used: a
// cache's writes cost system time (open, write, rename) as much as user
// time, and on a machine of two cores both are wall time.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

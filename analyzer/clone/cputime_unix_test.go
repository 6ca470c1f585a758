//go:build unix

package clone

import (
	"syscall"
	"testing"
	"time"
)

// cpuTimes are the user and system CPU time this process has used, and
// that of its waited-for children: the fake's git http-backend and
// git-upload-pack, the server side of every clone.
func cpuTimes(tb testing.TB) (self, children time.Duration) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		tb.Fatal(err)
	}
	return self, time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

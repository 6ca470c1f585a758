//go:build unix

// Package cputime reads the CPU time a process has used, for the
// benchmarks that report it beside wall time: on a machine of two cores
// shared with other work, CPU seconds are steadier than wall seconds.
package cputime

import (
	"syscall"
	"time"
)

// Used returns the user and system CPU time this process has used (self)
// and that of its children it has waited for (children: a fake server's
// git http-backend and upload-pack, the pyscout binary a benchmark ran).
// On a system without getrusage both are zero.
func Used() (self, children time.Duration, err error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0, err
	}
	self = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	if err := syscall.Getrusage(syscall.RUSAGE_CHILDREN, &ru); err != nil {
		return 0, 0, err
	}
	return self, time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), nil
}

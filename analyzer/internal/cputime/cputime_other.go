//go:build !unix

// Package cputime reads the CPU time a process has used, for the
// benchmarks that report it beside wall time.
package cputime

import "time"

// Used is not measured here: it returns zeros, and the benchmarks report
// wall time only.
func Used() (self, children time.Duration, err error) { return 0, 0, nil }

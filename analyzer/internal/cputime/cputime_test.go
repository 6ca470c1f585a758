package cputime

import (
	"runtime"
	"testing"
	"time"
)

// TestUsedGrowsWithWork spins for 50 ms of CPU and checks that the
// process's CPU time grew by at least part of it.
func TestUsedGrowsWithWork(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "plan9" || runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("no getrusage here")
	}
	before, _, err := Used()
	if err != nil {
		t.Fatal(err)
	}
	x := 0
	for start := time.Now(); time.Since(start) < 50*time.Millisecond; {
		x++
	}
	after, _, err := Used()
	if err != nil {
		t.Fatal(err)
	}
	if after-before < 10*time.Millisecond {
		t.Errorf("CPU time grew by %v over 50 ms of spinning (%d turns)", after-before, x)
	}
}

//go:build !unix

package clone

import (
	"testing"
	"time"
)

// cpuTimes is not measured here: the benchmarks report wall time only.
func cpuTimes(testing.TB) (self, children time.Duration) { return 0, 0 }

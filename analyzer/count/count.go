// Package count holds the arithmetic on counts that every analysis stage
// shares: the physical lines of a file and the ratio of two counts. One
// home keeps the stages from counting or rounding the same figure two
// ways. It imports nothing from the project, so any stage can use it.
package count

import (
	"bytes"
	"math"
)

// Lines counts physical lines as editors number them: a last line without
// a newline still counts, an empty file has none.
func Lines(data []byte) int {
	if len(data) == 0 {
		return 0
	}
	n := bytes.Count(data, []byte{'\n'})
	if data[len(data)-1] != '\n' {
		n++
	}
	return n
}

// Ratio is part/whole rounded half away from zero to decimals places, and
// 0 when whole is 0 (no functions means no share of documented ones).
func Ratio(part, whole, decimals int) float64 {
	if whole == 0 {
		return 0
	}
	return Round(float64(part)/float64(whole), decimals)
}

// Round rounds x half away from zero to decimals places, the rounding
// Ratio uses, for a mean or share computed from figures that are not
// plain counts.
func Round(x float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(x*p) / p
}

package practices

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// ratio is a/b rounded to decimals, 0 when b is 0.
func ratio(a, b, decimals int) float64 {
	if b == 0 {
		return 0
	}
	p := math.Pow(10, float64(decimals))
	return math.Round(float64(a)/float64(b)*p) / p
}

func evLess(a, b Evidence) bool {
	if a.Path != b.Path {
		return a.Path < b.Path
	}
	if a.Cell != b.Cell {
		return a.Cell < b.Cell
	}
	return a.Line < b.Line
}

// firstEvidence sorts evidence by place and keeps the first n.
func firstEvidence(list []Evidence, n int) []Evidence {
	sort.SliceStable(list, func(i, j int) bool { return evLess(list[i], list[j]) })
	if len(list) > n {
		list = list[:n]
	}
	return list
}

// appendUnique appends s unless list holds it.
func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// sortVersions sorts Python versions numerically where they are numbers
// ("3.9" before "3.10"), others after them in text order.
func sortVersions(vs []string) {
	key := func(v string) ([]int, bool) {
		var out []int
		for _, p := range strings.Split(v, ".") {
			n, err := strconv.Atoi(p)
			if err != nil {
				return nil, false
			}
			out = append(out, n)
		}
		return out, true
	}
	sort.SliceStable(vs, func(i, j int) bool {
		a, aok := key(vs[i])
		b, bok := key(vs[j])
		switch {
		case aok && bok:
			for k := 0; k < len(a) && k < len(b); k++ {
				if a[k] != b[k] {
					return a[k] < b[k]
				}
			}
			if len(a) != len(b) {
				return len(a) < len(b)
			}
			return vs[i] < vs[j]
		case aok != bok:
			return aok
		}
		return vs[i] < vs[j]
	})
}

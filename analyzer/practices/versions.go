package practices

import (
	"sort"
	"strconv"
	"strings"
)

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

package walk

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-enry/go-enry/v2"
	"github.com/go-enry/go-enry/v2/data"
)

// extraVendor catches what go-enry's list misses in Python portfolios:
// committed virtualenvs, installed packages and build output.
var extraVendor = regexp.MustCompile(`(^|/)(\.?venv[^/]*|virtualenv|site-packages|dist-packages|__pycache__|\.tox|\.nox|\.eggs|[^/]+\.egg-info|\.ipynb_checkpoints)/|(^|/)build/lib(\.[^/]*)?/`)

// IsVendored reports whether a path holds someone else's code. Examples and
// documentation are the candidate's own work and are kept.
//
// go-enry's verdict is one alternation of some 170 patterns, which Go's
// regexp runs in its slowest engine, and the analysis asks it of every
// path several times. Both regexps run only on the paths that contain one
// of the strings every match must contain (see requiredStrings): that
// rules out nearly every path of a Python project at the cost of a few
// substring searches, and cannot change a verdict.
func IsVendored(p string) bool {
	f := vendorFilters()
	return (f.enry.mayMatch(p) && enry.IsVendor(p)) || (f.extra.mayMatch(p) && extraVendor.MatchString(p))
}

// vendorFilters are the prefilters of go-enry's vendor patterns and of
// extraVendor, derived once from the patterns themselves.
var vendorFilters = sync.OnceValue(func() struct{ enry, extra *prefilter } {
	return struct{ enry, extra *prefilter }{enry: enryVendorFilter(), extra: newPrefilter(extraVendor.String())}
})

// enryVendorFilter is the prefilter of the patterns enry.IsVendor runs:
// its one compiled alternation when the regexp engine supports it, else
// the patterns one by one (a nil one is skipped by go-enry as well).
func enryVendorFilter() *prefilter {
	if data.FastVendorMatcher != nil {
		return newPrefilter(data.FastVendorMatcher.String())
	}
	var alts []string
	for _, m := range data.VendorMatchers {
		if m != nil {
			alts = append(alts, "(?:"+m.String()+")")
		}
	}
	return newPrefilter(strings.Join(alts, "|"))
}

// prefilter is a necessary condition for a regexp to match a string: the
// string contains one of needles. A nil needles is no condition.
type prefilter struct {
	needles []string
	// pairs indexes the needles by their first two bytes, so that a
	// string is searched once for all of them (there are some 200): a bit
	// per pair says whether any needle starts with it. Nil when a needle
	// is shorter than two bytes.
	pairs    *[1 << 16 / 64]uint64
	starting map[uint16][]string
}

// mayMatch is false only when the regexp cannot match s.
func (f *prefilter) mayMatch(s string) bool {
	switch {
	case f.needles == nil:
		return true
	case f.pairs == nil:
		for _, n := range f.needles {
			if strings.Contains(s, n) {
				return true
			}
		}
		return false
	}
	for i := 0; i+1 < len(s); i++ {
		k := uint16(s[i])<<8 | uint16(s[i+1])
		if f.pairs[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		for _, n := range f.starting[k] {
			if strings.HasPrefix(s[i:], n) {
				return true
			}
		}
	}
	return false
}

// newPrefilter derives the prefilter of a regexp in Go's syntax; one it
// cannot analyse (it matches the empty string, say) gets no condition.
func newPrefilter(expr string) *prefilter {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return &prefilter{}
	}
	f := &prefilter{needles: minimalNeedles(requiredStrings(re.Simplify()).best())}
	if f.needles == nil || slices.ContainsFunc(f.needles, func(n string) bool { return len(n) < 2 }) {
		return f
	}
	f.pairs, f.starting = new([1 << 16 / 64]uint64), map[uint16][]string{}
	for _, n := range f.needles {
		k := uint16(n[0])<<8 | uint16(n[1])
		f.pairs[k/64] |= 1 << (k % 64)
		f.starting[k] = append(f.starting[k], n)
	}
	return f
}

// Bounds of the analysis: a node with more possible strings than
// maxExact is treated as matching anything, and a condition needing more
// than maxNeedles strings is dropped (no condition).
const (
	maxExact   = 64
	maxNeedles = 1024
	maxClass   = 4
)

// required is what the analysis knows of the strings a regexp node
// matches: exact, when known (exactKnown), is all of them (it may hold "",
// as an anchor's match is empty); need, when not nil, is a set of
// non-empty strings one of which every match contains.
type required struct {
	exact      []string
	exactKnown bool
	need       []string
}

func exactly(s ...string) required {
	r := required{exact: s, exactKnown: true}
	if usable(s) {
		r.need = s
	}
	return r
}

// usable reports a set that can serve as a condition: non-empty, with no
// empty string (which every string contains).
func usable(set []string) bool {
	return len(set) > 0 && len(set) <= maxNeedles && !slices.Contains(set, "")
}

// best is the more selective of the node's conditions: its exact strings
// or its need, whichever has the longer shortest string; nil if neither.
func (r required) best() []string {
	cands := [][]string{r.need}
	if r.exactKnown {
		cands = append(cands, r.exact)
	}
	return bestOf(cands)
}

func bestOf(cands [][]string) []string {
	var out []string
	score := func(set []string) int {
		m := len(set[0])
		for _, s := range set {
			m = min(m, len(s))
		}
		return m
	}
	for _, c := range cands {
		if !usable(c) {
			continue
		}
		if out == nil || score(c) > score(out) || score(c) == score(out) && len(c) < len(out) {
			out = c
		}
	}
	return out
}

// requiredStrings analyses a regexp node. Each rule keeps what holds of
// every string the node matches; where in doubt it knows nothing.
func requiredStrings(re *syntax.Regexp) required {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return exactly("")
	case syntax.OpLiteral:
		// The parser makes [Dd] a 'd' that folds case: each letter
		// stands for its case variants.
		set := []string{""}
		for _, r := range re.Rune {
			variants := []string{string(r)}
			if re.Flags&syntax.FoldCase != 0 {
				for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
					variants = append(variants, string(f))
				}
			}
			if set = cross(set, variants); set == nil {
				return required{}
			}
		}
		return exactly(set...)
	case syntax.OpCharClass:
		var set []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(set) == maxClass || !utf8.ValidRune(r) {
					return required{}
				}
				set = append(set, string(r))
			}
		}
		return exactly(set...)
	case syntax.OpCapture:
		return requiredStrings(re.Sub[0])
	case syntax.OpQuest:
		sub := requiredStrings(re.Sub[0])
		if !sub.exactKnown || len(sub.exact) >= maxExact {
			return required{}
		}
		return required{exact: union(sub.exact, []string{""}), exactKnown: true}
	case syntax.OpPlus:
		return required{need: requiredStrings(re.Sub[0]).best()}
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required{need: requiredStrings(re.Sub[0]).best()}
		}
		return required{}
	case syntax.OpConcat:
		return concat(re.Sub)
	case syntax.OpAlternate:
		return alternate(re.Sub)
	}
	// Any character, star, no match: nothing known.
	return required{}
}

// concat: the strings of a run of exactly known parts are their cross
// product, a substring of every match; so is any part's need.
func concat(subs []*syntax.Regexp) required {
	run := []string{""}
	allKnown := true
	var cands [][]string
	for _, sub := range subs {
		r := requiredStrings(sub)
		cands = append(cands, r.need)
		if r.exactKnown {
			if next := cross(run, r.exact); next != nil {
				run = next
				continue
			}
		}
		// The run ends here: it is a condition; a new one starts after
		// this part (or with it, when its strings are known).
		cands = append(cands, run)
		allKnown = false
		run = []string{""}
		if r.exactKnown {
			run = r.exact
		}
	}
	cands = append(cands, run)
	out := required{need: bestOf(cands)}
	if allKnown {
		out.exact, out.exactKnown = run, true
	}
	return out
}

// alternate: each branch's condition holds for its matches, so their
// union holds for all; a branch with none leaves none.
func alternate(subs []*syntax.Regexp) required {
	var need, exact []string
	exactKnown, needKnown := true, true
	for _, sub := range subs {
		r := requiredStrings(sub)
		if exactKnown && r.exactKnown && len(exact)+len(r.exact) <= maxExact {
			exact = append(exact, r.exact...)
		} else {
			exact, exactKnown = nil, false
		}
		if b := r.best(); needKnown && b != nil {
			need = append(need, b...)
		} else {
			need, needKnown = nil, false
		}
	}
	out := required{exact: union(exact, nil), exactKnown: exactKnown}
	if need = union(need, nil); needKnown && usable(need) {
		out.need = need
	}
	return out
}

// cross is every a+b, or nil past maxExact.
func cross(as, bs []string) []string {
	if len(as)*len(bs) > maxExact {
		return nil
	}
	out := make([]string, 0, len(as)*len(bs))
	for _, a := range as {
		for _, b := range bs {
			out = append(out, a+b)
		}
	}
	return union(nil, out)
}

func union(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// minimalNeedles drops a needle that contains another: a string holding
// it holds the shorter one too. Shorter needles come first.
func minimalNeedles(set []string) []string {
	if set == nil {
		return nil
	}
	set = slices.Clone(set)
	slices.SortFunc(set, func(a, b string) int { return len(a) - len(b) })
	var out []string
	for _, s := range set {
		if !slices.ContainsFunc(out, func(t string) bool { return strings.Contains(s, t) }) {
			out = append(out, s)
		}
	}
	return out
}

package rules

// Which evidence a rule may cite: the premise check of questions. A rule
// about a practice speaks of the candidate's own code, so it cites source
// files first, then notebooks, and never a test, an example, a benchmark,
// documentation or untouched scaffolding; only a rule about testing cites
// tests. A rule left with nothing to cite does not fire (docs/rules.md).

import (
	"slices"
	"strings"

	"github.com/pyscout/pyscout/analyzer/roles"
)

// sourceSep separates the alternative evidence sources of one rule
// ("frameworks.numpy.vectorized | frameworks.numpy.array_creation"): the
// rule cites the first places of each in turn, so that a library question
// can point at whichever use the code shows.
const sourceSep = "|"

// sources splits an evidence field into its sources.
func sources(src string) []string {
	var out []string
	for _, s := range strings.Split(src, sourceSep) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// aboutTests reports whether a rule is about tests, the one kind of rule
// whose evidence may be a test file.
func (r *Rule) aboutTests() bool {
	return r.Category == "testing" || slices.ContainsFunc(r.Tags, func(t string) bool { return strings.EqualFold(t, "testing") })
}

// roleRank orders evidence by the role of its file: source first, then
// notebooks; -1 for roles a question about the candidate's code must not
// cite. Evidence with no role (a profile made before roles existed) is
// taken as source: nothing says otherwise.
func roleRank(role string) int {
	switch roles.Role(role) {
	case roles.Source, "":
		return 0
	case roles.Notebook:
		return 1
	}
	return -1
}

// ruleItems returns the evidence a rule cites: for a rule about tests, its
// sources' items as they come; for any other, the items in source files,
// then in notebooks, in their order, and none from tests, examples,
// benchmarks, docs or scaffolding. An empty result means the candidate's
// own code does not show the premise, and the rule does not fire.
func (e *Env) ruleItems(r *Rule) []Item {
	items := e.items(r.Evidence)
	if r.aboutTests() {
		return items
	}
	own := make([]Item, 0, len(items))
	for _, it := range items {
		if roleRank(it.Role) >= 0 {
			own = append(own, it)
		}
	}
	slices.SortStableFunc(own, func(a, b Item) int { return roleRank(a.Role) - roleRank(b.Role) })
	return own
}

// sourceCount is the sum of the counts behind several alternative
// sources; false for a single source, whose count lookup finds.
func (e *Env) sourceCount(src string) (int, bool) {
	parts := sources(src)
	if len(parts) < 2 {
		return 0, false
	}
	sum := 0
	for _, p := range parts {
		if v, ok := e.lookup(p); ok {
			if n, ok := v.(int); ok {
				sum += n
			}
		}
	}
	return sum, true
}

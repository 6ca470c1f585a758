package rules

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/analyzer/roles"
)

// A headline count that mixes the candidate's own code with tests,
// examples and generated files says how it splits, so that "98 classes in
// chains of three or more" does not read as 98 design decisions when 81
// of them are test fixtures. Templates say it with {=role_split("path")},
// where path is a tally's path as conditions name it (expr has a split
// builtin of its own).

// roleSplits keeps each of the candidate's tallies' split by role.
func roleSplits(e *Env, p *analyzer.Profile) {
	e.splits = map[string]map[string]int{}
	walkFacts(reflect.ValueOf(&p.Code).Elem(), "", func(path string, t *python.Tally) {
		if len(t.Roles) > 0 {
			e.splits[path] = t.Roles
		}
	})
}

// roleNouns name the files of each role that is not the candidate's own
// working code, in the plural.
var roleNouns = map[roles.Role]string{
	roles.Test:      "tests",
	roles.Example:   "examples",
	roles.Benchmark: "benchmarks",
	roles.Docs:      "documentation",
	roles.Scaffold:  "generated scaffolding",
}

// split renders the part of a count in tests, examples, benchmarks,
// documentation and scaffolding: ", 81 of them in tests and examples";
// "" when all of it is in source or notebooks. A path that names no tally
// is an error, which rule loading reports (checkSplits).
func (e *Env) split(path string) (string, error) {
	if !tallyPaths()[path] {
		return "", fmt.Errorf("role_split(%q): no such count", path)
	}
	m := e.splits[path]
	total, other := 0, 0
	type part struct {
		noun string
		n    int
	}
	var parts []part
	for r, n := range m {
		total += n
		if roles.Role(r).Own() {
			continue
		}
		other += n
		noun := roleNouns[roles.Role(r)]
		if noun == "" {
			noun = r
		}
		parts = append(parts, part{noun, n})
	}
	if other == 0 {
		return "", nil
	}
	sort.Slice(parts, func(i, j int) bool {
		if parts[i].n != parts[j].n {
			return parts[i].n > parts[j].n
		}
		return parts[i].noun < parts[j].noun
	})
	nouns := make([]string, len(parts))
	for i, p := range parts {
		nouns[i] = p.noun
	}
	where := joinAnd(nouns)
	if other == total {
		if total == 1 {
			return ", in " + where, nil
		}
		return ", all of them in " + where, nil
	}
	return fmt.Sprintf(", %d of them in %s", other, where), nil
}

// joinAnd joins words as a sentence lists them: "a", "a and b", "a, b
// and c".
func joinAnd(ws []string) string {
	switch len(ws) {
	case 0:
		return ""
	case 1:
		return ws[0]
	}
	return strings.Join(ws[:len(ws)-1], ", ") + " and " + ws[len(ws)-1]
}

var splitCall = regexp.MustCompile(`role_split\(\s*"([^"]*)"\s*\)`)

// checkSplits reports a role_split(...) in a template that names no count: at
// run time it would leave the placeholder unrendered.
func checkSplits(text string) error {
	for _, m := range splitCall.FindAllStringSubmatch(text, -1) {
		if !tallyPaths()[m[1]] {
			return fmt.Errorf("role_split(%q): no count has that path", m[1])
		}
	}
	return nil
}

package python

// Evidence, Tally and NameCount, the counters of every fact family, and
// their bounded merging and ordering (Evidence.Compare, the order of every
// evidence list). Ratios and means round with count.Ratio.

import (
	"cmp"
	"maps"
	"sort"
	"strings"

	"github.com/pyscout/pyscout/analyzer/roles"
)

// MaxEvidencePerFile caps the evidence kept for one fact in one file; counts
// stay exact, only the list of locations is cut.
const MaxEvidencePerFile = 5

// Evidence locates one occurrence of a fact in the analysed files. The
// caller adds the commit and builds links such as PATH#L10-L12.
type Evidence struct {
	// Path is the file's path as given to the analyser (for a notebook, the
	// .ipynb file).
	Path string `json:"path"`
	// Line is the 1-based first line; for a notebook, within the cell.
	Line int `json:"line"`
	// EndLine is the 1-based last line (equal to Line for one-line facts).
	EndLine int `json:"end_line"`
	// Cell is the 1-based index of the notebook cell among all the
	// notebook's cells (markdown included); 0 and omitted outside notebooks.
	Cell int `json:"cell,omitempty"`
	// Role is the part the file plays in its repository (source, test,
	// example, benchmark, notebook, docs, scaffold: analyzer/roles); set
	// by the pipeline once the repository's layout is known, empty within
	// the parser.
	Role string `json:"role,omitempty"`
}

// Tally counts one fact exactly and keeps the first few places it occurs.
type Tally struct {
	// Count is the exact number of occurrences.
	Count int `json:"count"`
	// Files is the number of files with at least one occurrence; set in
	// repository summaries only.
	Files int `json:"files,omitempty"`
	// Evidence holds the first occurrences, at most MaxEvidencePerFile per
	// file and MaxEvidencePerRepo per repository.
	Evidence []Evidence `json:"evidence,omitempty"`
	// Roles splits Count by the role of the files the occurrences are in
	// (analyzer/roles), in summaries only; omitted when every occurrence
	// is in source files, or when the roles are not known.
	Roles map[string]int `json:"roles,omitempty"`

	// others counts the kept Evidence outside the project's own code, by
	// path (see keep); zero in per-file tallies.
	others int
}

// credit counts n occurrences in a file of role (evidence carries its
// file's role once the pipeline has stamped it; unknown roles are not
// split).
func (t *Tally) credit(role string, n int) {
	if role == "" || n == 0 {
		return
	}
	if t.Roles == nil {
		t.Roles = map[string]int{}
	}
	t.Roles[role] += n
}

func (t *Tally) add(e Evidence) {
	t.Count++
	if len(t.Evidence) < MaxEvidencePerFile {
		t.Evidence = append(t.Evidence, e)
	}
}

// MaxEvidencePerRepo caps the evidence kept for one fact in a repository
// summary. The kept locations are the first in (path, cell, line) order, so
// a summary does not depend on the order in which files were added.
const MaxEvidencePerRepo = 10

// NameCount is a name with a count.
type NameCount struct {
	// Name is the name counted.
	Name string `json:"name"`
	// Count is how often it occurs.
	Count int `json:"count"`
}

// ---- bounded collections

// Compare orders places by file path, then notebook cell, then first and
// last line (negative when e comes first): the order a reader walks a
// repository in, and the one in which every bounded evidence list, here
// and in the later stages, keeps its least locations, so that a summary
// does not depend on the order of the files.
func (e Evidence) Compare(o Evidence) int {
	return cmp.Or(
		strings.Compare(e.Path, o.Path),
		cmp.Compare(e.Cell, o.Cell),
		cmp.Compare(e.Line, o.Line),
		cmp.Compare(e.EndLine, o.EndLine),
	)
}

// evLess is Compare as the less function of sort.Slice and the bounded
// lists.
func evLess(a, b Evidence) bool { return a.Compare(b) < 0 }

// addEvidence keeps the least MaxEvidencePerRepo locations.
func addEvidence(list []Evidence, e Evidence) []Evidence {
	if len(list) < MaxEvidencePerRepo {
		return append(list, e)
	}
	worst := 0
	for i := 1; i < len(list); i++ {
		if evLess(list[worst], list[i]) {
			worst = i
		}
	}
	if evLess(e, list[worst]) {
		list[worst] = e
	}
	return list
}

// keep adds a place to a repository tally's bounded evidence: places in
// the project's own code (source and notebooks, by roles.ByPath) before
// the others, and within each the least. Questions cite only own code
// (rules/premise.go), so a repository whose tests or examples sort first
// by path (benchmarks/, docs/, examples/ before src/) must not have its
// own places cut. finish sorts the kept list by Compare, so the order a
// reader sees is unchanged. eOwn is e's role, computed once per file by
// the caller; t.others counts the kept places outside own code, so that a
// list of own places alone is capped by Compare with no path classified.
func (t *Tally) keep(e Evidence, eOwn bool) {
	list := t.Evidence
	if len(list) < MaxEvidencePerRepo {
		t.Evidence = append(list, e)
		if !eOwn {
			t.others++
		}
		return
	}
	if t.others == 0 {
		// Every kept place is own code: another place wins only if it
		// is own code and less.
		if eOwn {
			t.Evidence = addEvidence(list, e)
		}
		return
	}
	worst, worstOwn := 0, ownPlace(list[0])
	for i := 1; i < len(list); i++ {
		own := worstOwn
		if list[i].Path != list[worst].Path {
			own = ownPlace(list[i])
		}
		if keepLess(worstOwn, own, list[worst], list[i]) {
			worst, worstOwn = i, own
		}
	}
	if keepLess(eOwn, worstOwn, e, list[worst]) {
		list[worst] = e
		if eOwn && !worstOwn {
			t.others--
		}
	}
}

// ownPlace reports whether a place is in the project's own code: by the
// role the pipeline stamped on it (the repository's classifier), or by
// its path where no role is known yet.
func ownPlace(e Evidence) bool {
	if e.Role != "" {
		return roles.Role(e.Role).Own()
	}
	return roles.ByPath(e.Path).Own()
}

// keepLess orders places for the cap: own code first, then Compare.
func keepLess(aOwn, bOwn bool, a, b Evidence) bool {
	if aOwn != bOwn {
		return aOwn
	}
	return evLess(a, b)
}

// sortEvidence sorts evidence in evLess order.
func sortEvidence(list []Evidence) {
	sort.Slice(list, func(i, j int) bool { return evLess(list[i], list[j]) })
}

func (t *Tally) addRepo(e Evidence) {
	t.Count++
	t.credit(e.Role, 1)
	t.keep(e, ownPlace(e))
}

// merge adds a file's tally into a repository tally.
func (t *Tally) merge(f *Tally) {
	if f.Count == 0 {
		return
	}
	t.Count += f.Count
	t.Files++
	// A file's occurrences share its role: the first location carries it.
	if len(f.Evidence) > 0 {
		t.credit(f.Evidence[0].Role, f.Count)
	}
	// A file's places share its path: its role is computed once.
	own, path := false, ""
	for i, e := range f.Evidence {
		if i == 0 || e.Path != path {
			own, path = ownPlace(e), e.Path
		}
		t.keep(e, own)
	}
}

func (t *Tally) finish() {
	sortEvidence(t.Evidence)
	// A summary owns its split: the aggregator may go on counting.
	t.Roles = maps.Clone(t.Roles)
	if len(t.Roles) == 1 && t.Roles["source"] > 0 {
		t.Roles = nil
	}
}

// sortNames orders a list of names most counted first, then by name: the
// one order of every NameCount list, per file and in summaries.
func sortNames(list []NameCount) {
	sort.Slice(list, func(i, j int) bool {
		if list[i].Count != list[j].Count {
			return list[i].Count > list[j].Count
		}
		return list[i].Name < list[j].Name
	})
}

// nameCounts turns counters into a sorted list of at most limit names (all
// when limit is 0).
func nameCounts(m map[string]int, limit int) []NameCount {
	out := make([]NameCount, 0, len(m))
	for k, v := range m {
		out = append(out, NameCount{Name: k, Count: v})
	}
	sortNames(out)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

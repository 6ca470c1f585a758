package history

import (
	"sort"
	"strings"
	"time"
)

// Cached is a RepoHistory whole, for a results cache: its exported
// figures, the file dates that FileDates reads, and the span of "now" over
// which Analyze gives the same result.
type Cached struct {
	History     *RepoHistory            `json:"history"`
	FileDates   map[string][2]time.Time `json:"file_dates"`
	AllMeasured bool                    `json:"all_measured"`
	// FileLines are the lines added per path, theirs and everyone's.
	FileLines map[string][2]int `json:"file_lines,omitempty"`
	Stable    NowSpan           `json:"stable"`
}

// CachedCarries names the unexported fields of RepoHistory that Cached
// carries beside it; a field added there and not here fails the
// fingerprint of the cached type, so it cannot be dropped in silence.
var CachedCarries = map[string]bool{
	"github.com/pyscout/pyscout/analyzer/history.RepoHistory.fileDates":   true,
	"github.com/pyscout/pyscout/analyzer/history.RepoHistory.allMeasured": true,
	"github.com/pyscout/pyscout/analyzer/history.RepoHistory.stable":      true,
	"github.com/pyscout/pyscout/analyzer/history.RepoHistory.budgetCut":   true,
	"github.com/pyscout/pyscout/analyzer/history.RepoHistory.fileLines":   true,
}

// NowSpan bounds the "now" for which a history's figures hold: no walked
// commit is dated between the now it was computed for and another now
// within the span, nor within a day after either (the cut for dates in
// the future). A nil bound is open.
type NowSpan struct {
	// After and Before bound now: After <= now < Before.
	After  *time.Time `json:"after,omitempty"`
	Before *time.Time `json:"before,omitempty"`
	// FutureAfter and FutureBefore bound now+24h the same way.
	FutureAfter  *time.Time `json:"future_after,omitempty"`
	FutureBefore *time.Time `json:"future_before,omitempty"`
}

// Holds reports whether now lies in the span.
func (s NowSpan) Holds(now time.Time) bool {
	in := func(t time.Time, after, before *time.Time) bool {
		return (after == nil || !t.Before(*after)) && (before == nil || t.Before(*before))
	}
	return in(now, s.After, s.Before) && in(now.Add(24*time.Hour), s.FutureAfter, s.FutureBefore)
}

// stableSpan is the NowSpan of a history computed at now from the author
// dates: the figures depend on now only through which dates lie after now
// (the window's end) and after now+24h (dates in the future are bad).
func stableSpan(dates []time.Time, now time.Time) NowSpan {
	var s NowSpan
	around := func(at time.Time, after, before **time.Time) {
		for _, d := range dates {
			d := d
			if !d.After(at) {
				if *after == nil || d.After(**after) {
					*after = &d
				}
			} else if *before == nil || d.Before(**before) {
				*before = &d
			}
		}
	}
	around(now, &s.After, &s.Before)
	around(now.Add(24*time.Hour), &s.FutureAfter, &s.FutureBefore)
	return s
}

// ToCache returns h whole for a results cache, and whether it may be
// cached at all: a history whose line counting ran out of its time budget
// depends on the machine's load, and is not.
func (h *RepoHistory) ToCache() (Cached, bool) {
	c := Cached{History: h, AllMeasured: h.allMeasured, Stable: h.stable, FileDates: make(map[string][2]time.Time, len(h.fileDates))}
	for f, s := range h.fileDates {
		c.FileDates[f] = [2]time.Time{s.first, s.last}
	}
	if len(h.fileLines) > 0 {
		c.FileLines = make(map[string][2]int, len(h.fileLines))
		for f, n := range h.fileLines {
			c.FileLines[f] = [2]int{n.theirs, n.all}
		}
	}
	return c, !h.budgetCut
}

// Restore returns the history c holds as computed for now, and false when
// now lies outside the span where the figures hold. The window's end is
// now; the caller keys entries by everything else, the window's start
// included.
func (c Cached) Restore(now time.Time) (*RepoHistory, bool) {
	if c.History == nil || !c.Stable.Holds(now) {
		return nil, false
	}
	h := *c.History
	h.Window = NewWindow(now, h.Window.Weeks)
	h.allMeasured, h.stable = c.AllMeasured, c.Stable
	h.fileDates = make(map[string]dateSpan, len(c.FileDates))
	for f, s := range c.FileDates {
		h.fileDates[f] = dateSpan{first: s[0], last: s[1]}
	}
	h.fileLines = nil
	if len(c.FileLines) > 0 {
		h.fileLines = make(map[string]fileAdded, len(c.FileLines))
		for f, n := range c.FileLines {
			h.fileLines[f] = fileAdded{theirs: n[0], all: n[1]}
		}
	}
	return &h, true
}

// Key is the identity in a canonical form: the login and every known
// email and name with how it was learned, sorted. Two identities with one
// Key attribute every commit alike.
func (id *Identity) Key() string {
	var parts []string
	for e, k := range id.emails {
		parts = append(parts, "e\x00"+e+"\x00"+string(k))
	}
	for n, k := range id.names {
		parts = append(parts, "n\x00"+n+"\x00"+string(k))
	}
	sort.Strings(parts)
	return strings.ToLower(id.Login) + "\x01" + strings.Join(parts, "\x01")
}

// authorDates are the walked commits' author dates.
func (l *Log) authorDates() []time.Time {
	out := make([]time.Time, len(l.commits))
	for i := range l.commits {
		out[i] = l.commits[i].authorDate
	}
	return out
}

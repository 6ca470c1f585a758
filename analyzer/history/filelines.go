package history

// Per-file authorship, for the project briefs: the lines added to each
// path by the candidate and by everyone (bots left out), over the measured
// commits. Kept apart from the per-commit counting so that the stage's
// own figures do not depend on it.

// maxFileLinesPaths bounds the paths whose added lines are kept, so that
// a history of vendoring commits cannot grow the map without end.
const maxFileLinesPaths = 100_000

// fileAdded is the lines added to one path.
type fileAdded struct{ theirs, all int }

// addFileLines records one measured commit's lines per path.
func (h *RepoHistory) addFileLines(perFile map[string]int, theirs, bot bool) {
	if bot || len(perFile) == 0 {
		return
	}
	if h.fileLines == nil {
		h.fileLines = map[string]fileAdded{}
	}
	for p, n := range perFile {
		fa, ok := h.fileLines[p]
		if !ok && len(h.fileLines) >= maxFileLinesPaths {
			continue
		}
		fa.all += n
		if theirs {
			fa.theirs += n
		}
		h.fileLines[p] = fa
	}
}

// FileLines returns the lines the candidate and all people (bots left out)
// added to the file at path over the measured commits, named as each
// commit named it (a rename the diff paired counts under the new name).
// ok is false when no measured commit added a line to it. A nil history
// knows nothing.
func (h *RepoHistory) FileLines(path string) (theirs, all int, ok bool) {
	if h == nil {
		return 0, 0, false
	}
	fa, ok := h.fileLines[path]
	if !ok || fa.all == 0 {
		return 0, 0, false
	}
	return fa.theirs, fa.all, true
}

// Package evidence orders and bounds the lists of places (python.Evidence)
// that the stages after the parser attach to their facts, so that every
// stage shows the same first examples in the same order.
package evidence

import (
	"cmp"
	"slices"
	"strings"

	"github.com/pyscout/pyscout/analyzer/python"
)

// Compare orders places by file path, then notebook cell, then first and
// last line: the order a reader walks a repository in.
func Compare(a, b python.Evidence) int {
	return cmp.Or(
		strings.Compare(a.Path, b.Path),
		cmp.Compare(a.Cell, b.Cell),
		cmp.Compare(a.Line, b.Line),
		cmp.Compare(a.EndLine, b.EndLine),
	)
}

// First sorts list by place (Compare) in place, keeping equal places in
// their order, and returns its first n.
func First(list []python.Evidence, n int) []python.Evidence {
	slices.SortStableFunc(list, Compare)
	if len(list) > n {
		list = list[:n]
	}
	return list
}

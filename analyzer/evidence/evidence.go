// Package evidence orders and bounds the lists of places (python.Evidence)
// that the stages after the parser attach to their facts, so that every
// stage shows the same first examples in the same order.
package evidence

import (
	"slices"

	"github.com/pyscout/pyscout/analyzer/python"
)

// First sorts list by place (python.Evidence.Compare, the parser's own
// order) in place, keeping equal places in their order, and returns its
// first n.
func First(list []python.Evidence, n int) []python.Evidence {
	slices.SortStableFunc(list, python.Evidence.Compare)
	if len(list) > n {
		list = list[:n]
	}
	return list
}

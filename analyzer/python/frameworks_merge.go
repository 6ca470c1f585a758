package python

// frameworkAgg: framework facts summed over a set of files.

import (
	"slices"
	"unsafe"
)

// frameworkAgg sums per-file Frameworks into a summary; frameworksPlan
// merges every exported field, the pydantic models are merged by hand.
type frameworkAgg struct {
	sum      Frameworks
	names    []map[string]int // per name list of frameworksPlan: name -> count
	pydantic Tally
}

func (a *frameworkAgg) add(f *Frameworks) {
	if f == nil {
		return
	}
	a.pydantic.merge(&f.pydantic)
	if a.names == nil {
		a.names = frameworksPlan.newNames()
	}
	frameworksPlan.merge(unsafe.Pointer(&a.sum), unsafe.Pointer(f), a.names)
}

// facts returns the summary; nil when no file used any framework.
func (a *frameworkAgg) facts() *Frameworks {
	if !frameworksPlan.anyPointer(unsafe.Pointer(&a.sum)) {
		return nil
	}
	out := a.sum
	frameworksPlan.snapshot(unsafe.Pointer(&out), a.names)
	if out.FastAPI != nil {
		p := a.pydantic
		p.Evidence = slices.Clone(p.Evidence)
		p.finish()
		out.FastAPI.PydanticModels = p
	}
	return &out
}

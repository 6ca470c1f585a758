package python

// The merge of per-file facts into summaries, derived from the types.

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"unsafe"
)

// Merging per-file facts into per-repository facts is derived from the
// types, so that a counter added to a fact type is merged without another
// edit: a hand-kept list of fields once dropped a new counter silently.
//
// A mergePlan is compiled once per pair of types, at package
// initialisation, by reflection over the exported fields of the source
// type. Each field must be, at any depth:
//   - a Tally: counts summed, Files incremented when the file has any,
//     evidence kept as the least MaxEvidencePerRepo locations;
//   - an int: summed;
//   - a []NameCount: counts summed by name, sorted and cut to
//     maxMergedNames when the summary is taken;
//   - a struct or a pointer to a struct: merged field by field (a nil
//     pointer in the file leaves the summary as it is);
//   - or tagged `merge:"-"`, for a field that the aggregator fills by hand
//     (say why beside the field).
//
// The summary type must have a field of the same name and type for each
// (nested structs may differ in type, their fields are matched by name
// again). Any other field panics at initialisation, so a new kind of
// counter fails every test of the package until the plan knows how to
// merge it. Unexported fields are internal state and are skipped.
//
// The plan holds field offsets, so merging costs no reflection per field.
// This was chosen over generated code because there is no generator to
// keep in step and no generated file to review, and because it allocates
// less than the hand-written lists it replaced, which built a slice of
// pointers per merge (see BenchmarkAggregateRepo).

// maxMergedNames bounds the name lists of a summary.
const maxMergedNames = 20

// Kinds of merge steps.
const (
	stepTally uint8 = iota
	stepInt
	stepNames
	stepPointer
)

// mergeStep merges one field, at byte offsets dst and src from the start
// of the summary and file structs.
type mergeStep struct {
	kind     uint8
	dst, src uintptr
	// names is the index of a stepNames field's counters in the
	// aggregator's name maps.
	names int
	// elem and sub are a stepPointer field's pointee type and plan.
	elem reflect.Type
	sub  *mergePlan
}

// mergePlan merges a file struct into a summary struct.
type mergePlan struct {
	steps []mergeStep
	// names is the number of name lists, in sub-plans too.
	names int
	// dst and src name the types, for messages.
	dst, src reflect.Type
}

var (
	typeTally     = reflect.TypeFor[Tally]()
	typeNameCount = reflect.TypeFor[[]NameCount]()
)

// mustPlan compiles the plan merging a Src into a Dst; it panics on a
// field it cannot merge.
func mustPlan[Dst, Src any]() *mergePlan {
	p, err := compilePlan(reflect.TypeFor[Dst](), reflect.TypeFor[Src]())
	if err != nil {
		panic(err)
	}
	return p
}

func compilePlan(dst, src reflect.Type) (*mergePlan, error) {
	p := &mergePlan{dst: dst, src: src}
	names := 0
	if err := p.add(dst, src, 0, 0, &names); err != nil {
		return nil, err
	}
	p.names = names
	return p, nil
}

// add appends the steps merging the struct type src at offset srcOff into
// dst at dstOff; nested structs are flattened into p.
func (p *mergePlan) add(dst, src reflect.Type, dstOff, srcOff uintptr, names *int) error {
	for i := range src.NumField() {
		sf := src.Field(i)
		if !sf.IsExported() || sf.Tag.Get("merge") == "-" {
			continue
		}
		df, ok := dst.FieldByName(sf.Name)
		if !ok || len(df.Index) != 1 {
			return fmt.Errorf("python: merging %s into %s: %s has no field %s to merge it into", src, dst, dst, sf.Name)
		}
		do, so := dstOff+df.Offset, srcOff+sf.Offset
		kind := sf.Type.Kind()
		switch {
		case sf.Type == typeTally, sf.Type == typeNameCount, kind == reflect.Int:
			if df.Type != sf.Type {
				return fmt.Errorf("python: merging %s into %s: field %s is a %s, not a %s", src, dst, sf.Name, df.Type, sf.Type)
			}
			s := mergeStep{kind: stepInt, dst: do, src: so}
			switch sf.Type {
			case typeTally:
				s.kind = stepTally
			case typeNameCount:
				s.kind, s.names = stepNames, *names
				*names++
			}
			p.steps = append(p.steps, s)
		case kind == reflect.Struct && df.Type.Kind() == reflect.Struct:
			if err := p.add(df.Type, sf.Type, do, so, names); err != nil {
				return err
			}
		case kind == reflect.Pointer && sf.Type.Elem().Kind() == reflect.Struct && df.Type.Kind() == reflect.Pointer &&
			df.Type.Elem().Kind() == reflect.Struct:
			sub := &mergePlan{dst: df.Type.Elem(), src: sf.Type.Elem()}
			if err := sub.add(df.Type.Elem(), sf.Type.Elem(), 0, 0, names); err != nil {
				return err
			}
			p.steps = append(p.steps, mergeStep{kind: stepPointer, dst: do, src: so, elem: df.Type.Elem(), sub: sub})
		default:
			return fmt.Errorf("python: merging %s into %s: cannot merge field %s of type %s (teach tally_merge.go, or tag it merge:\"-\" and merge it by hand)", src, dst, sf.Name, sf.Type)
		}
	}
	return nil
}

// newNames returns the name counters an aggregator keeps for p.
func (p *mergePlan) newNames() []map[string]int { return make([]map[string]int, p.names) }

// merge adds the file struct at src into the summary struct at dst; names
// are the summary's name counters (from newNames).
func (p *mergePlan) merge(dst, src unsafe.Pointer, names []map[string]int) {
	for i := range p.steps {
		s := &p.steps[i]
		d, f := unsafe.Add(dst, s.dst), unsafe.Add(src, s.src)
		switch s.kind {
		case stepTally:
			(*Tally)(d).merge((*Tally)(f))
		case stepInt:
			*(*int)(d) += *(*int)(f)
		case stepNames:
			list := *(*[]NameCount)(f)
			if len(list) == 0 {
				continue
			}
			m := names[s.names]
			if m == nil {
				m = map[string]int{}
				names[s.names] = m
			}
			for _, nc := range list {
				m[nc.Name] += nc.Count
			}
		case stepPointer:
			fp := *(*unsafe.Pointer)(f)
			if fp == nil {
				continue
			}
			dp := (*unsafe.Pointer)(d)
			if *dp == nil {
				*dp = reflect.New(s.elem).UnsafePointer()
			}
			s.sub.merge(*dp, fp, names)
		}
	}
}

// snapshot turns the shallow copy at dst of a summary into one that shares
// nothing with the aggregator, so that the aggregator stays usable: it
// copies the structs behind pointers and the evidence (sorted), and fills
// the name lists from names.
func (p *mergePlan) snapshot(dst unsafe.Pointer, names []map[string]int) {
	for i := range p.steps {
		s := &p.steps[i]
		d := unsafe.Add(dst, s.dst)
		switch s.kind {
		case stepTally:
			t := (*Tally)(d)
			t.Evidence = slices.Clone(t.Evidence)
			t.Roles = maps.Clone(t.Roles)
			t.finish()
		case stepNames:
			*(*[]NameCount)(d) = nameCounts(names[s.names], maxMergedNames)
		case stepPointer:
			dp := (*unsafe.Pointer)(d)
			if *dp == nil {
				continue
			}
			c := reflect.New(s.elem)
			c.Elem().Set(reflect.NewAt(s.elem, *dp).Elem())
			*dp = c.UnsafePointer()
			s.sub.snapshot(*dp, names)
		}
	}
}

// tallies calls fn with each Tally of the struct at v, in field order,
// behind non-nil pointers too.
func (p *mergePlan) tallies(v unsafe.Pointer, fn func(*Tally)) {
	for i := range p.steps {
		s := &p.steps[i]
		f := unsafe.Add(v, s.src)
		switch s.kind {
		case stepTally:
			fn((*Tally)(f))
		case stepPointer:
			if fp := *(*unsafe.Pointer)(f); fp != nil {
				s.sub.tallies(fp, fn)
			}
		}
	}
}

// nameLists calls fn with each name list of the struct at v, behind
// non-nil pointers too.
func (p *mergePlan) nameLists(v unsafe.Pointer, fn func(*[]NameCount)) {
	for i := range p.steps {
		s := &p.steps[i]
		f := unsafe.Add(v, s.src)
		switch s.kind {
		case stepNames:
			fn((*[]NameCount)(f))
		case stepPointer:
			if fp := *(*unsafe.Pointer)(f); fp != nil {
				s.sub.nameLists(fp, fn)
			}
		}
	}
}

// anyPointer tells whether a pointer field of the struct at v is set.
func (p *mergePlan) anyPointer(v unsafe.Pointer) bool {
	for i := range p.steps {
		if s := &p.steps[i]; s.kind == stepPointer && *(*unsafe.Pointer)(unsafe.Add(v, s.src)) != nil {
			return true
		}
	}
	return false
}

// eachTally calls fn with each Tally of the struct v points to, nested
// structs and non-nil pointers to structs included, in field order. It is
// for facts built at repository level (OOPFacts), which have no merge
// plan, and for tests.
func eachTally(v any, fn func(*Tally)) {
	var walk func(reflect.Value)
	walk = func(s reflect.Value) {
		for i := range s.NumField() {
			f := s.Field(i)
			switch {
			case !s.Type().Field(i).IsExported():
			case f.Type() == typeTally:
				fn(f.Addr().Interface().(*Tally))
			case f.Kind() == reflect.Struct:
				walk(f)
			case f.Kind() == reflect.Pointer && f.Type().Elem().Kind() == reflect.Struct && !f.IsNil():
				walk(f.Elem())
			}
		}
	}
	walk(reflect.ValueOf(v).Elem())
}

// jsonNames returns the JSON names of the fields of the struct type t.
func jsonNames(t reflect.Type) []string {
	out := make([]string, 0, t.NumField())
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		out = append(out, name)
	}
	return out
}

// Plans for every fact family merged from files. Compiled at
// initialisation, so a field they cannot merge fails every test.
var (
	featuresPlan   = mustPlan[Features, Features]()
	testsPlan      = mustPlan[TestSummary, TestFacts]()
	frameworksPlan = mustPlan[Frameworks, Frameworks]()
	python2Plan    = mustPlan[Python2, Python2]()
	mockingPlan    = mustPlan[Mocking, Mocking]()
)

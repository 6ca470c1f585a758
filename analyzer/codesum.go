package analyzer

import (
	"cmp"
	"reflect"
	"slices"
	"strings"

	"github.com/pyscout/pyscout/analyzer/count"
	"github.com/pyscout/pyscout/analyzer/python"
)

// The decimals of the function statistics' ratios and means, as the
// parser gives them for one repository (python's aggregation), so that the
// candidate's figures read like each repository's.
const (
	hintRatioDecimals      = 3
	complexityMeanDecimals = 2
	lengthMeanDecimals     = 1
)

// sumCode adds up the Python facts of the analysed repositories, notebook
// code included, into the candidate's: every count adds (a tally's count
// and files too), a maximum (a field named *_max or max_*) takes the
// largest, and the ratios and means are computed again from their parts,
// the means weighted by the functions behind them, and the lists of name
// counts (dunder methods, decorators) add by name. Other lists
// (evidence, libraries, modules, examples) are not summed, since a place
// means nothing without its repository: they stay in each repository's
// facts, and are empty here.
//
// The sum is derived from the type by reflection, so that a counter added
// to python.CodeFacts is summed without a list to keep.
func sumCode(repos []RepoFacts) python.CodeFacts {
	var sum python.CodeFacts
	var complexity, length float64 // mean * functions
	dst := reflect.ValueOf(&sum).Elem()
	for i := range repos {
		for _, cf := range []*python.CodeFacts{&repos[i].Python.CodeFacts, repos[i].Python.NotebookCode} {
			if cf == nil {
				continue
			}
			addCounts(dst, reflect.ValueOf(cf).Elem())
			complexity += cf.FunctionStats.ComplexityMean * float64(cf.Functions)
			length += cf.FunctionStats.LengthMean * float64(cf.Functions)
		}
	}
	fs := &sum.FunctionStats
	fs.ParamHintRatio = count.Ratio(fs.AnnotatedParams, fs.Params, hintRatioDecimals)
	fs.ReturnHintRatio = count.Ratio(fs.AnnotatedReturns, sum.Functions, hintRatioDecimals)
	fs.DocstringRatio = count.Ratio(fs.Docstrings, sum.Functions, hintRatioDecimals)
	if sum.Functions > 0 {
		fs.ComplexityMean = count.Round(complexity/float64(sum.Functions), complexityMeanDecimals)
		fs.LengthMean = count.Round(length/float64(sum.Functions), lengthMeanDecimals)
	}
	emptyLists(dst)
	return sum
}

var (
	tallyType      = reflect.TypeOf(python.Tally{})
	nameCountsType = reflect.TypeOf([]python.NameCount(nil))
)

// addCounts adds src's numbers into dst, field by field.
func addCounts(dst, src reflect.Value) {
	t := dst.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		d, s := dst.Field(i), src.Field(i)
		switch {
		case f.Type == tallyType:
			addRoles(d.FieldByName("Roles"), s.FieldByName("Roles"), d.FieldByName("Count").Int(), s.FieldByName("Count").Int())
			d.FieldByName("Count").SetInt(d.FieldByName("Count").Int() + s.FieldByName("Count").Int())
			d.FieldByName("Files").SetInt(d.FieldByName("Files").Int() + s.FieldByName("Files").Int())
		case f.Type == nameCountsType:
			d.Set(reflect.ValueOf(addNameCounts(d.Interface().([]python.NameCount), s.Interface().([]python.NameCount))))
		case f.Type.Kind() == reflect.Struct:
			addCounts(d, s)
		case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct:
			if s.IsNil() {
				continue
			}
			if d.IsNil() {
				d.Set(reflect.New(f.Type.Elem()))
			}
			addCounts(d.Elem(), s.Elem())
		case f.Type.Kind() == reflect.Int:
			if isMaximum(f) {
				d.SetInt(max(d.Int(), s.Int()))
			} else {
				d.SetInt(d.Int() + s.Int())
			}
		}
	}
}

// addRoles adds a repository tally's split by role (src, of srcCount
// occurrences) into the profile's (dst, of dstCount so far). A tally
// whose occurrences are all in source omits its split, so the profile's
// split appears with the first repository that has one, with what came
// before credited to source, and stays omitted while all is source.
func addRoles(dst, src reflect.Value, dstCount, srcCount int64) {
	if src.Len() == 0 {
		if !dst.IsNil() && srcCount > 0 {
			dst.Interface().(map[string]int)["source"] += int(srcCount)
		}
		return
	}
	if dst.IsNil() {
		m := map[string]int{}
		if dstCount > 0 {
			m["source"] = int(dstCount)
		}
		dst.Set(reflect.ValueOf(m))
	}
	m := dst.Interface().(map[string]int)
	for role, n := range src.Interface().(map[string]int) {
		m[role] += n
	}
}

// addNameCounts adds b's counts into a's by name, most frequent first,
// then by name, as the parser orders them.
func addNameCounts(a, b []python.NameCount) []python.NameCount {
	if len(b) == 0 {
		return a
	}
	byName := make(map[string]int, len(a)+len(b))
	for _, list := range [][]python.NameCount{a, b} {
		for _, nc := range list {
			byName[nc.Name] += nc.Count
		}
	}
	out := make([]python.NameCount, 0, len(byName))
	for name, n := range byName {
		out = append(out, python.NameCount{Name: name, Count: n})
	}
	slices.SortFunc(out, func(x, y python.NameCount) int {
		return cmp.Or(cmp.Compare(y.Count, x.Count), strings.Compare(x.Name, y.Name))
	})
	return out
}

// isMaximum reports a field that holds a largest value, not a count.
func isMaximum(f reflect.StructField) bool {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return strings.HasSuffix(name, "_max") || strings.HasPrefix(name, "max_")
}

// emptyLists makes every list that JSON always writes an empty one rather
// than null, as each repository's facts write it.
func emptyLists(v reflect.Value) {
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		fv := v.Field(i)
		switch {
		case f.Type.Kind() == reflect.Slice:
			if fv.IsNil() && !strings.Contains(f.Tag.Get("json"), ",omitempty") {
				fv.Set(reflect.MakeSlice(f.Type, 0, 0))
			}
		case f.Type.Kind() == reflect.Struct:
			emptyLists(fv)
		case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct && !fv.IsNil():
			emptyLists(fv.Elem())
		}
	}
}

package python

import (
	"reflect"
	"slices"
	"testing"
)

// mergedByHand are the file-level fields the aggregators fill by hand
// rather than by summing field by field; each is checked on its own below.
var mergedByHand = map[string]bool{
	// Test framework signs become per-framework file counts.
	"TestFacts.Frameworks": true,
	// Filled in summaries from the unexported per-file pydantic tally.
	"FastAPIFacts.PydanticModels": true,
}

// factFiller sets every counter of a fact type to a distinct value, so
// that a merge that drops or swaps a field shows.
type factFiller struct {
	t    *testing.T
	next int
}

func (f *factFiller) value() int {
	f.next++
	return f.next
}

// fill walks the struct v points to. A field of a kind it does not know
// fails the test: a new kind of counter needs a rule here and in the merge.
func (f *factFiller) fill(v reflect.Value, path string) {
	f.t.Helper()
	v = v.Elem()
	typ := v.Type()
	for i := range typ.NumField() {
		sf := typ.Field(i)
		if !sf.IsExported() || mergedByHand[typ.Name()+"."+sf.Name] {
			continue
		}
		fv, p := v.Field(i), path+"."+sf.Name
		switch {
		case sf.Type == reflect.TypeFor[Tally]():
			fv.Set(reflect.ValueOf(Tally{Count: f.value(), Evidence: []Evidence{{Path: p, Line: f.value()}}}))
		case sf.Type == reflect.TypeFor[[]NameCount]():
			fv.Set(reflect.ValueOf([]NameCount{{Name: p, Count: f.value()}}))
		case sf.Type.Kind() == reflect.Int && sf.Name == "Files":
			fv.SetInt(1) // a file counts once
		case sf.Type.Kind() == reflect.Int:
			fv.SetInt(int64(f.value()))
		case sf.Type.Kind() == reflect.Struct:
			f.fill(fv.Addr(), p)
		case sf.Type.Kind() == reflect.Pointer && sf.Type.Elem().Kind() == reflect.Struct:
			fv.Set(reflect.New(sf.Type.Elem()))
			f.fill(fv, p)
		default:
			f.t.Fatalf("%s: no rule to fill a %s; teach the merge and this test", p, sf.Type)
		}
	}
}

// checkMerged checks that every counter of the file facts a and b (both
// pointers to the same struct type) arrived summed in sum, a pointer to
// the summary type, matching fields by name.
func checkMerged(t *testing.T, a, b, sum reflect.Value, path string) {
	t.Helper()
	if sum.IsNil() {
		t.Errorf("%s: missing from the summary", path)
		return
	}
	a, b, sum = a.Elem(), b.Elem(), sum.Elem()
	typ := a.Type()
	for i := range typ.NumField() {
		sf := typ.Field(i)
		if !sf.IsExported() || mergedByHand[typ.Name()+"."+sf.Name] {
			continue
		}
		p := path + "." + sf.Name
		df, ok := sum.Type().FieldByName(sf.Name)
		if !ok {
			t.Errorf("%s: %s has no field %s to merge it into", p, sum.Type(), sf.Name)
			continue
		}
		av, bv, sv := a.Field(i), b.Field(i), sum.FieldByIndex(df.Index)
		if sv.Type() != av.Type() {
			t.Errorf("%s: merged into a %s", p, sv.Type())
			continue
		}
		switch x := av.Addr().Interface().(type) {
		case *Tally:
			y, s := bv.Addr().Interface().(*Tally), sv.Addr().Interface().(*Tally)
			if s.Count != x.Count+y.Count || s.Files != 2 {
				t.Errorf("%s: count %d in %d files, want %d in 2", p, s.Count, s.Files, x.Count+y.Count)
			}
			for _, e := range append(slices.Clone(x.Evidence), y.Evidence...) {
				if !slices.Contains(s.Evidence, e) {
					t.Errorf("%s: evidence %+v lost", p, e)
				}
			}
		case *[]NameCount:
			y, s := bv.Addr().Interface().(*[]NameCount), sv.Addr().Interface().(*[]NameCount)
			want := map[string]int{}
			for _, nc := range append(slices.Clone(*x), *y...) {
				want[nc.Name] += nc.Count
			}
			for name, n := range want {
				if !slices.Contains(*s, NameCount{Name: name, Count: n}) {
					t.Errorf("%s: %s x%d lost: %+v", p, name, n, *s)
				}
			}
		case *int:
			if got, want := sv.Int(), av.Int()+bv.Int(); got != want {
				t.Errorf("%s: %d, want %d", p, got, want)
			}
		default:
			switch sf.Type.Kind() {
			case reflect.Struct:
				checkMerged(t, av.Addr(), bv.Addr(), sv.Addr(), p)
			case reflect.Pointer:
				checkMerged(t, av, bv, sv, p)
			default:
				t.Errorf("%s: no rule to check a %s", p, sf.Type)
			}
		}
	}
}

// TestEveryFileFactIsMerged is the guard against a counter that is added
// to a file-level fact type and silently dropped on the way to the
// repository: it fills every counter of two files' features, test facts
// and framework facts with distinct values, merges them the way the
// pipeline does, and checks that each counter arrived summed, in two
// files, with its evidence.
func TestEveryFileFactIsMerged(t *testing.T) {
	fl := &factFiller{t: t}
	files := make([]*FileFacts, 2)
	for i := range files {
		ff := &FileFacts{Path: "f" + string(rune('a'+i)) + ".py", Frameworks: &Frameworks{}}
		fl.fill(reflect.ValueOf(&ff.Features), "Features")
		fl.fill(reflect.ValueOf(&ff.Tests), "Tests")
		fl.fill(reflect.ValueOf(ff.Frameworks), "Frameworks")
		ff.Tests.Frameworks = []FrameworkSign{{Name: FrameworkPytest, Sign: SignImport, Evidence: Evidence{Path: ff.Path, Line: 1}}}
		ff.Frameworks.pydantic = Tally{Count: 1, Evidence: []Evidence{{Path: ff.Path, Line: 2}}}
		files[i] = ff
	}
	repo := AggregateRepo(files, RepoLayout{})
	checkMerged(t, reflect.ValueOf(&files[0].Features), reflect.ValueOf(&files[1].Features), reflect.ValueOf(&repo.Features), "Features")
	checkMerged(t, reflect.ValueOf(files[0].Frameworks), reflect.ValueOf(files[1].Frameworks), reflect.ValueOf(repo.Frameworks), "Frameworks")
	tests := SumTests(files, nil)
	checkMerged(t, reflect.ValueOf(&files[0].Tests), reflect.ValueOf(&files[1].Tests), reflect.ValueOf(&tests), "Tests")

	// The fields merged by hand.
	if got := tests.Frameworks; len(got) != 1 || got[0].Name != FrameworkPytest || got[0].Files != 2 || len(got[0].Evidence) != 2 {
		t.Errorf("Tests.Frameworks: %+v, want pytest in 2 files with 2 evidence", got)
	}
	if got := repo.Frameworks.FastAPI.PydanticModels; got.Count != 2 || got.Files != 2 || len(got.Evidence) != 2 {
		t.Errorf("FastAPI.PydanticModels: %+v, want the 2 files' pydantic models", got)
	}
}

// TestMergedByHandIsTagged checks that the fields the merge plans skip
// (tagged merge:"-") are exactly the ones TestEveryFileFactIsMerged checks
// by hand, so that tagging a field cannot hide it from the test.
func TestMergedByHandIsTagged(t *testing.T) {
	tagged := map[string]bool{}
	var walk func(reflect.Type)
	walk = func(typ reflect.Type) {
		for i := range typ.NumField() {
			sf := typ.Field(i)
			if sf.Tag.Get("merge") == "-" {
				tagged[typ.Name()+"."+sf.Name] = true
			}
			switch ft := sf.Type; {
			case ft.Kind() == reflect.Struct && ft != reflect.TypeFor[Tally]():
				walk(ft)
			case ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct:
				walk(ft.Elem())
			}
		}
	}
	for _, typ := range []reflect.Type{reflect.TypeFor[Features](), reflect.TypeFor[TestFacts](), reflect.TypeFor[Frameworks]()} {
		walk(typ)
	}
	if !reflect.DeepEqual(tagged, mergedByHand) {
		t.Errorf("fields tagged merge:\"-\" %v, checked by hand %v", tagged, mergedByHand)
	}
}

// TestMergePlanRefusesWhatItCannotMerge checks the guard that makes a new
// kind of counter fail at initialisation instead of vanishing.
func TestMergePlanRefusesWhatItCannotMerge(t *testing.T) {
	type withFloat struct{ Share float64 }
	type withMap struct{ ByName map[string]int }
	type fileSide struct {
		A Tally
		B Tally
	}
	type summarySide struct{ A Tally }
	type wrongType struct{ B int }
	type tagged struct {
		A Tally
		B Tally `merge:"-"`
	}
	for _, tt := range []struct {
		name     string
		dst, src reflect.Type
		ok       bool
	}{
		{"float", reflect.TypeFor[withFloat](), reflect.TypeFor[withFloat](), false},
		{"map", reflect.TypeFor[withMap](), reflect.TypeFor[withMap](), false},
		{"field missing in the summary", reflect.TypeFor[summarySide](), reflect.TypeFor[fileSide](), false},
		{"field of another type in the summary", reflect.TypeFor[wrongType](), reflect.TypeFor[fileSide](), false},
		{"field tagged as merged by hand", reflect.TypeFor[summarySide](), reflect.TypeFor[tagged](), true},
		{"same type", reflect.TypeFor[fileSide](), reflect.TypeFor[fileSide](), true},
	} {
		_, err := compilePlan(tt.dst, tt.src)
		if (err == nil) != tt.ok {
			t.Errorf("%s: err %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}

// TestMockLibrariesFollowMocking checks the names derived from the type
// against the JSON spelling the practices stage and reports rely on.
func TestMockLibrariesFollowMocking(t *testing.T) {
	want := []string{"unittest_mock", "pytest_mock", "monkeypatch", "responses", "respx", "vcr", "freezegun"}
	if !slices.Equal(MockLibraries, want) {
		t.Errorf("MockLibraries = %v, want %v", MockLibraries, want)
	}
	var m Mocking
	if got := m.Tallies(); len(got) != len(want) || got[0] != &m.UnittestMock || got[6] != &m.Freezegun {
		t.Errorf("Tallies() does not follow the fields of Mocking")
	}
}

package analyzer

import (
	"reflect"
	"sync"

	"github.com/pyscout/pyscout/analyzer/manifest"
	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/analyzer/roles"
)

var (
	typeEvidence         = reflect.TypeFor[python.Evidence]()
	typeManifestEvidence = reflect.TypeFor[manifest.Evidence]()
)

// stampRoles sets the Role of every python.Evidence and manifest.Evidence
// reachable from v (a pointer) to role(path). It walks the value by reflection so that a fact
// added later with evidence is stamped without another edit: a hand-kept
// list would drop the new one in silence. Types that cannot hold evidence
// are pruned once, so the walk costs little beyond the evidence itself.
func stampRoles(v any, role func(path string) roles.Role) {
	stampValue(reflect.ValueOf(v), role)
}

func stampValue(v reflect.Value, role func(string) roles.Role) {
	if !v.IsValid() || !holdsEvidence(v.Type()) {
		return
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			stampValue(v.Elem(), role)
		}
	case reflect.Struct:
		switch v.Type() {
		case typeEvidence:
			if v.CanSet() {
				ev := v.Addr().Interface().(*python.Evidence)
				ev.Role = string(role(ev.Path))
			}
			return
		case typeManifestEvidence:
			if v.CanSet() {
				ev := v.Addr().Interface().(*manifest.Evidence)
				ev.Role = string(role(ev.Path))
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				stampValue(v.Field(i), role)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			stampValue(v.Index(i), role)
		}
	case reflect.Map:
		// Map values are not addressable: stamp a copy and put it back.
		it := v.MapRange()
		for it.Next() {
			cp := reflect.New(it.Value().Type()).Elem()
			cp.Set(it.Value())
			stampValue(cp, role)
			v.SetMapIndex(it.Key(), cp)
		}
	}
}

// evidenceHolders caches, per type, whether a value of it can reach an
// Evidence. Types are finite, so the cache is bounded.
var (
	evidenceHoldersMu sync.Mutex
	evidenceHolders   = map[reflect.Type]bool{}
)

// evidenceHoldersDone is the settled part of evidenceHolders, read
// without a lock: every file's facts are stamped, on every parser
// goroutine, and a mutex per value visited cost more than the stamp.
var evidenceHoldersDone sync.Map // reflect.Type -> bool

func holdsEvidence(t reflect.Type) bool {
	if h, ok := evidenceHoldersDone.Load(t); ok {
		return h.(bool)
	}
	evidenceHoldersMu.Lock()
	defer evidenceHoldersMu.Unlock()
	h := holdsEvidenceLocked(t)
	evidenceHoldersDone.Store(t, h)
	return h
}

func holdsEvidenceLocked(t reflect.Type) bool {
	if h, ok := evidenceHolders[t]; ok {
		return h
	}
	evidenceHolders[t] = false // breaks cycles; set below
	h := false
	switch t.Kind() {
	case reflect.Struct:
		if t == typeEvidence || t == typeManifestEvidence {
			h = true
			break
		}
		for i := range t.NumField() {
			if f := t.Field(i); f.IsExported() && holdsEvidenceLocked(f.Type) {
				h = true
			}
		}
	case reflect.Pointer, reflect.Slice, reflect.Array:
		h = holdsEvidenceLocked(t.Elem())
	case reflect.Map:
		h = holdsEvidenceLocked(t.Elem())
	case reflect.Interface:
		h = true
	}
	evidenceHolders[t] = h
	return h
}

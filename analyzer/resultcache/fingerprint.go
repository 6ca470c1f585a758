package resultcache

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// Fingerprint describes the shape of the Go types of cached values (every
// field's name, type and tag, recursively) and hashes it, so that a key
// made with it changes when a field is added, renamed, retyped or
// retagged: entries written by a build whose facts had another shape are
// never read. It refuses shapes the encoding would not carry whole: an
// unexported field (JSON drops it), unless named in carried as
// "pkgpath.Type.field" because the value's own encoding carries it, and
// interfaces, functions and channels.
func Fingerprint(carried map[string]bool, types ...reflect.Type) (string, error) {
	var b strings.Builder
	seen := map[reflect.Type]bool{}
	for _, t := range types {
		if err := describe(&b, t, seen, carried); err != nil {
			return "", err
		}
		b.WriteByte('\n')
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:]), nil
}

// checkShadowed refuses an embedded struct one of whose fields JSON hides
// behind a field of the same name in the outer struct: encoding/json
// drops the embedded one. carried["pkgpath.Type.Embedded"] says the
// embedded struct is carried beside it.
func checkShadowed(t reflect.Type, name string, carried map[string]bool) error {
	outer := map[string]bool{}
	for i := range t.NumField() {
		if f := t.Field(i); f.IsExported() && !(f.Anonymous && jsonName(f) == "") {
			outer[jsonNameOr(f)] = true
		}
	}
	for i := range t.NumField() {
		f := t.Field(i)
		et := f.Type
		if et.Kind() == reflect.Pointer {
			et = et.Elem()
		}
		if !f.Anonymous || jsonName(f) != "" || et.Kind() != reflect.Struct || carried[name+"."+f.Name] {
			continue
		}
		for j := range et.NumField() {
			if g := et.Field(j); g.IsExported() && outer[jsonNameOr(g)] {
				return fmt.Errorf("results cache: %s.%s is hidden from JSON by %s.%s: carry the embedded %s beside it", et.Name(), g.Name, name, jsonNameOr(g), f.Name)
			}
		}
	}
	return nil
}

// jsonName is the name a field's json tag gives, "" when none.
func jsonName(f reflect.StructField) string {
	n, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return n
}

func jsonNameOr(f reflect.StructField) string {
	if n := jsonName(f); n != "" {
		return n
	}
	return f.Name
}

var marshaler = reflect.TypeFor[json.Marshaler]()

func describe(b *strings.Builder, t reflect.Type, seen map[reflect.Type]bool, carried map[string]bool) error {
	name := t.PkgPath() + "." + t.Name()
	if t.Name() != "" && seen[t] {
		// Named once in full; later (and recursive) uses by name only.
		b.WriteString(name)
		return nil
	}
	if t.Name() != "" {
		seen[t] = true
		b.WriteString(name)
		b.WriteByte('=')
	}
	if t.Kind() != reflect.Pointer && (t.Implements(marshaler) || reflect.PointerTo(t).Implements(marshaler)) {
		// The type encodes itself (time.Time): its name stands for its shape.
		b.WriteString("(marshals itself)")
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		b.WriteByte('*')
		return describe(b, t.Elem(), seen, carried)
	case reflect.Slice:
		b.WriteString("[]")
		return describe(b, t.Elem(), seen, carried)
	case reflect.Array:
		fmt.Fprintf(b, "[%d]", t.Len())
		return describe(b, t.Elem(), seen, carried)
	case reflect.Map:
		b.WriteString("map[")
		if err := describe(b, t.Key(), seen, carried); err != nil {
			return err
		}
		b.WriteByte(']')
		return describe(b, t.Elem(), seen, carried)
	case reflect.Struct:
		if err := checkShadowed(t, name, carried); err != nil {
			return err
		}
		b.WriteString("struct{")
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || f.Tag.Get("json") == "-" {
				if !carried[name+"."+f.Name] {
					return fmt.Errorf("results cache: %s.%s is unexported or untagged for JSON: the encoding would drop it", name, f.Name)
				}
				fmt.Fprintf(b, "%s(carried);", f.Name)
				continue
			}
			fmt.Fprintf(b, "%s %q ", f.Name, f.Tag)
			if f.Anonymous {
				b.WriteString("embedded ")
			}
			if err := describe(b, f.Type, seen, carried); err != nil {
				return err
			}
			b.WriteByte(';')
		}
		b.WriteByte('}')
		return nil
	case reflect.Interface, reflect.Func, reflect.Chan, reflect.UnsafePointer, reflect.Uintptr, reflect.Complex64, reflect.Complex128:
		return fmt.Errorf("results cache: %s (%s) cannot be cached", name, t.Kind())
	default:
		b.WriteString(t.Kind().String())
		return nil
	}
}

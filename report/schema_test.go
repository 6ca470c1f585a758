package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	invopop "github.com/invopop/jsonschema"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaPath is the published JSON Schema of the JSON report (absolute,
// since generateSchema changes directory).
var schemaPath = func() string {
	p, err := filepath.Abs(filepath.Join("..", "docs", "report.schema.json"))
	if err != nil {
		panic(err)
	}
	return p
}()

// schemaID is the schema's canonical address.
const schemaID = "https://github.com/pyscout/pyscout/blob/main/docs/report.schema.json"

// The schema is generated from the Go types the JSON renderer encodes (and
// their doc comments), so that it cannot drift from what pyscout writes;
// the file in docs/ is the reviewed copy. When a field is added, run
//
//	go test ./report -run TestSchemaFileIsCurrent -update
//
// and review the diff: an added property is fine, a renamed or removed
// one needs a schema_version bump.
func TestSchemaFileIsCurrent(t *testing.T) {
	got := generateSchema(t)
	if *update {
		if err := os.WriteFile(schemaPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatalf("%v (run: go test ./report -run TestSchemaFileIsCurrent -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is not what the Go types say the report holds: run\n\tgo test ./report -run TestSchemaFileIsCurrent -update\nand review the diff\n%s",
			schemaPath, firstDifference(string(want), string(got)))
	}
}

// TestReportsMatchSchema validates every fixture's JSON report against the
// published schema, and against a strict copy that allows no property the
// schema does not describe (so nothing is written that is not documented).
func TestReportsMatchSchema(t *testing.T) {
	published, strict := compileSchemas(t)
	for _, f := range fixtures(t) {
		var buf bytes.Buffer
		if err := (JSON{}).Render(&buf, f.report); err != nil {
			t.Fatal(err)
		}
		validateJSON(t, f.name, published, buf.Bytes())
		validateJSON(t, f.name+" (strict)", strict, buf.Bytes())
	}
}

// TestSchemaRejectsBrokenReports makes sure the schema is not vacuous.
func TestSchemaRejectsBrokenReports(t *testing.T) {
	published, _ := compileSchemas(t)
	var buf bytes.Buffer
	if err := (JSON{}).Render(&buf, fixtures(t)[0].report); err != nil {
		t.Fatal(err)
	}
	good := buf.String()
	for name, edit := range map[string]func(map[string]any){
		"wrong version":      func(m map[string]any) { m["schema_version"] = 2 },
		"no repos":           func(m map[string]any) { delete(m, "repos") },
		"unknown source":     func(m map[string]any) { m["source"] = "gitlab" },
		"repos not an array": func(m map[string]any) { m["repos"] = map[string]any{} },
		"bad date":           func(m map[string]any) { m["generated_at"] = "yesterday" },
		"commit is a number": func(m map[string]any) { m["repos"].([]any)[0].(map[string]any)["commit"] = 42 },
		"question lacks text": func(m map[string]any) {
			delete(m["questions"].([]any)[0].(map[string]any), "text")
		},
	} {
		var m map[string]any
		if err := json.Unmarshal([]byte(good), &m); err != nil {
			t.Fatal(err)
		}
		edit(m)
		if err := published.Validate(m); err == nil {
			t.Errorf("%s: the schema accepts a broken report", name)
		}
	}
}

func compileSchemas(t *testing.T) (published, strict *jsonschema.Schema) {
	t.Helper()
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	compile := func(doc any) *jsonschema.Schema {
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		if err := c.AddResource(schemaID, doc); err != nil {
			t.Fatal(err)
		}
		s, err := c.Compile(schemaID)
		if err != nil {
			t.Fatalf("compile %s: %v", schemaPath, err)
		}
		return s
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	published = compile(doc)
	strictDoc, _ := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	closeObjects(strictDoc)
	return published, compile(strictDoc)
}

// closeObjects forbids undeclared properties in every object schema.
func closeObjects(v any) {
	switch x := v.(type) {
	case map[string]any:
		if _, ok := x["properties"]; ok {
			if _, set := x["additionalProperties"]; !set {
				x["additionalProperties"] = false
			}
		}
		for _, child := range x {
			closeObjects(child)
		}
	case []any:
		for _, child := range x {
			closeObjects(child)
		}
	}
}

func validateJSON(t *testing.T, name string, s *jsonschema.Schema, data []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: not JSON: %v", name, err)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("%s: the report does not match %s:\n%v", name, schemaPath, err)
	}
}

// generateSchema reflects the JSON report's Go types into a draft 2020-12
// schema, with the types' doc comments as descriptions.
func generateSchema(t *testing.T) []byte {
	t.Helper()
	r := &invopop.Reflector{
		AllowAdditionalProperties: true,
		ExpandedStruct:            true,
		Anonymous:                 true,
	}
	// Comments are keyed by import path, which AddGoComments derives from
	// paths relative to the module root.
	t.Chdir("..")
	for _, dir := range []string{"analyzer", "rules"} {
		if err := r.AddGoComments("github.com/pyscout/pyscout", dir); err != nil {
			t.Fatal(err)
		}
	}
	names := map[string]reflect.Type{}
	r.Namer = func(typ reflect.Type) string {
		// Package-qualified, so that python.RepoCode and
		// analyzer.RepoFacts never share a definition.
		pkg := typ.PkgPath()
		if pkg == "" || typ.Name() == "" {
			return typ.Name()
		}
		name := pkg[strings.LastIndex(pkg, "/")+1:] + "." + typ.Name()
		names[name] = typ
		return name
	}
	s := r.Reflect(jsonDocument{})
	s.Version = "https://json-schema.org/draft/2020-12/schema"
	s.ID = schemaID
	s.Title = "pyscout JSON report"
	s.Description = "The report `pyscout analyze USER --format json` and `pyscout inspect ... --format json` print (schema_version 1; see docs/json-report.md). Fields are added over time without a version bump, so consumers should ignore properties they do not know."
	prop := func(in *invopop.Schema, name string) *invopop.Schema {
		if ref, ok := strings.CutPrefix(in.Ref, "#/$defs/"); ok {
			in = s.Definitions[ref]
		}
		p, ok := in.Properties.Get(name)
		if !ok {
			t.Fatalf("schema has no property %q", name)
		}
		return p
	}
	sv := prop(s, "schema_version")
	sv.Const = SchemaVersion
	sv.Description = "The version of this schema; it changes only when a field is renamed or removed or changes meaning."
	tool := prop(s, "tool")
	tool.Description = "The program that wrote the report."
	prop(tool, "name").Const = "pyscout"
	prop(s, "source").Enum = []any{"github", "inspect"}

	// encoding/json lets a struct's own field hide an embedded struct's
	// field of the same JSON name; the reflector keeps the embedded
	// field's description, so put the outer one back.
	for name, typ := range names {
		def := s.Definitions[name]
		if def == nil || typ.Kind() != reflect.Struct {
			continue
		}
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			if f.Anonymous || !f.IsExported() {
				continue
			}
			jsonName := strings.Split(f.Tag.Get("json"), ",")[0]
			if p, ok := def.Properties.Get(jsonName); ok {
				if c := r.CommentMap[typ.PkgPath()+"."+typ.Name()+"."+f.Name]; c != "" {
					p.Description = c
				}
			}
		}
	}
	if q := s.Definitions["rules.Question"]; q != nil {
		prop(q, "level").Enum = []any{"junior", "mid", "senior"}
	}
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

// firstDifference shows where two texts part, for a readable failure.
func firstDifference(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n\twant " + w + "\n\tgot  " + g
		}
	}
	return ""
}

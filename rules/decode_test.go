package rules

import (
	"reflect"
	"strings"
	"testing"

	"github.com/expr-lang/expr"
)

// TestEmbeddedDecodersAgree holds the fast decoder of the built-in rules to
// the user-file decoder: every file must decode strictly (else the built-in
// rules would quietly take the slow way) and to the same rules, checklist
// items and templates, in the same order, at the same lines.
func TestEmbeddedDecodersAgree(t *testing.T) {
	entries, err := builtin.ReadDir("data")
	if err != nil {
		t.Fatal(err)
	}
	for _, ent := range entries {
		data, err := builtin.ReadFile("data/" + ent.Name())
		if err != nil {
			t.Fatal(err)
		}
		var fast ruleFile
		if err := decodeStrict(data, &fast); err != nil {
			t.Errorf("%s: the fast decoder refuses the file: %v", ent.Name(), err)
			continue
		}
		slow, err := decodeUser(ent.Name(), data)
		if err != nil {
			t.Fatalf("%s: %v", ent.Name(), err)
		}
		if !reflect.DeepEqual(&fast, slow) {
			t.Errorf("%s: the two decoders read the file differently", ent.Name())
		}
		if len(fast.Rule)+len(fast.Checklist)+len(fast.Deep) == 0 {
			t.Errorf("%s: decoded nothing", ent.Name())
		}
	}
	// The merged sets, before validation compiles them (a compiled
	// program holds functions, which DeepEqual never finds equal).
	fast, err := readBuiltin(decodeEmbedded)
	if err != nil {
		t.Fatal(err)
	}
	slow, err := readBuiltin(decodeUser)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Error("the built-in rules differ with the decoder")
	}
	if len(fast.Rules) == 0 || len(fast.Checklist) == 0 || len(fast.Deep) == 0 {
		t.Errorf("built-in set: %d rules, %d checklist items, %d templates", len(fast.Rules), len(fast.Checklist), len(fast.Deep))
	}
}

// TestEmbeddedDecodeRefusesBrokenFile: a broken copy of a built-in file is
// refused by the embedded path with the error a user's file gets (file,
// line, field).
func TestEmbeddedDecodeRefusesBrokenFile(t *testing.T) {
	const file = "rules/data/deep.toml"
	base, err := builtin.ReadFile("data/deep.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, old, new string
		want           string
	}{
		{"unknown field", `priority = 95`, `priorty = 95`, `deep.toml:21: field deep.priorty: unknown field`},
		{"unknown field in an inline table", "match = [\"init_app\"]\n", "match = [\"init_app\"]\nsamples.trigger = { x = 1 }\n", `field deep.samples`},
		{"string for a number", `priority = 95`, `priority = "95"`, `"deep.priority"): incompatible types`},
		{"number for a list", `match = ["init_app"]`, `match = 3`, `"deep.match"): incompatible types`},
		{"float for an int", `priority = 95`, `priority = 95.5`, `"deep.priority"): incompatible types`},
		{"duplicate key", `priority = 95`, "priority = 95\npriority = 96", `deep.toml:22`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := []byte(strings.Replace(string(base), tt.old, tt.new, 1))
			if string(data) == string(base) {
				t.Fatal("the case changes nothing")
			}
			var rf ruleFile
			if decodeStrict(data, &rf) == nil {
				t.Error("the fast decoder accepts the broken file")
			}
			_, err := decodeEmbedded(file, data)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one containing %q", err, tt.want)
			}
			if _, uerr := decodeUser(file, data); uerr == nil || uerr.Error() != err.Error() {
				t.Errorf("embedded path says %q, the user-file path %v", err, uerr)
			}
		})
	}
}

// TestExprOptionsMatchExprEnv holds the Env's compile options, which work
// out the variables' types once, to expr.Env, which works them out for
// every expression: every condition and placeholder of the built-in rules,
// and expressions that must fail, compile to the same program or the same
// error either way.
func TestExprOptionsMatchExprEnv(t *testing.T) {
	set, err := readBuiltin(decodeEmbedded)
	if err != nil {
		t.Fatal(err)
	}
	var conds, templates []string
	for _, r := range set.Rules {
		conds = append(conds, r.When)
		templates = append(templates, r.Question, r.Finding)
	}
	for _, c := range set.Checklist {
		conds = append(conds, c.When, c.ShownWhen, c.PartlyWhen)
		templates = append(templates, c.Answer)
		for _, ce := range c.Counter {
			conds = append(conds, ce.When)
			templates = append(templates, ce.Text)
		}
	}
	var placeholders []string
	for _, text := range templates {
		for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
			if strings.HasPrefix(m[1], "=") {
				placeholders = append(placeholders, m[1][1:])
			}
		}
	}
	bad := []string{"no_such_fact > 0", `classes + "x"`, "len(classes)", "oop.inheritance.multilevel(1)", "classes >", `plural(classes)`}
	conds = append(conds, bad...)
	placeholders = append(placeholders, bad...)
	if len(conds) < 100 || len(placeholders) < 100 {
		t.Fatalf("only %d conditions and %d placeholders found", len(conds), len(placeholders))
	}
	env := emptyEnv()
	check := func(src string, extra ...expr.Option) {
		t.Helper()
		if src == "" {
			return
		}
		got, gerr := expr.Compile(src, append(env.exprOptions(), extra...)...)
		want, werr := expr.Compile(src, append([]expr.Option{expr.Env(env.vars)}, extra...)...)
		switch {
		case (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error():
			t.Errorf("%s: error %v, expr.Env gives %v", src, gerr, werr)
		case gerr == nil && got.Disassemble() != want.Disassemble():
			t.Errorf("%s: compiles to\n%s\nexpr.Env to\n%s", src, got.Disassemble(), want.Disassemble())
		}
	}
	for _, src := range conds {
		check(src, expr.AsBool())
	}
	for _, src := range placeholders {
		check(src)
	}
}

// TestBuiltinTemplatesCompile checks the built-in rules fully, the
// expressions of their templates' placeholders included, which a process
// leaves out when it loads them (validate(false)): a broken placeholder in
// the embedded data fails here, at build time.
func TestBuiltinTemplatesCompile(t *testing.T) {
	set, err := readBuiltin(decodeEmbedded)
	if err != nil {
		t.Fatal(err)
	}
	if err := set.validate(true); err != nil {
		t.Fatal(err)
	}
	// The near-misses: a placeholder naming no fact, in a rule's question
	// and in a checklist item's counter-evidence, passes the load's check
	// and fails the full one.
	for _, tt := range []struct {
		name  string
		spoil func(s *Set)
		want  string
	}{
		{"rule question", func(s *Set) { s.Rules[0].Question += " {=no_such_fact + 1}" }, "field question: placeholder {=no_such_fact + 1}: unknown name no_such_fact"},
		{"checklist counter", func(s *Set) {
			for _, c := range s.Checklist {
				if len(c.Counter) > 0 {
					c.Counter[0].Text += " {=len(no_such_list)}"
					return
				}
			}
			t.Fatal("no checklist item has counter-evidence")
		}, "field counter[0].text: placeholder {=len(no_such_list)}: unknown name no_such_list"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, full := range []bool{false, true} {
				set, err := readBuiltin(decodeEmbedded)
				if err != nil {
					t.Fatal(err)
				}
				tt.spoil(set)
				err = set.validate(full)
				switch {
				case full && (err == nil || !strings.Contains(err.Error(), tt.want)):
					t.Errorf("full check: %v, want an error containing %q", err, tt.want)
				case !full && err != nil:
					t.Errorf("the load's check: %v (it compiles no placeholder)", err)
				}
			}
		})
	}
}

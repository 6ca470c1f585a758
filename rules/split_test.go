package rules

import (
	"strings"
	"testing"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/python"
)

func TestRoleSplitRendersTheShareOutsideSource(t *testing.T) {
	cases := []struct {
		roles map[string]int
		want  string
	}{
		{map[string]int{"source": 17, "test": 60, "example": 21}, "Builds chains (98 classes, 81 of them in tests and examples)."},
		{map[string]int{"test": 3}, "Builds chains (3 classes, all of them in tests)."},
		{map[string]int{"scaffold": 1}, "Builds chains (1 class, in generated scaffolding)."},
		{map[string]int{"source": 2, "benchmark": 1, "docs": 1, "example": 1}, "Builds chains (5 classes, 3 of them in benchmarks, documentation and examples)."},
		// Near misses: all in source or notebooks says nothing more.
		{nil, "Builds chains (4 classes)."},
		{map[string]int{"source": 2, "notebook": 3}, "Builds chains (5 classes)."},
	}
	for _, c := range cases {
		n := 0
		for _, v := range c.roles {
			n += v
		}
		if n == 0 {
			n = 4
		}
		p := &analyzer.Profile{}
		p.Code.OOP.Inheritance.Multilevel = python.Tally{Count: n, Roles: c.roles}
		env := NewEnv(p, Options{})
		got := env.render(`Builds chains ({=plural(oop.inheritance.multilevel, "class")}{=role_split("oop.inheritance.multilevel")}).`, "", nil)
		if got != c.want {
			t.Errorf("%v: %q, want %q", c.roles, got, c.want)
		}
	}
}

func TestRoleSplitOfAnUnknownCountFailsAtLoad(t *testing.T) {
	env, err := SampleEnv(nil)
	if err != nil {
		t.Fatal(err)
	}
	err = env.checkTemplate(`{=role_split("oop.inheritance.multilvel")}`, false, true)
	if err == nil || !strings.Contains(err.Error(), "multilvel") {
		t.Errorf("misspelt path: %v, want an error naming it", err)
	}
	if err := env.checkTemplate(`{=role_split("oop.inheritance.multilevel")}`, false, true); err != nil {
		t.Errorf("known path: %v", err)
	}
}

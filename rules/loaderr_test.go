package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// loadCase breaks a valid rule file in one place: replace becomes with,
// and the load error must contain every string of want.
type loadCase struct {
	name, replace, with string
	want                []string
}

// checkLoadErrors loads base with each case's change applied, as bad.toml
// in a temporary directory, and checks that the load fails saying what
// want says; what names the kind of file in failures. It returns the
// directory, where the caller may check that base itself loads.
func checkLoadErrors(t *testing.T, base, what string, cases []loadCase) string {
	t.Helper()
	dir := t.TempDir()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, "bad.toml")
			text := strings.Replace(base, c.replace, c.with, 1)
			if text == base {
				t.Fatal("the case changes nothing")
			}
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if err == nil {
				t.Fatal("loaded a broken " + what)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	return dir
}

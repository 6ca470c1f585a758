package batch

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/pyscout/pyscout/analyzer/github"
)

func logins(cs []Candidate) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, c.Login)
	}
	return out
}

func TestReadShortlist(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		csv      bool
		want     []string
		problems []int // line numbers
		dups     []int
	}{
		{name: "plain", in: "alice\n\n# a comment\n  bob  \n", want: []string{"alice", "bob"}},
		{name: "plain CRLF", in: "alice\r\nbob\r\n", want: []string{"alice", "bob"}},
		{name: "plain BOM", in: "\ufeffalice\nbob", want: []string{"alice", "bob"}},
		{name: "plain bad rows", in: "alice\nnot valid\n-bob\nbo--b\nthis-name-is-far-too-long-for-github-1234\ncarol\n", want: []string{"alice", "carol"}, problems: []int{2, 3, 4, 5}},
		{name: "plain duplicates", in: "alice\nAlice\nbob\nALICE\n", want: []string{"alice", "bob"}, dups: []int{2, 4}},
		{name: "empty", in: "", want: []string{}},
		{name: "only comments", in: "# nothing\n\n", want: []string{}},
		{name: "csv", in: "username,name,role,notes\nalice,Alice A,backend,\"met at PyCon, 2025\"\nbob,,,\n", csv: true, want: []string{"alice", "bob"}},
		{name: "csv header only username", in: "username\nalice\n", csv: true, want: []string{"alice"}},
		{name: "csv BOM CRLF", in: "\ufeffname,username\r\n\"Smith, Jo\",jo\r\n", csv: true, want: []string{"jo"}},
		{name: "csv quoted comma in notes", in: "username,notes\nalice,\"a, b, c\"\n", csv: true, want: []string{"alice"}},
		{name: "csv header case and spaces", in: " Username , Name \nalice,A\n", csv: true, want: []string{"alice"}},
		{name: "csv bad username", in: "username,name\nalice,A\nnot valid,B\n,C\ncarol,D\n", csv: true, want: []string{"alice", "carol"}, problems: []int{3, 4}},
		{name: "csv comment and blank", in: "username\n# skip\n\nalice\n", csv: true, want: []string{"alice"}},
		{name: "csv bare quote row", in: "username,notes\nalice,ok\nbob,a \"bad\" quote\ncarol,ok\n", csv: true, want: []string{"alice", "carol"}, problems: []int{3}},
		{name: "csv short row", in: "username,name,role\nalice\n", csv: true, want: []string{"alice"}},
		{name: "csv duplicates", in: "username\nalice\nALICE\n", csv: true, want: []string{"alice"}, dups: []int{3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadShortlist(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got.CSV != tt.csv {
				t.Errorf("CSV = %v, want %v", got.CSV, tt.csv)
			}
			if !slices.Equal(logins(got.Candidates), tt.want) {
				t.Errorf("candidates %q, want %q", logins(got.Candidates), tt.want)
			}
			var lines []int
			for _, p := range got.Problems {
				lines = append(lines, p.Line)
			}
			if !slices.Equal(lines, tt.problems) {
				t.Errorf("problem lines %v, want %v (%v)", lines, tt.problems, got.Problems)
			}
			lines = nil
			for _, p := range got.Duplicates {
				lines = append(lines, p.Line)
			}
			if !slices.Equal(lines, tt.dups) {
				t.Errorf("duplicate lines %v, want %v", lines, tt.dups)
			}
		})
	}
}

func TestReadShortlistCarriesColumns(t *testing.T) {
	got, err := ReadShortlist(strings.NewReader("notes,username,role,name\r\n\"=cmd(), with comma\",alice,Backend,\"Alice, A.\"\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Candidate{Login: "alice", Name: "Alice, A.", Role: "Backend", Notes: "=cmd(), with comma", Line: 2}
	if len(got.Candidates) != 1 || got.Candidates[0] != want {
		t.Errorf("got %+v, want %+v", got.Candidates, want)
	}
}

func TestReadShortlistRefusesFile(t *testing.T) {
	for name, in := range map[string]string{
		"header without username": "login,name\nalice,A\n",
		"header twice":            "username,username\nalice,bob\n",
		"not UTF-8":               "alice\n\xff\xfe\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ReadShortlist(strings.NewReader(in))
			if !errors.Is(err, ErrShortlist) {
				t.Fatalf("err = %v, want ErrShortlist", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
	_, err := ReadShortlist(strings.NewReader("# the team's list\n\nlogin,name\nalice,A\n"))
	if err == nil || !strings.Contains(err.Error(), "line 3") || !strings.Contains(err.Error(), "no username column") {
		t.Errorf("the error does not name the header's line: %v", err)
	}
}

func TestReadShortlistTenThousandRows(t *testing.T) {
	var b strings.Builder
	b.WriteString("username,name\n")
	for i := range 10_000 {
		fmt.Fprintf(&b, "user-%d,\"Person, %d\"\n", i, i)
	}
	got, err := ReadShortlist(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Candidates) != 10_000 || len(got.Problems) != 0 {
		t.Fatalf("%d candidates, %d problems", len(got.Candidates), len(got.Problems))
	}
	last := got.Candidates[9999]
	if last.Login != "user-9999" || last.Name != "Person, 9999" || last.Line != 10_001 {
		t.Errorf("last row %+v", last)
	}
}

func FuzzShortlist(f *testing.F) {
	for _, seed := range []string{
		"alice\nbob\n", "username,name\nalice,\"A, B\"\n", "\ufeffusername\r\nalice\r\n", "username\n\"unterminated\n",
		"a,b\n", "# c\n\n", "username,notes\nx,\"\"\"\"\n", "",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := ReadShortlist(strings.NewReader(string(data)))
		if err != nil {
			if !errors.Is(err, ErrShortlist) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("error %q: not ErrShortlist on one line", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, c := range got.Candidates {
			if err := validLogin(c.Login); err != nil {
				t.Fatalf("invalid login %q taken", c.Login)
			}
			if seen[c.Key()] {
				t.Fatalf("duplicate %q taken", c.Login)
			}
			seen[c.Key()] = true
			if c.Line < 1 {
				t.Fatalf("line %d", c.Line)
			}
		}
	})
}

// validLogin is GitHub's rule, for the fuzz target's check.
func validLogin(s string) error { return github.ValidateLogin(s) }

package configfile

import (
	"reflect"
	"strings"
	"testing"
)

func TestReadINI(t *testing.T) {
	for _, tc := range []struct {
		name     string
		src      string
		opts     INIOptions
		want     []Section
		problems []Problem
	}{
		{
			name: "sections and keys",
			src:  "[metadata]\nname = demo\nVersion: 1.0\n\n[options]\nzip_safe=false\n",
			want: []Section{
				{Name: "metadata", Line: 1, Keys: []Key{
					{Name: "name", Line: 2, Lines: []ValueLine{{"demo", 2}}},
					{Name: "Version", Line: 3, Lines: []ValueLine{{"1.0", 3}}},
				}},
				{Name: "options", Line: 5, Keys: []Key{{Name: "zip_safe", Line: 6, Lines: []ValueLine{{"false", 6}}}}},
			},
		},
		{
			name: "first separator splits, CRLF and header trailer",
			src:  "[ tox ]  trailing\r\nurl = https://x.org/a=b\r\n",
			want: []Section{{Name: "tox", Line: 1, Keys: []Key{{Name: "url", Line: 2, Lines: []ValueLine{{"https://x.org/a=b", 2}}}}}},
		},
		{
			name: "continuation lines keep their line",
			src:  "[options]\ninstall_requires =\n    requests\n\n    # pinned below\n    click>=8\nnext = 1\n",
			want: []Section{{Name: "options", Line: 1, Keys: []Key{
				{Name: "install_requires", Line: 2, Lines: []ValueLine{{"", 2}, {"requests", 3}, {"click>=8", 6}}},
				{Name: "next", Line: 7, Lines: []ValueLine{{"1", 7}}},
			}}},
		},
		{
			name: "continuation must be deeper than its key",
			src:  "[s]\n  a = 1\n  b = 2\n    more\n",
			want: []Section{{Name: "s", Line: 1, Keys: []Key{
				{Name: "a", Line: 2, Lines: []ValueLine{{"1", 2}}},
				{Name: "b", Line: 3, Lines: []ValueLine{{"2", 3}, {"more", 4}}},
			}}},
		},
		{
			name: "any indent continues",
			src:  "[s]\n  a = 1\n  b = 2\n",
			opts: INIOptions{AnyIndentContinues: true},
			want: []Section{{Name: "s", Line: 1, Keys: []Key{{Name: "a", Line: 2, Lines: []ValueLine{{"1", 2}, {"b = 2", 3}}}}}},
		},
		{
			name: "comments",
			src:  "# top\n; also\n[s]\n  # indented\nk = v # kept ;also\n",
			want: []Section{{Name: "s", Line: 3, Keys: []Key{{Name: "k", Line: 5, Lines: []ValueLine{{"v # kept ;also", 5}}}}}},
		},
		{
			name: "inline comments as pytest reads them",
			src:  "[pytest]\naddopts = -ra # verbose\nmarkers =\n    slow ; takes long\n    # whole line\n    a;b\n    ; only\n",
			opts: INIOptions{InlineComments: true},
			want: []Section{{Name: "pytest", Line: 1, Keys: []Key{
				{Name: "addopts", Line: 2, Lines: []ValueLine{{"-ra", 2}}},
				{Name: "markers", Line: 3, Lines: []ValueLine{{"", 3}, {"slow", 4}, {"a;b", 6}}},
			}}},
		},
		{
			name: "byte order mark",
			src:  "\xef\xbb\xbf[s]\nk=v\n",
			opts: INIOptions{StripBOM: true},
			want: []Section{{Name: "s", Line: 1, Keys: []Key{{Name: "k", Line: 2, Lines: []ValueLine{{"v", 2}}}}}},
		},
		{
			name: "malformed lines",
			src:  "k = v\n[a]\n[b\n just words\nx = 1\n=nokey\n",
			want: []Section{{Name: "a", Line: 2, Keys: []Key{{Name: "x", Line: 5, Lines: []ValueLine{{"1", 5}}}}}},
			problems: []Problem{
				{1, KeyBeforeSection, "k = v"},
				{3, UnclosedHeader, "[b"},
				{4, NotAKey, "just words"},
				{6, NotAKey, "=nokey"},
			},
		},
		{
			name:     "unclosed header ends the section",
			src:      "[a]\n[b\nx = 1\n",
			opts:     INIOptions{UnclosedHeaderEndsSection: true},
			want:     []Section{{Name: "a", Line: 1}},
			problems: []Problem{{2, UnclosedHeader, "[b"}, {3, KeyBeforeSection, "x = 1"}},
		},
		{
			name:     "byte order mark kept by default",
			src:      "\xef\xbb\xbf[s]\n",
			problems: []Problem{{1, NotAKey, "\xef\xbb\xbf[s]"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, problems := ReadINI([]byte(tc.src), tc.opts)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("sections\ngot  %+v\nwant %+v", got, tc.want)
			}
			if !reflect.DeepEqual(problems, tc.problems) {
				t.Errorf("problems\ngot  %+v\nwant %+v", problems, tc.problems)
			}
		})
	}
}

func TestKeyLookup(t *testing.T) {
	secs, _ := ReadINI([]byte("[s]\ndeps = a\ndeps =\n    b\n\n    c\n"), INIOptions{})
	k := secs[0].Get("deps")
	if k == nil || k.Line != 3 {
		t.Fatalf("Get: the last assignment should win, got %+v", k)
	}
	if want := []ValueLine{{"b", 4}, {"c", 6}}; !reflect.DeepEqual(k.Values(), want) {
		t.Errorf("Values %+v, want %+v", k.Values(), want)
	}
	if k.Value() != "b\nc" {
		t.Errorf("Value %q", k.Value())
	}
	if secs[0].Get("nope") != nil {
		t.Error("Get of a missing key")
	}
}

func TestTableHeaders(t *testing.T) {
	src := "title = 'x'\n[tool.ruff.lint]\n  [ tool . \"black\" ] # c\n[[tool.mypy.overrides]]\n[unclosed\narr = [1, 2]\n"
	want := []TableHeader{
		{Line: 2, Path: []string{"tool", "ruff", "lint"}},
		{Line: 3, Path: []string{"tool", "black"}},
		{Line: 4, Path: []string{"tool", "mypy", "overrides"}, Array: true},
	}
	if got := TableHeaders([]byte(src)); !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

func TestKeyPath(t *testing.T) {
	for in, want := range map[string][]string{
		"tool":              {"tool"},
		`tool . "poetry" `:  {"tool", "poetry"},
		`'a.b'`:             {"a", "b"}, // a dot inside quotes still splits: headers of real files have none
		"project.optional-": {"project", "optional-"},
	} {
		if got := KeyPath(in); !reflect.DeepEqual(got, want) {
			t.Errorf("KeyPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTable(t *testing.T) {
	root := map[string]any{"tool": map[string]any{"black": map[string]any{"line-length": int64(88)}, "x": "str"}}
	for _, tc := range []struct {
		path []string
		ok   bool
	}{
		{[]string{"tool"}, true},
		{[]string{"tool", "black"}, true},
		{[]string{"tool", "x"}, false},
		{[]string{"tool", "nope"}, false},
		{[]string{"tool", "black", "line-length"}, false},
	} {
		if got := Table(root, tc.path...); (got != nil) != tc.ok {
			t.Errorf("Table(%v) = %v, want found %v", tc.path, got, tc.ok)
		}
	}
	if Table(nil, "a") != nil {
		t.Error("Table of nil")
	}
}

func TestTOMLTooDeep(t *testing.T) {
	deep := strings.Repeat("[", MaxTOMLDepth+1) + strings.Repeat("]", MaxTOMLDepth+1)
	cases := []struct {
		name, text string
		line       int
	}{
		{"plain", "[tool.poetry]\nname = \"x\"\nversion = 1.5\n", 0},
		{"nested at the limit", "a = " + strings.Repeat("[", MaxTOMLDepth) + strings.Repeat("]", MaxTOMLDepth) + "\n", 0},
		{"nested too deep", "x = 1\na = " + deep + "\n", 2},
		{"brackets in strings do not count", "a = \"" + deep + "\"\nb = '''\n" + deep + "\n'''\n", 0},
		{"brackets in comments do not count", "# " + deep + "\n", 0},
		{"dotted key too long", "\n\n" + strings.Repeat("k.", MaxTOMLKeyDots+1) + "z = 1\n", 3},
		{"floats and times are not dotted keys", "t = 12:30:45.123456\nv = [" + strings.Repeat("1.5, ", 100) + "]\n", 0},
	}
	for _, c := range cases {
		line, msg := TOMLTooDeep([]byte(c.text))
		if line != c.line || (c.line == 0) != (msg == "") {
			t.Errorf("%s: line %d %q, want line %d", c.name, line, msg, c.line)
		}
	}
}

// TestYAMLLinesCountNewlines: the parser breaks lines at a lone "\r" too;
// the lines it reports are the file's "\n" lines, which evidence links
// name. Near-miss: "\r\n" line endings count once.
func TestYAMLLinesCountNewlines(t *testing.T) {
	for name, tc := range map[string]struct {
		data string
		want int
	}{
		"lone CR inside line 1":   {"a: 1\rb: 2\ndependencies:\n  - x\n", 2},
		"CRLF line endings":       {"a: 1\r\nb: 2\r\ndependencies:\r\n  - x\r\n", 3},
		"plain newlines":          {"a: 1\nb: 2\ndependencies:\n  - x\n", 3},
		"lone CRs before a block": {"a: 1\r\r\rb: 2\ndependencies: [x]\n", 2},
	} {
		y := ParseYAMLFile([]byte(tc.data))
		if y.Err != nil || len(y.Docs) != 1 || y.DocErrs[0] != nil {
			t.Fatalf("%s: %+v", name, y)
		}
		if got := y.Docs[0].KeyLine("dependencies"); got != tc.want {
			t.Errorf("%s: dependencies at line %d, want %d", name, got, tc.want)
		}
	}
	// A parse error's line is mapped too.
	y := ParseYAMLFile([]byte("0|{\r0\r#000000000\n00000000000000000"))
	if y.Err == nil || y.Err.Line > 2 {
		t.Errorf("error %+v: want a line within the file's 2", y.Err)
	}
}

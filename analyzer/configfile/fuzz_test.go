package configfile

import (
	"bytes"
	"testing"

	"github.com/BurntSushi/toml"
)

// lineCount is the number of lines of data as the readers number them.
func lineCount(data []byte) int { return bytes.Count(data, []byte{'\n'}) + 1 }

// FuzzReadINI checks that any bytes, with any options, give sections, keys, values
// and problems in file order with lines inside the file.
func FuzzReadINI(f *testing.F) {
	for _, s := range []string{
		"[metadata]\nname = demo\n\n[options]\ninstall_requires =\n    requests\n    click>=8\n",
		"\xef\xbb\xbf[tox]\r\nenvlist = py{38,39}-{a,b}\r\n[testenv]\ndeps = -rrequirements.txt\n",
		"k = v\n[a\n just words\n=nokey\n[b]\n  x = 1 # c\n    ; only\n",
		"[" + string(bytes.Repeat([]byte("x"), 1000)) + "\n[]\n[ ]\n:=\n",
		"[s]\nk=\xff\xfe\n\x00\n",
	} {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte(s), uint8(15))
	}
	f.Fuzz(func(t *testing.T, data []byte, flags uint8) {
		if len(data) > 1<<16 {
			return
		}
		opts := INIOptions{
			StripBOM:                  flags&1 != 0,
			InlineComments:            flags&2 != 0,
			AnyIndentContinues:        flags&4 != 0,
			UnclosedHeaderEndsSection: flags&8 != 0,
		}
		secs, problems := ReadINI(data, opts)
		lines := lineCount(data)
		prev := 0
		for _, s := range secs {
			if s.Line <= prev || s.Line > lines {
				t.Fatalf("section %q at line %d after line %d, file of %d lines", s.Name, s.Line, prev, lines)
			}
			prev = s.Line
			for _, k := range s.Keys {
				if k.Name == "" || k.Line <= s.Line || k.Line > lines || len(k.Lines) == 0 || k.Lines[0].Line != k.Line {
					t.Fatalf("key %+v of section at line %d", k, s.Line)
				}
				for i, v := range k.Lines {
					if v.Line > lines || (i > 0 && v.Line <= k.Lines[i-1].Line) {
						t.Fatalf("value lines %+v out of order or outside %d lines", k.Lines, lines)
					}
				}
				prev = k.Lines[len(k.Lines)-1].Line
			}
		}
		for i, p := range problems {
			if p.Line < 1 || p.Line > lines || (i > 0 && p.Line <= problems[i-1].Line) || p.Kind.String() == "unknown problem" || p.Text == "" {
				t.Fatalf("problem %+v (file of %d lines)", p, lines)
			}
		}
	})
}

// FuzzTOMLGuard checks the TOML readers: TOMLTooDeep names a line of the file
// when it refuses, TableHeaders lists lines in order, and text the guard lets
// through decodes (or fails) without a panic.
func FuzzTOMLGuard(f *testing.F) {
	for _, s := range []string{
		"[project]\nname = \"x\"\ndependencies = [\"a>=1\", {b = 1}]\n[[tool.mypy.overrides]]\nmodule = 'x.*'\n",
		"a = \"\"\"\n[not.a.table]\n\"\"\"\nb = '''\n]]]\n'''\nc = 'unterminated\n[d]\n",
		"t = 12:30:45.123456\nv = [1.5, 2.5]\n\"a.b\".c.'d' = 1\n",
		"a = " + string(bytes.Repeat([]byte("["), 40)) + "\n",
		string(bytes.Repeat([]byte("k."), 40)) + "k = 1\n",
		"# [" + string(bytes.Repeat([]byte("["), 100)) + "\nx = \"\\\"[[[\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		lines := lineCount(data)
		line, msg := TOMLTooDeep(data)
		if (line == 0) != (msg == "") || line < 0 || line > lines {
			t.Fatalf("TOMLTooDeep = %d, %q for a file of %d lines", line, msg, lines)
		}
		prev := 0
		for _, h := range TableHeaders(data) {
			if h.Line <= prev || h.Line > lines || len(h.Path) == 0 {
				t.Fatalf("header %+v after line %d, file of %d lines", h, prev, lines)
			}
			prev = h.Line
		}
		if line == 0 {
			var root map[string]any
			if _, err := toml.Decode(string(data), &root); err == nil {
				_ = Table(root, "tool", "poetry")
			}
		}
	})
}

// FuzzYAMLGuard checks that YAMLTooDeep names a line of the file when it refuses.
func FuzzYAMLGuard(f *testing.F) {
	for _, s := range []string{
		"jobs:\n  test:\n    steps:\n      - run: pytest\n",
		"a: &a [x, x]\nb: &b [*a, *a]\nc: *b\n",
		"k: '[[[['\nv: \"{{{{\"\n# [[[[\n",
		"- - - - - - x\n",
		"a: " + string(bytes.Repeat([]byte("["), 70)) + "\n",
		"\t\t- ? [a, {b: c}]\n  : d\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		line, msg := YAMLTooDeep(data)
		if (line == 0) != (msg == "") || line < 0 || line > lineCount(data) {
			t.Fatalf("YAMLTooDeep = %d, %q for a file of %d lines", line, msg, lineCount(data))
		}
	})
}

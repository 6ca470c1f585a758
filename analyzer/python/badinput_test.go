package python

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestBadInputIsBounded(t *testing.T) {
	deepIf := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteString(strings.Repeat(" ", i))
			b.WriteString("if x:\n")
		}
		b.WriteString(strings.Repeat(" ", n))
		b.WriteString("pass\n")
		return b.String()
	}
	invalidUTF8 := bytes.Repeat([]byte("def f\xff\xfe(x):\n    return '\xc3\x28'\n\x80\x81class C: pass\n"), 1000)
	tests := []struct {
		name string
		src  []byte
	}{
		{"10000-deep parentheses", []byte("x = " + strings.Repeat("(", 10000) + "1" + strings.Repeat(")", 10000) + "\n")},
		{"10000-deep lists", []byte("x = " + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + "\n")},
		{"10000-deep calls", []byte("x = " + strings.Repeat("f(", 10000) + strings.Repeat(")", 10000) + "\n")},
		{"10000-deep lambdas", []byte("f = " + strings.Repeat("lambda: ", 10000) + "0\n")},
		{"10000 and-chain", []byte("def f():\n    return " + strings.Repeat("a and ", 10000) + "a\n")},
		{"10000 unclosed parentheses", []byte("x = " + strings.Repeat("(", 10000) + "\n")},
		{"deep if nesting", []byte("def f():\n" + deepIf(1500))},
		{"1 MiB single line", []byte("x = " + strings.Repeat("a+", 1<<19) + "1\n")},
		{"1 MiB string literal", []byte("x = '" + strings.Repeat("s", 1<<20) + "'\n")},
		{"1 MiB without newline", bytes.Repeat([]byte("abc "), 1<<18)},
		{"invalid UTF-8", invalidUTF8},
		{"NUL bytes", bytes.Repeat([]byte("import os\x00\nclass A\x00(B): pass\n\x00\x00def g(): pass\n"), 1000)},
		{"only NULs", make([]byte, 1<<16)},
		{"unterminated triple quote", []byte("x = '''" + strings.Repeat("def f(): pass\n", 5000))},
	}
	// No parse timeout here: a wall-clock limit makes the outcome depend on
	// the machine's load (a loaded CI runner under -race timed out on the
	// 1 MiB cases). The timeout itself is tested below with a tiny limit;
	// speed lives in the benchmarks, and go test's own timeout is the hang guard.
	a, err := NewAnalyzer(Options{ParseTimeout: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(a.Close)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ff, err := a.AnalyzeFile("bad.py", tt.src)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if _, err := json.Marshal(ff); err != nil {
				t.Errorf("facts do not marshal: %v", err)
			}
			checkInvariants(t, ff, tt.src)
		})
	}
	ff, _ := a.AnalyzeFile("u.py", invalidUTF8)
	if !ff.InvalidUTF8 || len(ff.Functions) == 0 {
		t.Errorf("invalid UTF-8: flag=%v functions=%d", ff.InvalidUTF8, len(ff.Functions))
	}
	ff, _ = a.AnalyzeFile("n.py", []byte("import os\x00\n"))
	if !ff.NULBytes {
		t.Error("NUL bytes not flagged")
	}
}

func TestLimits(t *testing.T) {
	a, err := NewAnalyzer(Options{MaxFileBytes: 100})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.AnalyzeFile("big.py", make([]byte, 101)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
	if _, err := a.AnalyzeNotebook("big.ipynb", make([]byte, 401)); !errors.Is(err, ErrTooLarge) {
		t.Errorf("notebook err = %v, want ErrTooLarge", err)
	}
	b, err := NewAnalyzer(Options{ParseTimeout: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	big := []byte(strings.Repeat("def f(x):\n    return [y for y in x if y]\n", 20000))
	if _, err := b.AnalyzeFile("slow.py", big); !errors.Is(err, ErrTimeout) {
		t.Errorf("err = %v, want ErrTimeout", err)
	}
	// The parser is usable again after a timeout.
	if _, err := b.AnalyzeFile("small.py", []byte("x = 1\n")); err != nil && !errors.Is(err, ErrTimeout) {
		t.Errorf("after timeout: %v", err)
	}
	b.Close()
	if _, err := b.AnalyzeFile("closed.py", nil); err == nil {
		t.Error("closed analyzer did not fail")
	}
}

// checkInvariants checks what must hold for any input.
func checkInvariants(t *testing.T, ff *FileFacts, src []byte) {
	t.Helper()
	maxLine := bytes.Count(src, []byte{'\n'}) + 1
	checkEv := func(what string, e Evidence) {
		if e.Line < 1 || e.EndLine < e.Line || e.EndLine > maxLine || e.Path != ff.Path {
			t.Fatalf("%s: bad evidence %+v (file has %d lines)", what, e, maxLine)
		}
	}
	for _, imp := range ff.Imports {
		checkEv("import", imp.Evidence)
		if imp.Level < 0 || (imp.Level == 0 && imp.Top != topLevel(imp.Module)) {
			t.Fatalf("bad import %+v", imp)
		}
	}
	for _, c := range ff.Classes {
		checkEv("class", c.Evidence)
		for _, m := range c.Methods {
			if m.Function < 0 || m.Function >= len(ff.Functions) || ff.Functions[m.Function].Name != m.Name {
				t.Fatalf("method %+v does not point at its function", m)
			}
		}
	}
	for _, f := range ff.Functions {
		checkEv("function", f.Evidence)
		if f.Complexity < 1 || f.Length < 1 || f.Depth < 0 || f.AnnotatedParams > f.Params {
			t.Fatalf("bad function %+v", f)
		}
	}
	eachTally(&ff.Features, func(tl *Tally) {
		if tl.Count < len(tl.Evidence) || len(tl.Evidence) > MaxEvidencePerFile {
			t.Fatalf("bad tally %+v", tl)
		}
		for _, e := range tl.Evidence {
			checkEv("tally", e)
		}
	})
	for _, e := range ff.ErrorSites {
		checkEv("error site", e)
	}
}

var (
	fuzzOnce     sync.Once
	fuzzAnalyzer *Analyzer
	fuzzMu       sync.Mutex
)

// sharedFuzzAnalyzer lends the fuzz targets one Analyzer for the whole
// process (a parser per input would dominate the run), locked until
// unlock is called: fuzz workers may call in parallel.
func sharedFuzzAnalyzer() (a *Analyzer, unlock func()) {
	fuzzOnce.Do(func() {
		a, err := NewAnalyzer(Options{ParseTimeout: 5 * time.Second})
		if err != nil {
			panic(err)
		}
		fuzzAnalyzer = a
	})
	fuzzMu.Lock()
	return fuzzAnalyzer, fuzzMu.Unlock
}

func FuzzAnalyzeFile(f *testing.F) {
	for _, s := range []string{
		"", "import os\n", "from . import (a,\n b)\n", "class A(B, metaclass=M):\n    def f(self): return super().f()\n",
		"async def f():\n    async with a as b:\n        await c\n", "match x:\n    case [a, *_] if a: pass\n    case _: pass\n",
		"print 'x'\nexec 'y'\nx = `z`\nif a <> b: pass\n", "def f(:\n", "x = (((((\n", "\xff\xfe\x00",
		"type A[T] = list[T]\nclass B[T]: pass\n", "f'{a!r:>{b}}'", "try:\n    import a\nexcept ImportError:\n    a = None\n",
	} {
		f.Add([]byte(s))
	}
	for _, p := range corpusFiles(f) {
		if src, err := os.ReadFile(p); err == nil {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		a, unlock := sharedFuzzAnalyzer()
		defer unlock()
		ff, err := a.AnalyzeFile("fuzz.py", src)
		if err != nil {
			if errors.Is(err, ErrTimeout) || errors.Is(err, ErrTooLarge) {
				return
			}
			t.Fatal(err)
		}
		checkInvariants(t, ff, src)
		rf := AggregateRepo([]*FileFacts{ff}, RepoLayout{Files: []string{"fuzz.py"}})
		if rf.Functions != len(ff.Functions) || rf.Classes != len(ff.Classes) {
			t.Fatalf("aggregate counts %d/%d, file %d/%d", rf.Functions, rf.Classes, len(ff.Functions), len(ff.Classes))
		}
		if _, err := json.Marshal(rf); err != nil {
			t.Fatal(err)
		}
	})
}

package report

import (
	"strings"
	"testing"
)

func TestPlainRemovesControls(t *testing.T) {
	cases := map[string]string{
		"plain":                "plain",
		"red\x1b[31mtext":      `red\u001b[31mtext`,
		"two\nlines\r\n":       "two lines  ",
		"bell\a":               `bell\u0007`,
		"rtl\u202eevil":        `rtl\u202eevil`,
		"c1\u009bcsi":          `c1\u009bcsi`,
		"tab\there":            "tab here",
		"unicode ok: café, 日本": "unicode ok: café, 日本",
	}
	for in, want := range cases {
		if got := plain(in); got != want {
			t.Errorf("plain(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMarkdownEscapesInjection(t *testing.T) {
	hostile := []string{
		"[click](javascript:alert(1))",
		"<img src=x onerror=alert(1)>",
		"![x](http://evil.example/track.png)",
		"| cell | break |",
		"line\n# heading",
		"`code` *em* _em_",
	}
	for _, h := range hostile {
		got := md(h)
		for _, bad := range []string{"](", "<img", "![", "\n", "`code`", "*em*"} {
			if strings.Contains(got, bad) {
				t.Errorf("md(%q) = %q still contains %q", h, got, bad)
			}
		}
		if strings.Count(got, "|") != strings.Count(got, `\|`) {
			t.Errorf("md(%q) = %q has an unescaped pipe", h, got)
		}
	}
}

func TestSafeURL(t *testing.T) {
	cases := map[string]string{
		"https://github.com/a/b":    "https://github.com/a/b",
		"http://127.0.0.1:8080/a/b": "http://127.0.0.1:8080/a/b",
		"javascript:alert(1)":       "",
		"data:text/html,<script>":   "",
		"//evil.example/x":          "",
		"https://github.com/a/b)(x": "https://github.com/a/b%29%28x",
		"":                          "",
	}
	for in, want := range cases {
		if got := safeURL(in); got != want {
			t.Errorf("safeURL(%q) = %q, want %q", in, got, want)
		}
	}
	if got := mdLink("x](javascript:y)", "javascript:alert(1)"); strings.Contains(got, "](") {
		t.Errorf("mdLink made a link from a javascript: URL: %q", got)
	}
}

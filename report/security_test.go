package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestHostileTextStaysText renders the hostile fixtures in every format
// and checks that no candidate string became markup, script, a link or a
// terminal control sequence, while the text itself is still shown.
func TestHostileTextStaysText(t *testing.T) {
	sgr := regexp.MustCompile(`\x1b\[[0-9;]*m`)
	for _, f := range fixtures(t) {
		if !f.hostile {
			continue
		}
		out := map[string]string{}
		for _, g := range goldenFormats {
			var buf bytes.Buffer
			if err := g.r.Render(&buf, f.report); err != nil {
				t.Fatal(err)
			}
			out[g.suffix] = buf.String()
		}

		// No format lets a control character of the candidate through;
		// the coloured table holds only pyscout's own SGR sequences.
		for suffix, s := range out {
			if suffix == "color.txt" {
				s = sgr.ReplaceAllString(s, "")
			}
			for _, r := range s {
				if r < 0x20 && r != '\n' || r == 0x7f || (r >= 0x80 && r < 0xa0) || isBidiControl(r) {
					t.Errorf("%s.%s carries control character %U", f.name, suffix, r)
					break
				}
			}
		}

		// The hostile brief is drawn in every human format, so the checks
		// below cover its text (what, names, paths, maintainer facts).
		for suffix, marker := range map[string]string{"html": `id="projects"`, "md": "## Projects", "txt": "Projects ("} {
			if !strings.Contains(out[suffix], marker) {
				t.Errorf("%s.%s has no Projects section", f.name, suffix)
			}
		}
		if !strings.Contains(out["html"], "class&lt;/code&gt;&lt;script&gt;") {
			t.Errorf("%s.html does not show the brief's abstraction kind as text", f.name)
		}
		page := out["html"]
		// In HTML, Markdown syntax is harmless text; markup is not.
		for _, bad := range []string{"<img", "<svg onload", "<b>", "href=\"javascript"} {
			if strings.Contains(page, bad) {
				t.Errorf("%s.html contains %q", f.name, bad)
			}
		}
		if !strings.Contains(page, "&lt;img src=x onerror=alert(1)&gt;") {
			t.Errorf("%s.html does not show the description as text", f.name)
		}

		text := out["md"]
		for _, bad := range []string{"<img", "<svg", "<b>", "](javascript", "[urgent](", "[click me](", "![track]"} {
			if strings.Contains(text, bad) {
				t.Errorf("%s.md contains %q", f.name, bad)
			}
		}
		if !strings.Contains(text, "&lt;img src=x onerror=alert\\(1\\)&gt;") {
			t.Errorf("%s.md does not show the description as escaped text", f.name)
		}
		// Every Markdown link target is an http(s) URL.
		for _, m := range regexp.MustCompile(`\]\(([^)]*)\)`).FindAllStringSubmatch(text, -1) {
			if !strings.HasPrefix(m[1], "https://") && !strings.HasPrefix(m[1], "http://") {
				t.Errorf("%s.md links to %q", f.name, m[1])
			}
		}

		// JSON keeps the candidate's text exactly, as data.
		var doc struct {
			Name  string `json:"name"`
			Repos []struct {
				Description string `json:"description"`
			} `json:"repos"`
		}
		if err := json.Unmarshal([]byte(out["json"]), &doc); err != nil {
			t.Fatal(err)
		}
		if len(doc.Repos) == 0 || doc.Repos[0].Description != "<img src=x onerror=alert(1)>" {
			t.Errorf("%s.json changed the description: %+v", f.name, doc.Repos)
		}
	}
}

// TestHostileProfileText covers candidate strings the fixtures cannot
// produce through the pipeline: a Markdown link in a name, a javascript:
// profile URL, and control characters everywhere.
func TestHostileProfileText(t *testing.T) {
	f := fixtures(t)[0]
	p := *f.report.Profile
	p.Name = "[x](javascript:alert(1))\x1b[31m\u202e\u009b31m"
	p.HTMLURL = "javascript:alert(1)"
	p.Notes = []string{"<script>alert(1)</script>\nline"}
	r := &Report{Profile: &p, Rules: f.report.Rules, ToolVersion: "<b>1</b>\x1b[0m"}
	// What is dangerous depends on the format: markup in HTML, links and
	// markup in Markdown, control sequences everywhere.
	bad := map[string][]string{
		"html":      {"\x1b", "\u202e", "\u009b", "<script", "<b>", `href="javascript`},
		"md":        {"\x1b", "\u202e", "\u009b", "<script", "<b>", "](javascript"},
		"txt":       {"\x1b", "\u202e", "\u009b"},
		"color.txt": {"\x1b[31m", "\x1b[0m\x1b", "\u202e"},
		"json":      {"\x1b", "\u202e", "\u009b", "<script"},
	}
	for _, g := range goldenFormats {
		var buf bytes.Buffer
		if err := g.r.Render(&buf, r); err != nil {
			t.Fatal(err)
		}
		for _, b := range bad[g.suffix] {
			if strings.Contains(buf.String(), b) {
				t.Errorf("%s contains %q", g.suffix, b)
			}
		}
	}
}

func TestJSONEscapesInvisibleCharacters(t *testing.T) {
	f := fixtures(t)[0]
	p := *f.report.Profile
	p.Name = "a\u009b31mb\u202ec\u2066d é 日本"
	var buf bytes.Buffer
	if err := (JSON{}).Render(&buf, &Report{Profile: &p}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"name": "a\u009b31mb\u202ec\u2066d é 日本"`) {
		t.Errorf("name not escaped: %s", regexp.MustCompile(`"name": "[^"]*"`).FindString(buf.String()))
	}
	var back struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil || back.Name != p.Name {
		t.Errorf("round trip: %q, %v", back.Name, err)
	}
}

// regexpSGR matches the colour sequences pyscout writes itself.
var regexpSGR = regexp.MustCompile(`\x1b\[[0-9;]*m`)

// BenchmarkEscapeInvisible is the pass over a rendered JSON report (the
// golden ones, about 280 KB), with one character to escape at the end.
func BenchmarkEscapeInvisible(b *testing.B) {
	files, err := filepath.Glob("testdata/golden/*.json")
	if err != nil || len(files) == 0 {
		b.Fatalf("golden reports: %v", err)
	}
	var doc []byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		doc = append(doc, data...)
	}
	doc = append(doc, "\"\u202e\""...)
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		escapeInvisible(doc)
	}
}

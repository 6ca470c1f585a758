package report

import (
	"bytes"
	"strings"
	"testing"
)

// The shortlist's name, role and notes (the hiring manager's own columns,
// pyscout batch) head each format of the candidate's report, as text: a
// spreadsheet cell can hold anything. Without a shortlist nothing is added.
func TestShortlistEntryInReports(t *testing.T) {
	f := fixtures(t)[0]
	r := &Report{Profile: f.report.Profile, Rules: f.report.Rules, ToolVersion: "test",
		Shortlist: &ShortlistEntry{Name: "Ada <b>Lovelace</b>", Role: "Backend\x1b[31m", Notes: "[x](javascript:alert(1)) referred by Sam"}}
	want := map[string][]string{
		"html": {"From the shortlist:", "Ada &lt;b&gt;Lovelace&lt;/b&gt;", "referred by Sam"},
		"md":   {"From the shortlist:", "Lovelace", "(role: Backend", "referred by Sam"},
		"json": {`"shortlist"`, `"role": "Backend`, "referred by Sam"},
	}
	bad := map[string][]string{
		"html": {"<b>Lovelace", "\x1b", `href="javascript`},
		"md":   {"<b>Lovelace", "\x1b", "](javascript"},
		"json": {"\x1b"},
	}
	for _, g := range goldenFormats {
		if want[g.suffix] == nil {
			continue
		}
		var buf bytes.Buffer
		if err := g.r.Render(&buf, r); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, w := range want[g.suffix] {
			if !strings.Contains(out, w) {
				t.Errorf("%s lacks %q", g.suffix, w)
			}
		}
		for _, b := range bad[g.suffix] {
			if strings.Contains(out, b) {
				t.Errorf("%s contains %q", g.suffix, b)
			}
		}
		// Near miss: the same report without a shortlist says nothing of one.
		buf.Reset()
		if err := g.r.Render(&buf, &Report{Profile: r.Profile, Rules: r.Rules, ToolVersion: "test"}); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "shortlist") {
			t.Errorf("%s mentions a shortlist it does not have", g.suffix)
		}
	}
}

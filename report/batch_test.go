package report

import (
	"bytes"
	"encoding/csv"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func intp(n int) *int { return &n }

// batchFixture has an analysed candidate, a hostile one (every free text
// field is markup, a link, a formula or control characters), a failed one
// with reports and a pending one.
func batchFixture() *Batch {
	hostile := "<img src=x onerror=alert(1)>[x](javascript:alert(1))\x1b[31m\u202e"
	return &Batch{
		Generated: time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC), ToolVersion: "test", Stack: []string{"django", "<b>celery</b>"},
		Rows: []BatchRow{
			{Login: "alice", Name: "Alice", Role: "backend", Status: BatchAnalysed, Reports: true, PythonRepos: 3, ReposMostlyTheirs: intp(2),
				PythonLines: 12345, TheirLines: intp(9000), StackShown: []string{"django"}, StackSize: 2, ReposWithTests: 2, ReposWithCI: 1,
				OOPDepth: 3, Modern: []string{"f strings", "type hints"}, ModernKinds: 14, LastActive: "2026-10-01", DeepQuestions: 2},
			{Login: "mallory", Name: hostile, Role: "=cmd|' /C calc'!A0", Notes: "+SUM(1)\n@x", Status: BatchAnalysed, Reports: true, PythonRepos: 9,
				PythonLines: 10, StackShown: []string{hostile}, StackSize: 2, Modern: []string{hostile}, ModernKinds: 14, LastActive: "2025-01-01"},
			{Login: "broken", Status: BatchFailed, Reason: "2 Python repositories found and none could be analysed " + hostile, Reports: true},
			{Login: "ghost", Status: BatchFailed, Reason: `no GitHub user "ghost"`},
			{Login: "later", Status: BatchPending, Reason: "-not analysed yet"},
		},
	}
}

func TestBatchFormatsKeepHostileTextAsText(t *testing.T) {
	b := batchFixture()
	var page, sheet, table bytes.Buffer
	if err := (BatchIndex{}).Render(&page, b); err != nil {
		t.Fatal(err)
	}
	if err := (BatchCSV{}).Render(&sheet, b); err != nil {
		t.Fatal(err)
	}
	if err := (BatchTable{Width: 200}).Render(&table, b); err != nil {
		t.Fatal(err)
	}
	for name, s := range map[string]string{"index.html": page.String(), "summary.csv": sheet.String(), "table": table.String()} {
		for _, r := range s {
			if r < 0x20 && r != '\n' || r == 0x7f || (r >= 0x80 && r < 0xa0) || isBidiControl(r) {
				t.Errorf("%s carries control character %U", name, r)
				break
			}
		}
	}
	html := page.String()
	for _, bad := range []string{"<img", "<b>", `href="javascript`, "<script"} {
		if strings.Contains(html, bad) {
			t.Errorf("index.html contains %q", bad)
		}
	}
	for _, want := range []string{"&lt;img src=x onerror=alert(1)&gt;", "&lt;b&gt;celery&lt;/b&gt;", `href="alice.html"`, `href="broken.json"`, "default-src &#39;none&#39;", strings.ReplaceAll(styleHash(batchCSS), "+", "&#43;")} {
		if !strings.Contains(html, want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	if strings.Contains(html, `href="ghost.html"`) || strings.Contains(html, `href="later.html"`) {
		t.Error("index.html links a report that was not written")
	}
	// Every column has its sorted view, reached by an anchor.
	for _, c := range batchColumns {
		if !strings.Contains(html, `id="by-`+c.id+`"`) || !strings.Contains(html, `href="#by-`+c.id+`"`) {
			t.Errorf("no sorted view for %s", c.id)
		}
	}
	recs, err := csv.NewReader(strings.NewReader(sheet.String())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != len(b.Rows)+1 {
		t.Fatalf("%d CSV records for %d rows", len(recs), len(b.Rows))
	}
	for _, rec := range recs {
		for _, cell := range rec {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("CSV cell %q could be read as a formula", cell)
			}
		}
	}
	// Near miss: text that merely contains those characters is untouched.
	if recs[1][0] != "alice" || recs[1][1] != "Alice" || !strings.HasPrefix(recs[5][5], "'-not analysed") {
		t.Errorf("CSV rows: %q / %q", recs[1], recs[5])
	}
	if recs[2][2] != `'=cmd|' /C calc'!A0` {
		t.Errorf("formula role: %q", recs[2][2])
	}
}

func TestBatchViewsSortByTheirFact(t *testing.T) {
	b := batchFixture()
	for _, c := range batchColumns {
		rows := sortedRows(b.Rows, c)
		// Analysed candidates first, the others after in list order.
		if rows[0].Status != BatchAnalysed || rows[1].Status != BatchAnalysed || rows[2].Login != "broken" || rows[4].Login != "later" {
			t.Errorf("%s: order %v", c.id, loginsOf(rows))
		}
	}
	byLines := sortedRows(b.Rows, batchColumns[2])
	if batchColumns[2].id != "python-lines" || byLines[0].Login != "alice" {
		t.Errorf("by lines: %v", loginsOf(byLines))
	}
	byRepos := sortedRows(b.Rows, batchColumns[0])
	if byRepos[0].Login != "mallory" {
		t.Errorf("by repos: %v", loginsOf(byRepos))
	}
	// The shortlist's own order is left alone.
	if b.Rows[0].Login != "alice" || b.Rows[1].Login != "mallory" {
		t.Error("sorting changed the rows given")
	}
}

func loginsOf(rows []BatchRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Login)
	}
	return out
}

// TestBatchIndexInBrowser opens index.html in headless Chromium: no
// request, no script, the stylesheet applies under the policy, and the
// only links that are not anchors are the reports beside the page.
func TestBatchIndexInBrowser(t *testing.T) {
	browserCtx := newBrowser(t)
	var buf bytes.Buffer
	if err := (BatchIndex{}).Render(&buf, batchFixture()); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "index.html")
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	fileURL := (&url.URL{Scheme: "file", Path: file}).String()
	got := openPage(t, browserCtx, fileURL)
	saveShots(t, got, screenshotDir(t), "batch-index")
	reportLink := regexp.MustCompile(`^[A-Za-z0-9-]+\.(html|md|json)$`)
	for _, l := range got.dom.BadLinks {
		if !reportLink.MatchString(l) {
			t.Errorf("link %q is neither an anchor nor a report beside the page", l)
		}
	}
	for _, p := range got.problems(fileURL) {
		if !strings.HasPrefix(p, "links that are not http(s)") {
			t.Error(p)
		}
	}
	if got.dom.SectionCount != len(batchColumns)+1 {
		t.Errorf("%d sections, want the list and %d sorted views", got.dom.SectionCount, len(batchColumns))
	}
	if !strings.Contains(got.dom.Text, "<img src=x onerror=alert(1)>") {
		t.Error("the hostile name is not shown as text")
	}
}

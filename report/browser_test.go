package report

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/audits"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// chromiumPath finds a Chromium or Chrome binary: $PYSCOUT_CHROMIUM, then
// Debian's /usr/bin/chromium, then the usual names on PATH.
func chromiumPath() string {
	if p := os.Getenv("PYSCOUT_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// screenshotDir is where the browser test leaves its screenshots for a
// person to look at; it outlives the test on purpose.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("PYSCOUT_SCREENSHOT_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "pyscout-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// pageRecord is what the browser reported while a page was open.
type pageRecord struct {
	mu        sync.Mutex
	requests  []string
	dialogs   []string
	console   []string
	problems  []string
	documents []string
}

func (r *pageRecord) add(list *[]string, s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	*list = append(*list, s)
}

// newBrowser starts headless Chromium for a test, or skips the test when
// there is none.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	bin := chromiumPath()
	if bin == "" {
		t.Skip("no Chromium found (install Debian's chromium, or set PYSCOUT_CHROMIUM): the browser test is skipped")
	}
	// The machine may have no network at all: without the background
	// networking flags Chromium keeps trying to reach Google's services.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	// A hang guard, not a speed check: on a loaded 2-core runner the whole
	// run of pages took over two minutes, so the bound is generous.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	t.Cleanup(cancel)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browserCtx); err != nil {
		t.Fatalf("start %s: %v", bin, err)
	}
	return browserCtx
}

// TestHTMLInBrowser opens the HTML reports in headless Chromium from
// file:// URLs and checks what a reader's browser would do with them: no
// request leaves the page, no injected script runs, nothing is logged, the
// stylesheet applies (its CSP hash is right), and the sections are there.
func TestHTMLInBrowser(t *testing.T) {
	browserCtx := newBrowser(t)
	dir := t.TempDir()
	shots := screenshotDir(t)
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := (HTML{}).Render(&buf, f.report); err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, f.name+".html")
			if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			fileURL := (&url.URL{Scheme: "file", Path: file}).String()
			got := openPage(t, browserCtx, fileURL)
			saveShots(t, got, shots, f.name)
			for _, p := range got.problems(fileURL) {
				t.Error(p)
			}
			checkSections(t, f, got.dom)
		})
	}
}

// TestBrowserCheckCatchesViolations makes sure the browser checks are not
// vacuous: a page that loads an image, runs a script, opens a dialog and
// breaks its own policy must be caught on every count.
func TestBrowserCheckCatchesViolations(t *testing.T) {
	browserCtx := newBrowser(t)
	dir := t.TempDir()
	pages := map[string]struct {
		html string
		want []string
	}{
		"no policy": {
			html: `<!DOCTYPE html><html><head><title>x</title></head><body>` +
				`<img src="http://127.0.0.1:9/pixel.png"><script>window.__pwned = 1; alert(1)</script>` +
				`<a href="javascript:alert(1)">x</a></body></html>`,
			want: []string{"requested", "dialog", "script ran", "active elements", "not http(s)"},
		},
		"strict policy": {
			html: `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="` + htmlCSP + `">` +
				`<style>body { color: red }</style></head><body><p style="color: blue">x</p>` +
				`<script>window.__pwned = 1</script></body></html>`,
			want: []string{"browser reported", "style attributes", "stylesheet did not apply"},
		},
	}
	for name, p := range pages {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".html")
			if err := os.WriteFile(file, []byte(p.html), 0o644); err != nil {
				t.Fatal(err)
			}
			fileURL := (&url.URL{Scheme: "file", Path: file}).String()
			got := strings.Join(openPage(t, browserCtx, fileURL).problems(fileURL), "\n")
			t.Logf("caught:\n%s", got)
			for _, w := range p.want {
				if !strings.Contains(got, w) {
					t.Errorf("the check missed %q; it reported:\n%s", w, got)
				}
			}
		})
	}
}

// domFacts are read from the page once it has loaded.
type domFacts struct {
	Pwned        bool     `json:"pwned"`
	Active       int      `json:"active"`
	Headings     []string `json:"headings"`
	BadLinks     []string `json:"badLinks"`
	Evidence     []string `json:"evidence"`
	BodyBg       string   `json:"bodyBg"`
	Text         string   `json:"text"`
	StyleAttrs   int      `json:"styleAttrs"`
	SectionCount int      `json:"sections"`
}

// openedPage is what the browser reported while a page was open, and the
// tab, still open, for screenshots.
type openedPage struct {
	rec *pageRecord
	dom domFacts
	tab context.Context
}

func openPage(t *testing.T, browserCtx context.Context, fileURL string) openedPage {
	t.Helper()
	rec := &pageRecord{}
	tabCtx, cancel := chromedp.NewContext(browserCtx, chromedp.WithListener(func(ev any) {
		// Runs in the tab's read loop: record only.
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			rec.add(&rec.requests, ev.Request.URL)
			if ev.Type == network.ResourceTypeDocument {
				rec.add(&rec.documents, ev.Request.URL)
			}
		case *page.EventJavascriptDialogOpening:
			rec.add(&rec.dialogs, string(ev.Type)+": "+ev.Message)
		case *runtime.EventConsoleAPICalled:
			rec.add(&rec.console, string(ev.Type))
		case *runtime.EventExceptionThrown:
			rec.add(&rec.problems, "exception: "+ev.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			rec.add(&rec.problems, fmt.Sprintf("log %s/%s: %s", ev.Entry.Source, ev.Entry.Level, ev.Entry.Text))
		case *audits.EventIssueAdded:
			rec.add(&rec.problems, "issue: "+string(ev.Issue.Code))
		}
	}))
	t.Cleanup(cancel)
	// A dialog would block the page; close it so that the test reports
	// it rather than timing out.
	dialogs := chromedp.Events(tabCtx, page.JavascriptDialogOpening)
	go func() {
		for _, err := range dialogs {
			if err != nil {
				return
			}
			_, _ = chromedp.Call(tabCtx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	enable := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tg, log.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, audits.Enable, cdp.Empty{})
		return err
	})
	if err := chromedp.Do(tabCtx, enable, chromedp.Navigate(fileURL)); err != nil {
		t.Fatalf("open %s: %v", fileURL, err)
	}
	// Let anything the page might start late (a lazy image, a font) happen.
	if err := chromedp.Do(tabCtx, chromedp.Sleep(300*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	dom, err := chromedp.Run(tabCtx, chromedp.Evaluate[domFacts](`(() => ({
		pwned: window.__pwned !== undefined,
		active: document.querySelectorAll('script, iframe, object, embed, img, link[rel=stylesheet], [onerror], [onload], [onclick], [onmouseover], [srcdoc]').length,
		headings: [...document.querySelectorAll('main > section > h2')].map(h => h.parentElement.id + ':' + h.textContent),
		badLinks: [...document.querySelectorAll('[href]')].map(a => a.getAttribute('href')).filter(h => !/^(https?:\/\/|#)/.test(h) && h !== 'data:,'),
		evidence: [...document.querySelectorAll('#questions a.ev')].map(a => a.href),
		bodyBg: getComputedStyle(document.body).backgroundColor,
		text: document.body.innerText,
		styleAttrs: document.querySelectorAll('[style]').length,
		sections: document.querySelectorAll('main > section').length,
	}))()`))
	if err != nil {
		t.Fatal(err)
	}
	return openedPage{rec: rec, dom: dom, tab: tabCtx}
}

// problems lists every way the page broke the rules.
func (p openedPage) problems(fileURL string) []string {
	rec := p.rec
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var out []string
	for _, u := range rec.requests {
		if u != fileURL && !strings.HasPrefix(u, "data:") {
			out = append(out, fmt.Sprintf("the page requested %q", u))
		}
	}
	if len(rec.documents) != 1 {
		out = append(out, fmt.Sprintf("documents loaded: %q, want the report alone", rec.documents))
	}
	if len(rec.dialogs) > 0 {
		out = append(out, fmt.Sprintf("a JavaScript dialog opened: %q", rec.dialogs))
	}
	if len(rec.console) > 0 {
		out = append(out, fmt.Sprintf("console calls: %q", rec.console))
	}
	for _, pr := range rec.problems {
		out = append(out, "browser reported: "+pr)
	}
	d := p.dom
	if d.Pwned {
		out = append(out, "an injected script ran: window.__pwned is set")
	}
	if d.Active != 0 {
		out = append(out, fmt.Sprintf("%d active elements (script, img, handlers, ...) in the page", d.Active))
	}
	if d.StyleAttrs != 0 {
		out = append(out, fmt.Sprintf("%d style attributes: the policy blocks them", d.StyleAttrs))
	}
	if len(d.BadLinks) > 0 {
		out = append(out, fmt.Sprintf("links that are not http(s): %q", d.BadLinks))
	}
	if d.BodyBg != "rgb(246, 248, 250)" {
		out = append(out, fmt.Sprintf("body background %q: the stylesheet did not apply (CSP hash?)", d.BodyBg))
	}
	return out
}

// saveShots writes a screenshot of the page, one as printed, and the PDF
// Chromium prints, for a person to look at.
func saveShots(t *testing.T, p openedPage, dir, name string) {
	t.Helper()
	shot, err := chromedp.Run(p.tab, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	screenPath := filepath.Join(dir, name+".png")
	if err := os.WriteFile(screenPath, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	printMedia := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})
	if err := chromedp.Do(p.tab, printMedia); err != nil {
		t.Fatal(err)
	}
	printShot, err := chromedp.Run(p.tab, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	printPath := filepath.Join(dir, name+".print.png")
	if err := os.WriteFile(printPath, printShot, 0o644); err != nil {
		t.Fatal(err)
	}
	pdf, err := chromedp.Run(p.tab, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
	if err != nil {
		t.Fatal(err)
	}
	pdfPath := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(pdfPath, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (as printed: %s, PDF: %s)", screenPath, printPath, pdfPath)
}

// checkSections asserts that the page shows the sections the report has.
func checkSections(t *testing.T, f fixture, d domFacts) {
	t.Helper()
	want := []string{"summary:Summary at a glance", "unseen:What pyscout could not see"}
	p := f.report.Profile
	if f.report.Rules != nil {
		want = append(want, "checklist:Hiring checklist", "questions:Suggested questions")
	}
	if len(p.Repos) > 0 {
		want = append(want, "repositories:Repositories analysed", "code:Code details")
	}
	if len(p.Libraries) > 0 {
		want = append(want, "libraries:Libraries")
	}
	if p.Activity != nil {
		want = append(want, "activity:Activity")
	}
	if len(p.Briefs) > 0 {
		want = append(want, "projects:Projects")
	}
	got := strings.Join(d.Headings, "\n")
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("section %q missing; headings:\n%s", w, got)
		}
	}
	if d.SectionCount != len(d.Headings) {
		t.Errorf("%d sections, %d headings", d.SectionCount, len(d.Headings))
	}
	switch f.name {
	case "alice":
		found := false
		for _, e := range d.Evidence {
			if strings.HasPrefix(e, fakeHost+"/alice/") && strings.Contains(e, "/blob/") && strings.Contains(e, "#L") {
				found = true
			}
		}
		if !found {
			t.Errorf("no question links to exact lines: %q", d.Evidence)
		}
	case "mallory":
		// The hostile brief's language, kind and name are text too.
		for _, s := range []string{"<img src=x onerror=alert(1)>", "[urgent](javascript:alert(1))", `\u001b[2J`,
			"<script>alert(1)</script> 80%", "class</code><script>", `Evil\u001b[31m<b>Bold</b>\u2066`} {
			if !strings.Contains(d.Text, s) {
				t.Errorf("the page does not show %q as text", s)
			}
		}
	case "hostile-files":
		if len(d.Evidence) != 0 {
			t.Errorf("javascript: evidence became links: %q", d.Evidence)
		}
		if !strings.Contains(d.Text, "<svg onload=window.__pwned=1>.py") || !strings.Contains(d.Text, `evil\u001b[31m name.py`) {
			t.Error("hostile file names are not shown as text")
		}
	}
}

package report

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"
)

// TestHTMLIsSelfContained checks the page's contract without a browser:
// the policy, the hash of the one stylesheet, and nothing that could load
// or run.
func TestHTMLIsSelfContained(t *testing.T) {
	styleRe := regexp.MustCompile(`(?s)<style>(.*?)</style>`)
	cspRe := regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)
	for _, f := range fixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := (HTML{}).Render(&buf, f.report); err != nil {
				t.Fatal(err)
			}
			page := buf.String()
			if !strings.HasPrefix(page, "<!DOCTYPE html>\n<html lang=\"en\">") {
				t.Errorf("page starts %q", page[:min(40, len(page))])
			}
			styles := styleRe.FindAllStringSubmatch(page, -1)
			if len(styles) != 1 {
				t.Fatalf("%d style elements, want 1", len(styles))
			}
			if styles[0][1] != htmlCSS {
				t.Error("the style element is not the embedded stylesheet byte for byte, so its hash would not match")
			}
			m := cspRe.FindStringSubmatch(page)
			if m == nil {
				t.Fatal("no Content-Security-Policy meta tag")
			}
			csp := html.UnescapeString(m[1])
			for _, want := range []string{"default-src 'none'", "style-src '" + styleHash(htmlCSS) + "'", "img-src data:", "base-uri 'none'", "form-action 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("policy %q lacks %q", csp, want)
				}
			}
			for _, bad := range []string{"unsafe-inline", "script-src", "unsafe-eval"} {
				if strings.Contains(csp, bad) {
					t.Errorf("policy %q allows %q", csp, bad)
				}
			}
			if strings.Index(page, "Content-Security-Policy") > strings.Index(page, "<style>") {
				t.Error("the policy must come before the stylesheet")
			}
			if !strings.Contains(page, `<link rel="icon" href="data:,">`) {
				t.Error("no empty favicon: the browser would request /favicon.ico")
			}
			// Candidate text is escaped, so every "<" opens one of the
			// template's own tags: check their names and attributes.
			allowed := map[string]bool{}
			for _, n := range strings.Fields("html head meta title link style body header p h1 h2 h3 span time nav a main section div ul ol li code table thead tbody tr th td figure figcaption svg g text rect strong colgroup col footer article dl dt dd") {
				allowed[n] = true
			}
			for _, tag := range regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>`).FindAllStringSubmatch(page, -1) {
				if !allowed[strings.ToLower(tag[1])] {
					t.Errorf("unexpected element <%s>", tag[1])
				}
				for _, attr := range regexp.MustCompile(`\s([a-zA-Z-]+)=`).FindAllStringSubmatch(tag[2], -1) {
					name := strings.ToLower(attr[1])
					if name == "style" || name == "src" || name == "srcdoc" || strings.HasPrefix(name, "on") || name == "action" || name == "formaction" {
						t.Errorf("<%s> has a %s attribute", tag[1], name)
					}
				}
			}
			if strings.Contains(page, "@import") || strings.Contains(page, "url(") {
				t.Error("the stylesheet loads something")
			}
			for _, href := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(page, -1) {
				h := href[1]
				if !strings.HasPrefix(h, "https://") && !strings.HasPrefix(h, "http://") && !strings.HasPrefix(h, "#") && h != "data:," {
					t.Errorf("link to %q", h)
				}
			}
		})
	}
}

func TestHTMLWithoutRulesOrRepos(t *testing.T) {
	f := fixtures(t)[0]
	bare := &Report{Profile: f.report.Profile, ToolVersion: "x"}
	var buf bytes.Buffer
	if err := (HTML{}).Render(&buf, bare); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), `id="questions"`) || !strings.Contains(buf.String(), `id="unseen"`) {
		t.Error("without rules the page should have no questions and still say what was not seen")
	}
}

func TestHeatmapAndCharts(t *testing.T) {
	a := &activity{Max: 8, Weeks: []week{{Start: "2026-01-05", Count: 0, Month: "Jan"}, {Start: "2026-01-12", Count: 8, Level: 4}}}
	h := newHeatmap(a)
	if len(h.Cells) != 2 || h.Cells[1].X != heatCellW+heatGap || h.Cells[1].Level != 4 || h.Cells[0].Title != "Week of 2026-01-05: 0 commits" {
		t.Errorf("cells %+v", h.Cells)
	}
	if len(h.Months) != 1 || h.Months[0].Text != "Jan" || len(h.Legend) != 5 {
		t.Errorf("months %+v legend %d", h.Months, len(h.Legend))
	}
	if newHeatmap(nil) != nil {
		t.Error("a heatmap without activity")
	}
	chart := libraryChart(groupLibraries([]libraryRow{{Import: "flask", Files: 4, Repos: []string{"a", "b"}}, {Import: "requests", Files: 1, Repos: []string{"a"}}}))
	if chart == nil || len(chart.Bars) != 2 {
		t.Fatalf("chart %+v", chart)
	}
	b := chart.Bars
	if b[0].W != chartWidth-chartLabelW-chartValueW || b[1].W != b[0].W/4 || b[0].Value != "4 files · 2 repositories" || b[1].Value != "1 file · 1 repository" {
		t.Errorf("bars %+v", b)
	}
	grouped := libraryChart(groupLibraries([]libraryRow{{Import: "flask", Files: 4, Category: "Web"}, {Import: "pandas", Files: 2, Category: "Data"}}))
	if len(grouped.Bars) != 4 || !grouped.Bars[0].Heading || grouped.Bars[0].Label != "Web" || grouped.Bars[1].Label != "flask" || !grouped.Bars[2].Heading {
		t.Errorf("grouped bars %+v", grouped.Bars)
	}
	if grouped.Height != 2*chartHeadH+2*chartRowH+4 {
		t.Errorf("height %d", grouped.Height)
	}
	if libraryChart(libraries{}) != nil {
		t.Error("a chart without libraries")
	}
}

func TestActivityLevels(t *testing.T) {
	cases := []struct {
		count, max, level int
	}{{0, 8, 0}, {1, 8, 1}, {2, 8, 1}, {3, 8, 2}, {4, 8, 2}, {5, 8, 3}, {7, 8, 4}, {8, 8, 4}, {1, 1, 4}}
	for _, c := range cases {
		if got := heatLevel(c.count, c.max); got != c.level {
			t.Errorf("heatLevel(%d, %d) = %d, want %d", c.count, c.max, got, c.level)
		}
	}
}

package report

import (
	"bufio"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/pyscout/pyscout/report/words"
)

// HTML renders one self-contained page for a person to read before an
// interview: inline CSS and SVG, no script, no external request of any
// kind, and a Content-Security-Policy that forbids them, so that the page
// is safe to open even though most of its text was written by the
// candidate.
type HTML struct{}

// Ext implements Renderer.
func (HTML) Ext() string { return "html" }

var (
	//go:embed templates/report.html.tmpl templates/report.css
	htmlFiles embed.FS

	htmlTemplate = template.Must(template.New("report.html.tmpl").Funcs(template.FuncMap{
		"plural":    words.Plural,
		"thousands": words.Thousands,
		"join":      strings.Join,
		"dict":      dict,
	}).ParseFS(htmlFiles, "templates/report.html.tmpl"))

	htmlCSS = mustRead("templates/report.css")

	// htmlCSP allows nothing but the one stylesheet (by its hash, so no
	// other inline style can apply) and data: images (the empty favicon).
	// No script-src: with default-src 'none' no script runs at all.
	htmlCSP = "default-src 'none'; style-src '" + styleHash(htmlCSS) + "'; img-src data:; base-uri 'none'; form-action 'none'"
)

func mustRead(name string) string {
	b, err := htmlFiles.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// styleHash is the CSP source for an inline <style> element's content.
func styleHash(css string) string {
	sum := sha256.Sum256([]byte(css))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// dict builds a map for passing several values to a template.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, errors.New("dict: odd number of arguments")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// htmlPage is the document plus what only the page needs: the stylesheet,
// its policy, and chart geometry.
type htmlPage struct {
	*document
	CSS     template.CSS
	CSP     string
	Chart   *barChart
	Heatmap *heatmap
	// FunctionsNote explains the functions table.
	FunctionsNote string
	// HotspotsNote says the scope of the functions worth opening.
	HotspotsNote string
	// ProjectsIntro introduces the Projects section.
	ProjectsIntro string
}

// Render implements Renderer.
func (HTML) Render(w io.Writer, r *Report) error {
	d := newDocument(r)
	page := htmlPage{
		document: d,
		// The stylesheet is pyscout's own embedded file, never candidate
		// text; its hash is in the policy.
		CSS:     template.CSS(htmlCSS),
		CSP:     htmlCSP,
		Chart:   libraryChart(d.Libraries),
		Heatmap: newHeatmap(d.Activity),

		FunctionsNote: functionsNote,
		HotspotsNote:  hotspotsNote,
		ProjectsIntro: projectsIntro,
	}
	bw := bufio.NewWriter(w)
	if err := htmlTemplate.Execute(bw, page); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	return bw.Flush()
}

// barChart is a horizontal bar chart of libraries; with categories, a
// heading row opens each category.
type barChart struct {
	Width, Height int
	Bars          []bar
}

type bar struct {
	// Heading marks a category's heading row: only Label and TextY are set.
	Heading               bool
	Label, Title, Value   string
	LabelX, ValueX, TextY int
	X, Y, W, H            int
}

// Bar chart geometry, in SVG user units.
const (
	chartWidth   = 760
	chartLabelW  = 190
	chartValueW  = 150
	chartRowH    = 24
	chartBarH    = 14
	chartHeadH   = 30
	chartLabelCh = 26
)

// libraryChart lays out the libraries, one bar each, all on one scale.
func libraryChart(l libraries) *barChart {
	if len(l.Groups) == 0 {
		return nil
	}
	top := 0
	for _, g := range l.Groups {
		for _, r := range g.Rows {
			top = max(top, r.Files)
		}
	}
	span := chartWidth - chartLabelW - chartValueW
	c := &barChart{Width: chartWidth}
	y := 2
	for _, g := range l.Groups {
		if g.Name != "" {
			c.Bars = append(c.Bars, bar{Heading: true, Label: g.Name, TextY: y + chartHeadH - 10})
			y += chartHeadH
		}
		for _, r := range g.Rows {
			w := max(2, r.Files*span/max(top, 1))
			repos := words.Plural(len(r.Repos), "repository")
			c.Bars = append(c.Bars, bar{
				Label:  truncate(r.Import, chartLabelCh),
				Title:  fmt.Sprintf("%s: %s in %s (%s)", r.Import, words.Plural(r.Files, "file"), repos, strings.Join(r.Repos, ", ")),
				Value:  fmt.Sprintf("%s · %s", words.Plural(r.Files, "file"), repos),
				LabelX: chartLabelW - 10, ValueX: chartLabelW + w + 8, TextY: y + chartBarH - 2,
				X: chartLabelW, Y: y + (chartRowH-chartBarH)/2 - 3, W: w, H: chartBarH,
			})
			y += chartRowH
		}
	}
	c.Height = y + 2
	return c
}

// heatmap is the activity strip: one cell per week, oldest on the left.
type heatmap struct {
	Width, Height                int
	Cells                        []heatCell
	Months                       []heatLabel
	Legend                       []heatCell
	LegendX, LegendEndX, LegendY int
	Max                          int
}

type heatCell struct {
	X, Y, W, H int
	Level      int
	Title      string
}

type heatLabel struct {
	X, Y int
	Text string
}

// Heatmap geometry, in SVG user units.
const (
	heatCellW  = 13
	heatCellH  = 26
	heatGap    = 3
	heatTop    = 16
	heatLegend = 22
)

func newHeatmap(a *activity) *heatmap {
	if a == nil || len(a.Weeks) == 0 {
		return nil
	}
	step := heatCellW + heatGap
	h := &heatmap{Width: len(a.Weeks)*step - heatGap, Max: a.Max}
	for i, w := range a.Weeks {
		x := i * step
		title := fmt.Sprintf("Week of %s: %s", w.Start, words.Plural(w.Count, "commit"))
		h.Cells = append(h.Cells, heatCell{X: x, Y: heatTop, W: heatCellW, H: heatCellH, Level: w.Level, Title: title})
		if w.Month != "" {
			h.Months = append(h.Months, heatLabel{X: x, Y: heatTop - 5, Text: w.Month})
		}
	}
	legendY := heatTop + heatCellH + 10
	h.LegendY = legendY + 10
	// The legend sits at the right: "Fewer", five swatches, "More ...".
	swatches := 5*(10+3) - 3
	h.LegendEndX = h.Width - 180
	start := h.LegendEndX - 6 - swatches
	h.LegendX = start - 6
	for lvl := 0; lvl <= 4; lvl++ {
		h.Legend = append(h.Legend, heatCell{X: start + lvl*13, Y: legendY + 1, W: 10, H: 10, Level: lvl})
	}
	h.Height = legendY + heatLegend - 6
	return h
}

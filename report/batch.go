package report

import (
	"bufio"
	"cmp"
	"embed"
	"encoding/csv"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pyscout/pyscout/report/words"
)

// BatchStatus is a candidate's outcome in a batch.
type BatchStatus string

// Outcomes of a candidate in a batch.
const (
	// BatchAnalysed: the reports were written.
	BatchAnalysed BatchStatus = "analysed"
	// BatchFailed: the candidate could not be analysed (Reason says why);
	// the reports exist when repositories were found but none could be
	// analysed.
	BatchFailed BatchStatus = "failed"
	// BatchPending: not analysed yet (a rate limit or an interrupt
	// stopped the batch first, or another shard has the candidate).
	BatchPending BatchStatus = "pending"
)

// BatchRow is one candidate of a batch, side by side with the others. The
// batch package computes it from the candidate's profile and rules
// result; the renderers here only format it. Its JSON form is kept in the
// batch's state file.
type BatchRow struct {
	Login string `json:"login"`
	// Name, Role and Notes come from the shortlist.
	Name  string `json:"name,omitempty"`
	Role  string `json:"role,omitempty"`
	Notes string `json:"notes,omitempty"`
	// Status is the outcome; Reason says why a candidate failed or is
	// pending.
	Status BatchStatus `json:"status"`
	Reason string      `json:"reason,omitempty"`
	// Reports is set when LOGIN.html, LOGIN.md and LOGIN.json were written.
	Reports bool `json:"reports"`
	// PythonRepos is the number of Python repositories analysed.
	PythonRepos int `json:"python_repos"`
	// ReposMostlyTheirs counts the analysed repositories where the
	// candidate added most of the lines people added; nil when history
	// was not read.
	ReposMostlyTheirs *int `json:"repos_mostly_theirs,omitempty"`
	// PythonLines is the lines of Python analysed.
	PythonLines int `json:"python_lines"`
	// TheirLines estimates the candidate's part of PythonLines: each
	// repository's Python lines times the candidate's share of the lines
	// its measured history added; nil when history was not read.
	TheirLines *int `json:"their_python_lines,omitempty"`
	// StackShown are the items of the team's stack with evidence, of
	// StackSize items given.
	StackShown []string `json:"stack_shown,omitempty"`
	StackSize  int      `json:"stack_size,omitempty"`
	// ReposWithTests and ReposWithCI count analysed repositories with
	// tests and with a CI service configured.
	ReposWithTests int `json:"repos_with_tests"`
	ReposWithCI    int `json:"repos_with_ci"`
	// OOPDepth is the longest chain of a repository's own classes.
	OOPDepth int `json:"oop_depth"`
	// Modern are the modern Python features used, of ModernKinds looked for.
	Modern      []string `json:"modern,omitempty"`
	ModernKinds int      `json:"modern_kinds"`
	// LastActive is the latest commit or public event, or else the latest
	// push of an analysed repository (YYYY-MM-DD); "" when unknown.
	LastActive string `json:"last_active,omitempty"`
	// DeepQuestions counts the deep-dive questions suggested.
	DeepQuestions int `json:"deep_questions"`
}

// Batch is what the batch renderers draw: the rows in shortlist order.
type Batch struct {
	Rows []BatchRow
	// Stack is the team's stack the batch was run with.
	Stack []string
	// Generated is when the index was written.
	Generated   time.Time
	ToolVersion string
}

// batchColumn is one compared fact: every batch format draws the same
// columns from this one list, so they cannot drift apart.
type batchColumn struct {
	id, header string
	// csv is the column's name in summary.csv; text its cell for people.
	csv  string
	text func(BatchRow) string
	// raw is the spreadsheet cell, text when nil.
	raw func(BatchRow) string
	// less orders the column's sorted view (most first); nil: no view.
	less func(a, b BatchRow) int
}

func countOf(p *int) string {
	if p == nil {
		return "-"
	}
	return words.Thousands(*p)
}

func rawCount(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func ofRepos(n, of int) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%d of %d", n, of)
}

func byInt(f func(BatchRow) int) func(a, b BatchRow) int {
	return func(a, b BatchRow) int { return cmp.Compare(f(b), f(a)) }
}

func intOr(p *int) int {
	if p == nil {
		return -1
	}
	return *p
}

var batchColumns = []batchColumn{
	{id: "python-repos", header: "Python repos", csv: "python_repos",
		text: func(r BatchRow) string { return strconv.Itoa(r.PythonRepos) },
		less: byInt(func(r BatchRow) int { return r.PythonRepos })},
	{id: "mostly-theirs", header: "Repos mostly theirs", csv: "repos_mostly_theirs",
		text: func(r BatchRow) string { return countOf(r.ReposMostlyTheirs) },
		raw:  func(r BatchRow) string { return rawCount(r.ReposMostlyTheirs) },
		less: byInt(func(r BatchRow) int { return intOr(r.ReposMostlyTheirs) })},
	{id: "python-lines", header: "Python lines", csv: "python_lines",
		text: func(r BatchRow) string { return words.Thousands(r.PythonLines) },
		raw:  func(r BatchRow) string { return strconv.Itoa(r.PythonLines) },
		less: byInt(func(r BatchRow) int { return r.PythonLines })},
	{id: "their-lines", header: "Lines theirs (est.)", csv: "their_python_lines",
		text: func(r BatchRow) string { return countOf(r.TheirLines) },
		raw:  func(r BatchRow) string { return rawCount(r.TheirLines) },
		less: byInt(func(r BatchRow) int { return intOr(r.TheirLines) })},
	{id: "stack", header: "Team stack shown", csv: "stack_shown",
		text: func(r BatchRow) string {
			if r.StackSize == 0 {
				return "-"
			}
			s := fmt.Sprintf("%d of %d", len(r.StackShown), r.StackSize)
			if len(r.StackShown) > 0 {
				s += ": " + strings.Join(r.StackShown, ", ")
			}
			return s
		},
		raw:  func(r BatchRow) string { return strings.Join(r.StackShown, "; ") },
		less: byInt(func(r BatchRow) int { return len(r.StackShown) })},
	{id: "tests", header: "Tests", csv: "repos_with_tests",
		text: func(r BatchRow) string { return ofRepos(r.ReposWithTests, r.PythonRepos) },
		raw:  func(r BatchRow) string { return strconv.Itoa(r.ReposWithTests) },
		less: byInt(func(r BatchRow) int { return r.ReposWithTests })},
	{id: "ci", header: "CI", csv: "repos_with_ci",
		text: func(r BatchRow) string { return ofRepos(r.ReposWithCI, r.PythonRepos) },
		raw:  func(r BatchRow) string { return strconv.Itoa(r.ReposWithCI) },
		less: byInt(func(r BatchRow) int { return r.ReposWithCI })},
	{id: "oop-depth", header: "OOP depth", csv: "oop_depth",
		text: func(r BatchRow) string { return strconv.Itoa(r.OOPDepth) },
		less: byInt(func(r BatchRow) int { return r.OOPDepth })},
	{id: "modern", header: "Modern Python", csv: "modern_python",
		text: func(r BatchRow) string {
			if r.ModernKinds == 0 {
				return "-"
			}
			s := fmt.Sprintf("%d of %d", len(r.Modern), r.ModernKinds)
			if len(r.Modern) > 0 {
				s += ": " + strings.Join(r.Modern, ", ")
			}
			return s
		},
		raw:  func(r BatchRow) string { return strings.Join(r.Modern, "; ") },
		less: byInt(func(r BatchRow) int { return len(r.Modern) })},
	{id: "last-active", header: "Last active", csv: "last_active",
		text: func(r BatchRow) string { return cmp.Or(r.LastActive, "-") },
		raw:  func(r BatchRow) string { return r.LastActive },
		less: func(a, b BatchRow) int { return cmp.Compare(b.LastActive, a.LastActive) }},
	{id: "deep-questions", header: "Deep-dive questions", csv: "deep_dive_questions",
		text: func(r BatchRow) string { return strconv.Itoa(r.DeepQuestions) },
		less: byInt(func(r BatchRow) int { return r.DeepQuestions })},
}

// statusText is the status cell: the reason with a failure.
func statusText(r BatchRow) string {
	if r.Reason == "" {
		return string(r.Status)
	}
	return string(r.Status) + ": " + r.Reason
}

// sortedRows is rows in the order of c's view: candidates with facts
// first, most first; ties and the others keep the shortlist order.
func sortedRows(rows []BatchRow, c batchColumn) []BatchRow {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b BatchRow) int {
		if ha, hb := a.Status == BatchAnalysed, b.Status == BatchAnalysed; ha != hb {
			if ha {
				return -1
			}
			return 1
		}
		return c.less(a, b)
	})
	return out
}

// ReportFile is the name of a candidate's report file with extension ext
// in the batch's directory.
func ReportFile(login, ext string) string { return login + "." + ext }

// --- index.html ---

var (
	//go:embed templates/batch.html.tmpl templates/batch.css
	batchFiles embed.FS

	batchCSS = func() string {
		b, err := batchFiles.ReadFile("templates/batch.css")
		if err != nil {
			panic(err)
		}
		return htmlCSS + string(b)
	}()
	// batchCSP is the reports' policy for the index's own stylesheet.
	batchCSP = "default-src 'none'; style-src '" + styleHash(batchCSS) + "'; img-src data:; base-uri 'none'; form-action 'none'"

	batchTemplate = template.Must(template.New("batch.html.tmpl").ParseFS(batchFiles, "templates/batch.html.tmpl"))
)

type batchCell struct {
	Text string
	Num  bool
}

type batchPageRow struct {
	Login, Name, Role, Notes string
	Status, StatusClass      string
	// HTML, MD and JSON link the reports; empty when there are none.
	HTML, MD, JSON string
	Cells          []batchCell
}

type batchView struct {
	ID, Title string
	Rows      []batchPageRow
}

type batchPage struct {
	CSS                     template.CSS
	CSP                     string
	Generated, GeneratedISO string
	ToolVersion             string
	Stack                   string
	Count                   int
	Analysed, Failed, Left  int
	Headers                 []batchCell
	Views                   []batchView
}

// BatchIndex renders index.html: every candidate side by side, in the
// shortlist's order, then one sorted view per column, reached by anchors
// (the page has no script). Self-contained, under the reports' policy.
type BatchIndex struct{}

// Render writes the page.
func (BatchIndex) Render(w io.Writer, b *Batch) error {
	page := batchPage{
		CSS: template.CSS(batchCSS), CSP: batchCSP,
		Generated:    b.Generated.UTC().Format("2006-01-02 15:04 UTC"),
		GeneratedISO: b.Generated.UTC().Format(time.RFC3339),
		ToolVersion:  plain(b.ToolVersion),
		Stack:        plain(strings.Join(b.Stack, ", ")),
		Count:        len(b.Rows),
	}
	for _, r := range b.Rows {
		switch r.Status {
		case BatchAnalysed:
			page.Analysed++
		case BatchFailed:
			page.Failed++
		default:
			page.Left++
		}
	}
	for _, c := range batchColumns {
		page.Headers = append(page.Headers, batchCell{Text: c.header, Num: c.id != "stack" && c.id != "modern" && c.id != "last-active"})
	}
	page.Views = append(page.Views, batchView{ID: "candidates", Title: "Candidates, in shortlist order", Rows: pageRows(b.Rows, page.Headers)})
	for _, c := range batchColumns {
		page.Views = append(page.Views, batchView{ID: "by-" + c.id, Title: "By " + strings.ToLower(c.header), Rows: pageRows(sortedRows(b.Rows, c), page.Headers)})
	}
	bw := bufio.NewWriter(w)
	if err := batchTemplate.Execute(bw, page); err != nil {
		return fmt.Errorf("batch index: %w", err)
	}
	return bw.Flush()
}

func pageRows(rows []BatchRow, headers []batchCell) []batchPageRow {
	out := make([]batchPageRow, 0, len(rows))
	for _, r := range rows {
		pr := batchPageRow{
			Login: plain(r.Login), Name: plain(r.Name), Role: plain(r.Role), Notes: plain(r.Notes),
			Status: plain(statusText(r)), StatusClass: string(r.Status),
		}
		if r.Reports {
			// The login passed GitHub's username rules; escaping it keeps
			// the link a relative path to the file even if it had not.
			base := url.PathEscape(r.Login)
			pr.HTML, pr.MD, pr.JSON = ReportFile(base, "html"), ReportFile(base, "md"), ReportFile(base, "json")
		}
		for i, c := range batchColumns {
			text := "-"
			if r.Status == BatchAnalysed || r.Reports {
				text = plain(c.text(r))
			}
			pr.Cells = append(pr.Cells, batchCell{Text: text, Num: headers[i].Num})
		}
		out = append(out, pr)
	}
	return out
}

// --- summary.csv ---

// BatchCSV renders summary.csv: the index's columns, one row per
// candidate of the shortlist, failed and pending ones with their reason.
type BatchCSV struct{}

// Render writes the file.
func (BatchCSV) Render(w io.Writer, b *Batch) error {
	cw := csv.NewWriter(w)
	header := []string{"username", "name", "role", "notes", "status", "reason"}
	for _, c := range batchColumns {
		header = append(header, c.csv)
	}
	header = append(header, "report")
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range b.Rows {
		rec := []string{r.Login, r.Name, r.Role, r.Notes, string(r.Status), r.Reason}
		for _, c := range batchColumns {
			v := ""
			if r.Status == BatchAnalysed || r.Reports {
				v = c.text(r)
				if c.raw != nil {
					v = c.raw(r)
				}
			}
			rec = append(rec, v)
		}
		report := ""
		if r.Reports {
			report = ReportFile(r.Login, "html")
		}
		rec = append(rec, report)
		for i, v := range rec {
			rec[i] = spreadsheetSafe(plain(v))
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// spreadsheetSafe keeps a cell from being read as a formula by a
// spreadsheet (CSV injection): a cell that starts with = + - @, a tab or
// a carriage return gets a leading apostrophe, which spreadsheets show as
// text and do not evaluate.
func spreadsheetSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// --- the terminal table ---

// BatchTable renders the batch's summary for a terminal.
type BatchTable struct {
	// Width is the widest a row may be; DefaultWidth when zero.
	Width int
}

// Render writes the table.
func (t BatchTable) Render(w io.Writer, b *Batch) error {
	width := t.Width
	if width <= 0 {
		width = DefaultWidth
	}
	header := []string{"Candidate"}
	short := map[string]string{"python-repos": "Repos", "mostly-theirs": "Theirs", "python-lines": "Lines", "their-lines": "Lines theirs",
		"stack": "Stack", "tests": "Tests", "ci": "CI", "oop-depth": "OOP", "modern": "Modern", "last-active": "Last active", "deep-questions": "Deep Qs"}
	for _, c := range batchColumns {
		header = append(header, cmp.Or(short[c.id], c.header))
	}
	header = append(header, "Status")
	var rows [][]string
	for _, r := range b.Rows {
		row := []string{plain(r.Login)}
		for _, c := range batchColumns {
			v := "-"
			if r.Status == BatchAnalysed || r.Reports {
				v = plain(c.text(r))
			}
			row = append(row, v)
		}
		rows = append(rows, append(row, plain(statusText(r))))
	}
	bw := bufio.NewWriter(w)
	stackCol, modernCol, statusCol := 5, 9, len(header)-1
	if err := renderTable(bw, width, header, rows, statusCol, modernCol, stackCol, 0); err != nil {
		return err
	}
	return bw.Flush()
}

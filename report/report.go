// Package report renders a Profile for people and programs: a
// self-contained HTML page, Markdown, JSON (a versioned schema, see
// docs/report.schema.json) and a terminal table. Renderers compute nothing
// new: the human formats all draw one document (view.go) built from the
// profile and the rules' result, and JSON encodes them as they are.
package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/rules"
)

// SchemaVersion is the version of the JSON report. It changes when a field
// is renamed or removed or its meaning changes, never for additions.
const SchemaVersion = 1

// Report is what every renderer draws from.
type Report struct {
	Profile *analyzer.Profile
	// Rules holds the findings, checklist and questions; nil when the
	// rules were not run.
	Rules *rules.Result
	// ToolVersion is the pyscout version that made the report.
	ToolVersion string
	// Shortlist is what the hiring manager's shortlist says of the
	// candidate (pyscout batch): nil for analyze and inspect.
	Shortlist *ShortlistEntry
}

// ShortlistEntry is a shortlist row's own columns, the hiring manager's
// words about the candidate, shown at the top of the candidate's reports.
type ShortlistEntry struct {
	Name  string `json:"name,omitempty"`
	Role  string `json:"role,omitempty"`
	Notes string `json:"notes,omitempty"`
}

// Renderer writes one format.
type Renderer interface {
	// Render writes r to w.
	Render(w io.Writer, r *Report) error
	// Ext is the file extension for the format, without a dot.
	Ext() string
}

var renderers = map[string]Renderer{
	"html":  HTML{},
	"json":  JSON{},
	"md":    Markdown{},
	"table": Table{},
}

// Options are presentation choices that are not part of the report.
type Options struct {
	// Color allows ANSI colour in terminal formats. Set it only when the
	// output is a terminal and NO_COLOR is unset (https://no-color.org);
	// see ColorAllowed.
	Color bool
	// Width is the terminal's width in columns, which the table fits;
	// zero means DefaultWidth.
	Width int
}

// DefaultWidth is the table's width when the terminal's is unknown.
const DefaultWidth = 100

// configurable is implemented by renderers that take Options.
type configurable interface {
	withOptions(Options) Renderer
}

// WithOptions returns r configured with o; renderers without options are
// returned as they are.
func WithOptions(r Renderer, o Options) Renderer {
	if c, ok := r.(configurable); ok {
		return c.withOptions(o)
	}
	return r
}

// ColorAllowed says whether colour may be written to an output: only to a
// terminal, and never when the NO_COLOR environment variable is set to
// anything but the empty string.
func ColorAllowed(isTerminal bool, getenv func(string) string) bool {
	return isTerminal && getenv("NO_COLOR") == ""
}

// Formats lists the format names, sorted.
func Formats() []string {
	out := make([]string, 0, len(renderers))
	for name := range renderers {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// ForFormat returns the renderer for a format name.
func ForFormat(name string) (Renderer, error) {
	r, ok := renderers[strings.ToLower(name)]
	if !ok {
		return nil, fmt.Errorf("unknown format %q: choose one of %s", name, strings.Join(Formats(), ", "))
	}
	return r, nil
}

// ForPath picks the renderer from a file name's extension, "" if none fits.
func ForPath(path string) Renderer {
	lower := strings.ToLower(path)
	switch {
	case strings.HasSuffix(lower, ".json"):
		return JSON{}
	case strings.HasSuffix(lower, ".md"), strings.HasSuffix(lower, ".markdown"):
		return Markdown{}
	case strings.HasSuffix(lower, ".txt"):
		return Table{}
	case strings.HasSuffix(lower, ".html"), strings.HasSuffix(lower, ".htm"):
		return HTML{}
	}
	return nil
}

// subject names the report's subject for titles.
func subject(p *analyzer.Profile) string {
	if p.Login != "" {
		return p.Login
	}
	return "inspected code"
}

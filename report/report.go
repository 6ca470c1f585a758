// Package report renders a Profile for people and programs: Markdown, JSON
// (a versioned schema), and a terminal table. Renderers compute nothing new:
// every figure comes from the profile.
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
}

// Renderer writes one format.
type Renderer interface {
	// Render writes r to w.
	Render(w io.Writer, r *Report) error
	// Ext is the file extension for the format, without a dot.
	Ext() string
}

var renderers = map[string]Renderer{
	"json":  JSON{},
	"md":    Markdown{},
	"table": Table{},
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

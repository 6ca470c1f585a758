package report

import (
	"encoding/json"
	"io"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/rules"
)

// JSON renders the versioned machine-readable report.
type JSON struct{}

// Ext implements Renderer.
func (JSON) Ext() string { return "json" }

// jsonDocument is the top level of the JSON report: the version first, the
// tool, then the profile's fields inline.
type jsonDocument struct {
	SchemaVersion int      `json:"schema_version"`
	Tool          jsonTool `json:"tool"`
	*analyzer.Profile
	*rules.Result
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Render implements Renderer.
func (JSON) Render(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(jsonDocument{
		SchemaVersion: SchemaVersion,
		Tool:          jsonTool{Name: "pyscout", Version: r.ToolVersion},
		Profile:       r.Profile,
		Result:        r.Rules,
	})
}

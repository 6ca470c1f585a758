package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/brief"
	"github.com/pyscout/pyscout/rules"
)

// JSON renders the versioned machine-readable report. Its shape is
// described by docs/report.schema.json.
type JSON struct{}

// Ext implements Renderer.
func (JSON) Ext() string { return "json" }

// jsonDocument is the top level of the JSON report: the version first, the
// tool, then the profile's fields inline.
type jsonDocument struct {
	SchemaVersion int      `json:"schema_version"`
	Tool          jsonTool `json:"tool"`
	// Shortlist is the shortlist row's name, role and notes (batch only).
	Shortlist *ShortlistEntry `json:"shortlist,omitempty"`
	*analyzer.Profile
	*rules.Result
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Render implements Renderer.
func (JSON) Render(w io.Writer, r *Report) error {
	profile := r.Profile
	if profile != nil && profile.Briefs == nil {
		// briefs is always an array in the JSON contract, also for a
		// profile made before briefs existed or by hand.
		cp := *profile
		cp.Briefs = []brief.Brief{}
		profile = &cp
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(jsonDocument{
		SchemaVersion: SchemaVersion,
		Tool:          jsonTool{Name: "pyscout", Version: r.ToolVersion},
		Shortlist:     r.Shortlist,
		Profile:       profile,
		Result:        r.Rules,
	}); err != nil {
		return fmt.Errorf("json report: %w", err)
	}
	_, err := w.Write(escapeInvisible(buf.Bytes()))
	return err
}

// escapeInvisible writes C1 control characters and bidirectional controls
// as \u escapes. encoding/json escapes C0 controls but passes these
// through, and a report printed on a terminal must not let the candidate
// send CSI (U+009B) or reorder text (U+202E). The escapes decode to the
// same strings, and such characters only occur inside JSON strings.
func escapeInvisible(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); {
		// A report is nearly all ASCII, which needs no decoding.
		if b[i] < utf8.RuneSelf {
			if out != nil {
				out = append(out, b[i])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if (r >= 0x80 && r < 0xa0) || isBidiControl(r) {
			if out == nil {
				out = append(make([]byte, 0, len(b)+16), b[:i]...)
			}
			out = fmt.Appendf(out, `\u%04x`, r)
		} else if out != nil {
			out = append(out, b[i:i+size]...)
		}
		i += size
	}
	if out == nil {
		return b
	}
	return out
}

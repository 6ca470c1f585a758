package python

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pyscout/pyscout/analyzer/count"
)

// notebookSizeFactor scales Options.MaxFileBytes for notebooks, whose JSON
// carries outputs (often base64 images) besides the code.
const notebookSizeFactor = 4

// nbCell is the part of an nbformat cell the analyser reads; outputs are
// skipped by the decoder without being kept.
type nbCell struct {
	CellType string          `json:"cell_type"`
	Source   json.RawMessage `json:"source"` // nbformat 4: string or list of strings
	Input    json.RawMessage `json:"input"`  // nbformat 3
}

type nbFile struct {
	Cells      []nbCell `json:"cells"`
	Worksheets []struct {
		Cells []nbCell `json:"cells"`
	} `json:"worksheets"`
	Metadata struct {
		Kernelspec struct {
			Language string `json:"language"`
		} `json:"kernelspec"`
		LanguageInfo struct {
			Name string `json:"name"`
		} `json:"language_info"`
	} `json:"metadata"`
}

// multiline decodes nbformat's "multiline string": a string or a list of
// strings to concatenate.
func multiline(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var parts []string
	if err := json.Unmarshal(raw, &parts); err != nil {
		return "", err
	}
	return strings.Join(parts, ""), nil
}

// AnalyzeNotebook analyses the code cells of a Jupyter notebook (.ipynb,
// nbformat 3 or 4) as Python. A cell starting with a %% cell magic is
// skipped; %line magics, !shell commands, `x = !cmd` and ?help lines are
// blanked so that line numbers within the cell are kept. Each cell is
// parsed on its own and evidence names the cell (Evidence.Cell, 1-based
// among all cells) and the line within it. Notebooks whose metadata names
// another kernel language are returned with Notebook.Language set and no
// code facts. Invalid JSON gives an error wrapping ErrNotebook.
func (a *Analyzer) AnalyzeNotebook(path string, src []byte) (*FileFacts, error) {
	if a.cst == nil {
		return nil, fmt.Errorf("python: analyzer is closed")
	}
	if len(src) > notebookSizeFactor*a.opts.MaxFileBytes {
		return nil, fmt.Errorf("%s: %d bytes: %w", path, len(src), ErrTooLarge)
	}
	var nb nbFile
	if err := json.Unmarshal(src, &nb); err != nil {
		return nil, fmt.Errorf("%s: %w: %v", path, ErrNotebook, err)
	}
	cells := nb.Cells
	for _, ws := range nb.Worksheets {
		cells = append(cells, ws.Cells...)
	}
	ff := newFileFacts(path)
	info := &NotebookInfo{Cells: len(cells)}
	ff.Notebook = info
	info.Language = nb.Metadata.LanguageInfo.Name
	if info.Language == "" {
		info.Language = nb.Metadata.Kernelspec.Language
	}
	if lang := strings.ToLower(info.Language); lang != "" && !strings.Contains(lang, "python") {
		finish(ff)
		return ff, nil
	}
	var total int
	for i, c := range cells {
		if c.CellType != "code" {
			continue
		}
		info.CodeCells++
		raw := c.Source
		if len(raw) == 0 {
			raw = c.Input
		}
		code, err := multiline(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: cell %d: %w: %v", path, i+1, ErrNotebook, err)
		}
		code, blanked, skip := stripMagics(code)
		if skip {
			info.MagicCells++
			continue
		}
		info.MagicLines += blanked
		if len(code) > a.opts.MaxFileBytes {
			return nil, fmt.Errorf("%s: cell %d: %w", path, i+1, ErrTooLarge)
		}
		total += len(code)
		if total > a.opts.MaxFileBytes {
			return nil, fmt.Errorf("%s: %w", path, ErrTooLarge)
		}
		b := []byte(code)
		if err := a.analyze(ff, b, i+1); err != nil {
			return nil, fmt.Errorf("%s: cell %d: %w", path, i+1, err)
		}
		ff.Bytes += len(b)
		ff.Lines += count.Lines(b)
	}
	finish(ff)
	return ff, nil
}

// stripMagics blanks IPython-only lines of a code cell, keeping the line
// count. skip is set when the cell starts with a %% cell magic (its body
// may not be Python at all).
func stripMagics(code string) (out string, blanked int, skip bool) {
	lines := strings.SplitAfter(code, "\n")
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if strings.HasPrefix(t, "%%") {
			return "", 0, true
		}
		break
	}
	changed := false
	for i, l := range lines {
		if isMagicLine(l) {
			blanked++
			changed = true
			if strings.HasSuffix(l, "\n") {
				lines[i] = "\n"
			} else {
				lines[i] = ""
			}
		}
	}
	if !changed {
		return code, 0, false
	}
	return strings.Join(lines, ""), blanked, false
}

func isMagicLine(l string) bool {
	t := strings.TrimSpace(l)
	if t == "" {
		return false
	}
	switch t[0] {
	case '%', '!', '?':
		return true
	}
	// x = !cmd, x = %magic
	if eq := strings.IndexByte(t, '='); eq > 0 && eq+1 < len(t) {
		lhs := strings.TrimSpace(t[:eq])
		rhs := strings.TrimSpace(t[eq+1:])
		if rhs != "" && (rhs[0] == '!' || rhs[0] == '%') && isDottedIdentifier(lhs) {
			return true
		}
	}
	// obj? and obj?? help
	if strings.HasSuffix(t, "?") {
		name := strings.TrimRight(t, "?")
		if len(t)-len(name) <= 2 && isDottedIdentifier(name) {
			return true
		}
	}
	return false
}

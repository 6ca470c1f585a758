package configfile

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// TableHeader is one `[table]` or `[[array.of.tables]]` line of a TOML
// text. The TOML decoder reports no positions, so evidence lines for
// tables come from here.
type TableHeader struct {
	Line  int
	Path  []string // the dotted parts, unquoted: [tool . "poetry"] is tool, poetry
	Array bool     // [[...]]
}

// TableHeaders lists the header lines of a TOML text in file order. It
// reads lines, not TOML: a line that starts with [ and has a ] is a
// header, which is right for the headers of real files and harmless for
// the rest (a caller keeps the first line it finds for a name).
func TableHeaders(data []byte) []TableHeader {
	var out []TableHeader
	for n, raw := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(raw)
		if !strings.HasPrefix(t, "[") {
			continue
		}
		array := strings.HasPrefix(t, "[[")
		t = strings.TrimLeft(t, "[")
		end := strings.IndexByte(t, ']')
		if end < 0 {
			continue
		}
		out = append(out, TableHeader{Line: n + 1, Path: KeyPath(t[:end]), Array: array})
	}
	return out
}

// KeyPath splits a dotted TOML key into its parts, trimming spaces and
// quotes: `tool . "poetry"` is tool, poetry.
func KeyPath(dotted string) []string {
	parts := strings.Split(dotted, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return parts
}

// Table returns the table at a path of keys in a decoded TOML document,
// or nil when a step is missing or not a table.
func Table(root map[string]any, path ...string) map[string]any {
	cur := root
	for _, k := range path {
		next, ok := cur[k].(map[string]any)
		if !ok {
			return nil
		}
		cur = next
	}
	return cur
}

// Bounds on TOML input checked by TOMLTooDeep.
const (
	MaxTOMLDepth   = 32
	MaxTOMLKeyDots = 32
)

// TOMLTooDeep reports the line and a reason when a TOML text nests arrays
// or inline tables deeper than MaxTOMLDepth or has dotted keys with more
// than MaxTOMLKeyDots dots, outside strings and comments; it returns 0, ""
// otherwise. BurntSushi/toml's memory grows with the square of both, so
// hostile input is refused before decoding. A dot between two digits (a
// float, a time) is not a key's.
func TOMLTooDeep(data []byte) (int, string) {
	depth, line, dots := 0, 1, 0
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			line++
			dots = 0
		case c == '#':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case c == '"' || c == '\'':
			q := string(c)
			if i+2 < len(data) && data[i+1] == c && data[i+2] == c {
				q = strings.Repeat(q, 3)
			}
			end := i + len(q)
			closed := false
			for end < len(data) {
				if c == '"' && data[end] == '\\' {
					end += 2
					continue
				}
				if strings.HasPrefix(string(data[end:min(end+3, len(data))]), q) {
					closed = true
					break
				}
				if data[end] == '\n' {
					if len(q) == 1 {
						break // unterminated: let the decoder say so
					}
					line++
				}
				end++
			}
			if closed {
				i = end + len(q) - 1
			} else {
				i = end - 1
			}
		case c == '[' || c == '{':
			depth++
			if depth > MaxTOMLDepth {
				return line, fmt.Sprintf("arrays or inline tables nested more than %d deep: not parsed", MaxTOMLDepth)
			}
		case (c == ']' || c == '}') && depth > 0:
			depth--
		case c == '.':
			if i > 0 && i+1 < len(data) && isDigit(data[i-1]) && isDigit(data[i+1]) {
				continue
			}
			dots++
			if dots > MaxTOMLKeyDots {
				return line, fmt.Sprintf("a key with more than %d dotted parts: not parsed", MaxTOMLKeyDots)
			}
		}
	}
	return 0, ""
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// MaxTOMLRepairs bounds how many broken lines DecodeTOML blanks out to
// read the rest of a file.
const MaxTOMLRepairs = 8

// TOMLError is a TOML text the decoder refused, with the line it named
// (0 when it named none).
type TOMLError struct {
	Line int
	Msg  string
}

// Error returns the message.
func (e *TOMLError) Error() string { return e.Msg }

// TOML is one decoded TOML file. Its readers differ in how much of a
// broken file they want: the practices use only a file that decoded as
// written (Err nil); the manifests accept a file read after blanking its
// broken lines (Repairs), so that one bad line does not hide every
// dependency.
type TOML struct {
	// Text is the file as given.
	Text []byte
	// Root is the decoded document: the text as written when Err is nil,
	// else the text with the Repairs lines blanked; nil when it could not
	// be read at all.
	Root map[string]any
	// Err says why the text as written did not decode (the decoder's
	// message and line), or that it was refused unread (TooDeep); nil
	// when it decoded.
	Err *TOMLError
	// TooDeep is set when the text was refused before decoding (see
	// TOMLTooDeep); Err holds the line and reason.
	TooDeep bool
	// Repairs are the decoder's errors in the order met, each at the line
	// that was blanked (the decoder's line stepped back to the culprit).
	// When Root is nil the last one is where the repairs gave up.
	Repairs []TOMLError
	// Headers are the table headers, in file order.
	Headers []TableHeader
}

// typeErrLine reads the line from the decoder's errors that are not
// ParseErrors: `toml: line 2 (last key "x"): ...`.
var typeErrLine = regexp.MustCompile(`^toml: line (\d+)`)

// DecodeTOML decodes a TOML text into generic maps, once for all its
// readers. It never panics: the text is checked by TOMLTooDeep first and
// a decoder panic becomes an error. When the text does not decode, the
// line the decoder names is blanked (keeping the line count) and the text
// decoded again, MaxTOMLRepairs times at most.
func DecodeTOML(data []byte) *TOML {
	doc := &TOML{Text: data, Headers: TableHeaders(data)}
	if line, msg := TOMLTooDeep(data); msg != "" {
		doc.TooDeep = true
		doc.Err = &TOMLError{Line: line, Msg: msg}
		return doc
	}
	lines := strings.Split(string(data), "\n")
	text := string(data)
	for attempt := 0; ; attempt++ {
		root, err := decodeTOMLText(text)
		if err == nil {
			doc.Root = root
			return doc
		}
		if attempt == 0 {
			doc.Err = err.asWritten
		}
		line, msg := err.line, err.msg
		if line > len(lines) {
			line = len(lines)
		}
		// An error on the newline that ends a line is reported on the
		// next line.
		if strings.Contains(msg, `'\n'`) && line > 1 {
			line--
		}
		// The decoder may report the line after the culprit (an unclosed
		// [header ends at the newline): step back over blank lines.
		for line > 1 && strings.TrimSpace(lines[line-1]) == "" {
			line--
		}
		doc.Repairs = append(doc.Repairs, TOMLError{Line: line, Msg: msg})
		if line < 1 || attempt >= MaxTOMLRepairs || strings.TrimSpace(lines[line-1]) == "" {
			return doc
		}
		lines[line-1] = ""
		text = strings.Join(lines, "\n")
	}
}

// decodeError is one failed decoding: the line and message the repair
// reads (type errors carry their line in the text), and the error as a
// reader of the text as written sees it.
type decodeError struct {
	line      int
	msg       string
	asWritten *TOMLError
}

// decodeTOMLText runs the decoder, turning a panic into an error.
func decodeTOMLText(text string) (root map[string]any, derr *decodeError) {
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprintf("TOML decoder failed: %v", r)
			root, derr = nil, &decodeError{msg: msg, asWritten: &TOMLError{Msg: msg}}
		}
	}()
	if _, err := toml.Decode(text, &root); err != nil {
		e := &decodeError{msg: err.Error(), asWritten: &TOMLError{Msg: err.Error()}}
		var pe toml.ParseError
		if errors.As(err, &pe) {
			e.line, e.msg = pe.Position.Line, pe.Message
			e.asWritten = &TOMLError{Line: pe.Position.Line, Msg: pe.Message}
		} else if sm := typeErrLine.FindStringSubmatch(e.msg); sm != nil {
			e.line, _ = strconv.Atoi(sm[1])
		}
		return nil, e
	}
	return root, nil
}

// DecodeTOMLStrict decodes a trusted TOML text (pyscout's own embedded
// tables) into v and refuses keys that v does not have, naming the first.
func DecodeTOMLStrict(text string, v any) error {
	md, err := toml.Decode(text, v)
	if err != nil {
		return err
	}
	if und := md.Undecoded(); len(und) > 0 {
		return fmt.Errorf("unknown key %s", und[0])
	}
	return nil
}

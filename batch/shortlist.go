// Package batch screens a shortlist of GitHub users: it reads the list,
// runs one analysis per candidate with bounded concurrency, keeps a
// resumable state file, splits the list into shards for several machines
// and joins their outputs. It never prints: progress goes to a callback
// and the command renders it.
package batch

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/pyscout/pyscout/analyzer/github"
)

// Candidate is one row of the shortlist.
type Candidate struct {
	// Login is the GitHub username as written in the list.
	Login string `json:"login"`
	// Name, Role and Notes are the optional CSV columns, carried into
	// the index and the summary.
	Name  string `json:"name,omitempty"`
	Role  string `json:"role,omitempty"`
	Notes string `json:"notes,omitempty"`
	// Line is the candidate's line in the file (1-based).
	Line int `json:"line"`
}

// Key is the candidate's identity: GitHub logins are case-insensitive.
func (c Candidate) Key() string { return strings.ToLower(c.Login) }

// RowProblem is a line of the shortlist that was not taken, and why.
type RowProblem struct {
	Line   int
	Reason string
}

func (p RowProblem) String() string { return fmt.Sprintf("line %d: %s", p.Line, p.Reason) }

// Shortlist is a parsed shortlist file.
type Shortlist struct {
	// Candidates are the valid rows, first occurrence of each login, in
	// file order.
	Candidates []Candidate
	// Problems are the rows not taken (an invalid username, a CSV syntax
	// error), with their line numbers; the other rows go on.
	Problems []RowProblem
	// Duplicates are later rows naming a login already listed: analysed once.
	Duplicates []RowProblem
	// CSV says whether the file was read as CSV (else plain text).
	CSV bool
}

// Bounds of a shortlist: far beyond a real hiring round, low enough that
// a wrong file (a log, a binary) fails fast instead of filling memory.
const (
	MaxShortlistBytes = 64 << 20
	MaxCandidates     = 100_000
	maxProblems       = 1000
)

// ErrShortlist is matched by every error that makes the whole file unusable.
var ErrShortlist = errors.New("shortlist")

// shortlistError names the line at fault.
func shortlistError(line int, format string, args ...any) error {
	return fmt.Errorf("%w: line %d: %s", ErrShortlist, line, fmt.Sprintf(format, args...))
}

// ReadShortlist reads a shortlist: CSV with a header row that has a
// `username` column (and optionally `name`, `role`, `notes`), or plain
// text with one username a line, where blank lines and lines starting
// with # are ignored. The file is CSV when its first line that is neither
// blank nor a comment holds a comma or is the single word "username". A
// UTF-8 byte order mark and CRLF line ends are accepted. Usernames are
// checked against GitHub's rules here, before any request.
func ReadShortlist(r io.Reader) (*Shortlist, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxShortlistBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrShortlist, err)
	}
	if len(data) > MaxShortlistBytes {
		return nil, fmt.Errorf("%w: larger than %d MiB", ErrShortlist, MaxShortlistBytes>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("%w: not UTF-8 text", ErrShortlist)
	}
	if isCSV(data) {
		return readCSV(data)
	}
	return readPlain(data)
}

// isCSV looks at the first meaningful line.
func isCSV(data []byte) bool {
	for line := range strings.Lines(string(data)) {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		return strings.Contains(t, ",") || strings.EqualFold(strings.Trim(t, `"`), "username")
	}
	return false
}

// list accumulates candidates, dropping duplicates and invalid logins.
type list struct {
	s    Shortlist
	seen map[string]int
}

func (l *list) add(c Candidate) error {
	c.Login = strings.TrimSpace(c.Login)
	c.Name, c.Role, c.Notes = strings.TrimSpace(c.Name), strings.TrimSpace(c.Role), strings.TrimSpace(c.Notes)
	if err := github.ValidateLogin(c.Login); err != nil {
		reason := fmt.Sprintf("%q is not a GitHub username (1-39 letters, digits or single inner hyphens)", clip(c.Login, 60))
		if c.Login == "" {
			reason = "no username"
		}
		l.problem(c.Line, reason)
		return nil
	}
	if first, ok := l.seen[c.Key()]; ok {
		l.s.Duplicates = append(l.s.Duplicates, RowProblem{Line: c.Line, Reason: fmt.Sprintf("%s is already on line %d: analysed once", c.Login, first)})
		return nil
	}
	if len(l.s.Candidates) == MaxCandidates {
		return shortlistError(c.Line, "more than %d candidates", MaxCandidates)
	}
	l.seen[c.Key()] = c.Line
	l.s.Candidates = append(l.s.Candidates, c)
	return nil
}

func (l *list) problem(line int, reason string) {
	if len(l.s.Problems) < maxProblems {
		l.s.Problems = append(l.s.Problems, RowProblem{Line: line, Reason: reason})
	}
}

func newList(csv bool) *list {
	return &list{s: Shortlist{CSV: csv, Candidates: []Candidate{}}, seen: map[string]int{}}
}

func readPlain(data []byte) (*Shortlist, error) {
	l := newList(false)
	n := 0
	for line := range strings.Lines(string(data)) {
		n++
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		if err := l.add(Candidate{Login: t, Line: n}); err != nil {
			return nil, err
		}
	}
	return &l.s, nil
}

// csvColumns are the header names the reader knows.
var csvColumns = []string{"username", "name", "role", "notes"}

func readCSV(data []byte) (*Shortlist, error) {
	l := newList(true)
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.Comment = '#'
	header, err := r.Read()
	if err != nil {
		line := 1
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			line = pe.StartLine
		}
		return nil, shortlistError(line, "the CSV header cannot be read: %v", err)
	}
	headerLine, _ := r.FieldPos(0)
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[h]; dup && h != "" {
			return nil, shortlistError(headerLine, "the CSV header names the column %q twice", clip(h, 40))
		}
		col[h] = i
	}
	if _, ok := col["username"]; !ok {
		return nil, shortlistError(headerLine, "the CSV header has no username column (it has %q); the columns are %s",
			clip(strings.Join(header, ","), 80), strings.Join(csvColumns, ", "))
	}
	field := func(rec []string, name string) string {
		i, ok := col[name]
		if !ok || i >= len(rec) {
			return ""
		}
		return rec[i]
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, fmt.Errorf("%w: %w", ErrShortlist, err)
			}
			l.problem(pe.StartLine, "CSV: "+pe.Err.Error())
			// encoding/csv resumes after the bad record; a quote left
			// open swallows the rest of the file, which it reports once.
			continue
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		c := Candidate{Login: field(rec, "username"), Name: field(rec, "name"), Role: field(rec, "role"), Notes: field(rec, "notes"), Line: line}
		if err := l.add(c); err != nil {
			return nil, err
		}
	}
	return &l.s, nil
}

// clip bounds text quoted in a message.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

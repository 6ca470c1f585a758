// Package walk is the file-walk stage: it lists the files of a snapshot (a
// git tree read from the object store, or a local directory), decides which
// are Python source and notebooks, skips vendored, generated, oversized and
// binary files with a stated reason, never follows a symlink, and hands each
// kept file to a visitor with its bytes read under a size bound.
package walk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/go-enry/go-enry/v2"

	"github.com/pyscout/pyscout/analyzer/option"
)

// Kind says what a kept file is to the analysis.
type Kind string

// Kinds of kept files.
const (
	// KindPython is a .py or .pyi file, or an extension-less script with a python shebang.
	KindPython Kind = "python"
	// KindNotebook is a Jupyter notebook (.ipynb).
	KindNotebook Kind = "notebook"
	// KindOther is any other file: listed, never read.
	KindOther Kind = "other"
)

// Reason says why a file was left out of the analysis.
type Reason string

// Reasons for skipping a file.
const (
	ReasonSymlink   Reason = "symlink"
	ReasonSubmodule Reason = "submodule"
	ReasonVendored  Reason = "vendored"
	ReasonGenerated Reason = "generated"
	ReasonTooLarge  Reason = "too_large"
	ReasonBinary    Reason = "binary"
	ReasonUnread    Reason = "unreadable"
	ReasonInvalid   Reason = "invalid_path"
	// ReasonLFSPointer is a Git LFS pointer: the content is on an LFS
	// server, not in the repository.
	ReasonLFSPointer Reason = "lfs_pointer"
)

// Entry is one file as a Source lists it.
type Entry struct {
	// Path is slash-separated and relative to the snapshot root.
	Path string
	// Size in bytes.
	Size int64
	// Symlink and Submodule mark entries that are never read.
	Symlink, Submodule bool
	// InvalidPath marks a name git refuses (control characters, "..").
	InvalidPath bool
	// Executable is the git or file-system executable bit.
	Executable bool
	// Open reads the content; it must not follow symlinks.
	Open func() (io.ReadCloser, error)
}

// Source lists the files of one snapshot.
type Source interface {
	// Walk calls fn for each file in a deterministic order.
	Walk(ctx context.Context, fn func(Entry) error) error
}

// File is a kept file handed to the visitor.
type File struct {
	Path string
	Kind Kind
	Size int64
	// Data is the content of Python files and notebooks, and of other files
	// Options.ReadAlso asked for; nil for any other file.
	Data []byte
	// language is go-enry's language for a file whose extension alone is
	// ambiguous, decided from its first bytes.
	language string
	// unread says why a file ReadAlso asked for has no Data.
	unread Reason
}

// Options bounds a walk.
type Options struct {
	// MaxFileBytes is the largest Python file read; DefaultMaxFileBytes when zero.
	MaxFileBytes int64
	// MaxNotebookBytes is the largest notebook read: notebooks carry their
	// outputs (images, tables), so they get a bound of their own.
	MaxNotebookBytes int64
	// MaxFiles bounds how many entries are looked at in one snapshot.
	MaxFiles int
	// Only, when non-nil, keeps just these paths (a fork analysed for the
	// files its owner's own commits changed); others are not counted.
	Only map[string]bool
	// ReadAlso, when set, names other files whose content the analysis
	// needs (manifests, tool and CI configuration); they are read under
	// MaxFileBytes like Python files, vendored or not: the caller filters.
	ReadAlso func(path string) bool
	// OnUnread, when set, is told of every file ReadAlso names (a Python
	// file included) whose content is not handed over: too large, a Git
	// LFS pointer, binary, unreadable, or skipped. It runs on the walking
	// goroutine.
	OnUnread func(UnreadFile)
}

// Defaults for Options.
const (
	DefaultMaxFileBytes     = 1 << 20
	DefaultMaxNotebookBytes = 16 << 20
	DefaultMaxFiles         = 100_000
)

// Upper bounds of Options: far above any real repository, low enough that
// a typo (a size in bytes given as a count of megabytes, say) is caught.
const (
	maxFileBytesBound     = 256 << 20
	maxNotebookBytesBound = 1 << 30
	maxFilesBound         = 10_000_000
)

// ErrInvalidOption is matched by the errors of Validate.
var ErrInvalidOption = option.ErrInvalid

// Validate fills the zero fields with their defaults and checks the others:
// an *option.Error (matching ErrInvalidOption) names a field out of range.
// Walk calls it, so every caller gets the same checks.
func (o *Options) Validate() error {
	return errors.Join(
		option.Range("MaxFileBytes", &o.MaxFileBytes, DefaultMaxFileBytes, 1, maxFileBytesBound),
		option.Range("MaxNotebookBytes", &o.MaxNotebookBytes, DefaultMaxNotebookBytes, 1, maxNotebookBytesBound),
		option.Range("MaxFiles", &o.MaxFiles, DefaultMaxFiles, 1, maxFilesBound),
	)
}

// Stats summarises a walk.
type Stats struct {
	// Files is every entry looked at, skipped ones included.
	Files int `json:"files"`
	// Skipped counts the files left out, by reason.
	Skipped map[Reason]int `json:"skipped,omitempty"`
	// Examples names up to maxExamples skipped paths per reason.
	Examples map[Reason][]string `json:"skipped_examples,omitempty"`
	// Truncated is set when MaxFiles stopped the walk early.
	Truncated bool `json:"truncated,omitempty"`
	// Languages sums the bytes of kept files by programming language
	// (go-enry, by file name and extension), as GitHub's bar does.
	Languages map[string]int64 `json:"languages,omitempty"`
}

func (s *Stats) addLanguage(f File) {
	var lang string
	switch f.Kind {
	case KindPython:
		lang = "Python"
	case KindNotebook:
		lang = "Jupyter Notebook"
	default:
		lang = f.language
		if lang == "" {
			lang = languageOf(f.Path)
		}
	}
	if lang == "" {
		return
	}
	if s.Languages == nil {
		s.Languages = map[string]int64{}
	}
	s.Languages[lang] += f.Size
}

// maybeProse reports an extension that one of its languages uses for
// prose (.md is Markdown or GCC Machine Description): such a file is taken
// for prose and not counted as code, since go-enry's classifier is
// unreliable on short prose.
func maybeProse(p string) bool {
	for _, l := range enry.GetLanguagesByExtension(p, nil, nil) {
		if enry.GetLanguageType(l) == enry.Prose {
			return true
		}
	}
	return false
}

// sniffBytes bounds what is read to tell an ambiguous extension's language.
const sniffBytes = 16 << 10

// sniffLanguage decides the language of a file whose extension is shared
// by several (.md: Markdown or GCC Machine Description; .rs: Rust or
// RenderScript) from its first bytes, with go-enry's classifier. It
// returns "" for prose, data and the undecidable.
func sniffLanguage(e Entry) string {
	if e.Open == nil {
		return ""
	}
	rc, err := e.Open()
	if err != nil {
		return ""
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, sniffBytes))
	if err != nil {
		return ""
	}
	lang := enry.GetLanguage(path.Base(e.Path), data)
	if lang == "" || enry.GetLanguageType(lang) != enry.Programming || enry.IsDocumentation(e.Path) {
		return ""
	}
	return lang
}

// languageOf names the programming language of a path, or "" for data,
// prose, configuration and unknown files.
func languageOf(p string) string {
	lang, _ := enry.GetLanguageByFilename(p)
	if lang == "" {
		var safe bool
		if lang, safe = enry.GetLanguageByExtension(p); !safe {
			// Ambiguous: decided from content by sniffLanguage, or not at all.
			lang = ""
		}
	}
	if lang == "" || enry.GetLanguageType(lang) != enry.Programming || enry.IsDocumentation(p) {
		return ""
	}
	return lang
}

const maxExamples = 5

func (s *Stats) skip(path string, r Reason) {
	if s.Skipped == nil {
		s.Skipped = map[Reason]int{}
		s.Examples = map[Reason][]string{}
	}
	s.Skipped[r]++
	if len(s.Examples[r]) < maxExamples {
		s.Examples[r] = append(s.Examples[r], path)
	}
}

// SkippedTotal is the number of files left out for any reason.
func (s *Stats) SkippedTotal() int {
	n := 0
	for _, c := range s.Skipped {
		n += c
	}
	return n
}

// Reasons returns the skip reasons present, sorted.
func (s *Stats) Reasons() []Reason {
	out := make([]Reason, 0, len(s.Skipped))
	for r := range s.Skipped {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// errStop ends a walk early without an error of its own.
var errStop = errors.New("stop walk")

// Walk lists src, classifies each entry and calls visit for each kept file.
func Walk(ctx context.Context, src Source, opts Options, visit func(File) error) (Stats, error) {
	var st Stats
	if err := opts.Validate(); err != nil {
		return st, fmt.Errorf("walk: %w", err)
	}
	err := src.Walk(ctx, func(e Entry) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if opts.Only != nil && !opts.Only[e.Path] {
			return nil
		}
		if st.Files >= opts.MaxFiles {
			st.Truncated = true
			return errStop
		}
		st.Files++
		f, reason, err := classify(e, opts)
		if err != nil {
			return err
		}
		if opts.OnUnread != nil && (reason != "" || f.unread != "") && opts.ReadAlso != nil && opts.ReadAlso(e.Path) {
			u := UnreadFile{Path: e.Path, Size: e.Size, Reason: reason}
			if reason == "" {
				u.Reason = f.unread
			}
			if u.Reason == ReasonTooLarge {
				_, u.Limit = candidateKind(e.Path, opts)
			}
			opts.OnUnread(u)
		}
		if reason != "" {
			st.skip(e.Path, reason)
			return nil
		}
		st.addLanguage(f)
		return visit(f)
	})
	if errors.Is(err, errStop) {
		err = nil
	}
	return st, err
}

func classify(e Entry, opts Options) (File, Reason, error) {
	switch {
	case e.InvalidPath:
		return File{}, ReasonInvalid, nil
	case e.Submodule:
		return File{}, ReasonSubmodule, nil
	case e.Symlink:
		return File{}, ReasonSymlink, nil
	}
	kind, limit := candidateKind(e.Path, opts)
	// Configuration the analysis asks for is read even where go-enry
	// calls the path vendored (it lists .github/): the consumer decides.
	if kind == KindOther && opts.ReadAlso != nil && opts.ReadAlso(e.Path) {
		return readOther(e, limit)
	}
	if IsVendored(e.Path) {
		return File{}, ReasonVendored, nil
	}
	if kind == KindOther && !extensionless(e.Path) {
		f := File{Path: e.Path, Kind: KindOther, Size: e.Size}
		if _, safe := enry.GetLanguageByExtension(e.Path); !safe && !maybeProse(e.Path) {
			f.language = sniffLanguage(e)
		}
		return f, "", nil
	}
	if e.Size > limit {
		if kind == KindOther {
			return File{Path: e.Path, Kind: KindOther, Size: e.Size}, "", nil
		}
		return File{}, ReasonTooLarge, nil
	}
	data, err := readAll(e, limit)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return File{}, "", err
		}
		if kind == KindOther {
			return File{Path: e.Path, Kind: KindOther, Size: e.Size}, "", nil
		}
		return File{}, ReasonUnread, nil
	}
	if kind == KindOther {
		if !pythonShebang(data) {
			return File{Path: e.Path, Kind: KindOther, Size: e.Size}, "", nil
		}
		kind = KindPython
	}
	if isLFSPointer(data) {
		return File{}, ReasonLFSPointer, nil
	}
	if enry.IsBinary(data) {
		return File{}, ReasonBinary, nil
	}
	if enry.IsGenerated(e.Path, data) {
		return File{}, ReasonGenerated, nil
	}
	return File{Path: e.Path, Kind: kind, Size: int64(len(data)), Data: data}, "", nil
}

// readOther reads a non-Python file the analysis asked for; one it cannot
// read, one too large, a binary file or a Git LFS pointer is kept unread,
// with the reason for Options.OnUnread.
func readOther(e Entry, limit int64) (File, Reason, error) {
	f := File{Path: e.Path, Kind: KindOther, Size: e.Size}
	if e.Size > limit {
		f.unread = ReasonTooLarge
		return f, "", nil
	}
	data, err := readAll(e, limit)
	switch {
	case err != nil && errors.Is(err, context.Canceled):
		return File{}, "", err
	case err != nil:
		f.unread = ReasonUnread
	case isLFSPointer(data):
		f.unread = ReasonLFSPointer
	case enry.IsBinary(data):
		f.unread = ReasonBinary
	default:
		f.Data = data
	}
	return f, "", nil
}

func candidateKind(p string, opts Options) (Kind, int64) {
	switch strings.ToLower(path.Ext(p)) {
	case ".py", ".pyi":
		return KindPython, opts.MaxFileBytes
	case ".ipynb":
		return KindNotebook, opts.MaxNotebookBytes
	}
	return KindOther, opts.MaxFileBytes
}

func extensionless(p string) bool {
	base := path.Base(p)
	return !strings.Contains(strings.TrimPrefix(base, "."), ".") && !strings.HasPrefix(base, ".")
}

// pythonShebang recognises "#!/usr/bin/python3", "#!/usr/bin/env python",
// "#!/usr/bin/env -S python3 -u" and the like.
func pythonShebang(data []byte) bool {
	if !bytes.HasPrefix(data, []byte("#!")) {
		return false
	}
	line := data[2:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	for _, field := range strings.Fields(string(line)) {
		name := path.Base(field)
		if strings.HasPrefix(name, "python") || strings.HasPrefix(name, "pypy") {
			return true
		}
	}
	return false
}

// readAll reads at most limit bytes, failing if the content is longer than
// the entry claimed (a source must never hand over unbounded data).
func readAll(e Entry, limit int64) ([]byte, error) {
	rc, err := e.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	buf := make([]byte, 0, min(e.Size, limit)+1)
	w := bytes.NewBuffer(buf)
	n, err := io.Copy(w, io.LimitReader(rc, limit+1))
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, fmt.Errorf("%s: larger than %d bytes", e.Path, limit)
	}
	return w.Bytes(), nil
}

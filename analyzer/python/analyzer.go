// Package python turns Python source files and Jupyter notebooks into facts
// for pyscout's report: imports, classes, functions, OOP, modern syntax,
// interview topics and Python 2 markers, each with evidence (file, lines,
// notebook cell).
//
// An Analyzer parses with tree-sitter-python. The tree is flattened in C
// into an array of nodes in pre-order (one cgo call per file), and one Go
// loop over that array computes every fact; the loop keeps its context on
// an explicit stack, so deeply nested input cannot overflow the goroutine
// stack. Counts of classes, functions and imports agree with CPython's ast
// module on every file CPython parses (see the accuracy test).
//
// AnalyzeFile and AnalyzeNotebook give per-file facts; a RepoAggregator (or
// AggregateRepo) combines them with the repository's file list into
// RepoCode, which classifies imports as standard library, local or third
// party and resolves inheritance and overriding across the repository.
package python

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"time"
	"unicode/utf8"

	"github.com/pyscout/pyscout/analyzer/count"
	"github.com/pyscout/pyscout/analyzer/option"
)

// Errors a caller may want to tell apart.
var (
	// ErrTooLarge is returned for sources over Options.MaxFileBytes.
	ErrTooLarge = errors.New("python: file too large to analyse")
	// ErrTimeout is returned when parsing takes longer than
	// Options.ParseTimeout.
	ErrTimeout = errors.New("python: parse timed out")
	// ErrNotebook is wrapped by AnalyzeNotebook when the notebook is not
	// valid nbformat JSON.
	ErrNotebook = errors.New("python: invalid notebook")
)

// Defaults for Options.
const (
	DefaultMaxFileBytes = 4 << 20
	DefaultParseTimeout = 10 * time.Second
)

// Options bound the work done on one file. The zero value gives defaults.
type Options struct {
	// MaxFileBytes rejects larger sources with ErrTooLarge; 0 means
	// DefaultMaxFileBytes.
	MaxFileBytes int
	// ParseTimeout bounds the parse of one file (one cell of a notebook);
	// 0 means DefaultParseTimeout, negative means no limit.
	ParseTimeout time.Duration
}

// Analyzer analyses Python files one at a time with a reusable tree-sitter
// parser. It is not safe for concurrent use: make one per worker. Close it
// to free the parser's C memory.
type Analyzer struct {
	opts Options
	cst  *cst
	w    walker
}

// ErrInvalidOption is matched by the errors of Options.Validate.
var ErrInvalidOption = option.ErrInvalid

// Bounds of Options: a source of a gigabyte or a parse of an hour is a
// mistake, not a setting.
const (
	maxFileBytesBound = 1 << 30
	maxParseTimeout   = time.Hour
)

// Validate fills the zero fields of o with their defaults and checks the
// others: MaxFileBytes between 1 and 1 GiB, ParseTimeout at most an hour
// (negative, no limit, is kept). An *option.Error (matching
// ErrInvalidOption) names a field out of range. NewAnalyzer calls it.
func (o *Options) Validate() error {
	errs := []error{option.Range("MaxFileBytes", &o.MaxFileBytes, DefaultMaxFileBytes, 1, maxFileBytesBound)}
	if o.ParseTimeout >= 0 {
		errs = append(errs, option.Range("ParseTimeout", &o.ParseTimeout, DefaultParseTimeout, 1, maxParseTimeout))
	}
	return errors.Join(errs...)
}

// NewAnalyzer returns an Analyzer with its own parser.
func NewAnalyzer(opts Options) (*Analyzer, error) {
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("python: %w", err)
	}
	c, err := newCST()
	if err != nil {
		return nil, err
	}
	a := &Analyzer{opts: opts, cst: c}
	// Free the parser's C memory if the caller drops the Analyzer without
	// Close; Close makes this a no-op.
	runtime.AddCleanup(a, func(c *cst) { c.close() }, c)
	return a, nil
}

// Close frees the parser. The Analyzer must not be used afterwards.
func (a *Analyzer) Close() {
	if a.cst != nil {
		a.cst.close()
		a.cst = nil
	}
}

// nodeBufferKeep is the node capacity an Analyzer keeps between files; a
// larger buffer left by a huge file is freed.
const nodeBufferKeep = 1 << 17

func newFileFacts(path string) *FileFacts {
	return &FileFacts{
		Path:      path,
		Imports:   []Import{},
		Classes:   []Class{},
		Functions: []Function{},
	}
}

// AnalyzeFile parses one .py or .pyi file and returns its facts. Syntax
// errors (including Python 2 code) are not errors: the facts are what
// tree-sitter recovered, with ParseError and ErrorSites set. Errors are
// returned only for sources over the size limit, a parse timeout, or a
// closed Analyzer.
func (a *Analyzer) AnalyzeFile(path string, src []byte) (*FileFacts, error) {
	if a.cst == nil {
		return nil, errors.New("python: analyzer is closed")
	}
	if len(src) > a.opts.MaxFileBytes {
		return nil, fmt.Errorf("%s: %d bytes: %w", path, len(src), ErrTooLarge)
	}
	ff := newFileFacts(path)
	if err := a.analyze(ff, src, 0); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	ff.Bytes = len(src)
	ff.Lines = count.Lines(src)
	finish(ff)
	return ff, nil
}

// analyze parses src and adds its facts to ff; cell is the notebook cell
// (0 outside notebooks).
func (a *Analyzer) analyze(ff *FileFacts, src []byte, cell int) error {
	if !utf8.Valid(src) {
		ff.InvalidUTF8 = true
	}
	if bytes.IndexByte(src, 0) >= 0 {
		ff.NULBytes = true
	}
	timeout := a.opts.ParseTimeout
	if timeout < 0 {
		timeout = 0
	}
	nodes, err := a.cst.parse(src, timeout)
	if err != nil {
		return err
	}
	w := &a.w
	w.src, w.nodes, w.ff, w.path, w.cell = src, nodes, ff, ff.Path, cell
	w.walk()
	w.src, w.nodes, w.ff = nil, nil, nil
	a.cst.shrink(nodeBufferKeep)
	return nil
}

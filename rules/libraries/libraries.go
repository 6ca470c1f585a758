// Package libraries holds what pyscout knows about third-party Python
// libraries: which distribution provides an import (bs4 is beautifulsoup4,
// google.cloud.storage is google-cloud-storage), and a taxonomy placing
// libraries in the categories an interviewer thinks in, each with its
// well-known alternatives and flags for dependencies that are declared but
// never imported by nature (dev tools, plugins).
//
// The data are TOML files embedded with go:embed (imports.toml,
// taxonomy.toml). A user's file of the same shape extends or overrides them
// (Load, Extend); every file is validated, and errors name the file, line,
// entry and field. The package imports nothing from the analyser.
package libraries

import (
	_ "embed"
	"errors"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	fasttoml "github.com/pelletier/go-toml/v2"
)

var (
	//go:embed imports.toml
	importsTOML string
	//go:embed taxonomy.toml
	taxonomyTOML string
)

// MaxUserFileBytes bounds a user's data file; larger files are refused
// rather than read.
const MaxUserFileBytes = 4 << 20

// Category is one category of the taxonomy.
type Category struct {
	// ID is the stable snake_case identifier, e.g. "web_frameworks".
	ID string `json:"id"`
	// Name is the display name, e.g. "Web frameworks".
	Name string `json:"name"`
}

// Entry is one distribution of the taxonomy.
type Entry struct {
	// Package is the distribution name normalised as PEP 503 says; it is
	// the key of the entry.
	Package string `json:"package"`
	// Name is the distribution's usual spelling, e.g. "scikit-learn",
	// "PyYAML".
	Name string `json:"name"`
	// Category is a Category ID.
	Category string `json:"category"`
	// Alternatives are the Package keys of well-known alternatives.
	Alternatives []string `json:"alternatives,omitempty"`
	// External are alternatives outside the taxonomy (standard library
	// modules, other tools), as display text.
	External []string `json:"external,omitempty"`
	// Tool marks development tools that are declared and never imported
	// by nature (pytest, black, mypy, setuptools, ...).
	Tool bool `json:"tool,omitempty"`
	// Plugin marks dependencies used without an import: servers,
	// database drivers named in a URL, engines another library loads,
	// apps named in settings.
	Plugin bool `json:"plugin,omitempty"`
}

// DB is an immutable set of import mappings and taxonomy entries; it is safe
// for concurrent use.
type DB struct {
	imports    map[string][]string // dotted import -> distributions, usual first
	namespaces map[string]bool     // first components of dotted import keys
	libs       map[string]*Entry   // normalised distribution -> entry
	cats       map[string]Category
	catOrder   []string

	// where each entry was last set, for error messages
	libOrigin    map[string]origin
	importOrigin map[string]origin
	catOrigin    map[string]origin
}

type origin struct {
	file string
	line int
}

// Error is a problem in a data file.
type Error struct {
	// File names the data file.
	File string
	// Line is the 1-based line, 0 when unknown.
	Line int
	// Entry is the table and key, e.g. "libraries.django".
	Entry string
	// Field is the entry's field at fault, "" for the entry itself.
	Field string
	// Msg says what is wrong.
	Msg string
}

// Error formats the problem as file:line: entry: field: message.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Entry != "" {
		b.WriteString(": ")
		b.WriteString(e.Entry)
	}
	if e.Field != "" {
		b.WriteString(": ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// maxErrors bounds the errors reported for one load; the first ones are
// enough to fix a file.
const maxErrors = 20

var (
	defaultOnce sync.Once
	defaultDB   *DB
	defaultErr  error
)

// Default returns the embedded data. It panics if the embedded files are
// invalid, which TestEmbeddedData rules out at build time.
func Default() *DB {
	defaultOnce.Do(func() {
		db := newDB()
		defaultErr = db.apply(embeddedSources())
		defaultDB = db
	})
	if defaultErr != nil {
		panic("libraries: embedded data: " + defaultErr.Error())
	}
	return defaultDB
}

// Load returns the embedded data extended by the user's file at userFile
// (same TOML shape); an empty userFile gives Default().
func Load(userFile string) (*DB, error) {
	if userFile == "" {
		return Default(), nil
	}
	fi, err := os.Stat(userFile)
	if err != nil {
		return nil, fmt.Errorf("libraries: %w", err)
	}
	if fi.Size() > MaxUserFileBytes {
		return nil, fmt.Errorf("libraries: %s: %d bytes, over the %d-byte limit", userFile, fi.Size(), MaxUserFileBytes)
	}
	data, err := os.ReadFile(userFile)
	if err != nil {
		return nil, fmt.Errorf("libraries: %w", err)
	}
	return Default().Extend(userFile, data)
}

// Extend returns a new DB: db with the entries of data (a TOML file named
// name, same shape as the embedded files) added or overriding. A library
// entry that exists already is overridden field by field, so a user file may
// set only `tool = true`. db itself is unchanged.
func (db *DB) Extend(name string, data []byte) (*DB, error) {
	if len(data) > MaxUserFileBytes {
		return nil, fmt.Errorf("libraries: %s: %d bytes, over the %d-byte limit", name, len(data), MaxUserFileBytes)
	}
	out := db.clone()
	if err := out.apply([]source{{name: name, text: string(data)}}); err != nil {
		return nil, err
	}
	return out, nil
}

// typeErrRE reads the decoder's type errors: `toml: line 2 (last key
// "libraries.foo.tool"): incompatible types: ...`.
var typeErrRE = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`)

type source struct {
	name, text string
	// embedded marks the data built into pyscout, which decodeEmbedded
	// reads the fast way.
	embedded bool
}

// embeddedSources are the built-in data files, in the order they apply.
func embeddedSources() []source {
	return []source{
		{name: "imports.toml", text: importsTOML, embedded: true},
		{name: "taxonomy.toml", text: taxonomyTOML, embedded: true},
	}
}

func newDB() *DB {
	return &DB{
		imports:      map[string][]string{},
		namespaces:   map[string]bool{},
		libs:         map[string]*Entry{},
		cats:         map[string]Category{},
		libOrigin:    map[string]origin{},
		importOrigin: map[string]origin{},
		catOrigin:    map[string]origin{},
	}
}

func (db *DB) clone() *DB {
	out := newDB()
	for k, v := range db.imports {
		out.imports[k] = v // values are never modified in place
	}
	for k, v := range db.namespaces {
		out.namespaces[k] = v
	}
	for k, v := range db.libs {
		c := *v
		out.libs[k] = &c
	}
	for k, v := range db.cats {
		out.cats[k] = v
	}
	out.catOrder = append(out.catOrder, db.catOrder...)
	for k, v := range db.libOrigin {
		out.libOrigin[k] = v
	}
	for k, v := range db.importOrigin {
		out.importOrigin[k] = v
	}
	for k, v := range db.catOrigin {
		out.catOrigin[k] = v
	}
	return out
}

// rawFile is a data file as decoded, before validation.
type rawFile struct {
	Categories map[string]string `toml:"categories"`
	Imports    map[string]any    `toml:"imports"`
	Libraries  map[string]rawLib `toml:"libraries"`
}

// rawLib has pointer fields so that an override can tell "absent" from
// "empty".
type rawLib struct {
	Name         *string   `toml:"name"`
	Category     *string   `toml:"category"`
	Alternatives *[]string `toml:"alternatives"`
	External     *[]string `toml:"external"`
	Tool         *bool     `toml:"tool"`
	Plugin       *bool     `toml:"plugin"`
}

// apply decodes and merges the sources in order, then validates the whole.
func (db *DB) apply(srcs []source) error {
	var errs errList
	for _, s := range srcs {
		db.applyOne(s, &errs)
	}
	if len(errs) == 0 {
		db.validate(&errs)
	}
	return errs.err()
}

type errList []error

func (l *errList) add(e error) {
	if len(*l) < maxErrors {
		*l = append(*l, e)
	}
}

func (l errList) err() error {
	if len(l) == 0 {
		return nil
	}
	return errors.Join(l...)
}

func (db *DB) applyOne(s source, errs *errList) {
	var raw rawFile
	if !s.embedded || decodeEmbedded(s.text, &raw) != nil {
		// A user's file, or embedded data the strict decoder refused
		// (which TestEmbeddedDecodersAgree rules out): decoded again
		// the user-file way, whose errors name the line and the key.
		raw = rawFile{}
		if !decodeUser(s, &raw, errs) {
			return
		}
	}
	loc := newLocator(s.text)
	for _, id := range slices.Sorted(maps.Keys(raw.Categories)) {
		name := raw.Categories[id]
		o := origin{s.name, loc.key("categories", id)}
		if _, ok := db.cats[id]; !ok {
			db.catOrder = append(db.catOrder, id)
		}
		db.cats[id] = Category{ID: id, Name: name}
		db.catOrigin[id] = o
	}
	for _, key := range slices.Sorted(maps.Keys(raw.Imports)) {
		o := origin{s.name, loc.key("imports", key)}
		var dists []string
		switch v := raw.Imports[key].(type) {
		case string:
			dists = []string{v}
		case []any:
			for _, x := range v {
				str, ok := x.(string)
				if !ok {
					errs.add(&Error{File: s.name, Line: o.line, Entry: "imports." + key, Msg: fmt.Sprintf("list item %v is not a string", x)})
					dists = nil
					break
				}
				dists = append(dists, str)
			}
			if len(dists) == 0 {
				errs.add(&Error{File: s.name, Line: o.line, Entry: "imports." + key, Msg: "empty list of distributions"})
				continue
			}
		default:
			errs.add(&Error{File: s.name, Line: o.line, Entry: "imports." + key, Msg: "want a distribution name or a list of them"})
			continue
		}
		if dists == nil {
			continue
		}
		db.imports[key] = dists
		db.importOrigin[key] = o
	}
	for _, key := range slices.Sorted(maps.Keys(raw.Libraries)) {
		r := raw.Libraries[key]
		o := origin{s.name, loc.key("libraries", key)}
		lib := db.libs[key]
		if lib == nil {
			lib = &Entry{Package: key}
			db.libs[key] = lib
		}
		if r.Name != nil {
			lib.Name = *r.Name
		}
		if r.Category != nil {
			lib.Category = *r.Category
		}
		if r.Alternatives != nil {
			lib.Alternatives = append([]string(nil), (*r.Alternatives)...)
		}
		if r.External != nil {
			lib.External = append([]string(nil), (*r.External)...)
		}
		if r.Tool != nil {
			lib.Tool = *r.Tool
		}
		if r.Plugin != nil {
			lib.Plugin = *r.Plugin
		}
		db.libOrigin[key] = o
	}
}

// decodeEmbedded decodes built-in data with go-toml's strict decoder: it
// reads these files several times faster than the user-file decoder, with
// a sixth of the allocations, and it refuses an unknown key or a value of
// the wrong type. It reports no line or key for either: applyOne decodes
// refused data again the user-file way for that.
func decodeEmbedded(text string, raw *rawFile) error {
	dec := fasttoml.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	return dec.Decode(raw)
}

// decodeUser decodes a file with BurntSushi's decoder, whose errors carry
// a line and a key, and adds an error for each key it did not decode. It
// reports whether the file decoded (unknown keys aside) so that its entries
// can be merged.
func decodeUser(s source, raw *rawFile, errs *errList) bool {
	md, err := toml.Decode(s.text, raw)
	if err != nil {
		e := &Error{File: s.name, Msg: err.Error()}
		var pe toml.ParseError
		if errors.As(err, &pe) {
			e.Line = pe.Position.Line
			e.Msg = pe.Message
			if pe.LastKey != "" {
				e.Entry = pe.LastKey
			}
		} else if m := typeErrRE.FindStringSubmatch(err.Error()); m != nil {
			// Type mismatches come as plain errors that carry the line
			// and key only in their text.
			e.Line, _ = strconv.Atoi(m[1])
			e.Entry, e.Msg = m[2], m[3]
		}
		errs.add(e)
		return false
	}
	undecoded := md.Undecoded()
	if len(undecoded) == 0 {
		return true
	}
	loc := newLocator(s.text)
	for _, k := range undecoded {
		if len(k) == 0 {
			continue
		}
		e := &Error{File: s.name, Entry: k.String(), Msg: "unknown key"}
		switch {
		case len(k) == 1:
			e.Line = loc.table(k[0])
		case len(k) >= 3 && k[0] == "libraries":
			e.Entry, e.Field = "libraries."+k[1], strings.Join(k[2:], ".")
			e.Line = loc.key("libraries", k[1])
		default:
			e.Line = loc.key(k[0], k[1])
		}
		errs.add(e)
	}
	return true
}

// validate checks the merged data; errors point at the file that last set
// the entry at fault.
func (db *DB) validate(errs *errList) {
	for _, id := range slices.Sorted(maps.Keys(db.cats)) {
		c := db.cats[id]
		o := db.catOrigin[id]
		if !isSnakeID(id) {
			errs.add(&Error{File: o.file, Line: o.line, Entry: "categories." + id, Msg: "id must be snake_case ASCII"})
		}
		if strings.TrimSpace(c.Name) == "" {
			errs.add(&Error{File: o.file, Line: o.line, Entry: "categories." + id, Msg: "empty display name"})
		}
	}
	db.namespaces = map[string]bool{}
	for _, key := range slices.Sorted(maps.Keys(db.imports)) {
		o := db.importOrigin[key]
		entry := "imports." + key
		if !isDottedIdentifier(key) {
			errs.add(&Error{File: o.file, Line: o.line, Entry: entry, Msg: "key is not a dotted Python module name"})
		}
		seen := map[string]bool{}
		for _, d := range db.imports[key] {
			if !ValidName(d) {
				errs.add(&Error{File: o.file, Line: o.line, Entry: entry, Msg: fmt.Sprintf("%q is not a valid distribution name", d)})
			}
			if n := Normalize(d); seen[n] {
				errs.add(&Error{File: o.file, Line: o.line, Entry: entry, Msg: fmt.Sprintf("%q is listed twice", d)})
			} else {
				seen[n] = true
			}
		}
		if i := strings.IndexByte(key, '.'); i > 0 {
			db.namespaces[key[:i]] = true
		}
	}
	for _, key := range slices.Sorted(maps.Keys(db.libs)) {
		lib := db.libs[key]
		o := db.libOrigin[key]
		entry := "libraries." + key
		bad := func(field, msg string) {
			errs.add(&Error{File: o.file, Line: o.line, Entry: entry, Field: field, Msg: msg})
		}
		if Normalize(key) != key || !ValidName(key) {
			bad("", fmt.Sprintf("key must be a normalised distribution name (%q)", Normalize(key)))
		}
		switch {
		case lib.Name == "":
			bad("name", "missing")
		case !ValidName(lib.Name):
			bad("name", fmt.Sprintf("%q is not a valid distribution name", lib.Name))
		case Normalize(lib.Name) != key:
			bad("name", fmt.Sprintf("%q does not normalise to the key", lib.Name))
		}
		switch {
		case lib.Category == "":
			bad("category", "missing")
		default:
			if _, ok := db.cats[lib.Category]; !ok {
				bad("category", fmt.Sprintf("unknown category %q", lib.Category))
			}
		}
		seen := map[string]bool{}
		for _, a := range lib.Alternatives {
			switch {
			case a == key:
				bad("alternatives", "names the library itself")
			case seen[a]:
				bad("alternatives", fmt.Sprintf("%q is listed twice", a))
			case db.libs[a] == nil:
				bad("alternatives", fmt.Sprintf("%q is not a library of the taxonomy (put it in external)", a))
			}
			seen[a] = true
		}
		for _, x := range lib.External {
			if strings.TrimSpace(x) == "" {
				bad("external", "empty name")
			}
		}
	}
}

// ---- lookups

// Normalize returns a distribution name normalised as PEP 503 says
// (`re.sub(r"[-_.]+", "-", name).lower()`).
func Normalize(name string) string {
	var b strings.Builder
	b.Grow(len(name))
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '-' || c == '_' || c == '.':
			if i == 0 || !isSep(name[i-1]) {
				b.WriteByte('-')
			}
			continue
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

func isSep(c byte) bool { return c == '-' || c == '_' || c == '.' }

// ValidName reports whether name is a valid distribution name (PEP 508:
// ASCII letters and digits, with ".", "-" and "_" inside).
func ValidName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || i == len(name)-1 || (c != '.' && c != '-' && c != '_')) {
			return false
		}
	}
	return true
}

// Match returns the longest dotted prefix of the import that the map knows
// and the distributions providing it (the usual one first). For an unknown
// import it returns the top-level name and, as the import names itself, a
// single distribution of that name.
func (db *DB) Match(dottedImport string) (prefix string, dists []string) {
	s := strings.TrimSpace(dottedImport)
	for p := s; p != ""; {
		if d, ok := db.imports[p]; ok {
			return p, d
		}
		i := strings.LastIndexByte(p, '.')
		if i < 0 {
			break
		}
		p = p[:i]
	}
	top := s
	if i := strings.IndexByte(s, '.'); i >= 0 {
		top = s[:i]
	}
	return top, []string{top}
}

// Distribution returns the usual distribution providing the import, by the
// longest known dotted prefix ("google.cloud.storage.blob" gives
// google-cloud-storage); an unknown import gives its top-level name.
func (db *DB) Distribution(dottedImport string) string {
	_, d := db.Match(dottedImport)
	return d[0]
}

// Providers returns every distribution known to provide the import (cv2:
// opencv-python, opencv-python-headless, ...), usual first.
func (db *DB) Providers(dottedImport string) []string {
	_, d := db.Match(dottedImport)
	return append([]string(nil), d...)
}

// IsNamespace reports whether top is the first component of some dotted key
// of the import map (google, azure, ...), so that its submodules, not the
// top-level name, say which distribution an import needs.
func (db *DB) IsNamespace(top string) bool { return db.namespaces[top] }

// Entry returns the taxonomy entry of a distribution, given in any
// spelling (normalised here).
func (db *DB) Library(dist string) (Entry, bool) {
	l := db.libs[Normalize(dist)]
	if l == nil {
		return Entry{}, false
	}
	out := *l
	out.Alternatives = append([]string(nil), l.Alternatives...)
	out.External = append([]string(nil), l.External...)
	return out, true
}

// Category returns the category with the given ID.
func (db *DB) Category(id string) (Category, bool) {
	c, ok := db.cats[id]
	return c, ok
}

// Categories returns the categories in the order the data files give them.
func (db *DB) Categories() []Category {
	out := make([]Category, 0, len(db.catOrder))
	for _, id := range db.catOrder {
		out = append(out, db.cats[id])
	}
	return out
}

// Libraries returns every taxonomy entry, sorted by Package.
func (db *DB) Libraries() []Entry {
	out := make([]Entry, 0, len(db.libs))
	for _, k := range slices.Sorted(maps.Keys(db.libs)) {
		l, _ := db.Library(k)
		out = append(out, l)
	}
	return out
}

// Imports returns a copy of the import map: dotted import to distributions.
func (db *DB) Imports() map[string][]string {
	out := make(map[string][]string, len(db.imports))
	for k, v := range db.imports {
		out[k] = append([]string(nil), v...)
	}
	return out
}

func isSnakeID(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func isDottedIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for _, part := range strings.Split(s, ".") {
		if part == "" || part[0] >= '0' && part[0] <= '9' {
			return false
		}
		for i := 0; i < len(part); i++ {
			c := part[i]
			if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
				return false
			}
		}
	}
	return true
}

// ---- line numbers

// locator finds the line of a key in a TOML file. The TOML decoder gives
// lines for syntax and type errors only; validation errors found after
// decoding get theirs from here. It understands the shapes these files use
// (a [table] header, then `key = ...` lines, keys bare or quoted); it returns
// 0 when it cannot tell.
type locator struct {
	// headers is the first line of each table header; keys the first
	// line of each key under each header. Indexed in one pass: the files
	// have hundreds of keys, each located.
	headers map[string]int
	keys    map[string]map[string]int
}

func newLocator(text string) *locator {
	l := &locator{headers: map[string]int{}, keys: map[string]map[string]int{}}
	header := ""
	for i, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			header = t
			if _, ok := l.headers[t]; !ok {
				l.headers[t] = i + 1
			}
			continue
		}
		eq := strings.IndexByte(t, '=')
		if header == "" || eq <= 0 {
			continue
		}
		k := strings.Trim(strings.TrimSpace(t[:eq]), `"'`)
		if l.keys[header] == nil {
			l.keys[header] = map[string]int{}
		}
		if _, ok := l.keys[header][k]; !ok {
			l.keys[header][k] = i + 1
		}
	}
	return l
}

func (l *locator) table(name string) int {
	return l.headers["["+name+"]"]
}

func (l *locator) key(table, key string) int {
	return l.keys["["+table+"]"][key]
}

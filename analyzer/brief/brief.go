// Package brief describes a candidate's flagship projects the way an
// interviewer who read the code for half an hour would: what the project
// is, which modules carry it, its key types and entry points, the design
// decisions it makes, and what maintaining it involves. Every line of a
// brief is backed by evidence at the analysed commit.
//
// The types here are the JSON contract (Profile.Briefs, "briefs" in the
// report); field names are never renamed without a schema version bump.
package brief

import "github.com/pyscout/pyscout/analyzer/python"

// MaxBriefs bounds the flagship repositories briefed per candidate.
const MaxBriefs = 5

// MaxWhat bounds the What paragraph, in characters.
const MaxWhat = 400

// Brief is one flagship repository.
type Brief struct {
	// Repo is the repository's name, as RepoFacts.Name.
	Repo string `json:"repo"`
	// What is one short paragraph from the repository description and the
	// README's opening: sanitised plain text, at most MaxWhat characters.
	What string `json:"what"`
	// TheirShare is the candidate's share (0 to 1) of the repository's
	// source and notebook lines; nil when authorship is unknown (inspect,
	// --no-history).
	TheirShare *float64 `json:"their_share" jsonschema:"nullable"`
	// TheirLines is the number of source and notebook lines the candidate
	// wrote, which ranks the flagships; the lines in those roles when
	// authorship is unknown.
	TheirLines int `json:"their_lines"`
	// Languages are the repository's languages over all its code, largest
	// first, so C, CUDA, JavaScript or Rust beside the Python is visible.
	Languages []LanguageShare `json:"languages"`
	// Central are the modules that carry the project, most central first.
	Central []Module `json:"central"`
	// Abstractions are the key types and entry points.
	Abstractions []Abstraction `json:"abstractions"`
	// Decisions are recognised design choices.
	Decisions []Decision `json:"decisions"`
	// Maintainer is what publishing and maintaining the project involves.
	Maintainer Maintainer `json:"maintainer"`
}

// LanguageShare is one language's share (0 to 1) of a repository's code bytes.
type LanguageShare struct {
	Name  string  `json:"name"`
	Share float64 `json:"share"`
}

// Module is a central module of a project.
type Module struct {
	// Path is the module's file; Line the line a reader should start at
	// (1 for the whole module).
	Path string `json:"path"`
	Line int    `json:"line"`
	// Lines is the module's physical line count.
	Lines int `json:"lines"`
	// Why says in plain words why the module is central ("imported by 7
	// of the package's 12 modules; 640 lines, 90% theirs").
	Why string `json:"why"`
	// ImportedBy counts the repository's own modules that import it
	// (tests and examples excluded).
	ImportedBy int `json:"imported_by"`
	// TheirShare is the candidate's share of the module's lines; nil when
	// unknown.
	TheirShare *float64 `json:"their_share,omitempty"`
	// Role is the file's role (always source or notebook here).
	Role string `json:"role"`
}

// Abstraction kinds.
const (
	KindClass      = "class"       // a public class, or a base with several subclasses
	KindProtocol   = "protocol"    // a typing.Protocol or an abc.ABC
	KindFunction   = "function"    // a public function
	KindEntryPoint = "entry_point" // a console script or __main__ entry point
)

// Abstraction is a key type or entry point.
type Abstraction struct {
	// Name is the class or function name (a console script's name for an
	// entry point).
	Name string `json:"name"`
	// Kind is one of the Kind constants.
	Kind string `json:"kind"`
	// Why says how it was recognised ("exported in __all__", "base of 4
	// classes", "console script pyscout").
	Why string `json:"why"`
	// Evidence is where it is defined.
	Evidence python.Evidence `json:"evidence"`
}

// Decision identifiers: the design choices a brief recognises.
const (
	DecisionInitApp          = "init_app"               // Flask-style extension initialised later with init_app(app)
	DecisionSyncAsyncTwins   = "sync_async_twins"       // the same API offered sync and async
	DecisionPluggableBackend = "pluggable_backends"     // backends as subclasses of one base
	DecisionStoredCallbacks  = "stored_callbacks"       // closures or callbacks stored on objects
	DecisionRegistering      = "registering_decorators" // decorators that register handlers
	DecisionContextManagers  = "context_managers"       // classes or functions that are context managers
	DecisionDescriptors      = "descriptors"            // __get__/__set__ descriptors
	DecisionMetaclasses      = "metaclasses"            // metaclass= or type subclasses
	DecisionDataModels       = "data_models"            // dataclass, attrs or pydantic models
	DecisionConfigExec       = "config_exec"            // configuration by exec or import of a file
	DecisionNativeExtension  = "native_extension"       // a C, C++, CUDA, Cython or Rust extension beside Python
	DecisionReferenceTests   = "reference_tests"        // tests that check results against a reference implementation
)

// Decision is one recognised design choice.
type Decision struct {
	// ID is one of the Decision constants.
	ID string `json:"id"`
	// Text says the decision in one sentence of plain words, naming the
	// code ("Database backends are subclasses of BaseBackend: Postgres,
	// SQLite and MySQL.").
	Text string `json:"text"`
	// Evidence is where it is made, first the most telling place.
	Evidence []python.Evidence `json:"evidence"`
}

// Maintainer is what maintaining the project involves.
type Maintainer struct {
	// PublishedAs is the distribution name from the packaging config.
	PublishedAs string `json:"published_as,omitempty"`
	// UsedIn are the candidate's other analysed repositories that depend
	// on it.
	UsedIn []string `json:"used_in"`
	// CI is the test matrix its CI runs.
	CI CIMatrix `json:"ci"`
	// Changelog is the path of a changelog file, if any.
	Changelog string `json:"changelog,omitempty"`
}

// CIMatrix is what a project's CI tests it on.
type CIMatrix struct {
	PythonVersions  []string `json:"python_versions"`
	OS              []string `json:"os"`
	Implementations []string `json:"implementations"`
}

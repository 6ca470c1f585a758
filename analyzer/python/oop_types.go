package python

// The object-oriented facts of a repository.

// Inheritance is the repository's inheritance. Each base is resolved
// through its file's imports and the repository's module tree (see
// repoResolver), never by its bare name: a base that is no class of the
// summarised files is external or unknown and links to nothing. Classes
// under `if TYPE_CHECKING:` are not counted anywhere.
type Inheritance struct {
	// Single counts classes with exactly one base (object not counted).
	Single Tally `json:"single"`
	// Multiple counts classes with two or more bases.
	Multiple Tally `json:"multiple"`
	// Multilevel counts classes at the bottom of a chain of at least three
	// classes of the repository (C derives from B derives from A).
	Multilevel Tally `json:"multilevel"`
	// Hierarchical counts classes of the repository that two or more of
	// its classes derive from directly; evidence points at the base.
	Hierarchical Tally `json:"hierarchical"`
	// MaxDepth is the longest chain of the repository's classes (1: no
	// class derives from another of the repository).
	MaxDepth int `json:"max_depth"`
	// Examples shows up to five chains ("C -> B -> A") and hierarchies
	// ("A <- B, C").
	Examples []string `json:"examples,omitempty"`
	// ExampleEvidence is where each of Examples starts, index for index:
	// the bottom class of a chain, the base of a hierarchy. A question
	// that cites a class shows the example that starts there, never
	// another class's.
	ExampleEvidence []Evidence `json:"example_evidence,omitempty"`
}

// OOPFacts are object-oriented facts. Class kinds are counted once per
// class; evidence points at the class unless said otherwise.
type OOPFacts struct {
	// Inheritance is single, multiple, multilevel and hierarchical use.
	Inheritance Inheritance `json:"inheritance"`
	// AbstractClasses counts ABCs: ABC bases, metaclass=ABCMeta or
	// abstract methods.
	AbstractClasses Tally `json:"abstract_classes"`
	// AbstractMethods counts @abstractmethod methods (evidence: method).
	AbstractMethods Tally `json:"abstract_methods"`
	// Protocols counts typing.Protocol classes.
	Protocols Tally `json:"protocols"`
	// Dataclasses counts @dataclass classes.
	Dataclasses Tally `json:"dataclasses"`
	// Attrs counts attrs classes.
	Attrs Tally `json:"attrs"`
	// Pydantic counts pydantic models and settings.
	Pydantic Tally `json:"pydantic"`
	// NamedTuples counts NamedTuple / namedtuple subclasses.
	NamedTuples Tally `json:"named_tuples"`
	// Enums counts Enum subclasses.
	Enums Tally `json:"enums"`
	// TypedDicts counts TypedDict subclasses.
	TypedDicts Tally `json:"typed_dicts"`
	// Exceptions counts custom exception classes.
	Exceptions Tally `json:"exceptions"`
	// Mixins counts classes named *Mixin.
	Mixins Tally `json:"mixins"`
	// Metaclasses counts classes that derive from type or pass metaclass=.
	Metaclasses Tally `json:"metaclasses"`
	// Generics counts generic classes (Generic[T] or PEP 695).
	Generics Tally `json:"generics"`
	// ContextManagers counts classes with __enter__/__exit__ (or async).
	ContextManagers Tally `json:"context_managers"`
	// NestedClasses counts classes defined inside a class or function.
	NestedClasses Tally `json:"nested_classes"`
	// ProtectedAttributes counts distinct _x attributes per class.
	ProtectedAttributes Tally `json:"protected_attributes"`
	// PrivateAttributes counts distinct __x (name-mangled) attributes per
	// class.
	PrivateAttributes Tally `json:"private_attributes"`
	// Properties counts @property (and cached_property) methods.
	Properties Tally `json:"properties"`
	// Setters counts @x.setter / @x.deleter methods.
	Setters Tally `json:"setters"`
	// Slots counts classes that define __slots__.
	Slots Tally `json:"slots"`
	// ClassMethods counts @classmethod methods (evidence: method).
	ClassMethods Tally `json:"class_methods"`
	// StaticMethods counts @staticmethod methods (evidence: method).
	StaticMethods Tally `json:"static_methods"`
	// SuperCalls counts super() calls in methods; evidence: their classes.
	SuperCalls Tally `json:"super_calls"`
	// Overrides counts methods that override a method of a base class
	// defined in the repository (directly or further up), __init__ and
	// __new__ excepted (evidence: the overriding method).
	Overrides Tally `json:"overrides"`
	// OperatorOverloads counts dunder methods for operators, comparison and
	// hashing (__add__, __eq__, __lt__, __hash__, ...).
	OperatorOverloads Tally `json:"operator_overloads"`
	// ProtocolMethods counts dunder methods implementing protocols:
	// iteration, containers, context managers, calls, descriptors, async.
	ProtocolMethods Tally `json:"protocol_methods"`
	// Dunders counts each dunder method name defined, most frequent first.
	Dunders []NameCount `json:"dunders"`
}

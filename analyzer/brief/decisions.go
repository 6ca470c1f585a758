package brief

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/pyscout/pyscout/analyzer/python"
	"github.com/pyscout/pyscout/analyzer/roles"
	"github.com/pyscout/pyscout/analyzer/walk"
)

// maxDecisionEvidence bounds the places a decision cites.
const maxDecisionEvidence = 5

// decisions recognises the design choices of the own code (source, or
// notebooks), each with its places and one plain sentence naming the
// code. Tests count only for the reference-implementation decision.
func decisions(files []fileSummary, g *classGraph, paths []string, languages map[string]int64, role func(string) roles.Role) []Decision {
	out := []Decision{}
	add := func(d Decision, ok bool) {
		if ok && len(d.Evidence) > 0 {
			if len(d.Evidence) > maxDecisionEvidence {
				d.Evidence = d.Evidence[:maxDecisionEvidence]
			}
			out = append(out, d)
		}
	}
	add(initAppDecision(files))
	add(twinsDecision(g))
	add(pluggableDecision(g))
	add(siteDecision(files, DecisionStoredCallbacks, func(d *python.DesignFacts) []python.DesignSite { return d.StoredCallbacks },
		func(s python.DesignSite) string { return fmt.Sprintf("%s holds %s", s.Name, callbackWords(s.Detail)) },
		"Functions are stored on objects to be called later: %s."))
	add(siteDecision(files, DecisionRegistering, func(d *python.DesignFacts) []python.DesignSite { return d.Registrars },
		func(s python.DesignSite) string { return s.Name },
		"Decorators register what they decorate and return it unchanged: %s."))
	add(contextDecision(files, g))
	add(classDecision(g, DecisionDescriptors, func(c *classSummary) bool { return c.hasMethod("__get__") },
		"Descriptors control attribute access: %s define __get__, so an attribute holding one is computed when read."))
	add(metaclassDecision(g))
	add(modelsDecision(g))
	add(siteDecision(files, DecisionConfigExec, func(d *python.DesignFacts) []python.DesignSite { return d.ConfigLoads },
		func(s python.DesignSite) string { return s.Detail + " in " + s.Name },
		"Configuration is Python code run from a file: %s."))
	add(nativeDecision(paths, languages, role))
	add(referenceDecision(files))
	return out
}

func callbackWords(detail string) string {
	if detail == "lambda" {
		return "a lambda"
	}
	return detail
}

func initAppDecision(files []fileSummary) (Decision, bool) {
	d := Decision{ID: DecisionInitApp}
	var names []string
	for i := range files {
		if files[i].role != roles.Source {
			continue
		}
		for _, s := range files[i].design.InitApp {
			names = append(names, s.Name)
			d.Evidence = append(d.Evidence, s.Evidence)
		}
	}
	d.Text = fmt.Sprintf("%s follow%s the Flask extension pattern: created with or without an app, bound later with init_app(app), so one extension object can serve several apps.",
		listNames(names, 3), verbS(len(names)))
	return d, len(names) > 0
}

func verbS(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}

// twinsDecision finds classes offered sync and async: X and AsyncX both
// in the own code, sharing at least two public methods (an async method
// matches its sync twin's name with an a, async_ or _async dropped:
// aclose and close, handle_async_request and handle_request), with async
// methods on the async side.
func twinsDecision(g *classGraph) (Decision, bool) {
	d := Decision{ID: DecisionSyncAsyncTwins}
	var pairs []string
	var shared []string
	for _, a := range g.all {
		name, ok := strings.CutPrefix(a.c.name, "Async")
		if !ok || name == "" || a.f.role != roles.Source {
			continue
		}
		syncs := g.byName[name]
		if len(syncs) == 0 {
			continue
		}
		s := syncs[0]
		async := false
		var common []string
		for _, m := range a.c.methods {
			if m.async {
				async = true
			}
			if strings.HasPrefix(m.name, "_") {
				continue
			}
			for _, twin := range syncNames(m.name) {
				if s.c.hasMethod(twin) {
					common = append(common, twin)
					break
				}
			}
		}
		if !async || len(common) < 2 {
			continue
		}
		pairs = append(pairs, s.c.name+"/"+a.c.name)
		if len(shared) == 0 {
			shared = common
		}
		d.Evidence = append(d.Evidence, s.c.ev, a.c.ev)
	}
	d.Text = fmt.Sprintf("The same API is offered twice, sync and async: %s, with matching methods (%s).",
		listNames(pairs, 3), listNames(shared, 3))
	return d, len(pairs) > 0
}

// syncNames are the names an async method's sync twin may have.
func syncNames(m string) []string {
	out := []string{m}
	if r, ok := strings.CutPrefix(m, "a"); ok && r != "" {
		out = append(out, r)
	}
	if r, ok := strings.CutPrefix(m, "async_"); ok && r != "" {
		out = append(out, r)
	}
	if strings.Contains(m, "_async") {
		out = append(out, strings.Replace(m, "_async", "", 1))
	}
	return out
}

// pluggableDecision finds base classes whose hooks (abstract methods, or
// methods that only raise NotImplementedError) at least two own
// subclasses implement: the two families with most implementations.
func pluggableDecision(g *classGraph) (Decision, bool) {
	d := Decision{ID: DecisionPluggableBackend}
	type family struct {
		base  classRef
		subs  []string
		hooks []string
		evs   []python.Evidence
	}
	var fams []family
	for _, b := range g.bases(2) {
		if b.f.role != roles.Source {
			continue
		}
		hooks := map[string]bool{}
		for _, m := range b.c.methods {
			if m.abstract {
				hooks[m.name] = true
			}
		}
		for _, s := range b.f.design.StubMethods {
			if cls, m, ok := strings.Cut(s.Name, "."); ok && cls == b.c.name {
				hooks[m] = true
			}
		}
		if len(hooks) == 0 {
			continue
		}
		fam := family{base: b, evs: []python.Evidence{b.c.ev}}
		var implementers []classRef
		implemented := map[string]bool{}
		for _, s := range g.subs[b.key()] {
			if s.f.role != roles.Source {
				continue
			}
			fills := false
			for h := range hooks {
				if s.c.hasMethod(h) {
					fills = true
					implemented[h] = true
				}
			}
			if fills {
				implementers = append(implementers, s)
				fam.evs = append(fam.evs, s.c.ev)
			}
		}
		fam.subs = qualifiedNames(implementers)
		if len(fam.subs) >= 2 {
			fam.hooks = sortedKeys(implemented)
			fams = append(fams, fam)
		}
	}
	sort.SliceStable(fams, func(i, j int) bool { return len(fams[i].subs) > len(fams[j].subs) })
	if len(fams) > 2 {
		fams = fams[:2]
	}
	var parts []string
	for _, f := range fams {
		parts = append(parts, fmt.Sprintf("%s subclass %s and each implement %s", listNames(f.subs, 4), f.base.c.name, listNames(f.hooks, 3)))
		// Each family's base and first subclasses, within the bound.
		d.Evidence = append(d.Evidence, f.evs[:min(len(f.evs), 3)]...)
	}
	d.Text = "Backends are pluggable: " + strings.Join(parts, "; ") + "."
	return d, len(fams) > 0
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// siteDecision is a decision made at design sites of the own code.
func siteDecision(files []fileSummary, id string, get func(*python.DesignFacts) []python.DesignSite, name func(python.DesignSite) string, text string) (Decision, bool) {
	d := Decision{ID: id}
	var names []string
	for i := range files {
		if !files[i].role.Own() {
			continue
		}
		for _, s := range get(&files[i].design) {
			n := name(s) + fmt.Sprintf(" (%s line %d)", s.Evidence.Path, s.Evidence.Line)
			if !containsName(names, n) {
				names = append(names, n)
			}
			d.Evidence = append(d.Evidence, s.Evidence)
		}
	}
	d.Text = fmt.Sprintf(text, listNames(names, 2))
	return d, len(names) > 0
}

// contextDecision finds own classes with both __enter__ and __exit__ (or
// the async pair) and functions decorated as context managers.
func contextDecision(files []fileSummary, g *classGraph) (Decision, bool) {
	d := Decision{ID: DecisionContextManagers}
	var names []string
	for _, r := range g.all {
		if r.f.role != roles.Source {
			continue
		}
		sync := r.c.hasMethod("__enter__") && r.c.hasMethod("__exit__")
		async := r.c.hasMethod("__aenter__") && r.c.hasMethod("__aexit__")
		switch {
		case sync && async:
			names = append(names, r.c.name+" (with and async with)")
		case sync:
			names = append(names, r.c.name+" (with)")
		case async:
			names = append(names, r.c.name+" (async with)")
		default:
			continue
		}
		d.Evidence = append(d.Evidence, r.c.ev)
	}
	for i := range files {
		if files[i].role != roles.Source {
			continue
		}
		for _, fn := range files[i].funcs {
			if isContextManagerFunc(fn.decorators) {
				names = append(names, "@contextmanager "+fn.name)
				d.Evidence = append(d.Evidence, fn.ev)
			}
		}
	}
	d.Text = fmt.Sprintf("Resources are scoped with context managers: %s.", listNames(names, 3))
	return d, len(names) > 0
}

// classDecision is a decision shown by own classes that match.
func classDecision(g *classGraph, id string, match func(*classSummary) bool, text string) (Decision, bool) {
	d := Decision{ID: id}
	var names []string
	for _, r := range g.all {
		if r.f.role != roles.Source || !match(r.c) {
			continue
		}
		names = append(names, r.c.name)
		d.Evidence = append(d.Evidence, r.c.ev)
	}
	d.Text = fmt.Sprintf(text, listNames(names, 3))
	return d, len(names) > 0
}

// metaclassDecision finds own metaclasses and the classes made by them.
func metaclassDecision(g *classGraph) (Decision, bool) {
	d := Decision{ID: DecisionMetaclasses}
	var names []string
	for _, r := range g.all {
		if r.f.role != roles.Source || !isMetaclassUse(r.c) {
			continue
		}
		n := r.c.name
		if r.c.kinds.Metaclass {
			n += " (a metaclass)"
		} else {
			n += " (metaclass=" + lastName(r.c.metaclass) + ")"
		}
		names = append(names, n)
		d.Evidence = append(d.Evidence, r.c.ev)
	}
	d.Text = fmt.Sprintf("Metaclasses shape the classes made from them: %s.", listNames(names, 3))
	return d, len(names) > 0
}

// isMetaclassUse reports a metaclass (a subclass of type) or a class made
// by a metaclass other than abc's.
func isMetaclassUse(c *classSummary) bool {
	if c.kinds.Metaclass {
		return true
	}
	m := lastName(c.metaclass)
	return m != "" && m != "ABCMeta"
}

func modelsDecision(g *classGraph) (Decision, bool) {
	d := Decision{ID: DecisionDataModels}
	groups := map[string][]string{}
	order := []string{"dataclasses", "attrs classes", "pydantic models"}
	for _, r := range g.all {
		if r.f.role != roles.Source {
			continue
		}
		var kind string
		switch {
		case r.c.kinds.Pydantic:
			kind = "pydantic models"
		case r.c.kinds.Attrs:
			kind = "attrs classes"
		case r.c.kinds.Dataclass:
			kind = "dataclasses"
		default:
			continue
		}
		groups[kind] = append(groups[kind], r.c.name)
		d.Evidence = append(d.Evidence, r.c.ev)
	}
	var parts []string
	for _, k := range order {
		if n := groups[k]; len(n) > 0 {
			parts = append(parts, fmt.Sprintf("%s (%s)", k, listNames(n, 3)))
		}
	}
	d.Text = "Data is modelled with " + strings.Join(parts, " and ") + ": typed fields declared once, with generated constructors and comparisons."
	return d, len(parts) > 0
}

// nativeLanguages are the languages of compiled extensions, by file
// extension.
var nativeLanguages = map[string]string{
	".c": "C", ".h": "C", ".cc": "C++", ".cpp": "C++", ".cxx": "C++", ".hpp": "C++",
	".cu": "CUDA", ".cuh": "CUDA", ".pyx": "Cython", ".pxd": "Cython", ".rs": "Rust",
}

// nativeDecision finds compiled-extension sources beside the Python,
// outside vendored code, tests, examples, benchmarks and docs.
func nativeDecision(paths []string, languages map[string]int64, role func(string) roles.Role) (Decision, bool) {
	d := Decision{ID: DecisionNativeExtension}
	byLang := map[string][]string{}
	for _, p := range paths {
		lang, ok := nativeLanguages[strings.ToLower(path.Ext(p))]
		if !ok || walk.IsVendored(p) || role(p) != roles.Source {
			continue
		}
		byLang[lang] = append(byLang[lang], p)
		if len(d.Evidence) < maxDecisionEvidence {
			d.Evidence = append(d.Evidence, python.Evidence{Path: p, Line: 1, EndLine: 1, Role: string(roles.Source)})
		}
	}
	var total, native int64
	for l, n := range languages {
		total += n
		for _, nl := range nativeLanguages {
			if l == nl {
				native += n
				break
			}
		}
	}
	var parts []string
	for _, l := range sortedKeys(boolKeys(byLang)) {
		parts = append(parts, fmt.Sprintf("%s (%s)", l, listNames(byLang[l], 2)))
	}
	d.Text = "Compiled code sits beside the Python: " + strings.Join(parts, ", ")
	if total > 0 && native > 0 {
		d.Text += fmt.Sprintf(", %.0f%% of the code bytes", 100*float64(native)/float64(total))
	}
	d.Text += "."
	return d, len(parts) > 0
}

func boolKeys(m map[string][]string) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

// referenceLibraries are libraries a test suite may compute expected
// results with, by import name.
var referenceLibraries = map[string]string{
	"torch": "PyTorch", "numpy": "NumPy", "scipy": "SciPy", "sympy": "SymPy", "tensorflow": "TensorFlow",
	"jax": "JAX", "sklearn": "scikit-learn", "networkx": "NetworkX", "mpmath": "mpmath", "pandas": "pandas",
	"statsmodels": "statsmodels", "autograd": "autograd",
}

// referenceDecision finds tests that check the project against a
// reference implementation: a test file that asserts, imports the
// project's own code, and imports a reference library that no own file
// imports (so the library is there only to compute expected results).
func referenceDecision(files []fileSummary) (Decision, bool) {
	d := Decision{ID: DecisionReferenceTests}
	ownUses := map[string]bool{}
	for i := range files {
		if files[i].role.Own() {
			for top := range files[i].thirdParty {
				ownUses[top] = true
			}
		}
	}
	var parts []string
	for i := range files {
		f := &files[i]
		if f.role != roles.Test || f.assertions == 0 || len(f.imports) == 0 {
			continue
		}
		var libs []string
		var first python.Evidence
		for _, top := range sortedKeys(thirdKeys(f.thirdParty)) {
			if name, ok := referenceLibraries[top]; ok && !ownUses[top] {
				libs = append(libs, name)
				if first.Path == "" {
					first = f.thirdParty[top]
				}
			}
		}
		if len(libs) == 0 {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s computes the same results with %s", f.path, listNames(libs, 2)))
		d.Evidence = append(d.Evidence, first)
	}
	d.Text = fmt.Sprintf("Tests check results against a reference implementation: %s, and asserts they agree.", listNames(parts, 2))
	return d, len(parts) > 0
}

func thirdKeys(m map[string]python.Evidence) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

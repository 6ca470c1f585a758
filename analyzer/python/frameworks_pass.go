package python

// The pass over the syntax tree that finds framework facts: imports,
// classes, functions and decorators. Calls, assignments and loops are in
// frameworks_pass_calls.go.

import (
	"bytes"
	"strings"
	"sync"
	"unsafe"
)

// addName counts one use of name in a per-file list, keeping it sorted by
// count then name as nameCounts does.
func addName(list *[]NameCount, name string) {
	for i := range *list {
		if (*list)[i].Name == name {
			(*list)[i].Count++
			return
		}
	}
	if len(*list) < maxFileNames {
		*list = append(*list, NameCount{Name: name, Count: 1})
	}
}

// maxFileNames bounds the distinct names a file's list keeps (the summary
// keeps maxFrameworkNames): each name is looked up in the list, so a file
// of thousands of distinct calls (np.f1(), np.f2(), ...) or imports
// (flask_x1, ...) would otherwise cost quadratic time. Names past it are
// not listed; their calls still count in the tallies.
const maxFileNames = 256

// frameworkTops maps the top-level imports that make a file a user of a
// framework.
var frameworkTops = map[string]int{
	"django": fwDjango, "rest_framework": fwDjango,
	"flask":      fwFlask,
	"fastapi":    fwFastAPI,
	"numpy":      fwNumPy,
	"scipy":      fwSciPy,
	"pandas":     fwPandas,
	"sklearn":    fwSklearn,
	"tensorflow": fwTensorFlow, "keras": fwTensorFlow, "tf_keras": fwTensorFlow,
	"torch": fwPyTorch, "pytorch_lightning": fwPyTorch, "lightning": fwPyTorch,
}

// fwLoop is an open for or while loop of the pass.
type fwLoop struct {
	node, end  uint32
	isFor      bool
	vars       []string // loop variables of a for
	header     bool     // range(len(x)), range(x.shape[0]) or an array as iterable
	indexes    bool     // the body subscripts an array with a loop variable
	overArray  bool     // the iterable is an array itself
	accumulate bool     // the body has an augmented assignment or an append call
	rowIndex   bool     // the body indexes DataFrame rows (.iloc[i]) with a loop variable
	backward   bool
	step       bool
	applyGrads bool
	innerTorch bool // an inner loop was counted as a training loop
	innerTF    bool
}

// fwPass finds framework facts in one parse (a file, or a notebook cell).
type fwPass struct {
	w      *walker
	fw     *Frameworks
	uses   [fwCount]bool
	arrays map[string]bool // names assigned from numpy calls
	flask  map[string]bool // names bound to Flask() or Blueprint()
	api    map[string]bool // names bound to FastAPI() or APIRouter()
	skl    map[string]bool // names bound to sklearn estimators, pipelines, searches
	local  map[string]int  // classes of this parse by kind (localModel, ...)
	loops  []fwLoop
}

// Kinds of classes remembered so that subclasses in the same file count.
const (
	localDjangoModel = 1 << iota
	localDjangoView
	localPydantic
	localTorchModule
	localTorchDataset
	localKerasModel
	localKerasLayer
)

var fwPasses = sync.Pool{New: func() any { return new(fwPass) }}

// frameworkFacts adds the framework facts of the tree just walked to
// w.ff.Frameworks, which stays nil for files that use none of the
// frameworks. It is a pass of its own over the node array, run only for
// files that import one of them or contain ".objects." (Django's ORM).
func (w *walker) frameworkFacts() {
	var uses [fwCount]bool
	any := false
	for _, imp := range w.ff.Imports {
		if imp.Level > 0 {
			continue
		}
		if k, ok := frameworkTops[imp.Top]; ok {
			uses[k] = true
			any = true
		} else if strings.HasPrefix(imp.Top, "flask_") {
			uses[fwFlask] = true
			any = true
		} else if imp.Top == "pydantic" || imp.Top == "sqlmodel" || usesImport(imp) {
			any = true
		}
	}
	if !any && !bytes.Contains(w.src, []byte(".objects.")) {
		return
	}
	p := fwPasses.Get().(*fwPass)
	defer func() {
		clear(p.arrays)
		clear(p.flask)
		clear(p.api)
		clear(p.skl)
		clear(p.local)
		clear(p.loops[:cap(p.loops)]) // drop the views of this file's source
		*p = fwPass{arrays: p.arrays, flask: p.flask, api: p.api, skl: p.skl, local: p.local, loops: p.loops[:0]}
		fwPasses.Put(p)
	}()
	if p.arrays == nil {
		p.arrays, p.flask, p.api, p.skl, p.local = map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]int{}
	}
	created := w.ff.Frameworks == nil
	if created {
		w.ff.Frameworks = &Frameworks{}
	}
	p.w, p.fw, p.uses = w, w.ff.Frameworks, uses
	for k, on := range uses {
		if on {
			p.fw.ensure(k)
		}
	}
	p.scanImports()
	p.run()
	p.listImports()
	fw := p.fw
	present := frameworksPlan.anyPointer(unsafe.Pointer(fw))
	frameworksPlan.nameLists(unsafe.Pointer(fw), func(l *[]NameCount) { sortNames(*l) })
	// Loops are counted inner first.
	frameworksPlan.tallies(unsafe.Pointer(fw), func(t *Tally) { sortEvidence(t.Evidence) })
	// A notebook keeps the bindings for its later cells; a plain file
	// that uses nothing has no entry.
	if created && !present && fw.pydantic.Count == 0 && w.cell == 0 {
		w.ff.Frameworks = nil
	}
}

// view returns node i's text without copying; it must not outlive the
// pass (copy with strings.Clone to keep it).
func (p *fwPass) view(i uint32) string {
	n := &p.w.nodes[i]
	if n.endByte <= n.startByte {
		return ""
	}
	return unsafe.String(&p.w.src[n.startByte], int(n.endByte-n.startByte))
}

// dotted returns the text of an identifier or a plain attribute chain
// (a.b.c), "" for anything else.
func (p *fwPass) dotted(i uint32) string {
	n := &p.w.nodes[i]
	switch n.sym {
	case symIdentifier:
		return p.view(i)
	case symAttribute:
		if n.endByte-n.startByte > 200 {
			return ""
		}
		s := p.view(i)
		if strings.ContainsAny(s, " \t\r\n\\#") {
			s = compactText(s)
		}
		if isDottedName(s) {
			return s
		}
	}
	return ""
}

// resolve turns a dotted name of the file into the dotted name it stands
// for through the file's imports ("np.zeros" -> "numpy.zeros",
// "models.Model" -> "django.db.models.Model"), with Keras spelled one way;
// "" when the first name was not imported.
func (p *fwPass) resolve(dotted string) string {
	if dotted == "" {
		return ""
	}
	head, rest, more := strings.Cut(dotted, ".")
	target, ok := p.fw.aliases[head]
	if !ok {
		return ""
	}
	s := target
	if more {
		s = target + "." + rest
	}
	return kerasSpelling(s)
}

// kerasSpelling spells Keras names one way: tensorflow.keras.X, tf_keras.X
// and keras.src.X are keras.X.
func kerasSpelling(s string) string {
	for _, pre := range []string{"tensorflow.keras", "tensorflow.python.keras", "tf_keras", "keras.src"} {
		if s == pre {
			return "keras"
		}
		if strings.HasPrefix(s, pre+".") {
			return "keras" + s[len(pre):]
		}
	}
	return s
}

// scanImports binds the names the imports of this parse introduce.
func (p *fwPass) scanImports() {
	w := p.w
	if p.fw.aliases == nil {
		p.fw.aliases = map[string]string{}
	}
	bind := func(name, target string) {
		p.fw.aliases[strings.Clone(name)] = strings.Clone(target)
	}
	for i := uint32(1); i < uint32(len(w.nodes)); i++ {
		n := &w.nodes[i]
		switch n.sym {
		case symImport:
			for c := i + 1; c < n.next; c = w.nodes[c].next {
				if w.nodes[c].field != fieldName {
					continue
				}
				if w.nodes[c].sym == symAliasedImport {
					name, alias := w.child(c, fieldName), w.child(c, fieldAlias)
					if name != 0 && alias != 0 {
						bind(p.view(alias), w.dottedName(name))
					}
					continue
				}
				mod := w.dottedName(c)
				top := topLevel(mod)
				bind(top, top)
			}
		case symImportFrom:
			m := w.child(i, fieldModuleName)
			if m == 0 {
				continue
			}
			module := ""
			if w.nodes[m].sym == symRelativeImport {
				module = "." // local: never a framework
			} else {
				module = w.dottedName(m)
			}
			for c := i + 1; c < n.next; c = w.nodes[c].next {
				if w.nodes[c].field != fieldName {
					continue
				}
				name, alias := c, c
				if w.nodes[c].sym == symAliasedImport {
					name, alias = w.child(c, fieldName), w.child(c, fieldAlias)
					if name == 0 || alias == 0 {
						continue
					}
				}
				bind(p.view(alias), module+"."+w.dottedName(name))
			}
		}
	}
}

// listImports records the Flask extensions and SciPy subpackages imported.
func (p *fwPass) listImports() {
	for _, imp := range p.w.ff.Imports {
		if imp.Level > 0 {
			continue
		}
		if f := p.fw.Flask; f != nil {
			switch {
			case strings.HasPrefix(imp.Top, "flask_"):
				addNameOnce(&f.Extensions, imp.Top)
			case strings.HasPrefix(imp.Module, "flask.ext."):
				addNameOnce(&f.Extensions, "flask_"+topLevel(strings.TrimPrefix(imp.Module, "flask.ext.")))
			}
		}
		if s := p.fw.SciPy; s != nil && imp.Top == "scipy" {
			if sub, ok := strings.CutPrefix(imp.Module, "scipy."); ok {
				addNameOnce(&s.Modules, topLevel(sub))
			} else if imp.Module == "scipy" {
				for _, n := range imp.Names {
					if n != "*" && strings.ToLower(n) == n {
						addNameOnce(&s.Modules, n)
					}
				}
			}
		}
	}
}

func addNameOnce(list *[]NameCount, name string) {
	for _, nc := range *list {
		if nc.Name == name {
			return
		}
	}
	if len(*list) < maxFileNames {
		*list = append(*list, NameCount{Name: strings.Clone(name), Count: 1})
	}
}

func (p *fwPass) run() {
	w := p.w
	nodes := w.nodes
	for i := uint32(1); i < uint32(len(nodes)); i++ {
		for len(p.loops) > 0 && p.loops[len(p.loops)-1].end <= i {
			p.endLoop()
		}
		switch nodes[i].sym {
		case symClassDef:
			p.classDef(i)
		case symFuncDef:
			p.funcDef(i)
		case symDecoratedDef:
			p.decorated(i)
		case symCall:
			p.call(i)
		case symAssignment:
			p.assignment(i)
		case symAugAssignment:
			for k := range p.loops {
				p.loops[k].accumulate = true
			}
		case symFor, symWhile:
			p.loop(i)
		case symSubscript:
			p.subscript(i)
		}
	}
	for len(p.loops) > 0 {
		p.endLoop()
	}
}

// ---- classes

var (
	djangoModelBases = setOf("django.db.models.Model", "django.contrib.gis.db.models.Model",
		"django.contrib.auth.models.AbstractUser", "django.contrib.auth.models.AbstractBaseUser",
		"django.contrib.auth.base_user.AbstractBaseUser")
	djangoViewPrefixes = []string{"django.views.", "django.contrib.auth.views.", "rest_framework.views.",
		"rest_framework.viewsets.", "rest_framework.generics."}
	pydanticBases = setOf("pydantic.BaseModel", "pydantic.main.BaseModel", "pydantic.RootModel",
		"pydantic.v1.BaseModel", "sqlmodel.SQLModel")
	torchModuleBases = setOf("torch.nn.Module", "torch.nn.modules.module.Module",
		"pytorch_lightning.LightningModule", "pytorch_lightning.core.LightningModule",
		"lightning.LightningModule", "lightning.pytorch.LightningModule")
	torchDatasetBases = setOf("torch.utils.data.Dataset", "torch.utils.data.IterableDataset",
		"torch.utils.data.dataset.Dataset")
	kerasModelBases = setOf("keras.Model", "keras.models.Model")
	kerasLayerBases = setOf("keras.layers.Layer", "keras.layers.layer.Layer", "keras.engine.base_layer.Layer")
)

// frameworkBaseKinds are the framework class kinds (localDjangoModel, ...)
// that deriving from the library class r (a resolved dotted name) gives.
func frameworkBaseKinds(r string) int {
	switch {
	case djangoModelBases[r]:
		return localDjangoModel
	case pydanticBases[r]:
		return localPydantic
	case torchModuleBases[r]:
		return localTorchModule
	case torchDatasetBases[r]:
		return localTorchDataset
	case kerasModelBases[r]:
		return localKerasModel
	case kerasLayerBases[r]:
		return localKerasLayer
	}
	for _, pre := range djangoViewPrefixes {
		if strings.HasPrefix(r, pre) {
			return localDjangoView
		}
	}
	return 0
}

func (p *fwPass) classDef(i uint32) {
	w := p.w
	nameIdx := w.child(i, fieldName)
	sc := w.child(i, fieldSuperclasses)
	if nameIdx == 0 || sc == 0 {
		return
	}
	kinds := 0
	migration := false
	for c := sc + 1; c < w.nodes[sc].next; c = w.nodes[c].next {
		s := w.nodes[c].sym
		if s != symIdentifier && s != symAttribute {
			continue
		}
		text := p.dotted(c)
		if s == symIdentifier {
			kinds |= p.local[text]
		}
		r := p.resolve(text)
		if r == "" {
			continue
		}
		if r == "django.db.migrations.Migration" {
			migration = true
		}
		kinds |= frameworkBaseKinds(r)
	}
	name := p.view(nameIdx)
	ev := w.ev(i)
	fw := p.fw
	if migration && name == "Migration" && strings.Contains("/"+w.path, "/migrations/") {
		fw.ensure(fwDjango)
		if fw.Django.Migrations.Count == 0 {
			fw.Django.Migrations.add(ev)
		}
	}
	if kinds == 0 {
		return
	}
	p.local[strings.Clone(name)] = kinds
	if kinds&(localDjangoModel|localDjangoView) != 0 {
		fw.ensure(fwDjango)
		if kinds&localDjangoModel != 0 {
			fw.Django.Models.add(ev)
			if p.hasModelField(i) {
				fw.Django.ModelsWithFields.add(ev)
			}
		}
		if kinds&localDjangoView != 0 {
			fw.Django.ClassViews.add(ev)
		}
	}
	if kinds&localPydantic != 0 {
		fw.pydantic.add(ev)
	}
	if kinds&(localTorchModule|localTorchDataset) != 0 {
		fw.ensure(fwPyTorch)
		if kinds&localTorchModule != 0 {
			fw.PyTorch.Modules.add(ev)
			if p.definesMethod(i, "forward") {
				fw.PyTorch.Forward.add(ev)
			}
		}
		if kinds&localTorchDataset != 0 {
			fw.PyTorch.Datasets.add(ev)
		}
	}
	if kinds&(localKerasModel|localKerasLayer) != 0 {
		fw.ensure(fwTensorFlow)
		if kinds&localKerasModel != 0 {
			fw.TensorFlow.ModelClasses.add(ev)
		}
		if kinds&localKerasLayer != 0 {
			fw.TensorFlow.LayerClasses.add(ev)
		}
	}
}

// definesMethod reports whether class i's body defines a method name.
func (p *fwPass) definesMethod(i uint32, name string) bool {
	w := p.w
	body := w.child(i, fieldBody)
	if body == 0 {
		return false
	}
	for c := body + 1; c < w.nodes[body].next; c = w.nodes[c].next {
		d := c
		if w.nodes[d].sym == symDecoratedDef {
			d = w.child(d, fieldDefinition)
		}
		if d != 0 && w.nodes[d].sym == symFuncDef {
			if n := w.child(d, fieldName); n != 0 && p.view(n) == name {
				return true
			}
		}
	}
	return false
}

// ---- functions and decorators

var djangoViewDecorators = setOf("login_required", "permission_required", "user_passes_test",
	"require_http_methods", "require_GET", "require_POST", "require_safe", "csrf_exempt", "csrf_protect",
	"ensure_csrf_cookie", "cache_page", "never_cache", "staff_member_required", "api_view",
	"xframe_options_exempt", "gzip_page", "vary_on_headers", "vary_on_cookie", "condition")

var fastapiMethods = setOf("get", "post", "put", "patch", "delete", "options", "head", "trace", "api_route", "websocket")

var flaskMethods = setOf("get", "post", "put", "patch", "delete")

// funcDef counts Django function views: module-level functions whose first
// parameter is request, in files importing Django.
func (p *fwPass) funcDef(i uint32) {
	if !p.uses[fwDjango] || !p.moduleLevel(i) || p.djangoDecorated(i) {
		return
	}
	if p.firstParam(i) == "request" {
		p.fw.Django.FunctionViews.add(p.w.ev(i))
	}
}

// djangoDecorated reports whether def i carries a Django view decorator
// (then decorated() has counted it).
func (p *fwPass) djangoDecorated(i uint32) bool {
	w := p.w
	par := w.nodes[i].parent
	if par == noParent || w.nodes[par].sym != symDecoratedDef {
		return false
	}
	for c := par + 1; c < w.nodes[par].next; c = w.nodes[c].next {
		if w.nodes[c].sym == symDecorator {
			if _, _, dj := p.decorator(c); dj {
				return true
			}
		}
	}
	return false
}

func (p *fwPass) moduleLevel(i uint32) bool {
	w := p.w
	for a := w.nodes[i].parent; a != noParent; a = w.nodes[a].parent {
		switch w.nodes[a].sym {
		case symFuncDef, symClassDef:
			return false
		}
	}
	return true
}

func (p *fwPass) firstParam(i uint32) string {
	w := p.w
	params := w.child(i, fieldParameters)
	if params == 0 {
		return ""
	}
	first := w.firstNamed(params)
	if first == 0 {
		return ""
	}
	switch w.nodes[first].sym {
	case symIdentifier:
		return p.view(first)
	case symTypedParam, symDefaultParam, symTypedDefaultParam:
		n := w.child(first, fieldName)
		if n == 0 {
			n = w.firstNamed(first)
		}
		if n != 0 && w.nodes[n].sym == symIdentifier {
			return p.view(n)
		}
	}
	return ""
}

// decorator splits decorator d into the object and method of its callee
// (app and route in @app.route("/")), and says whether it is a Django view
// decorator.
func (p *fwPass) decorator(d uint32) (obj, method string, django bool) {
	w := p.w
	e := w.firstNamed(d)
	if e == 0 {
		return "", "", false
	}
	if w.nodes[e].sym == symCall {
		if f := w.child(e, fieldFunction); f != 0 {
			e = f
		}
	}
	if r := p.resolve(p.dotted(e)); r != "" && (strings.HasPrefix(r, "django.") || strings.HasPrefix(r, "rest_framework.")) {
		if djangoViewDecorators[lastComponent(r)] {
			django = true
		}
	}
	if w.nodes[e].sym == symAttribute {
		o, a := w.child(e, fieldObject), w.child(e, fieldAttributeF)
		if o != 0 && a != 0 {
			obj, method = p.dotted(o), p.view(a)
		}
	}
	return obj, method, django
}

// decorated counts routes and decorated Django views of a definition.
func (p *fwPass) decorated(i uint32) {
	w := p.w
	def := w.child(i, fieldDefinition)
	if def == 0 || w.nodes[def].sym != symFuncDef {
		return
	}
	ev := w.ev(def)
	djangoView, route := false, false
	for c := i + 1; c < w.nodes[i].next; c = w.nodes[c].next {
		if w.nodes[c].sym != symDecorator {
			continue
		}
		obj, method, dj := p.decorator(c)
		if dj {
			djangoView = true
		}
		if obj == "" || route {
			continue
		}
		switch {
		case method == "route" && (p.flask[obj] || p.uses[fwFlask] && !p.api[obj]):
			p.fw.ensure(fwFlask)
			p.fw.Flask.Routes.add(ev)
			route = true
		case fastapiMethods[method] && (p.api[obj] || p.uses[fwFastAPI] && !p.uses[fwFlask] && !p.flask[obj]):
			p.fw.ensure(fwFastAPI)
			p.fw.FastAPI.Routes.add(ev)
			route = true
			if at, ok := p.injection(c, def); ok {
				p.fw.FastAPI.InjectedRoutes.add(at)
			}
		case flaskMethods[method] && (p.flask[obj] || p.uses[fwFlask] && !p.uses[fwFastAPI]):
			p.fw.ensure(fwFlask)
			p.fw.Flask.Routes.add(ev)
			route = true
		}
	}
	if djangoView && p.moduleLevel(def) {
		p.fw.ensure(fwDjango)
		p.fw.Django.FunctionViews.add(ev)
	}
}

// hasModelField reports whether Django model class i assigns a field in
// its body: `name = models.CharField(...)`, where the callee resolves to a
// class of django.db.models (or GeoDjango's). A Meta class or a method
// does not count.
func (p *fwPass) hasModelField(i uint32) bool {
	w := p.w
	body := w.child(i, fieldBody)
	if body == 0 {
		return false
	}
	for c := body + 1; c < w.nodes[body].next; c = w.nodes[c].next {
		if w.nodes[c].sym != symExpressionStatement {
			continue
		}
		a := w.firstNamed(c)
		if a == 0 || w.nodes[a].sym != symAssignment {
			continue
		}
		right := w.child(a, fieldRight)
		if right == 0 || w.nodes[right].sym != symCall {
			continue
		}
		r := p.callee(right)
		if (strings.HasPrefix(r, "django.db.models.") || strings.HasPrefix(r, "django.contrib.gis.db.models.")) &&
			isClassName(lastComponent(r)) {
			return true
		}
	}
	return false
}

// isClassName reports whether s is spelt as a class (an upper-case
// initial), the convention that tells LogisticRegression from load_iris.
func isClassName(s string) bool { return s != "" && s[0] >= 'A' && s[0] <= 'Z' }

// injection finds dependency injection in a FastAPI path operation: a
// Depends or Security call in decorator dec (dependencies=[...]) or in
// def's parameters (a default or an Annotated hint). It returns the
// evidence of the first such call.
func (p *fwPass) injection(dec, def uint32) (Evidence, bool) {
	w := p.w
	for _, root := range []uint32{dec, w.child(def, fieldParameters)} {
		if root == 0 {
			continue
		}
		for c := root + 1; c < w.nodes[root].next; c++ {
			if w.nodes[c].sym != symCall {
				continue
			}
			f := w.child(c, fieldFunction)
			if f == 0 {
				continue
			}
			switch p.resolve(p.dotted(f)) {
			case "fastapi.Depends", "fastapi.Security", "fastapi.params.Depends", "fastapi.params.Security":
				return w.ev(c), true
			}
		}
	}
	return Evidence{}, false
}

package python

import (
	"bytes"
	"strings"
	"sync"
	"unsafe"
)

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
		} else if imp.Top == "pydantic" || imp.Top == "sqlmodel" {
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
		clear(p.local)
		clear(p.loops[:cap(p.loops)]) // drop the views of this file's source
		*p = fwPass{arrays: p.arrays, flask: p.flask, api: p.api, local: p.local, loops: p.loops[:0]}
		fwPasses.Put(p)
	}()
	if p.arrays == nil {
		p.arrays, p.flask, p.api, p.local = map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]int{}
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
	entries, files := fw.entries()
	present := false
	for k, e := range entries {
		if e == nil {
			continue
		}
		present = true
		*files[k] = 1
		for _, l := range e.lists() {
			sortNames(*l)
		}
		for _, t := range e.tallies() {
			sortEvidence(t.Evidence) // loops are counted inner first
		}
	}
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
		switch {
		case djangoModelBases[r]:
			kinds |= localDjangoModel
		case pydanticBases[r]:
			kinds |= localPydantic
		case torchModuleBases[r]:
			kinds |= localTorchModule
		case torchDatasetBases[r]:
			kinds |= localTorchDataset
		case kerasModelBases[r]:
			kinds |= localKerasModel
		case kerasLayerBases[r]:
			kinds |= localKerasLayer
		case r == "django.db.migrations.Migration":
			migration = true
		default:
			for _, pre := range djangoViewPrefixes {
				if strings.HasPrefix(r, pre) {
					kinds |= localDjangoView
				}
			}
		}
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

// ---- calls

var (
	djangoQueryMethods = setOf("filter", "get", "all", "exclude", "annotate", "aggregate", "select_related",
		"prefetch_related", "values", "values_list", "order_by", "create", "get_or_create", "update_or_create",
		"bulk_create", "bulk_update", "count", "exists", "first", "last", "update", "delete", "only", "defer",
		"distinct", "raw", "in_bulk", "latest", "earliest", "none", "using", "iterator")
	numpyCreation = setOf("array", "asarray", "asanyarray", "ascontiguousarray", "zeros", "ones", "empty",
		"full", "arange", "linspace", "logspace", "geomspace", "eye", "identity", "zeros_like", "ones_like",
		"empty_like", "full_like", "meshgrid", "loadtxt", "genfromtxt", "fromiter", "fromfunction",
		"frombuffer", "fromfile", "load", "copy", "diag", "tri", "indices")
	sklearnPipelines = setOf("Pipeline", "make_pipeline", "ColumnTransformer", "make_column_transformer",
		"FeatureUnion", "make_union")
)

func (p *fwPass) call(i uint32) {
	w := p.w
	f := w.child(i, fieldFunction)
	if f == 0 {
		return
	}
	ev := w.ev(i)
	r := p.resolve(p.dotted(f))
	if r != "" {
		p.resolvedCall(r, ev)
	}
	if w.nodes[f].sym != symAttribute {
		return
	}
	a := w.child(f, fieldAttributeF)
	if a == 0 {
		return
	}
	method := p.view(a)
	fw := p.fw
	// X.objects.filter(...): X may be imported (from .models import X),
	// so the ORM pattern is matched whatever X resolves to.
	if o := w.child(f, fieldObject); o != 0 && w.nodes[o].sym == symAttribute && djangoQueryMethods[method] {
		if oa := w.child(o, fieldAttributeF); oa != 0 && p.view(oa) == "objects" {
			fw.ensure(fwDjango)
			fw.Django.ORMQueries.add(ev)
			addName(&fw.Django.QueryMethods, strings.Clone(method))
			return
		}
	}
	if r != "" {
		return // a function of an imported module (re.compile), not a method
	}
	switch method {
	case "backward", "step", "apply_gradients":
		for k := range p.loops {
			l := &p.loops[k]
			switch method {
			case "backward":
				l.backward = true
			case "step":
				l.step = true
			default:
				l.applyGrads = true
			}
		}
	}
	if p.uses[fwPandas] {
		switch method {
		case "groupby":
			fw.Pandas.GroupBy.add(ev)
		case "merge":
			fw.Pandas.Merge.add(ev)
		case "pivot", "pivot_table", "melt":
			fw.Pandas.Pivot.add(ev)
		case "apply", "applymap":
			if p.firstArgLambda(i) {
				fw.Pandas.ApplyLambda.add(ev)
			}
		}
	}
	if p.uses[fwSklearn] {
		switch method {
		case "fit":
			fw.Sklearn.Fit.add(ev)
		case "fit_transform":
			fw.Sklearn.Fit.add(ev)
			fw.Sklearn.Transform.add(ev)
		case "predict", "predict_proba", "predict_log_proba", "decision_function":
			fw.Sklearn.Predict.add(ev)
		case "transform", "inverse_transform":
			fw.Sklearn.Transform.add(ev)
		}
	}
	if p.uses[fwTensorFlow] {
		switch method {
		case "compile":
			fw.TensorFlow.Compile.add(ev)
		case "fit", "fit_generator", "train_on_batch":
			fw.TensorFlow.Fit.add(ev)
		}
	}
	if p.uses[fwFlask] && method == "add_url_rule" {
		fw.Flask.Routes.add(ev)
	}
}

func (p *fwPass) firstArgLambda(call uint32) bool {
	w := p.w
	args := w.child(call, fieldArguments)
	if args == 0 {
		return false
	}
	first := w.firstNamed(args)
	return first != 0 && w.nodes[first].sym == symLambda
}

// resolvedCall counts a call of an imported name (r is its resolved
// dotted name).
func (p *fwPass) resolvedCall(r string, ev Evidence) {
	fw := p.fw
	top, rest, _ := strings.Cut(r, ".")
	last := lastComponent(r)
	switch top {
	case "numpy":
		if rest == "" {
			return
		}
		fw.ensure(fwNumPy)
		if numpyCreation[rest] || strings.HasPrefix(rest, "random.") {
			fw.NumPy.ArrayCreation.add(ev)
		} else {
			fw.NumPy.Vectorized.add(ev)
		}
		addName(&fw.NumPy.Functions, strings.Clone(rest))
	case "scipy":
		if rest != "" {
			fw.ensure(fwSciPy)
			fw.SciPy.Calls.add(ev)
		}
	case "pandas":
		fw.ensure(fwPandas)
		switch {
		case rest == "DataFrame" || rest == "Series":
			fw.Pandas.DataFrames.add(ev)
		case strings.HasPrefix(rest, "read_"):
			fw.Pandas.IO.add(ev)
			addName(&fw.Pandas.Readers, strings.Clone(rest))
		case rest == "merge" || rest == "concat":
			fw.Pandas.Merge.add(ev)
		case rest == "pivot_table" || rest == "pivot" || rest == "melt" || rest == "crosstab":
			fw.Pandas.Pivot.add(ev)
		}
	case "sklearn":
		fw.ensure(fwSklearn)
		s := fw.Sklearn
		switch {
		case last == "train_test_split":
			s.TrainTestSplit.add(ev)
		case sklearnPipelines[last]:
			s.Pipelines.add(ev)
		case strings.HasPrefix(rest, "model_selection."):
			s.ModelSelection.add(ev)
		case strings.HasPrefix(rest, "metrics."):
			s.Metrics.add(ev)
		case last != "" && last[0] >= 'A' && last[0] <= 'Z':
			s.Estimators.add(ev)
			addName(&s.EstimatorNames, strings.Clone(last))
		}
	case "keras":
		fw.ensure(fwTensorFlow)
		t := fw.TensorFlow
		switch {
		case r == "keras.Sequential" || r == "keras.models.Sequential":
			t.Sequential.add(ev)
		case strings.HasPrefix(r, "keras.layers.") && last != "" && last[0] >= 'A' && last[0] <= 'Z':
			t.Layers.add(ev)
			addName(&t.LayerTypes, strings.Clone(last))
		}
	case "tensorflow":
		if r == "tensorflow.GradientTape" {
			fw.ensure(fwTensorFlow)
			fw.TensorFlow.GradientTape.add(ev)
		}
	case "torch":
		switch {
		case strings.HasPrefix(rest, "optim.") && strings.Count(rest, ".") == 1 && last[0] >= 'A' && last[0] <= 'Z':
			fw.ensure(fwPyTorch)
			fw.PyTorch.Optimizers.add(ev)
			addName(&fw.PyTorch.OptimizerNames, strings.Clone(last))
		case r == "torch.utils.data.DataLoader" || r == "torch.utils.data.dataloader.DataLoader":
			fw.ensure(fwPyTorch)
			fw.PyTorch.DataLoaders.add(ev)
		}
	case "django":
		switch r {
		case "django.urls.path", "django.urls.re_path", "django.conf.urls.url", "django.conf.urls.re_path":
			fw.ensure(fwDjango)
			fw.Django.URLPatterns.add(ev)
		}
	case "flask":
		switch r {
		case "flask.Flask":
			fw.ensure(fwFlask)
			fw.Flask.Apps.add(ev)
		case "flask.Blueprint":
			fw.ensure(fwFlask)
			fw.Flask.Blueprints.add(ev)
		}
	case "fastapi":
		switch r {
		case "fastapi.FastAPI":
			fw.ensure(fwFastAPI)
			fw.FastAPI.Apps.add(ev)
		case "fastapi.APIRouter", "fastapi.routing.APIRouter":
			fw.ensure(fwFastAPI)
			fw.FastAPI.Routers.add(ev)
		case "fastapi.Depends", "fastapi.Security", "fastapi.params.Depends", "fastapi.params.Security":
			fw.ensure(fwFastAPI)
			fw.FastAPI.Depends.add(ev)
		}
	}
}

// ---- assignments and loops

// assignment remembers names bound to arrays and to Flask or FastAPI
// application objects.
func (p *fwPass) assignment(i uint32) {
	w := p.w
	left, right := w.child(i, fieldLeft), w.child(i, fieldRight)
	if left == 0 || right == 0 || w.nodes[right].sym != symCall {
		return
	}
	var names []uint32
	switch w.nodes[left].sym {
	case symIdentifier:
		names = []uint32{left}
	case symPatternList, symTuple:
		for c := left + 1; c < w.nodes[left].next; c = w.nodes[c].next {
			if w.nodes[c].sym == symIdentifier {
				names = append(names, c)
			}
		}
	default:
		return
	}
	var set map[string]bool
	switch r := p.callee(right); {
	case r == "flask.Flask" || r == "flask.Blueprint":
		set = p.flask
	case r == "fastapi.FastAPI" || r == "fastapi.APIRouter":
		set = p.api
	case strings.HasPrefix(r, "numpy."):
		set = p.arrays
	default:
		return
	}
	for _, n := range names {
		set[strings.Clone(p.view(n))] = true
	}
}

// callee resolves the function of a call, or of the innermost call of a
// chain such as np.zeros(3).reshape(1, 3).
func (p *fwPass) callee(call uint32) string {
	w := p.w
	n := call
	for depth := 0; depth < 16 && n != 0 && w.nodes[n].sym == symCall; depth++ {
		f := w.child(n, fieldFunction)
		if f == 0 {
			return ""
		}
		if r := p.resolve(p.dotted(f)); r != "" {
			return r
		}
		if w.nodes[f].sym != symAttribute {
			return ""
		}
		n = w.child(f, fieldObject)
	}
	return ""
}

// maxLoopVars bounds the targets of a for loop tracked for indexing.
const maxLoopVars = 32

func (p *fwPass) loop(i uint32) {
	w := p.w
	l := fwLoop{node: i, end: w.nodes[i].next, isFor: w.nodes[i].sym == symFor}
	if l.isFor {
		if left := w.child(i, fieldLeft); left != 0 {
			switch w.nodes[left].sym {
			case symIdentifier:
				l.vars = []string{p.view(left)}
			case symPatternList, symTuple:
				for c := left + 1; c < w.nodes[left].next; c = w.nodes[c].next {
					// Each name inside the loop is looked up in vars:
					// bounded, so a hostile `for a1, ..., a50000 in x`
					// stays linear.
					if w.nodes[c].sym == symIdentifier && len(l.vars) < maxLoopVars {
						l.vars = append(l.vars, p.view(c))
					}
				}
			}
		}
		if right := w.child(i, fieldRight); right != 0 {
			p.iterable(&l, right)
		}
	}
	p.loops = append(p.loops, l)
}

// iterable judges a for loop's iterable: range over a length or shape, an
// array, or a DataFrame's rows.
func (p *fwPass) iterable(l *fwLoop, right uint32) {
	w := p.w
	switch w.nodes[right].sym {
	case symIdentifier:
		if p.arrays[p.view(right)] {
			l.header = true
		}
	case symCall:
		f := w.child(right, fieldFunction)
		if f == 0 {
			return
		}
		switch w.nodes[f].sym {
		case symIdentifier:
			if name := p.view(f); name == "range" || name == "xrange" {
				if args := w.child(right, fieldArguments); args != 0 {
					t := p.view(args)
					if strings.Contains(t, ".shape") || strings.Contains(t, ".size") || hasLenCall(t) {
						l.header = true
					}
				}
			}
		case symAttribute:
			if a := w.child(f, fieldAttributeF); a != 0 && p.uses[fwPandas] {
				if m := p.view(a); m == "iterrows" || m == "itertuples" {
					p.fw.Pandas.IterRows.add(w.ev(l.node))
				}
			}
		}
	}
}

// hasLenCall reports whether s calls the builtin len (not mylen).
func hasLenCall(s string) bool {
	for k := 0; ; {
		j := strings.Index(s[k:], "len(")
		if j < 0 {
			return false
		}
		j += k
		if j == 0 || !(isIdentByte(s[j-1]) || s[j-1] == '.') {
			return true
		}
		k = j + 4
	}
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// subscript marks the open for loops whose variable indexes an array.
func (p *fwPass) subscript(i uint32) {
	if !p.uses[fwNumPy] || len(p.loops) == 0 || len(p.arrays) == 0 {
		return
	}
	w := p.w
	base := w.child(i, fieldValue)
	for base != 0 && w.nodes[base].sym == symSubscript {
		base = w.child(base, fieldValue)
	}
	if base == 0 || w.nodes[base].sym != symIdentifier || !p.arrays[p.view(base)] {
		return
	}
	value := w.child(i, fieldValue)
	for c := w.nodes[value].next; c < w.nodes[i].next; c++ {
		if w.nodes[c].sym != symIdentifier {
			continue
		}
		name := p.view(c)
		for k := range p.loops {
			l := &p.loops[k]
			if l.isFor && !l.indexes && contains(l.vars, name) {
				l.indexes = true
			}
		}
	}
}

// endLoop closes the innermost open loop and counts it.
func (p *fwPass) endLoop() {
	l := p.loops[len(p.loops)-1]
	p.loops = p.loops[:len(p.loops)-1]
	var parent *fwLoop
	if len(p.loops) > 0 {
		parent = &p.loops[len(p.loops)-1]
	}
	ev := p.w.ev(l.node)
	fw := p.fw
	if p.uses[fwNumPy] && l.isFor && (l.header || l.indexes) {
		fw.NumPy.PythonLoops.add(ev)
	}
	if p.uses[fwPyTorch] && l.backward && l.step && !l.innerTorch {
		fw.PyTorch.TrainingLoops.add(ev)
		l.innerTorch = true
	}
	if p.uses[fwTensorFlow] && l.applyGrads && !l.innerTF {
		fw.TensorFlow.TrainingLoops.add(ev)
		l.innerTF = true
	}
	if parent != nil {
		parent.innerTorch = parent.innerTorch || l.innerTorch
		parent.innerTF = parent.innerTF || l.innerTF
	}
}

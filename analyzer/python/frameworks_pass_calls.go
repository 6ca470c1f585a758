package python

// The framework pass: calls, assignments and loops.

import (
	"slices"
	"strings"
)

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
	// so in a file that imports Django the ORM pattern is matched whatever
	// X resolves to; elsewhere X must be a model imported from the
	// project's models (see ormReceiver), so that bpy.data.objects.get()
	// is not Django.
	if o := w.child(f, fieldObject); o != 0 && w.nodes[o].sym == symAttribute && djangoQueryMethods[method] {
		if oa := w.child(o, fieldAttributeF); oa != 0 && p.view(oa) == "objects" && p.ormReceiver(w.child(o, fieldObject)) {
			fw.ensure(fwDjango)
			fw.Django.ORMQueries.add(ev)
			addName(&fw.Django.QueryMethods, strings.Clone(method))
			return
		}
	}
	if r != "" {
		return // a function of an imported module (re.compile), not a method
	}
	if method == "append" || method == "extend" {
		for k := range p.loops {
			p.loops[k].accumulate = true
		}
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
			if p.sklearnObject(w.child(f, fieldObject)) {
				fw.Sklearn.Trained.add(ev)
			}
		case "fit_transform":
			fw.Sklearn.Fit.add(ev)
			fw.Sklearn.Transform.add(ev)
			if p.sklearnObject(w.child(f, fieldObject)) {
				fw.Sklearn.Trained.add(ev)
			}
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

// ormReceiver reports whether X of X.objects.M(...) can be a Django model:
// anything in a file that imports Django; otherwise a name the file
// imports from its own package (from .models import Order) or from a
// models module (from shop.models import Order).
func (p *fwPass) ormReceiver(x uint32) bool {
	if p.uses[fwDjango] {
		return true
	}
	if x == 0 {
		return false
	}
	head, _, _ := strings.Cut(p.dotted(x), ".")
	// aliases hold every import of the file, in functions too; a relative
	// import's target starts with a dot.
	target, ok := p.fw.aliases[head]
	if !ok {
		return false
	}
	return strings.HasPrefix(target, ".") || slices.Contains(strings.Split(target, "."), "models")
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
	if useTops[top] {
		p.useCall(r, ev)
		return
	}
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
	case sklearnConstructor(r):
		set = p.skl
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
			l.overArray = true
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
	if len(p.loops) == 0 {
		return
	}
	if p.uses[fwPandas] {
		p.rowIndex(i)
	}
	if !p.uses[fwNumPy] || len(p.arrays) == 0 {
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

// rowIndex marks the open for loops whose variable indexes DataFrame rows
// in subscript i: X.iloc[...], X.loc[...], X.iat[...] or X.at[...].
func (p *fwPass) rowIndex(i uint32) {
	w := p.w
	value := w.child(i, fieldValue)
	if value == 0 || w.nodes[value].sym != symAttribute {
		return
	}
	a := w.child(value, fieldAttributeF)
	if a == 0 {
		return
	}
	switch p.view(a) {
	case "iloc", "loc", "iat", "at":
	default:
		return
	}
	for c := w.nodes[value].next; c < w.nodes[i].next; c++ {
		if w.nodes[c].sym != symIdentifier {
			continue
		}
		name := p.view(c)
		for k := range p.loops {
			if l := &p.loops[k]; l.isFor && contains(l.vars, name) {
				l.rowIndex = true
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
		if l.indexes || l.overArray && l.accumulate {
			fw.NumPy.ElementLoops.add(ev)
		}
	}
	if p.uses[fwPandas] && l.isFor && l.rowIndex {
		fw.Pandas.RowIndexLoops.add(ev)
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

// sklearnConstructor reports whether r (a resolved dotted name) is a
// class of scikit-learn or one of its pipeline helpers: what a fit() is
// called on when a model is trained.
func sklearnConstructor(r string) bool {
	if !strings.HasPrefix(r, "sklearn.") {
		return false
	}
	last := lastComponent(r)
	return isClassName(last) || sklearnPipelines[last]
}

// sklearnObject reports whether x, the object of a fit() call, is a
// scikit-learn object: a name the file bound to one, or a constructor
// call (StandardScaler().fit(X)), possibly chained through set_params.
func (p *fwPass) sklearnObject(x uint32) bool {
	w := p.w
	if x == 0 {
		return false
	}
	switch w.nodes[x].sym {
	case symIdentifier:
		return p.skl[p.view(x)]
	case symCall:
		return sklearnConstructor(p.callee(x))
	}
	return false
}

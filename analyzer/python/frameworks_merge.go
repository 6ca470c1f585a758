package python

// ---- fixed orders for merging

func (d *DjangoFacts) tallies() []*Tally {
	return []*Tally{&d.Models, &d.ClassViews, &d.FunctionViews, &d.URLPatterns, &d.Migrations, &d.ORMQueries}
}
func (d *DjangoFacts) lists() []*[]NameCount { return []*[]NameCount{&d.QueryMethods} }

func (f *FlaskFacts) tallies() []*Tally { return []*Tally{&f.Apps, &f.Routes, &f.Blueprints} }
func (f *FlaskFacts) lists() []*[]NameCount {
	return []*[]NameCount{&f.Extensions}
}

func (f *FastAPIFacts) tallies() []*Tally {
	return []*Tally{&f.Apps, &f.Routes, &f.Routers, &f.Depends, &f.PydanticModels}
}
func (f *FastAPIFacts) lists() []*[]NameCount { return nil }

func (n *NumPyFacts) tallies() []*Tally {
	return []*Tally{&n.ArrayCreation, &n.Vectorized, &n.PythonLoops}
}
func (n *NumPyFacts) lists() []*[]NameCount { return []*[]NameCount{&n.Functions} }

func (s *SciPyFacts) tallies() []*Tally     { return []*Tally{&s.Calls} }
func (s *SciPyFacts) lists() []*[]NameCount { return []*[]NameCount{&s.Modules} }

func (p *PandasFacts) tallies() []*Tally {
	return []*Tally{&p.DataFrames, &p.IO, &p.GroupBy, &p.Merge, &p.Pivot, &p.ApplyLambda, &p.IterRows}
}
func (p *PandasFacts) lists() []*[]NameCount { return []*[]NameCount{&p.Readers} }

func (s *SklearnFacts) tallies() []*Tally {
	return []*Tally{&s.Estimators, &s.Fit, &s.Predict, &s.Transform, &s.Pipelines, &s.TrainTestSplit,
		&s.ModelSelection, &s.Metrics}
}
func (s *SklearnFacts) lists() []*[]NameCount { return []*[]NameCount{&s.EstimatorNames} }

func (t *TensorFlowFacts) tallies() []*Tally {
	return []*Tally{&t.ModelClasses, &t.LayerClasses, &t.Sequential, &t.Layers, &t.Compile, &t.Fit,
		&t.GradientTape, &t.TrainingLoops}
}
func (t *TensorFlowFacts) lists() []*[]NameCount { return []*[]NameCount{&t.LayerTypes} }

func (p *PyTorchFacts) tallies() []*Tally {
	return []*Tally{&p.Modules, &p.Forward, &p.Datasets, &p.DataLoaders, &p.Optimizers, &p.TrainingLoops}
}
func (p *PyTorchFacts) lists() []*[]NameCount { return []*[]NameCount{&p.OptimizerNames} }

// fwEntry is one framework's facts, seen through the methods every facts
// type has, so that merging is written once.
type fwEntry interface {
	tallies() []*Tally
	lists() []*[]NameCount
}

// maxFrameworkNames bounds the name lists of a summary.
const maxFrameworkNames = 20

// frameworkAgg sums per-file Frameworks into a summary.
type frameworkAgg struct {
	sum      Frameworks
	names    [fwCount][]map[string]int // per framework, per list: name -> count
	pydantic Tally
}

func (a *frameworkAgg) add(f *Frameworks) {
	if f == nil {
		return
	}
	a.pydantic.merge(&f.pydantic)
	file, _ := f.entries()
	for k, e := range file {
		if e == nil {
			continue
		}
		a.sum.ensure(k)
		sum, files := a.sum.entries()
		*files[k]++
		st, ft := sum[k].tallies(), e.tallies()
		for i := range st {
			st[i].merge(ft[i])
		}
		fl := e.lists()
		if a.names[k] == nil {
			a.names[k] = make([]map[string]int, len(fl))
		}
		for i, l := range fl {
			if a.names[k][i] == nil {
				a.names[k][i] = map[string]int{}
			}
			for _, nc := range *l {
				a.names[k][i][nc.Name] += nc.Count
			}
		}
	}
}

// facts returns the summary; nil when no file used any framework.
func (a *frameworkAgg) facts() *Frameworks {
	out := Frameworks{}
	sum, _ := a.sum.entries()
	any := false
	for k, e := range sum {
		if e == nil {
			continue
		}
		any = true
		out.ensure(k)
		dst, _ := out.entries()
		// Copy the files count and tallies, then give each tally its own
		// evidence slice so the aggregator stays usable.
		switch k {
		case fwDjango:
			*out.Django = *a.sum.Django
		case fwFlask:
			*out.Flask = *a.sum.Flask
		case fwFastAPI:
			*out.FastAPI = *a.sum.FastAPI
		case fwNumPy:
			*out.NumPy = *a.sum.NumPy
		case fwSciPy:
			*out.SciPy = *a.sum.SciPy
		case fwPandas:
			*out.Pandas = *a.sum.Pandas
		case fwSklearn:
			*out.Sklearn = *a.sum.Sklearn
		case fwTensorFlow:
			*out.TensorFlow = *a.sum.TensorFlow
		case fwPyTorch:
			*out.PyTorch = *a.sum.PyTorch
		}
		for _, t := range dst[k].tallies() {
			t.Evidence = append([]Evidence(nil), t.Evidence...)
			t.finish()
		}
		for i, l := range dst[k].lists() {
			*l = nameCounts(a.names[k][i], maxFrameworkNames)
		}
	}
	if !any {
		return nil
	}
	if out.FastAPI != nil {
		p := a.pydantic
		p.Evidence = append([]Evidence(nil), p.Evidence...)
		p.finish()
		out.FastAPI.PydanticModels = p
	}
	return &out
}

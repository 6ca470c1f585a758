package python

// Framework classes that only the repository shows: a base reached
// through another module of the repository.

// frameworkClassKinds are the per-file framework class tallies that a
// class kind (localDjangoModel, ...) counts in.
func frameworkClassKinds(f *Frameworks) int {
	if f == nil {
		return 0
	}
	k := 0
	if f.Django != nil && f.Django.Models.Count > 0 {
		k |= localDjangoModel
	}
	if f.Django != nil && f.Django.ClassViews.Count > 0 {
		k |= localDjangoView
	}
	if f.pydantic.Count > 0 {
		k |= localPydantic
	}
	if f.PyTorch != nil && f.PyTorch.Modules.Count > 0 {
		k |= localTorchModule
	}
	if f.PyTorch != nil && f.PyTorch.Datasets.Count > 0 {
		k |= localTorchDataset
	}
	if f.TensorFlow != nil && f.TensorFlow.ModelClasses.Count > 0 {
		k |= localKerasModel
	}
	if f.TensorFlow != nil && f.TensorFlow.LayerClasses.Count > 0 {
		k |= localKerasLayer
	}
	return k
}

// addRepoFrameworkClasses adds to fw the framework classes whose base is a
// framework class only through another module of the repository: a
// re-export (`from myapp.base import Model` where myapp/base.py has `from
// django.db.models import Model`, followed up to maxReexportHops modules)
// or a framework class of another module (class Post(Stamped), Stamped a
// Django model in core/models.py). The file pass counted what each file
// shows alone (its imports, its own classes); each class counts once.
func (a *codeAgg) addRepoFrameworkClasses(rr *repoResolver, fw *Frameworks) {
	cls := a.classes
	if rr == nil || fw == nil || len(cls) == 0 {
		return
	}
	repo, file := make([]int, len(cls)), make([]int, len(cls))
	state := make([]uint8, 2*len(cls))
	var bits func(i int, alone bool) int
	bits = func(i int, alone bool) int {
		memo, st := repo, state[:len(cls)]
		if alone {
			memo, st = file, state[len(cls):]
		}
		switch st[i] {
		case 1:
			return 0 // a cycle: passes nothing on
		case 2:
			return memo[i]
		}
		st[i] = 1
		c := cls[i]
		ms := &a.scopes[c.file]
		k := 0
		for _, b := range ms.scope.classes[c.idx].bases {
			ref := ms.scope.lookup(c.idx, b)
			if alone {
				switch {
				case ref.class >= 0 && ref.rest == "" && ms.recs[ref.class] >= 0:
					k |= bits(ms.recs[ref.class], true)
				case ref.class < 0 && ref.level == 0 && ref.target != "":
					k |= frameworkBaseKinds(kerasSpelling(ref.target))
				}
				continue
			}
			p, ext := rr.resolve(c.file, ref, 0)
			if p >= 0 {
				k |= bits(p, false)
			}
			if ext == "" && ref.class < 0 && ref.level == 0 {
				ext = ref.target // as imported: the framework's own repository
			}
			if ext != "" {
				k |= frameworkBaseKinds(kerasSpelling(ext))
			}
		}
		memo[i], st[i] = k, 2
		return k
	}
	counted := map[[2]int]bool{} // (file, kind) that gained its first class here
	for i, c := range cls {
		extra := bits(i, false) &^ bits(i, true)
		if extra == 0 {
			continue
		}
		for kind := localDjangoModel; kind <= localKerasLayer; kind <<= 1 {
			if extra&kind == 0 {
				continue
			}
			t := frameworkTally(fw, kind, c)
			if t == nil {
				continue
			}
			t.addRepo(c.ev)
			if a.scopes[c.file].fwKinds&kind == 0 && !counted[[2]int{c.file, kind}] {
				counted[[2]int{c.file, kind}] = true
				t.Files++
			}
			if kind == localTorchModule && hasMethod(c, "forward") {
				fw.PyTorch.Forward.addRepo(c.ev)
				if a.scopes[c.file].fwKinds&kind == 0 && !counted[[2]int{c.file, -kind}] {
					counted[[2]int{c.file, -kind}] = true
					fw.PyTorch.Forward.Files++
				}
			}
			t.finish()
		}
	}
	if fw.PyTorch != nil {
		fw.PyTorch.Forward.finish()
	}
}

func hasMethod(c classRec, name string) bool {
	for _, m := range c.methods {
		if m.name == name {
			return true
		}
	}
	return false
}

// frameworkTally is the summary tally of a framework class kind; the
// framework's entry is made when the summary has none (its Files stays 0:
// no file of the set imports the framework itself). Pydantic models count
// only where the summary reports FastAPI.
func frameworkTally(fw *Frameworks, kind int, c classRec) *Tally {
	switch kind {
	case localDjangoModel, localDjangoView:
		if fw.Django == nil {
			fw.Django = &DjangoFacts{}
		}
		if kind == localDjangoModel {
			return &fw.Django.Models
		}
		return &fw.Django.ClassViews
	case localPydantic:
		if fw.FastAPI == nil {
			return nil
		}
		return &fw.FastAPI.PydanticModels
	case localTorchModule, localTorchDataset:
		if fw.PyTorch == nil {
			fw.PyTorch = &PyTorchFacts{}
		}
		if kind == localTorchModule {
			return &fw.PyTorch.Modules
		}
		return &fw.PyTorch.Datasets
	case localKerasModel, localKerasLayer:
		if fw.TensorFlow == nil {
			fw.TensorFlow = &TensorFlowFacts{}
		}
		if kind == localKerasModel {
			return &fw.TensorFlow.ModelClasses
		}
		return &fw.TensorFlow.LayerClasses
	}
	return nil
}

package analyzer

import (
	"github.com/pyscout/pyscout/analyzer/brief"
)

// briefsFor briefs the flagship repositories among the analysed targets,
// with each one's authorship per file when its history was read.
func briefsFor(targets []target) []brief.Brief {
	var inputs []brief.Input
	for i := range targets {
		t := &targets[i]
		if !t.ok || t.code == nil {
			continue
		}
		in := brief.Input{
			Name: t.facts.Name, Description: t.facts.Description, Code: t.code,
			Languages: t.facts.Walk.Languages, Practices: t.facts.Practices, Dependencies: t.facts.Dependencies,
		}
		if h := t.facts.History; h != nil {
			in.FileLines = h.FileLines
		}
		inputs = append(inputs, in)
	}
	return brief.Build(inputs)
}

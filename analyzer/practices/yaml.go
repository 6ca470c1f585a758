package practices

import "github.com/pyscout/pyscout/analyzer/configfile"

// The YAML files read here (workflows, .pre-commit-config.yaml) are
// parsed by configfile, under its bounds, once per repository.
const (
	// MaxYAMLBytes is the largest CI workflow or pre-commit file parsed.
	MaxYAMLBytes = 128 << 10
	// MaxYAMLNodes bounds the nodes of one YAML document, aliases expanded.
	MaxYAMLNodes = configfile.MaxYAMLNodes
)

// parseYAML parses one YAML text outside any repository (tests, fuzzing).
func parseYAML(data []byte) (*configfile.Node, error) { return configfile.ParseYAML(data) }

// yaml returns the first document of a YAML file of the repository,
// parsed once for every reader.
func (a *analysis) yaml(p string) (*configfile.Node, error) {
	y := a.parsed.YAML(p)
	if y == nil {
		return nil, configfile.ErrNotInSet
	}
	return y.First()
}

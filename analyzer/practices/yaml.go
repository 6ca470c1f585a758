package practices

import "github.com/pyscout/pyscout/analyzer/configfile"

// The YAML files read here (workflows, .pre-commit-config.yaml) are
// decoded by configfile, under its bounds, once per repository.
const (
	// MaxYAMLBytes is the largest CI workflow or pre-commit file parsed.
	MaxYAMLBytes = configfile.MaxYAMLBytes
	// MaxYAMLNodes bounds the nodes of one YAML document, aliases expanded.
	MaxYAMLNodes = configfile.MaxYAMLNodes
)

// parseYAML parses one YAML text outside any repository (tests, fuzzing).
func parseYAML(data []byte) (*configfile.Node, error) { return configfile.ParseYAML(data) }

// yaml returns the first document of a YAML file of the repository,
// decoded once for every reader.
func (a *analysis) yaml(p string) (*configfile.Node, error) { return a.parsed.YAML(p) }

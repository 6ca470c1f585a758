package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/BurntSushi/toml"
	"github.com/spf13/cobra"

	"github.com/pyscout/pyscout/analyzer/configfile"
	"github.com/pyscout/pyscout/rules"
	"github.com/pyscout/pyscout/rules/libraries"
)

// fileConfig is the optional config file ($XDG_CONFIG_HOME/pyscout/config.toml
// or --config): defaults for the flags below. Flags given on the command
// line win.
type fileConfig struct {
	Stack     []string `toml:"stack"`
	Rules     []string `toml:"rules"`
	Questions int      `toml:"questions"`
	Level     string   `toml:"level"`
	// Libraries is a TOML file extending the import-to-package map and
	// the library taxonomy (the shape of rules/libraries/*.toml).
	Libraries string `toml:"libraries"`
	// ResultsCacheMB bounds the results cache (--results-cache-mb); 0
	// disables it.
	ResultsCacheMB *int `toml:"results_cache_mb"`
}

// rulesOptions are the flags that shape findings and questions.
type rulesOptions struct {
	config    string
	ruleFiles []string
	stack     []string
	questions int
	level     string
	// cfg is the config file once read: the results cache's bound and
	// the rules both come from it.
	cfg *fileConfig
	// usedRuleFiles and librariesFile are the user's files resolve
	// loaded, from the flags or the config file: a batch fingerprints
	// their contents (batchSettings).
	usedRuleFiles []string
	librariesFile string
}

// loadConfig reads the config file (--config or the default one) the
// first time it is asked for.
func (o *rulesOptions) loadConfig() (fileConfig, error) {
	if o.cfg == nil {
		cfg, err := loadConfig(o.config)
		if err != nil {
			return cfg, err
		}
		o.cfg = &cfg
	}
	return *o.cfg, nil
}

func (o *rulesOptions) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.config, "config", "", "config file (default $XDG_CONFIG_HOME/pyscout/config.toml when it exists)")
	f.StringSliceVar(&o.ruleFiles, "rules", nil, "a rule file that adds rules or replaces built-in ones by id (repeatable)")
	f.StringSliceVar(&o.stack, "stack", nil, "the team's stack, e.g. django,celery,postgres: questions about it come first")
	f.IntVar(&o.questions, "questions", rules.DefaultQuestions, "how many questions to suggest")
	f.StringVar(&o.level, "level", "mid", "the role's level for the coding exercise: junior, mid or senior")
}

// ruleSetFunc gives the rules once they are loaded.
type ruleSetFunc func() (*rules.Set, error)

// resolve merges the config file under the flags and loads the rules. The
// built-in rules are left to finish decoding in the background
// (warmRules): only the report needs them, so the analysis need not wait
// for them. A user's rule file is loaded, and its errors reported, now,
// before any analysis.
func (o *rulesOptions) resolve(cmd *cobra.Command) (ruleSetFunc, rules.Options, error) {
	cfg, err := o.loadConfig()
	if err != nil {
		return nil, rules.Options{}, err
	}
	flags := cmd.Flags()
	ruleFiles, stack, questions, level := o.ruleFiles, o.stack, o.questions, o.level
	if !flags.Changed("rules") {
		ruleFiles = cfg.Rules
	}
	if !flags.Changed("stack") {
		stack = cfg.Stack
	}
	if !flags.Changed("questions") && cfg.Questions > 0 {
		questions = cfg.Questions
	}
	if !flags.Changed("level") && cfg.Level != "" {
		level = cfg.Level
	}
	ro := rules.Options{Stack: stack, Level: level, Questions: questions}
	if err := validateFlags(cmd, rulesFlags, ro.Validate); err != nil {
		return nil, rules.Options{}, err
	}
	ruleSet := ruleSetFunc(rules.Default)
	if len(ruleFiles) > 0 {
		set, err := rules.Load(ruleFiles...)
		if err != nil {
			return nil, rules.Options{}, err
		}
		ruleSet = func() (*rules.Set, error) { return set, nil }
	}
	db, err := libraries.Load(cfg.Libraries)
	if err != nil {
		return nil, rules.Options{}, err
	}
	ro.Libraries = db
	o.usedRuleFiles, o.librariesFile = ruleFiles, cfg.Libraries
	return ruleSet, ro, nil
}

// warmRules decodes the built-in rules in the background: the command
// checks its flags, decodes the library taxonomy and starts its analysis
// meanwhile, and the report then finds them ready. Only the embedded rules
// are warmed: a user's file is read, and its errors reported, by resolve
// in its turn.
func warmRules() {
	go func() { _, _ = rules.Default() }()
}

// rulesFlags are the fields of rules.Options that flags (or the config
// file under them) set.
var rulesFlags = []optionFlag{{"Level", "level"}, {"Questions", "questions"}}

// loadConfig reads the config file; a missing default file is no error.
func loadConfig(path string) (fileConfig, error) {
	var cfg fileConfig
	explicit := path != ""
	if !explicit {
		dir, err := os.UserConfigDir()
		if err != nil {
			return cfg, nil
		}
		path = filepath.Join(dir, "pyscout", "config.toml")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		if !explicit && errors.Is(err, os.ErrNotExist) {
			return cfg, nil
		}
		return cfg, fmt.Errorf("config: %w", err)
	}
	if line, why := configfile.TOMLTooDeep(data); line > 0 {
		return cfg, fmt.Errorf("config %s:%d: %s", path, line, why)
	}
	md, err := toml.Decode(string(data), &cfg)
	if err != nil {
		return cfg, fmt.Errorf("config %s: %w", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return cfg, fmt.Errorf("config %s: unknown setting %q", path, und[0].String())
	}
	// Files named in the config are relative to it.
	for i, r := range cfg.Rules {
		if !filepath.IsAbs(r) {
			cfg.Rules[i] = filepath.Join(filepath.Dir(path), r)
		}
	}
	if cfg.Libraries != "" && !filepath.IsAbs(cfg.Libraries) {
		cfg.Libraries = filepath.Join(filepath.Dir(path), cfg.Libraries)
	}
	return cfg, nil
}

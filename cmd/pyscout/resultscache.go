package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/option"
)

// resultsCacheOptions are the flags of the results cache, shared by the
// analysing commands.
type resultsCacheOptions struct {
	mb  int
	off bool
}

func (o *resultsCacheOptions) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.IntVar(&o.mb, "results-cache-mb", analyzer.DefaultResultsCacheMB,
		"bound the cache of analysis results (files, repositories, histories already analysed) to this many MB, least recently used evicted first; 0 disables it")
	f.BoolVar(&o.off, "no-results-cache", false, "neither read nor write the results cache: analyse everything again")
}

// apply sets o's choice (or the config file's results_cache_mb, under
// the flags) into opts; config reads the config file.
func (o *resultsCacheOptions) apply(cmd *cobra.Command, config func() (fileConfig, error), opts *analyzer.Options) error {
	mb, flag := o.mb, "--results-cache-mb"
	if !cmd.Flags().Changed("results-cache-mb") {
		cfg, err := config()
		if err != nil {
			return err
		}
		if cfg.ResultsCacheMB != nil {
			mb, flag = *cfg.ResultsCacheMB, "results_cache_mb"
		}
	}
	if mb < 0 || mb > analyzer.MaxResultsCacheMB {
		return &option.Error{Field: flag, Reason: fmt.Sprintf("must be between 0 and %d, not %d", analyzer.MaxResultsCacheMB, mb)}
	}
	opts.NoResultsCache = o.off || mb == 0
	if mb > 0 {
		opts.ResultsCacheMB = mb
	}
	return nil
}

package main

import (
	"fmt"
	"path/filepath"

	"github.com/pyscout/pyscout/analyzer/github"
)

// httpCacheDir is the HTTP cache's directory under the cache directory.
const httpCacheDir = "http"

// openHTTPCache opens the GitHub API cache under cacheDir, or returns nil
// when off. A cache that cannot be opened costs requests, not the run: it
// is reported and the run goes on without it.
func openHTTPCache(s streams, cacheDir string, off, quiet bool) *github.HTTPCache {
	if off {
		return nil
	}
	c, err := github.OpenHTTPCache(filepath.Join(cacheDir, httpCacheDir), 0)
	if err != nil {
		if !quiet {
			fmt.Fprintln(s.ErrOut, "pyscout: warning: "+oneLine(err.Error())+"; going on without the HTTP cache")
		}
		return nil
	}
	return c
}

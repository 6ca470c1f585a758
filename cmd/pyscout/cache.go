package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/clone"
	"github.com/pyscout/pyscout/internal/fileid"
	"github.com/pyscout/pyscout/report/words"
)

// cleanable are the caches `cache clean` removes: pyscout's own, by name,
// so that a --cache-dir pointed at the wrong directory loses nothing else.
var cleanable = []string{httpCacheDir, "repos", "results"}

func newCacheCmd(s streams) *cobra.Command {
	var cacheDir string
	cmd := &cobra.Command{
		Use:   "cache",
		Short: "Show or clean the cache directory (clones, GitHub API answers, results)",
		Long: `Show or clean pyscout's cache directory: clones (repos/), GitHub API answers
(http/) and analysis results (results/). See docs/caching.md.

` + exitStatusHelp,
		Args: noArgs,
	}
	cmd.PersistentFlags().StringVar(&cacheDir, "cache-dir", "", "the cache directory (default $XDG_CACHE_HOME/pyscout)")

	info := &cobra.Command{
		Use:     "info",
		Short:   "List each cache with its entries and size",
		Example: "  pyscout cache info",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := resolveCacheDir(cacheDir)
			if err != nil {
				return err
			}
			return cacheInfo(s, dir)
		},
	}
	var only []string
	clean := &cobra.Command{
		Use:     "clean",
		Short:   "Remove the caches (all, or those named by --only)",
		Example: "  pyscout cache clean\n  pyscout cache clean --only http",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, name := range only {
				if !slices.Contains(cleanable, name) {
					return usageError{fmt.Errorf("--only: want one of %s, not %q", strings.Join(cleanable, ", "), name)}
				}
			}
			dir, err := resolveCacheDir(cacheDir)
			if err != nil {
				return err
			}
			if len(only) == 0 {
				only = cleanable
			}
			return cacheClean(s, dir, only)
		},
	}
	clean.Flags().StringSliceVar(&only, "only", nil, "clean only these caches: http, repos, results (repeatable or comma-separated)")
	cmd.AddCommand(info, clean)
	return cmd
}

// noArgs refuses arguments with a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("%s takes no arguments, got %q", cmd.CommandPath(), args[0])}
	}
	return nil
}

// resolveCacheDir is dir, or the default cache directory, checked: a
// symbolic link is refused, since cleaning it would remove what it points
// at. A directory that does not exist is no error: there is nothing in it.
func resolveCacheDir(dir string) (string, error) {
	if dir == "" {
		d, err := analyzer.DefaultCacheDir()
		if err != nil {
			return "", err
		}
		dir = d
	}
	info, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return dir, nil
	case err != nil:
		return "", fmt.Errorf("cache directory: %w", err)
	case info.Mode()&fs.ModeSymlink != 0:
		return "", usageError{fmt.Errorf("cache directory %s is a symbolic link; pass the directory it points at with --cache-dir", dir)}
	case !info.IsDir():
		return "", usageError{fmt.Errorf("cache directory %s is not a directory", dir)}
	}
	return dir, nil
}

// cacheUsage is the size of one cache.
type cacheUsage struct {
	name    string
	entries int
	bytes   int64
}

// measureCache counts one cache generically: an entry is a regular file or
// a clone (a directory named *.git, counted once with everything in it);
// lock files, temporaries and the HTTP cache's key are no entries but
// their bytes count. A file with several names (a bundle of the results
// cache, one name per entry) is one entry per name and its bytes count
// once. Symbolic links are not followed.
func measureCache(dir string) cacheUsage {
	u := cacheUsage{name: filepath.Base(dir)}
	seen := map[fileid.ID]bool{}
	size := func(info fs.FileInfo) int64 {
		if id, links, ok := fileid.Of(info); ok && links > 1 {
			if seen[id] {
				return 0
			}
			seen[id] = true
		}
		return info.Size()
	}
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable: counted as far as it could be read
		}
		name := d.Name()
		if d.IsDir() && path != dir && strings.HasSuffix(name, ".git") && !strings.HasPrefix(name, ".tmp-") {
			u.entries++
			filepath.WalkDir(path, func(_ string, f fs.DirEntry, err error) error {
				if err == nil && f.Type().IsRegular() {
					if info, err := f.Info(); err == nil {
						u.bytes += size(info)
					}
				}
				return nil
			})
			return filepath.SkipDir
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if info, err := d.Info(); err == nil {
			u.bytes += size(info)
		}
		if !strings.HasSuffix(name, ".lock") && !strings.HasPrefix(name, ".tmp-") && !(name == "key" && filepath.Dir(path) == dir) && !insideTemp(dir, path) {
			u.entries++
		}
		return nil
	})
	return u
}

// insideTemp reports whether path lies in a temporary directory (.tmp-*)
// under root: a clone in progress, no entry yet.
func insideTemp(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	if err != nil {
		return false
	}
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if strings.HasPrefix(part, ".tmp-") {
			return true
		}
	}
	return false
}

// cacheInfo prints each subdirectory of the cache directory with its
// entries and size.
func cacheInfo(s streams, dir string) error {
	fmt.Fprintln(s.Out, "cache directory: "+oneLine(dir))
	names, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintln(s.Out, "empty: the directory does not exist yet")
		return nil
	}
	if err != nil {
		return fmt.Errorf("cache directory: %w", err)
	}
	tw := tabwriter.NewWriter(s.Out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "CACHE\tENTRIES\tSIZE\t")
	var total int64
	for _, e := range names {
		if !e.IsDir() {
			continue
		}
		u := measureCache(filepath.Join(dir, e.Name()))
		total += u.bytes
		fmt.Fprintf(tw, "%s\t%d\t%s\t\n", oneLine(u.name), u.entries, byteSize(u.bytes))
	}
	fmt.Fprintf(tw, "total\t\t%s\t\n", byteSize(total))
	return tw.Flush()
}

// cacheClean removes the caches named in only from dir. Clones go under
// their entry locks (a clone in use by another run is kept and said so);
// the others are removed whole. Nothing outside dir is touched: each cache
// is a fixed name inside it, and a symbolic link there is removed as a link.
func cacheClean(s streams, dir string, only []string) error {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintln(s.Out, "nothing to clean: "+oneLine(dir)+" does not exist")
		return nil
	}
	var errs []error
	for _, name := range only {
		path := filepath.Join(dir, name)
		info, err := os.Lstat(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		before := measureCache(path)
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			err = os.Remove(path)
		case name == "repos":
			var res clone.CleanResult
			res, err = clone.RemoveAll(dir)
			if res.Busy > 0 {
				fmt.Fprintf(s.Out, "repos: kept %s in use by another pyscout run\n", words.Plural(res.Busy, "clone"))
			}
		default:
			err = os.RemoveAll(path)
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("clean %s: %w", name, err))
			continue
		}
		after := measureCache(path)
		fmt.Fprintf(s.Out, "%s: removed %s (%s)\n", name, words.Plural(before.entries-after.entries, "entry"), byteSize(before.bytes-after.bytes))
	}
	return errors.Join(errs...)
}

// byteSize formats a size in binary units, e.g. "12.3 MiB".
func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

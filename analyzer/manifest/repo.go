package manifest

import (
	"path"
	"sort"
	"strings"

	"github.com/pyscout/pyscout/analyzer/configfile"
)

// Repo is what a repository's manifests declare.
type Repo struct {
	// Files are the manifests read, sorted by path; included files whose
	// names are not manifest names are among them.
	Files []*File `json:"files"`
	// Dependencies are every declaration of every file (constraints files
	// excepted), by file path then line. A library declared twice appears
	// twice, with both places.
	Dependencies []Dependency `json:"dependencies"`
	// Warnings are the warnings of all files, by file then line.
	Warnings []Warning `json:"warnings,omitempty"`
	// Skipped are the manifests that were not read (over the size limit,
	// Git LFS pointers, ...), by path, at most MaxSkipped.
	Skipped []Skipped `json:"skipped,omitempty"`
}

// Skipped is a manifest whose content was not read, and why. What it
// declares is unknown.
type Skipped struct {
	// Path is the manifest's path.
	Path string `json:"path"`
	// Reason says why, in words ("12.0 MB, over the 1 MiB limit for
	// manifests").
	Reason string `json:"reason"`
}

// MaxSkipped bounds the skipped manifests listed for one repository.
const MaxSkipped = 100

// ParseRepo reads the manifests among files (repository-relative,
// slash-separated paths to contents) and follows the includes they make
// (-r, -c, file: directives), resolved against the including file's
// directory, to files of the map, whatever their names. Includes are
// followed MaxIncludeDepth deep; each file is read once, so cycles end. An
// include that cannot be followed (missing, outside the repository, a URL)
// yields a warning on the including file. skipped are the manifests the
// caller could not read; they are listed in Repo.Skipped (those not named
// as manifests by FormatOf left out), and an include of one says why it
// was not followed.
func ParseRepo(files map[string][]byte, skipped ...Skipped) *Repo {
	return ParseSet(configfile.NewSet(files), skipped...)
}

// ParseSet is ParseRepo over a repository's files as configfile holds
// them, so that the configuration files the practices read too
// (pyproject.toml, setup.cfg, tox.ini) are decoded once for both. The set
// should hold only the files ParseRepo would be given.
func ParseSet(set *configfile.Set, skipped ...Skipped) *Repo {
	files := set.Files()
	byPath := map[string]*File{}
	var order []string
	var paths []string
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		if f := parseFile(p, set); f != nil {
			byPath[cleanPath(p)] = f
			order = append(order, cleanPath(p))
		}
	}
	notRead := make(map[string]string, len(skipped))
	for _, s := range skipped {
		notRead[cleanPath(s.Path)] = s.Reason
	}
	constrained := map[string]bool{} // targets of -c only
	required := map[string]bool{}    // targets of -r
	type job struct {
		f     *File
		depth int
	}
	queue := make([]job, 0, len(order))
	for _, p := range order {
		queue = append(queue, job{byPath[p], 0})
	}
	for len(queue) > 0 {
		j := queue[0]
		queue = queue[1:]
		f := j.f
		for k := range f.Includes {
			inc := &f.Includes[k]
			target := strings.TrimSpace(inc.Target)
			if strings.Contains(target, "://") {
				f.warn(inc.Evidence.Line, "include %s is a URL: not followed", quote(target))
				continue
			}
			target = strings.ReplaceAll(target, "{toxinidir}/", "")
			if path.IsAbs(target) {
				f.warn(inc.Evidence.Line, "include %s is an absolute path: not followed", quote(target))
				continue
			}
			resolved := cleanPath(path.Join(path.Dir(f.Path), target))
			if resolved == ".." || strings.HasPrefix(resolved, "../") {
				f.warn(inc.Evidence.Line, "include %s leaves the repository: not followed", quote(target))
				continue
			}
			if inc.Constraint {
				constrained[resolved] = true
			} else {
				required[resolved] = true
			}
			if _, done := byPath[resolved]; done {
				inc.Resolved = resolved
				continue
			}
			data, ok := files[resolved]
			if reason, skip := notRead[resolved]; skip && !ok {
				f.warn(inc.Evidence.Line, "include %s: %s was not read: %s", quote(target), resolved, reason)
				continue
			}
			if !ok {
				if data, ok = files["./"+resolved]; !ok {
					f.warn(inc.Evidence.Line, "include %s: %s is not in the repository (or was not read)", quote(target), resolved)
					continue
				}
			}
			if j.depth+1 > MaxIncludeDepth {
				f.warn(inc.Evidence.Line, "include %s: more than %d includes deep: not followed", quote(target), MaxIncludeDepth)
				continue
			}
			inc.Resolved = resolved
			nf := newFile(resolved, FormatRequirements)
			if len(data) > MaxFileBytes {
				nf.warn(0, "%d bytes, over the %d-byte limit: not read", len(data), MaxFileBytes)
			} else {
				parseRequirements(nf, data, inc.Kind, inc.Group)
			}
			byPath[resolved] = nf
			order = append(order, resolved)
			queue = append(queue, job{nf, j.depth + 1})
		}
	}
	sort.Strings(order)
	r := &Repo{Files: make([]*File, 0, len(order)), Dependencies: []Dependency{}}
	for _, p := range order {
		f := byPath[p]
		if f.Format == FormatRequirements && (constrained[p] && !required[p] ||
			strings.Contains(strings.ToLower(path.Base(p)), "constraint") && !required[p]) {
			f.Constraints = true
		}
		r.Files = append(r.Files, f)
		if !f.Constraints {
			r.Dependencies = append(r.Dependencies, f.Dependencies...)
		}
		r.Warnings = append(r.Warnings, f.Warnings...)
	}
	r.Skipped = skippedManifests(skipped)
	return r
}

// skippedManifests keeps the skipped files named as manifests, by path,
// at most MaxSkipped.
func skippedManifests(skipped []Skipped) []Skipped {
	var out []Skipped
	for _, s := range skipped {
		if IsManifest(s.Path) {
			out = append(out, Skipped{Path: cleanPath(s.Path), Reason: s.Reason})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	if len(out) > MaxSkipped {
		out = out[:MaxSkipped]
	}
	return out
}

func cleanPath(p string) string {
	return path.Clean(strings.TrimPrefix(strings.ReplaceAll(p, "\\", "/"), "./"))
}

package deps

import "time"

import "sort"

// RepoReport is one repository's Report with the repository's name.
type RepoReport struct {
	// Repo names the repository.
	Repo string
	// Report is its joined libraries.
	Report *Report
}

// RepoDeclaration is a declaration in a named repository.
type RepoDeclaration struct {
	// Repo names the repository.
	Repo string `json:"repo"`
	Declaration
}

// CandidateLibrary is one library over a candidate's repositories.
type CandidateLibrary struct {
	// Import is the import name (as in RepoLibrary).
	Import string `json:"import"`
	// Package is the distribution (from the first repository declaring
	// it, else the first importing it).
	Package string `json:"package"`
	// Category is the taxonomy category ID, if known.
	Category string `json:"category,omitempty"`
	// Declared is set when at least one repository importing it declares
	// it.
	Declared bool `json:"declared"`
	// DeclaredIn are the declarations in the repositories importing it
	// (at most MaxDeclarations).
	DeclaredIn []RepoDeclaration `json:"declared_in,omitempty"`
	// UndeclaredIn names the repositories that import it without
	// declaring it although they have manifests.
	UndeclaredIn []string `json:"undeclared_in,omitempty"`
	// Files is the number of files importing it, over all repositories.
	Files int `json:"files"`
	// Repos names the repositories importing it, in the order given.
	Repos []string `json:"repos"`
	// FirstCommit and LastCommit are the earliest and latest dates over
	// the repositories (see RepoLibrary); absent without history.
	FirstCommit *time.Time `json:"first_commit,omitempty"`
	LastCommit  *time.Time `json:"last_commit,omitempty"`
}

// Candidate sums the repositories' libraries into the candidate's: most
// repositories first, then most files, then by import.
func Candidate(repos []RepoReport) []CandidateLibrary {
	byImport := map[string]*CandidateLibrary{}
	var order []string
	for _, rr := range repos {
		if rr.Report == nil {
			continue
		}
		undeclared := map[string]bool{}
		for _, u := range rr.Report.ImportedUndeclared {
			undeclared[u.Import] = true
		}
		for _, l := range rr.Report.Libraries {
			c := byImport[l.Import]
			if c == nil {
				c = &CandidateLibrary{Import: l.Import, Package: l.Package, Category: l.Category, Repos: []string{}}
				byImport[l.Import] = c
				order = append(order, l.Import)
			}
			c.Files += l.Files
			if l.FirstCommit != nil && (c.FirstCommit == nil || l.FirstCommit.Before(*c.FirstCommit)) {
				c.FirstCommit = l.FirstCommit
			}
			if l.LastCommit != nil && (c.LastCommit == nil || l.LastCommit.After(*c.LastCommit)) {
				c.LastCommit = l.LastCommit
			}
			if n := len(c.Repos); n == 0 || c.Repos[n-1] != rr.Repo {
				c.Repos = append(c.Repos, rr.Repo)
			}
			if l.Declared {
				if !c.Declared {
					c.Package, c.Category = l.Package, l.Category
				}
				c.Declared = true
				for _, d := range l.DeclaredIn {
					if len(c.DeclaredIn) < MaxDeclarations {
						c.DeclaredIn = append(c.DeclaredIn, RepoDeclaration{Repo: rr.Repo, Declaration: d})
					}
				}
			}
			if undeclared[l.Import] {
				c.UndeclaredIn = append(c.UndeclaredIn, rr.Repo)
			}
		}
	}
	out := make([]CandidateLibrary, 0, len(order))
	for _, n := range order {
		out = append(out, *byImport[n])
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if len(a.Repos) != len(b.Repos) {
			return len(a.Repos) > len(b.Repos)
		}
		if a.Files != b.Files {
			return a.Files > b.Files
		}
		return a.Import < b.Import
	})
	return out
}

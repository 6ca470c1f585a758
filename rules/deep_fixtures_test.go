package rules

import (
	"github.com/pyscout/pyscout/analyzer"
	"github.com/pyscout/pyscout/analyzer/brief"
	"github.com/pyscout/pyscout/analyzer/python"
)

// Hand-built briefs shaped like what analyzer/brief gives for three kinds
// of flagship: a Flask extension, an HTTP client library with sync and
// async twins, and a tiny autograd engine with a notebook. The names and
// lines follow the public projects of that shape; no code is copied.

func share(f float64) *float64 { return &f }

func ev(path string, line int, role string) python.Evidence {
	return python.Evidence{Path: path, Line: line, EndLine: line, Role: role}
}

func flaskExtensionBrief() brief.Brief {
	return brief.Brief{
		Repo:       "flask-migrate",
		What:       "SQLAlchemy database migrations for Flask applications using Alembic.",
		TheirShare: share(0.91), TheirLines: 1310,
		Languages: []brief.LanguageShare{{Name: "Python", Share: 0.97}, {Name: "Shell", Share: 0.02}, {Name: "Mako", Share: 0.01}},
		Central: []brief.Module{
			{Path: "src/flask_migrate/__init__.py", Line: 1, Lines: 620, ImportedBy: 2, TheirShare: share(0.93), Role: "source",
				Why: "imported by 2 of the package's 3 modules; 620 lines, 93% theirs"},
			{Path: "src/flask_migrate/cli.py", Line: 1, Lines: 260, ImportedBy: 0, TheirShare: share(0.88), Role: "source",
				Why: "the flask db command group; 260 lines, 88% theirs"},
			{Path: "tests/test_migrate.py", Line: 1, Lines: 140, ImportedBy: 0, Role: "test", Why: "a test module (never central)"},
		},
		Abstractions: []brief.Abstraction{
			{Name: "Migrate", Kind: brief.KindClass, Why: "exported from the package __init__", Evidence: ev("src/flask_migrate/__init__.py", 40, "source")},
			{Name: "Config", Kind: brief.KindClass, Why: "subclass of alembic.config.Config exported from the package", Evidence: ev("src/flask_migrate/__init__.py", 18, "source")},
			{Name: "db", Kind: brief.KindEntryPoint, Why: "flask.commands entry point db", Evidence: ev("src/flask_migrate/cli.py", 14, "source")},
		},
		Decisions: []brief.Decision{
			{ID: brief.DecisionInitApp, Text: "Migrate.init_app(app, db) stores the extension on app.extensions['migrate'] and reads the directory and options when a command runs.",
				Evidence: []python.Evidence{ev("src/flask_migrate/__init__.py", 52, "source")}},
			{ID: brief.DecisionRegistering, Text: "The flask db commands register on the db click group with @db.command: init, migrate, upgrade, downgrade.",
				Evidence: []python.Evidence{ev("src/flask_migrate/cli.py", 20, "source"), ev("src/flask_migrate/cli.py", 48, "source")}},
			{ID: brief.DecisionStoredCallbacks, Text: "Migrate.configure appends callbacks to configure_callbacks, which call_configure_callbacks runs on each Alembic config.",
				Evidence: []python.Evidence{ev("src/flask_migrate/__init__.py", 88, "source")}},
		},
		Maintainer: brief.Maintainer{PublishedAs: "Flask-Migrate", UsedIn: []string{"microblog"}, Changelog: "CHANGES.md",
			CI: brief.CIMatrix{PythonVersions: []string{"3.9", "3.10", "3.11", "3.12"}, OS: []string{"ubuntu-latest", "macos-latest", "windows-latest"}, Implementations: []string{"cpython", "pypy"}}},
	}
}

func httpClientBrief() brief.Brief {
	return brief.Brief{
		Repo:       "httpclient",
		What:       "A fully featured HTTP client for Python, with sync and async APIs and HTTP/2 support.",
		TheirShare: share(0.42), TheirLines: 5200,
		Languages: []brief.LanguageShare{{Name: "Python", Share: 0.99}, {Name: "Shell", Share: 0.01}},
		Central: []brief.Module{
			{Path: "httpclient/_models.py", Line: 1, Lines: 1250, ImportedBy: 14, TheirShare: share(0.38), Role: "source",
				Why: "imported by 14 of the package's 22 modules; 1250 lines, 38% theirs"},
			{Path: "httpclient/_client.py", Line: 1, Lines: 2010, ImportedBy: 3, TheirShare: share(0.51), Role: "source",
				Why: "imported by 3 of the package's 22 modules; 2010 lines, 51% theirs"},
		},
		Abstractions: []brief.Abstraction{
			{Name: "Client", Kind: brief.KindClass, Why: "exported in __all__", Evidence: ev("httpclient/_client.py", 594, "source")},
			{Name: "AsyncClient", Kind: brief.KindClass, Why: "exported in __all__", Evidence: ev("httpclient/_client.py", 1307, "source")},
			{Name: "BaseTransport", Kind: brief.KindClass, Why: "base of 4 classes", Evidence: ev("httpclient/_transports/base.py", 14, "source")},
			{Name: "Request", Kind: brief.KindClass, Why: "exported in __all__", Evidence: ev("httpclient/_models.py", 312, "source")},
			{Name: "Response", Kind: brief.KindClass, Why: "exported in __all__", Evidence: ev("httpclient/_models.py", 449, "source")},
		},
		Decisions: []brief.Decision{
			{ID: brief.DecisionSyncAsyncTwins, Text: "Client and AsyncClient share BaseClient; each has its own send(), over HTTPTransport or AsyncHTTPTransport.",
				Evidence: []python.Evidence{ev("httpclient/_client.py", 594, "source"), ev("httpclient/_client.py", 1307, "source")}},
			{ID: brief.DecisionPluggableBackend, Text: "Transports are subclasses of BaseTransport: HTTPTransport, MockTransport and WSGITransport.",
				Evidence: []python.Evidence{ev("httpclient/_transports/base.py", 14, "source")}},
			{ID: brief.DecisionContextManagers, Text: "Client and AsyncClient are context managers (__enter__/__exit__, __aenter__/__aexit__) that close their transports.",
				Evidence: []python.Evidence{ev("httpclient/_client.py", 1270, "source")}},
		},
		Maintainer: brief.Maintainer{PublishedAs: "httpclient", UsedIn: []string{}, Changelog: "CHANGELOG.md",
			CI: brief.CIMatrix{PythonVersions: []string{"3.9", "3.13"}, OS: []string{"ubuntu-latest"}, Implementations: []string{"cpython"}}},
	}
}

func autogradBrief() brief.Brief {
	return brief.Brief{
		Repo:       "tinygrad-lite",
		What:       "A tiny scalar-valued autograd engine and a small neural network library on top of it.",
		TheirShare: share(1), TheirLines: 160,
		Languages: []brief.LanguageShare{{Name: "Jupyter Notebook", Share: 0.96}, {Name: "Python", Share: 0.04}},
		Central: []brief.Module{
			{Path: "tinygrad_lite/engine.py", Line: 1, Lines: 94, ImportedBy: 1, TheirShare: share(1), Role: "source",
				Why: "imported by 1 of the package's 2 modules; 94 lines, all theirs"},
			{Path: "tinygrad_lite/nn.py", Line: 1, Lines: 60, ImportedBy: 0, TheirShare: share(1), Role: "source",
				Why: "60 lines, all theirs"},
		},
		Abstractions: []brief.Abstraction{
			{Name: "Value", Kind: brief.KindClass, Why: "the scalar every operation returns; used by nn.py", Evidence: ev("tinygrad_lite/engine.py", 2, "source")},
			{Name: "Module", Kind: brief.KindClass, Why: "base of 3 classes: Neuron, Layer, MLP", Evidence: ev("tinygrad_lite/nn.py", 4, "source")},
			{Name: "demo", Kind: brief.KindFunction, Why: "an example script", Evidence: ev("examples/demo.py", 1, "example")},
		},
		Decisions: []brief.Decision{
			{ID: brief.DecisionStoredCallbacks, Text: "Each Value stores a _backward closure set by the operation that made it (__add__, __mul__, __pow__, relu); backward() calls them in reverse topological order.",
				Evidence: []python.Evidence{ev("tinygrad_lite/engine.py", 13, "source"), ev("tinygrad_lite/engine.py", 54, "source")}},
			{ID: brief.DecisionReferenceTests, Text: "test/test_engine.py checks values and gradients against PyTorch.",
				Evidence: []python.Evidence{ev("test/test_engine.py", 4, "test")}},
		},
		Maintainer: brief.Maintainer{PublishedAs: "tinygrad-lite", UsedIn: []string{}, CI: brief.CIMatrix{PythonVersions: []string{}, OS: []string{}, Implementations: []string{}}},
	}
}

// projectsProfile is a candidate with the three flagships and no code
// facts: its questions are deep dives plus generic ones.
func projectsProfile() *analyzer.Profile {
	p := &analyzer.Profile{Login: "maintainer"}
	for _, name := range []string{"flask-migrate", "httpclient", "tinygrad-lite"} {
		p.Repos = append(p.Repos, analyzer.RepoFacts{Name: name, URL: "https://github.com/maintainer/" + name, Commit: "0123456789abcdef0123456789abcdef01234567"})
	}
	p.Briefs = []brief.Brief{flaskExtensionBrief(), httpClientBrief(), autogradBrief()}
	return p
}

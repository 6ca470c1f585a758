package practices

// The shell-command classifier: which tools a CI step's or task runner's
// command line runs, and for what (tests, lint, type checks...).

import (
	"path"
	"strings"
)

// toolHit is one tool a command runs.
type toolHit struct {
	tool, kind string
	// via is the task runner invocation it runs through, if any; def is
	// the line of the task runner's file that runs it.
	via string
	def *Evidence
}

// commandTools reads a step's shell script and returns the tools it runs,
// classifying task runners by the name of their target only. Only the
// command word of each simple command counts (after env assignments,
// sudo, `poetry run`, `python -m` and the like), so `pip install ruff
// mypy` runs nothing.
func commandTools(script string) []toolHit { return commandToolsWith(script, nil, 0) }

var shellPrefixes = map[string]bool{
	"if": true, "then": true, "do": true, "else": true, "elif": true, "while": true, "until": true,
	"!": true, "time": true, "exec": true, "sudo": true, "env": true, "nohup": true, "command": true,
	"xvfb-run": true, "catchsegv": true,
}

var runners = map[string]bool{"poetry": true, "pipenv": true, "pdm": true, "uv": true, "rye": true,
	"hatch": true, "pixi": true, "conda": true, "mamba": true, "micromamba": true, "pipx": true}

// wordsTools classifies one simple command, already split into words.
func wordsTools(words []string, depth int, r *taskRunners) []toolHit {
	i := 0
	options := false // the last prefix (sudo, env, xvfb-run) takes options
	for i < len(words) && depth < 8 {
		w := words[i]
		switch {
		case shellPrefixes[w]:
			options = w == "sudo" || w == "env" || w == "xvfb-run"
			i++
		case options && strings.HasPrefix(w, "-"):
			i++
		case isEnvAssign(w):
			i++
		case runners[w] && i+1 < len(words) && words[i+1] == "run":
			i += 2
			for i < len(words) && strings.HasPrefix(words[i], "-") {
				switch words[i] {
				case "-n", "--name", "-p", "--prefix", "-e", "--env", "--with", "--python",
					"--group", "--only-group", "--extra", "--package", "--directory", "--project",
					"--index", "--from", "--with-requirements", "--env-file":
					i++ // an option with an argument
				}
				i++
			}
			if w == "hatch" && r != nil {
				return r.followHatch(words[i:], depth)
			}
			if w == "hatch" && i < len(words) {
				// hatch run [env:]script: the script names the task.
				script := words[i]
				if c := strings.LastIndexByte(script, ':'); c >= 0 {
					script = script[c+1:]
				}
				if k := targetKind(script); k != "" {
					return []toolHit{{tool: "hatch", kind: k}}
				}
			}
		case w == "uvx":
			i++
			for i < len(words) && strings.HasPrefix(words[i], "-") {
				i++
			}
		default:
			return commandWordWith(words[i:], r, depth)
		}
	}
	return nil
}

func isEnvAssign(w string) bool {
	eq := strings.IndexByte(w, '=')
	return eq > 0 && !strings.HasPrefix(w, "-") && isShellName(w[:eq])
}

func isShellName(s string) bool {
	for i, c := range s {
		if !(c == '_' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return s != ""
}

// targetKind classifies a make, tox, hatch or nox target by name.
func targetKind(t string) string {
	t = strings.ToLower(t)
	switch {
	case strings.Contains(t, "test"):
		return KindTest
	case strings.Contains(t, "lint") || strings.Contains(t, "style") || strings.Contains(t, "format"):
		return KindLint
	case strings.Contains(t, "type") || strings.Contains(t, "mypy") || strings.Contains(t, "pyright"):
		return KindTypeCheck
	case strings.Contains(t, "cov"):
		return KindCoverage
	}
	return ""
}

func hasArg(args []string, names ...string) bool {
	for _, a := range args {
		for _, n := range names {
			if a == n || strings.HasPrefix(a, n+"=") {
				return true
			}
		}
	}
	return false
}

func isPython(cmd string) bool {
	switch {
	case cmd == "python" || cmd == "py" || cmd == "pypy" || cmd == "pypy3":
		return true
	case strings.HasPrefix(cmd, "python3"), strings.HasPrefix(cmd, "python2"):
		return true
	}
	return false
}

// commandWordWith classifies a command from its command word on,
// following task runners through r when it is not nil.
func commandWordWith(words []string, r *taskRunners, depth int) []toolHit {
	if len(words) == 0 {
		return nil
	}
	cmd := path.Base(words[0])
	args := words[1:]
	if r != nil {
		if hits, ok := r.follow(cmd, args, depth); ok {
			return hits
		}
	}
	commandWord := func(w []string, d int) []toolHit { return commandWordWith(w, r, d) }
	switch {
	case isPython(cmd):
		for k := 0; k < len(args); k++ {
			a := args[k]
			switch {
			case a == "-m" && k+1 < len(args):
				return commandWord(args[k+1:], depth+1)
			case strings.HasPrefix(a, "-m") && len(a) > 2:
				return commandWord(append([]string{a[2:]}, args[k+1:]...), depth+1)
			case a == "-W" || a == "-X":
				k++
			case strings.HasPrefix(a, "-"):
			default:
				script := path.Base(a)
				rest := args[k+1:]
				switch {
				case script == "manage.py" && len(rest) > 0 && rest[0] == "test":
					return []toolHit{{tool: "django", kind: KindTest}}
				case script == "setup.py" && len(rest) > 0 && rest[0] == "test":
					return []toolHit{{tool: "setup.py", kind: KindTest}}
				case strings.HasPrefix(script, "runtests") || strings.HasPrefix(script, "run_tests"):
					return []toolHit{{tool: "unittest", kind: KindTest}}
				}
				return nil
			}
		}
		return nil
	case cmd == "pytest" || cmd == "py.test":
		hits := []toolHit{{tool: "pytest", kind: KindTest}}
		if hasArg(args, "--cov") {
			hits = append(hits, toolHit{tool: "coverage", kind: KindCoverage})
		}
		return hits
	case cmd == "tox" || cmd == "nox":
		return []toolHit{{tool: cmd, kind: KindTest}}
	case cmd == "unittest":
		return []toolHit{{tool: "unittest", kind: KindTest}}
	case cmd == "nosetests" || cmd == "nose2" || cmd == "nose":
		return []toolHit{{tool: "nose", kind: KindTest}}
	case cmd == "hatch" && len(args) > 0 && args[0] == "fmt":
		if hasArg(args, "--check") {
			return []toolHit{{tool: "ruff", kind: KindLint}}
		}
	case cmd == "hatch" && len(args) > 0 && args[0] == "test":
		return []toolHit{{tool: "hatch", kind: KindTest}}
	case cmd == "coverage":
		hits := []toolHit{{tool: "coverage", kind: KindCoverage}}
		if len(args) > 0 && args[0] == "run" {
			rest := args[1:]
			for k := 0; k < len(rest); k++ {
				if rest[k] == "-m" && k+1 < len(rest) {
					return append(hits, commandWord(rest[k+1:], depth+1)...)
				}
				if !strings.HasPrefix(rest[k], "-") {
					return append(hits, commandWord(append([]string{"python"}, rest[k:]...), depth+1)...)
				}
			}
		}
		return hits
	case cmd == "make" || cmd == "just" || cmd == "invoke" || cmd == "inv" || cmd == "task":
		var hits []toolHit
		for _, t := range args {
			if strings.HasPrefix(t, "-") || strings.Contains(t, "=") {
				continue
			}
			if k := targetKind(t); k != "" {
				hits = append(hits, toolHit{tool: "make", kind: k})
			}
		}
		return hits
	case cmd == "ruff", cmd == "flake8", cmd == "pylint", cmd == "pycodestyle", cmd == "pyflakes", cmd == "pydocstyle":
		return []toolHit{{tool: cmd, kind: KindLint}}
	case cmd == "black":
		if hasArg(args, "--check", "--diff") {
			return []toolHit{{tool: "black", kind: KindLint}}
		}
	case cmd == "isort":
		if hasArg(args, "--check", "--check-only", "-c", "--diff") {
			return []toolHit{{tool: "isort", kind: KindLint}}
		}
	case cmd == "pre-commit":
		if len(args) > 0 && args[0] == "run" {
			return []toolHit{{tool: "pre-commit", kind: KindLint}}
		}
	case cmd == "mypy" || cmd == "dmypy":
		return []toolHit{{tool: "mypy", kind: KindTypeCheck}}
	case cmd == "pyright" || cmd == "basedpyright":
		return []toolHit{{tool: "pyright", kind: KindTypeCheck}}
	case cmd == "pytype" || cmd == "pyre":
		return []toolHit{{tool: cmd, kind: KindTypeCheck}}
	}
	return nil
}

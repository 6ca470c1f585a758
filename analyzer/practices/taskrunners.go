package practices

// Task runners: a CI step's `tox -e X`, `nox -s X`, `make X` or `hatch run
// env:script` followed into the definition it names, whose commands the
// shell-command classifier then reads. About 780 lines: the four runners
// share one follower, its depth and size bounds and its "unknown" results,
// and read best side by side.

import (
	"fmt"
	"regexp"
	"strings"
)

// A CI step that runs a task runner (`tox -e lint`, `nox -s mypy`, `make
// lint`, `hatch run lint:check`) runs whatever the environment, session,
// target or script is defined to run. The definition is followed into the
// repository's own files and its commands are classified like a step's
// script, so that `make lint` counts as linting when its recipe runs
// flake8, and not when it only echoes. When the definition cannot be read
// (no such file, an environment referenced but not defined, a syntax
// error), the run is recorded with Kind "unknown" and a warning says why:
// the name of a target is never taken for what it runs.

// maxFollowDepth bounds how deeply task runners are followed through one
// another (a tox env calling make, a make target calling $(MAKE) other).
const maxFollowDepth = 6

// maxFollowLines bounds the command lines read per followed definition.
const maxFollowLines = 200

// taskRunners reads the definitions of the repository's task runners,
// each parsed at most once.
type taskRunners struct {
	a      *analysis
	warned map[string]bool

	toxRead bool
	toxDef  *toxDefs
	makeRd  bool
	makeDef *makefile
	noxRd   bool
	noxDef  *noxfile
	noxErr  string
	hatchRd bool
	hatch   *tomlDoc
}

func newTaskRunners(a *analysis) *taskRunners {
	return &taskRunners{a: a, warned: map[string]bool{}}
}

// unknown records a run whose commands cannot be known, and warns once
// per file and reason.
func (t *taskRunners) unknown(tool, via, file, reason string) []toolHit {
	if !t.warned[file+"\x00"+reason] {
		t.warned[file+"\x00"+reason] = true
		t.a.warn(file, 0, reason)
	}
	return []toolHit{{tool: tool, kind: KindUnknown, via: via}}
}

// follow classifies a task runner's invocation by its definition; ok is
// false when cmd is not a task runner followed here.
func (t *taskRunners) follow(cmd string, args []string, depth int) (hits []toolHit, ok bool) {
	if depth > maxFollowDepth {
		return nil, cmd == "tox" || cmd == "nox" || cmd == "make" || cmd == "hatch"
	}
	switch cmd {
	case "tox":
		return t.followTox(args, depth), true
	case "nox":
		return t.followNox(args, depth), true
	case "make":
		return t.followMake(args, depth), true
	case "hatch":
		if len(args) > 0 && args[0] == "run" {
			return t.followHatch(args[1:], depth), true
		}
	}
	return nil, false
}

// classify classifies one command line of a definition, marking each hit
// with the invocation that led to it and the line that defines it.
func (t *taskRunners) classify(line, via string, def Evidence, depth int) []toolHit {
	hits := commandToolsWith(line, t, depth+1)
	for i := range hits {
		// The outermost invocation is the one CI runs; the innermost
		// definition is the line that runs the tool.
		hits[i].via = via
		if hits[i].def == nil {
			d := def
			hits[i].def = &d
		}
	}
	return hits
}

// ---- tox

// toxDefs is the tox configuration as the follower reads it.
type toxDefs struct {
	file    string
	envList []string
	// envs maps an environment name (braces expanded) to its commands;
	// "" is the base [testenv].
	envs map[string][]toxCommand
	// defined is every environment with a section of its own.
	defined map[string]bool
}

type toxCommand struct {
	text string
	line int
}

var pyEnvName = regexp.MustCompile(`^(py|pypy)(\d+(\.\d+)?)?$`)

func (t *taskRunners) tox() *toxDefs {
	if t.toxRead {
		return t.toxDef
	}
	t.toxRead = true
	a := t.a
	if ini := a.inis["tox.ini"]; ini != nil {
		t.toxDef = toxFromINI("tox.ini", ini, "tox", 0)
		return t.toxDef
	}
	if ini := a.inis["setup.cfg"]; ini != nil && ini.section("tox:tox") != nil {
		t.toxDef = toxFromINI("setup.cfg", ini, "tox:tox", 0)
		return t.toxDef
	}
	if doc := a.toxTOML; doc != nil {
		t.toxDef = toxFromTOML("tox.toml", doc.root, "")
		return t.toxDef
	}
	if doc := a.pyprojects["pyproject.toml"]; doc != nil {
		if tt := doc.table("tool", "tox"); tt != nil {
			if legacy := tomlString(tt["legacy_tox_ini"]); legacy != "" {
				ini, _ := parseINI([]byte(legacy))
				// The legacy string starts on the line after its key.
				t.toxDef = toxFromINI("pyproject.toml", &ini, "tox", doc.line("tool.tox"))
				return t.toxDef
			}
			t.toxDef = toxFromTOML("pyproject.toml", tt, "tool.tox")
			return t.toxDef
		}
	}
	return nil
}

func toxFromINI(file string, ini *iniFile, main string, lineOffset int) *toxDefs {
	d := &toxDefs{file: file, envs: map[string][]toxCommand{}, defined: map[string]bool{}}
	if s := ini.section(main); s != nil {
		v, ok := s.get("env_list")
		if !ok {
			v, _ = s.get("envlist")
		}
		d.envList = toxEnvs(v)
	}
	for i := range ini.sections {
		s := &ini.sections[i]
		var names []string
		switch {
		case s.name == "testenv":
			names = []string{""}
		case strings.HasPrefix(s.name, "testenv:"):
			for _, n := range toxEnvs(strings.TrimPrefix(s.name, "testenv:")) {
				names = append(names, n)
				d.defined[n] = true
			}
		default:
			continue
		}
		for _, k := range s.keys {
			if k.name != "commands" {
				continue
			}
			// Each command is located by its commands key.
			var cmds []toxCommand
			for _, l := range splitContinued(k.value) {
				cmds = append(cmds, toxCommand{text: l, line: k.line + lineOffset})
			}
			for _, n := range names {
				d.envs[n] = cmds
			}
		}
	}
	resolveToxRefs(ini, d)
	return d
}

// resolveToxRefs replaces a whole-line {[section]key} substitution with
// the lines it names, one level deep.
func resolveToxRefs(ini *iniFile, d *toxDefs) {
	for name, cmds := range d.envs {
		var out []toxCommand
		for _, c := range cmds {
			ref := strings.TrimSpace(c.text)
			if strings.HasPrefix(ref, "{[") && strings.HasSuffix(ref, "}") {
				sec, key, ok := strings.Cut(ref[2:len(ref)-1], "]")
				if v, found := ini.section(sec).get(key); ok && found {
					for _, l := range splitContinued(v) {
						out = append(out, toxCommand{text: l, line: c.line})
					}
					continue
				}
			}
			out = append(out, c)
		}
		d.envs[name] = out
	}
}

// splitContinued splits an INI value into command lines, joining lines
// continued with a backslash.
func splitContinued(v string) []string {
	v = strings.ReplaceAll(v, "\\\n", " ")
	var out []string
	for _, l := range strings.Split(v, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// toxFromTOML reads tox's native TOML form: env_list, [env_run_base] and
// [env.NAME] with commands as lists of argument lists.
func toxFromTOML(file string, root map[string]any, prefix string) *toxDefs {
	d := &toxDefs{file: file, envs: map[string][]toxCommand{}, defined: map[string]bool{}, envList: tomlStrings(root["env_list"])}
	cmds := func(v any) []toxCommand {
		var out []toxCommand
		list, _ := v.([]any)
		for _, c := range list {
			words := tomlStrings(c)
			if s, ok := c.(string); ok {
				words = []string{s}
			}
			out = append(out, toxCommand{text: strings.Join(words, " ")})
		}
		return out
	}
	if base, ok := root["env_run_base"].(map[string]any); ok {
		d.envs[""] = cmds(base["commands"])
	}
	if envs, ok := root["env"].(map[string]any); ok {
		for n, v := range envs {
			d.defined[n] = true
			if m, ok := v.(map[string]any); ok && m["commands"] != nil {
				d.envs[n] = cmds(m["commands"])
			}
		}
	}
	return d
}

// toxEnvArgs reads the environments a tox command line selects; all is
// set when it selects none (tox then runs env_list).
func toxEnvArgs(args []string) (envs []string, all bool) {
	for k := 0; k < len(args); k++ {
		a := args[k]
		var v string
		switch {
		case a == "-e" || a == "--env" || a == "-f":
			if k+1 < len(args) {
				v = args[k+1]
				k++
			}
		case strings.HasPrefix(a, "--env="):
			v = strings.TrimPrefix(a, "--env=")
		case strings.HasPrefix(a, "-e") && len(a) > 2:
			v = a[2:]
		case a == "--":
			k = len(args)
			continue
		default:
			continue
		}
		for _, e := range strings.Split(v, ",") {
			if e = strings.TrimSpace(e); e != "" && e != "ALL" {
				envs = append(envs, e)
			}
		}
		if v == "ALL" {
			return nil, true
		}
	}
	return envs, len(envs) == 0
}

func (t *taskRunners) followTox(args []string, depth int) []toolHit {
	d := t.tox()
	envs, all := toxEnvArgs(args)
	if d == nil {
		if all {
			// No configuration to read: bare tox runs the test envs.
			return []toolHit{{tool: "tox", kind: KindTest}}
		}
		return t.unknown("tox", "tox -e "+strings.Join(envs, ","), "tox.ini", "tox environments run in CI ("+strings.Join(envs, ", ")+"): no readable tox configuration, what they run is unknown")
	}
	if all {
		envs = d.envList
		if len(envs) == 0 {
			envs = []string{""}
		}
	}
	var hits []toolHit
	for _, env := range envs {
		via := "tox"
		if env != "" {
			via = "tox -e " + env
		}
		if strings.Contains(env, "${{") {
			hits = append(hits, t.unknown("tox", via, d.file, "a tox environment named by a GitHub Actions expression ("+env+") is run in CI: what it runs is unknown")...)
			continue
		}
		cmds, ok := d.commands(env)
		if !ok {
			hits = append(hits, t.unknown("tox", via, d.file, fmt.Sprintf("tox environment %q is run in CI but not defined: what it runs is unknown", env))...)
			continue
		}
		for i, c := range cmds {
			if i >= maxFollowLines {
				break
			}
			hits = append(hits, t.classify(toxLine(c.text, env), via, lineEvidence(d.file, c.line), depth)...)
		}
	}
	return hits
}

// commands returns an environment's commands: its own, else the base
// [testenv]'s, for an environment defined by a section, env_list or a
// Python factor (py312); ok is false for an undefined environment.
func (d *toxDefs) commands(env string) ([]toxCommand, bool) {
	if c, ok := d.envs[env]; ok {
		return c, true
	}
	defined := env == "" || d.defined[env]
	for _, e := range d.envList {
		defined = defined || e == env
	}
	for _, f := range strings.Split(env, "-") {
		defined = defined || pyEnvName.MatchString(f)
	}
	if !defined {
		return nil, false
	}
	return d.envs[""], true
}

var toxFactorPrefix = regexp.MustCompile(`^([!\w.{},-]+):\s+(.*)$`)

// toxLine applies a factor condition (`lint: flake8`) and tox's
// substitutions to one command line; it returns "" when the condition
// leaves the line out of env.
func toxLine(line, env string) string {
	line = strings.TrimLeft(line, "-! ")
	if m := toxFactorPrefix.FindStringSubmatch(line); m != nil && !strings.Contains(m[1], "://") {
		factors := map[string]bool{}
		for _, f := range strings.Split(env, "-") {
			factors[f] = true
		}
		match := false
		for _, alt := range expandBraces(m[1], maxToxEnvs) {
			for _, o := range strings.Split(alt, ",") {
				all := true
				for _, f := range strings.Split(o, "-") {
					neg := strings.HasPrefix(f, "!")
					if factors[strings.TrimPrefix(f, "!")] == neg {
						all = false
					}
				}
				match = match || all
			}
		}
		if !match {
			return ""
		}
		line = m[2]
	}
	line = strings.ReplaceAll(line, "{envpython}", "python")
	return toxSubst.ReplaceAllStringFunc(line, func(s string) string {
		if def, ok := strings.CutPrefix(s, "{posargs:"); ok {
			return strings.TrimSuffix(def, "}")
		}
		if strings.HasPrefix(s, "{env") && strings.HasSuffix(s, "dir}") {
			return "" // {envbindir}/pytest: the tool's name stays
		}
		return "x"
	})
}

var toxSubst = regexp.MustCompile(`\{[^{}]*\}`)

// ---- make

// makefile is the root Makefile's variables and rules.
type makefile struct {
	file  string
	vars  map[string]string
	rules map[string]*makeRule
	first string // the default goal
}

type makeRule struct {
	prereqs []string
	recipe  []toxCommand
}

func (t *taskRunners) makefile() *makefile {
	if t.makeRd {
		return t.makeDef
	}
	t.makeRd = true
	p := t.a.rootFile("Makefile", "makefile", "GNUmakefile")
	if p == "" {
		return nil
	}
	data := t.a.content(p, MaxConfigBytes)
	if data == nil {
		return nil
	}
	t.makeDef = parseMakefile(p, string(data))
	return t.makeDef
}

var makeAssign = regexp.MustCompile(`^(?:export\s+|override\s+)?([A-Za-z_][\w.-]*)\s*([:?+!]?:?=)\s*(.*)$`)

// parseMakefile reads rules, recipes and simple variable assignments;
// conditionals and includes are not evaluated.
func parseMakefile(file, src string) *makefile {
	m := &makefile{file: file, vars: map[string]string{}, rules: map[string]*makeRule{}}
	src = strings.ReplaceAll(src, "\r\n", "\n")
	lines := strings.Split(src, "\n")
	var cur []*makeRule
	for i := 0; i < len(lines); i++ {
		line, n := lines[i], i+1
		for strings.HasSuffix(line, "\\") && i+1 < len(lines) {
			i++
			line = strings.TrimSuffix(line, "\\") + " " + strings.TrimSpace(lines[i])
		}
		if strings.HasPrefix(line, "\t") {
			if cmd := strings.TrimSpace(line); cmd != "" && !strings.HasPrefix(cmd, "#") {
				for _, r := range cur {
					r.recipe = append(r.recipe, toxCommand{text: cmd, line: n})
				}
			}
			continue
		}
		if c := strings.Index(line, "#"); c >= 0 {
			line = line[:c]
		}
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			continue
		}
		if am := makeAssign.FindStringSubmatch(trimmed); am != nil {
			if am[2] == "+=" {
				m.vars[am[1]] = strings.TrimSpace(m.vars[am[1]] + " " + am[3])
			} else if am[2] != "?=" || m.vars[am[1]] == "" {
				m.vars[am[1]] = am[3]
			}
			cur = nil
			continue
		}
		targets, rest, ok := strings.Cut(trimmed, ":")
		if !ok || strings.HasPrefix(rest, "=") {
			cur = nil // a directive (ifeq, include, define...)
			continue
		}
		rest = strings.TrimPrefix(rest, ":") // double-colon rules
		prereqs, inline, _ := strings.Cut(rest, ";")
		if strings.Contains(prereqs, "=") {
			cur = nil // a target-specific variable
			continue
		}
		cur = nil
		for _, tg := range strings.Fields(targets) {
			r := m.rules[tg]
			if r == nil {
				r = &makeRule{}
				m.rules[tg] = r
			}
			r.prereqs = append(r.prereqs, strings.Fields(prereqs)...)
			if inline = strings.TrimSpace(inline); inline != "" {
				r.recipe = append(r.recipe, toxCommand{text: inline, line: n})
			}
			cur = append(cur, r)
			if m.first == "" && !strings.HasPrefix(tg, ".") && !strings.ContainsAny(tg, "%$") {
				m.first = tg
			}
		}
	}
	return m
}

var makeVar = regexp.MustCompile(`\$[({]([A-Za-z_][\w.-]*)[)}]`)

// expand substitutes the Makefile's simple variables, a few levels deep;
// $(MAKE) becomes make.
func (m *makefile) expand(s string) string {
	for range 4 {
		if !strings.Contains(s, "$") {
			break
		}
		s = makeVar.ReplaceAllStringFunc(s, func(v string) string {
			name := v[2 : len(v)-1]
			if name == "MAKE" {
				return "make"
			}
			return m.vars[name]
		})
	}
	return s
}

func (t *taskRunners) followMake(args []string, depth int) []toolHit {
	var targets []string
	for k := 0; k < len(args); k++ {
		a := args[k]
		switch {
		case a == "-C" || a == "-f" || a == "--directory" || a == "--file" || a == "--makefile":
			return t.unknown("make", "make "+strings.Join(args, " "), "Makefile", "a make run in CI uses another Makefile ("+a+"): what it runs is not read")
		case a == "-j" || a == "-l":
			if k+1 < len(args) && !strings.HasPrefix(args[k+1], "-") && !strings.ContainsAny(args[k+1], "=") {
				if _, err := fmt.Sscan(args[k+1], new(int)); err == nil {
					k++
				}
			}
		case strings.HasPrefix(a, "-"), strings.Contains(a, "="):
		default:
			targets = append(targets, a)
		}
	}
	m := t.makefile()
	if m == nil {
		return t.unknown("make", "make "+strings.Join(targets, " "), "Makefile", "make is run in CI but there is no readable root Makefile: what it runs is unknown")
	}
	if len(targets) == 0 {
		if m.first == "" {
			return t.unknown("make", "make", m.file, "make is run in CI but the Makefile has no target")
		}
		targets = []string{m.first}
	}
	var hits []toolHit
	seen := map[string]bool{}
	lines := 0
	var run func(tg string, via string, d int) bool
	run = func(tg, via string, d int) bool {
		if seen[tg] || d > 16 {
			return true
		}
		seen[tg] = true
		r := m.rules[tg]
		if r == nil {
			return false
		}
		for _, p := range r.prereqs {
			if m.rules[p] != nil {
				run(p, via, d+1)
			}
		}
		for _, c := range r.recipe {
			if lines++; lines > maxFollowLines {
				break
			}
			cmd := strings.TrimLeft(m.expand(c.text), "@-+ ")
			hits = append(hits, t.classify(cmd, via, lineEvidence(m.file, c.line), depth)...)
		}
		return true
	}
	for _, tg := range targets {
		if !run(tg, "make "+tg, 0) {
			hits = append(hits, t.unknown("make", "make "+tg, m.file, fmt.Sprintf("make target %q is run in CI but not defined in the Makefile: what it runs is unknown", tg))...)
		}
	}
	return hits
}

// ---- hatch

func (t *taskRunners) followHatch(args []string, depth int) []toolHit {
	for len(args) > 0 && (strings.HasPrefix(args[0], "-") || strings.HasPrefix(args[0], "+")) {
		args = args[1:]
	}
	if len(args) == 0 {
		return nil
	}
	env, script, ok := strings.Cut(args[0], ":")
	if !ok {
		env, script = "default", args[0]
	}
	via := "hatch run " + args[0]
	file, line, scripts := t.hatchScripts(env)
	if scripts == nil {
		return t.unknown("hatch", via, file, fmt.Sprintf("hatch environment %q is run in CI but has no scripts in %s: what it runs is unknown", env, file))
	}
	var hits []toolHit
	seen := map[string]bool{}
	var run func(name string, d int) bool
	run = func(name string, d int) bool {
		v, ok := scripts[name]
		if !ok || seen[name] || d > 8 {
			return ok
		}
		seen[name] = true
		cmds := tomlStrings(v)
		if s, isStr := v.(string); isStr {
			cmds = []string{s}
		}
		for _, c := range cmds {
			if w := strings.Fields(c); len(w) > 0 {
				if _, other := scripts[w[0]]; other {
					run(w[0], d+1)
					continue
				}
			}
			hits = append(hits, t.classify(c, via, lineEvidence(file, line), depth)...)
		}
		return true
	}
	if !run(script, 0) {
		// Not a script: hatch runs it as a command in the environment.
		return commandWordWith(append([]string{script}, args[1:]...), t, depth+1)
	}
	return hits
}

// hatchScripts returns the scripts of a hatch environment, from
// hatch.toml or pyproject.toml's [tool.hatch.envs.NAME.scripts], with the
// file and the line of the table's header (0 when it has none).
func (t *taskRunners) hatchScripts(env string) (file string, line int, scripts map[string]any) {
	if !t.hatchRd {
		t.hatchRd = true
		if data := t.a.content("hatch.toml", MaxConfigBytes); data != nil {
			doc, err := parseTOML(data)
			if err != nil {
				t.a.warn("hatch.toml", 0, "malformed TOML: "+err.Error())
			}
			t.hatch = doc
		}
	}
	if doc := t.hatch; doc != nil {
		if s := doc.table("envs", env, "scripts"); s != nil {
			return "hatch.toml", doc.line("envs." + env + ".scripts"), s
		}
	}
	if doc := t.a.pyprojects["pyproject.toml"]; doc != nil {
		if s := doc.table("tool", "hatch", "envs", env, "scripts"); s != nil {
			return "pyproject.toml", doc.line("tool.hatch.envs." + env + ".scripts"), s
		}
	}
	return "pyproject.toml", 0, nil
}

// ---- nox

func (t *taskRunners) noxfile() (*noxfile, string) {
	if !t.noxRd {
		t.noxRd = true
		if data := t.a.content("noxfile.py", MaxConfigBytes); data != nil {
			t.noxDef, t.noxErr = parseNoxfile(data)
		} else if t.a.has["noxfile.py"] {
			t.noxErr = "noxfile.py not read: sessions unknown"
		} else {
			t.noxErr = "nox is run in CI but there is no root noxfile.py: what it runs is unknown"
		}
	}
	return t.noxDef, t.noxErr
}

// noxSessionArgs reads the sessions a nox command line selects; all is
// set when it selects none.
func noxSessionArgs(args []string) (sessions []string, all bool) {
	for k := 0; k < len(args); k++ {
		a := args[k]
		switch {
		case a == "-s" || a == "-e" || a == "--session" || a == "--sessions":
			for k+1 < len(args) && !strings.HasPrefix(args[k+1], "-") {
				sessions = append(sessions, args[k+1])
				k++
			}
		case strings.HasPrefix(a, "--session=") || strings.HasPrefix(a, "--sessions="):
			_, v, _ := strings.Cut(a, "=")
			sessions = append(sessions, strings.Split(v, ",")...)
		case (strings.HasPrefix(a, "-s") || strings.HasPrefix(a, "-e")) && len(a) > 2 && !strings.HasPrefix(a, "--"):
			sessions = append(sessions, a[2:])
		case a == "-k" || a == "-t" || a == "--keywords" || a == "--tags":
			return nil, false // selection by keyword or tag: not followed
		case a == "--":
			k = len(args)
		}
	}
	return sessions, len(sessions) == 0
}

func (t *taskRunners) followNox(args []string, depth int) []toolHit {
	sessions, all := noxSessionArgs(args)
	nf, reason := t.noxfile()
	if nf == nil {
		return t.unknown("nox", "nox", "noxfile.py", reason)
	}
	if sessions == nil && !all {
		return t.unknown("nox", "nox", "noxfile.py", "nox is run in CI with a keyword or tag selection: the sessions it runs are not followed")
	}
	if all {
		sessions = nf.defaults
		if len(sessions) == 0 {
			sessions = nf.order
		}
	}
	var hits []toolHit
	for _, s := range sessions {
		via := "nox -s " + s
		sess := nf.session(s)
		if sess == nil && strings.Contains(s, "${{") {
			hits = append(hits, t.unknown("nox", via, "noxfile.py", "a nox session named by a GitHub Actions expression ("+s+") is run in CI: what it runs is unknown")...)
			continue
		}
		if sess == nil {
			hits = append(hits, t.unknown("nox", via, "noxfile.py", fmt.Sprintf("nox session %q is run in CI but not defined in noxfile.py: what it runs is unknown", s))...)
			continue
		}
		seen := map[string]bool{}
		var run func(ns *noxSession, d int)
		run = func(ns *noxSession, d int) {
			if seen[ns.name] || d > 8 {
				return
			}
			seen[ns.name] = true
			for _, c := range ns.runs {
				hits = append(hits, t.classify(c.text, via, lineEvidence("noxfile.py", c.line), depth)...)
			}
			for _, n := range ns.notify {
				if o := nf.session(n); o != nil {
					run(o, d+1)
				}
			}
		}
		run(sess, 0)
	}
	return hits
}

// noxSessionName strips a parametrized session's suffix: tests-3.12 and
// tests(python='3.12') are the session tests.
func noxSessionName(s string) []string {
	out := []string{s}
	if i := strings.IndexByte(s, '('); i > 0 {
		out = append(out, s[:i])
	}
	if i := strings.LastIndexByte(s, '-'); i > 0 {
		out = append(out, s[:i])
	}
	return out
}

// commandToolsWith is commandTools following task runners through r (nil:
// classify them by name only).
func commandToolsWith(script string, r *taskRunners, depth int) []toolHit {
	script = strings.ReplaceAll(script, "\\\r\n", " ")
	script = strings.ReplaceAll(script, "\\\n", " ")
	var hits []toolHit
	for _, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "#") {
			continue
		}
		if i := strings.Index(line, " #"); i >= 0 {
			line = line[:i]
		}
		line = strings.NewReplacer("&&", ";", "||", ";", "|", ";", "$(", ";", "`", ";", "(", ";", ")", ";").Replace(line)
		for _, seg := range strings.Split(line, ";") {
			var words []string
			for _, w := range strings.Fields(seg) {
				words = append(words, strings.Trim(w, `"'`))
			}
			hits = append(hits, wordsTools(words, depth, r)...)
		}
	}
	return hits
}

package practices

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	sitter "github.com/tree-sitter/go-tree-sitter"
	tspython "github.com/tree-sitter/tree-sitter-python/bindings/go"
)

// noxfile.py is read from its syntax tree, never run: the sessions are the
// functions decorated with @nox.session (or @session imported from nox),
// named by the function or by name="..."; what a session runs is the
// string literals of its session.run(...) and session.run_always(...)
// calls. Arguments that are not literals (*session.posargs) are left out.

// noxfile is the sessions of a noxfile.py.
type noxfile struct {
	sessions map[string]*noxSession
	order    []string // sessions in file order
	defaults []string // nox.options.sessions, when set to a literal list
}

type noxSession struct {
	name   string
	runs   []toxCommand
	notify []string
}

func (nf *noxfile) session(s string) *noxSession {
	for _, n := range noxSessionName(s) {
		if ns := nf.sessions[n]; ns != nil {
			return ns
		}
	}
	return nil
}

var (
	noxLangOnce sync.Once
	noxLang     *sitter.Language
)

// maxNoxNodes bounds the syntax nodes visited in a noxfile.
const maxNoxNodes = 200000

// parseNoxfile reads the sessions of a noxfile; reason says why it could
// not (a syntax error), and then nf is nil.
func parseNoxfile(data []byte) (nf *noxfile, reason string) {
	noxLangOnce.Do(func() { noxLang = sitter.NewLanguage(tspython.Language()) })
	p := sitter.NewParser()
	defer p.Close()
	if err := p.SetLanguage(noxLang); err != nil {
		return nil, fmt.Sprintf("noxfile.py: cannot load the Python grammar: %v", err)
	}
	tree := p.Parse(data, nil)
	if tree == nil {
		return nil, "noxfile.py could not be parsed: sessions unknown"
	}
	defer tree.Close()
	root := tree.RootNode()
	if root.HasError() {
		return nil, "noxfile.py has a syntax error: its sessions are unknown"
	}
	nf = &noxfile{sessions: map[string]*noxSession{}}
	text := func(n *sitter.Node) string { return string(data[n.StartByte():n.EndByte()]) }
	visited := 0
	for i := uint(0); i < root.NamedChildCount(); i++ {
		st := root.NamedChild(i)
		switch st.Kind() {
		case "expression_statement":
			// nox.options.sessions = ["lint", "tests"]
			if a := st.NamedChild(0); a != nil && a.Kind() == "assignment" {
				if l := a.ChildByFieldName("left"); l != nil && text(l) == "nox.options.sessions" {
					nf.defaults = stringLiterals(a.ChildByFieldName("right"), data)
				}
			}
		case "decorated_definition":
			def := st.ChildByFieldName("definition")
			if def == nil || def.Kind() != "function_definition" {
				continue
			}
			name, isSession := "", false
			for j := uint(0); j < st.NamedChildCount(); j++ {
				d := st.NamedChild(j)
				if d.Kind() != "decorator" || d.NamedChild(0) == nil {
					continue
				}
				e := d.NamedChild(0)
				callee := e
				if e.Kind() == "call" {
					callee = e.ChildByFieldName("function")
				}
				if c := text(callee); c != "nox.session" && c != "session" {
					continue
				}
				isSession = true
				if e.Kind() == "call" {
					if args := e.ChildByFieldName("arguments"); args != nil {
						for k := uint(0); k < args.NamedChildCount(); k++ {
							kw := args.NamedChild(k)
							if kw.Kind() == "keyword_argument" && text(kw.ChildByFieldName("name")) == "name" {
								if v := stringLiterals(kw.ChildByFieldName("value"), data); len(v) == 1 {
									name = v[0]
								}
							}
						}
					}
				}
			}
			if !isSession {
				continue
			}
			if name == "" {
				name = text(def.ChildByFieldName("name"))
			}
			param := "session"
			if ps := def.ChildByFieldName("parameters"); ps != nil && ps.NamedChildCount() > 0 {
				first := ps.NamedChild(0)
				if first.Kind() == "typed_parameter" {
					first = first.NamedChild(0)
				}
				if first != nil && first.Kind() == "identifier" {
					param = text(first)
				}
			}
			ns := &noxSession{name: name}
			nf.sessions[name] = ns
			nf.order = append(nf.order, name)
			// Iterative walk of the body: a deep file cannot overflow the stack.
			stack := []*sitter.Node{def.ChildByFieldName("body")}
			for len(stack) > 0 && visited < maxNoxNodes {
				n := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if n == nil {
					continue
				}
				visited++
				if n.Kind() == "call" {
					switch text(n.ChildByFieldName("function")) {
					case param + ".run", param + ".run_always":
						var words []string
						args := n.ChildByFieldName("arguments")
						for k := uint(0); args != nil && k < args.NamedChildCount(); k++ {
							words = append(words, stringLiterals(args.NamedChild(k), data)...)
						}
						if len(words) > 0 {
							ns.runs = append(ns.runs, toxCommand{text: shellJoin(words), line: int(n.StartPosition().Row) + 1})
						}
					case param + ".notify":
						if args := n.ChildByFieldName("arguments"); args != nil && args.NamedChildCount() > 0 {
							ns.notify = append(ns.notify, stringLiterals(args.NamedChild(0), data)...)
						}
					}
				}
				for k := int(n.NamedChildCount()) - 1; k >= 0; k-- {
					stack = append(stack, n.NamedChild(uint(k)))
				}
			}
		}
	}
	return nf, ""
}

// stringLiterals returns the value of a plain string literal, or of a list
// or tuple of them; anything else gives nothing.
func stringLiterals(n *sitter.Node, src []byte) []string {
	if n == nil {
		return nil
	}
	switch n.Kind() {
	case "string":
		raw := string(src[n.StartByte():n.EndByte()])
		if strings.ContainsAny(raw[:1], "fFbB") {
			return nil
		}
		if v, err := strconv.Unquote(raw); err == nil {
			return []string{v}
		}
		if len(raw) >= 2 && raw[0] == '\'' && raw[len(raw)-1] == '\'' {
			return []string{raw[1 : len(raw)-1]}
		}
		return nil
	case "list", "tuple":
		var out []string
		for i := uint(0); i < n.NamedChildCount(); i++ {
			out = append(out, stringLiterals(n.NamedChild(i), src)...)
		}
		return out
	}
	return nil
}

// shellJoin joins a run's arguments into a command line for the
// classifier, which splits on whitespace and shell operators.
func shellJoin(words []string) string {
	return strings.Join(words, " ")
}

package python

/*
#include <stdint.h>
#include <stdbool.h>
#include <stdlib.h>
#include <time.h>

// The subset of tree-sitter's public C API (tree_sitter/api.h, v0.25) that
// this package needs. The library itself is compiled and linked by
// github.com/tree-sitter/go-tree-sitter; declaring the prototypes here avoids
// depending on where the module cache keeps that header.
typedef struct TSParser TSParser;
typedef struct TSTree TSTree;
typedef struct TSLanguage TSLanguage;
typedef struct TSPoint { uint32_t row; uint32_t column; } TSPoint;
typedef struct TSNode { uint32_t context[4]; const void *id; const TSTree *tree; } TSNode;
typedef struct TSTreeCursor { const void *tree; const void *id; uint32_t context[3]; } TSTreeCursor;
typedef enum { TSInputEncodingUTF8 } TSInputEncoding;
typedef uint32_t (*DecodeFunction)(const uint8_t *string, uint32_t length, int32_t *code_point);
typedef struct TSInput {
	void *payload;
	const char *(*read)(void *payload, uint32_t byte_index, TSPoint position, uint32_t *bytes_read);
	TSInputEncoding encoding;
	DecodeFunction decode;
} TSInput;
typedef struct TSParseState { void *payload; uint32_t current_byte_offset; bool has_error; } TSParseState;
typedef struct TSParseOptions { void *payload; bool (*progress_callback)(TSParseState *state); } TSParseOptions;

extern void ts_set_allocator(void *(*)(size_t), void *(*)(size_t, size_t), void *(*)(void *, size_t), void (*)(void *));
extern TSParser *ts_parser_new(void);
extern void ts_parser_delete(TSParser *);
extern bool ts_parser_set_language(TSParser *, const TSLanguage *);
extern void ts_parser_reset(TSParser *);
extern TSTree *ts_parser_parse_with_options(TSParser *, const TSTree *, TSInput, TSParseOptions);
extern void ts_tree_delete(TSTree *);
extern TSNode ts_tree_root_node(const TSTree *);
extern uint16_t ts_node_symbol(TSNode);
extern uint32_t ts_node_start_byte(TSNode);
extern uint32_t ts_node_end_byte(TSNode);
extern TSPoint ts_node_start_point(TSNode);
extern TSPoint ts_node_end_point(TSNode);
extern bool ts_node_is_named(TSNode);
extern bool ts_node_is_missing(TSNode);
extern TSTreeCursor ts_tree_cursor_new(TSNode);
extern void ts_tree_cursor_delete(TSTreeCursor *);
extern TSNode ts_tree_cursor_current_node(const TSTreeCursor *);
extern uint16_t ts_tree_cursor_current_field_id(const TSTreeCursor *);
extern bool ts_tree_cursor_goto_first_child(TSTreeCursor *);
extern bool ts_tree_cursor_goto_next_sibling(TSTreeCursor *);
extern bool ts_tree_cursor_goto_parent(TSTreeCursor *);

static void ps_use_libc_allocator(void) {
	ts_set_allocator(malloc, calloc, realloc, free);
}

// ps_node is one syntax node in pre-order. next is the index just past the
// node's subtree, so children are walked as i+1, nodes[i+1].next, ...
typedef struct ps_node {
	uint32_t start_byte, end_byte;
	uint32_t start_row, end_row;
	uint32_t parent, next;
	uint16_t sym, field;
	uint16_t flags, pad;
} ps_node;

enum { PS_MISSING = 1, PS_TIMEOUT = 1, PS_NOMEM = 2, PS_NOTREE = 3 };

// ps_ctx is owned by one Analyzer; nothing in it is shared between threads.
typedef struct ps_ctx {
	TSParser *parser;
	ps_node *nodes;
	uint32_t len, cap;
	const uint8_t *keep; // keep[sym] != 0: emit this anonymous symbol too
	uint32_t nsym;
	const char *src;     // only set during ps_parse
	uint32_t src_len;
	struct timespec deadline;
	uint32_t calls;
	uint32_t cancel_after; // tests: cancel at this progress call (0: never)
	const TSLanguage *lang;
	bool broken;           // no parser could replace a cancelled one
} ps_ctx;

static const char *ps_read(void *payload, uint32_t byte_index, TSPoint pos, uint32_t *bytes_read) {
	ps_ctx *c = (ps_ctx *)payload;
	(void)pos;
	if (byte_index >= c->src_len) {
		*bytes_read = 0;
		return "";
	}
	*bytes_read = c->src_len - byte_index;
	return c->src + byte_index;
}

// ps_progress cancels the parse once the deadline has passed.
static bool ps_progress(TSParseState *state) {
	ps_ctx *c = (ps_ctx *)state->payload;
	struct timespec now;
	++c->calls;
	if (c->cancel_after != 0 && c->calls >= c->cancel_after) return true;
	if (c->deadline.tv_sec == 0) return false;
	if ((c->calls & 15) != 0) return false;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > c->deadline.tv_sec ||
		(now.tv_sec == c->deadline.tv_sec && now.tv_nsec > c->deadline.tv_nsec);
}

static ps_ctx *ps_new(const TSLanguage *lang, const uint8_t *keep, uint32_t nsym) {
	ps_ctx *c = (ps_ctx *)calloc(1, sizeof(ps_ctx));
	if (!c) return NULL;
	c->parser = ts_parser_new();
	if (!c->parser || !ts_parser_set_language(c->parser, lang)) {
		if (c->parser) ts_parser_delete(c->parser);
		free(c);
		return NULL;
	}
	c->keep = keep;
	c->nsym = nsym;
	c->lang = lang;
	return c;
}

static void ps_free_nodes(ps_ctx *c) {
	free(c->nodes);
	c->nodes = NULL;
	c->len = c->cap = 0;
}

static void ps_delete(ps_ctx *c) {
	if (!c) return;
	ts_parser_delete(c->parser);
	ps_free_nodes(c);
	free(c);
}

static int ps_push(ps_ctx *c) {
	if (c->len == c->cap) {
		uint32_t ncap = c->cap ? c->cap * 2 : 4096;
		ps_node *n = (ps_node *)realloc(c->nodes, (size_t)ncap * sizeof(ps_node));
		if (!n) return -1;
		c->nodes = n;
		c->cap = ncap;
	}
	return 0;
}

// ps_flatten writes the tree in pre-order into c->nodes: every named node,
// every MISSING node and the anonymous symbols marked in keep. It walks with
// a cursor, so its stack use does not grow with the depth of the tree.
static int ps_flatten(ps_ctx *c, TSTree *tree) {
	TSTreeCursor cur = ts_tree_cursor_new(ts_tree_root_node(tree));
	uint32_t parent = UINT32_MAX;
	int rc = 0;
	c->len = 0;
	for (;;) {
		TSNode n = ts_tree_cursor_current_node(&cur);
		uint16_t sym = ts_node_symbol(n);
		bool missing = ts_node_is_missing(n);
		if (ts_node_is_named(n) || missing || (sym < c->nsym && c->keep[sym])) {
			if (ps_push(c) != 0) { rc = PS_NOMEM; break; }
			uint32_t idx = c->len++;
			ps_node *p = &c->nodes[idx];
			TSPoint sp = ts_node_start_point(n), ep = ts_node_end_point(n);
			p->start_byte = ts_node_start_byte(n);
			p->end_byte = ts_node_end_byte(n);
			p->start_row = sp.row;
			p->end_row = ep.row;
			p->parent = parent;
			p->next = 0;
			p->sym = sym;
			p->field = ts_tree_cursor_current_field_id(&cur);
			p->flags = missing ? PS_MISSING : 0;
			p->pad = 0;
			if (ts_tree_cursor_goto_first_child(&cur)) {
				parent = idx;
				continue;
			}
			p->next = c->len;
		}
		while (!ts_tree_cursor_goto_next_sibling(&cur)) {
			if (!ts_tree_cursor_goto_parent(&cur)) goto done;
			c->nodes[parent].next = c->len;
			parent = c->nodes[parent].parent;
		}
	}
done:
	ts_tree_cursor_delete(&cur);
	if (rc != 0) c->len = 0;
	return rc;
}

// ps_parse parses src and flattens the tree; the tree is deleted before
// returning, so only c->nodes survives. timeout_ms == 0 means no limit.
static int ps_parse(ps_ctx *c, const char *src, uint32_t len, uint32_t timeout_ms) {
	TSInput in = { c, ps_read, TSInputEncodingUTF8, NULL };
	TSParseOptions opts = { c, ps_progress };
	if (c->broken) return PS_NOMEM;
	c->src = src;
	c->src_len = len;
	c->calls = 0;
	c->deadline.tv_sec = 0;
	c->deadline.tv_nsec = 0;
	if (timeout_ms > 0) {
		clock_gettime(CLOCK_MONOTONIC, &c->deadline);
		c->deadline.tv_sec += timeout_ms / 1000;
		c->deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
		if (c->deadline.tv_nsec >= 1000000000L) {
			c->deadline.tv_sec++;
			c->deadline.tv_nsec -= 1000000000L;
		}
	}
	TSTree *tree = ts_parser_parse_with_options(c->parser, NULL, in, opts);
	c->src = NULL;
	c->src_len = 0;
	if (!tree) {
		// A parser cancelled while it balances the finished tree keeps
		// state that ts_parser_reset does not clear (tree-sitter 0.25:
		// the next parse on it aborts with "Assertion
		// 'self->finished_tree.ptr' failed"). A cancelled parser is
		// therefore replaced, never reused.
		TSParser *fresh = ts_parser_new();
		if (fresh && ts_parser_set_language(fresh, c->lang)) {
			ts_parser_delete(c->parser);
			c->parser = fresh;
		} else {
			if (fresh) ts_parser_delete(fresh);
			c->broken = true;
			c->len = 0;
			return PS_NOMEM;
		}
		c->len = 0;
		return PS_TIMEOUT;
	}
	int rc = ps_flatten(c, tree);
	ts_tree_delete(tree);
	return rc;
}
*/
import "C"

import (
	"errors"
	"fmt"
	"sync"
	"time"
	"unsafe"

	sitter "github.com/tree-sitter/go-tree-sitter"
	tspython "github.com/tree-sitter/tree-sitter-python/bindings/go"
)

// node mirrors C.ps_node; TestNodeLayout checks that the two agree.
type node struct {
	startByte, endByte uint32
	startRow, endRow   uint32
	parent, next       uint32
	sym, field         uint16
	flags, _           uint16
}

const (
	flagMissing = 1
	noParent    = ^uint32(0)
)

var allocatorOnce sync.Once

// useLibcAllocator points tree-sitter at libc's malloc family. By default the
// Go binding routes every allocation through a Go callback, which costs a
// fifth of the parse time; libc's functions share the heap the binding's
// callbacks use, so objects allocated before the switch are freed correctly.
func useLibcAllocator() {
	allocatorOnce.Do(func() { C.ps_use_libc_allocator() })
}

// cst is a parser plus the flattened tree of the last parse. It is not safe
// for concurrent use.
type cst struct {
	ctx   *C.ps_ctx
	nodes []node
}

func newCST() (*cst, error) {
	useLibcAllocator()
	g := grammar()
	c := C.ps_new((*C.TSLanguage)(g.lang.Inner), (*C.uint8_t)(unsafe.Pointer(g.keep)), C.uint32_t(g.nsym))
	if c == nil {
		return nil, errors.New("python: cannot create tree-sitter parser")
	}
	return &cst{ctx: c}, nil
}

func (c *cst) close() {
	if c.ctx != nil {
		C.ps_delete(c.ctx)
		c.ctx = nil
		c.nodes = nil
	}
}

// parse parses src and returns its nodes in pre-order. The slice aliases C
// memory owned by c and is valid until the next parse or close.
func (c *cst) parse(src []byte, timeout time.Duration) ([]node, error) {
	c.nodes = nil
	if len(src) >= 1<<31 {
		return nil, ErrTooLarge
	}
	var p *C.char
	if len(src) > 0 {
		p = (*C.char)(unsafe.Pointer(&src[0]))
	}
	ms := timeout.Milliseconds()
	if timeout > 0 && ms == 0 {
		ms = 1
	}
	switch rc := C.ps_parse(c.ctx, p, C.uint32_t(len(src)), C.uint32_t(ms)); rc {
	case 0:
	case C.PS_TIMEOUT:
		return nil, ErrTimeout
	case C.PS_NOMEM:
		return nil, errors.New("python: out of memory flattening syntax tree")
	default:
		return nil, fmt.Errorf("python: parser failed (%d)", int(rc))
	}
	if c.ctx.len == 0 {
		return nil, errors.New("python: empty syntax tree")
	}
	c.nodes = unsafe.Slice((*node)(unsafe.Pointer(c.ctx.nodes)), int(c.ctx.len))
	return c.nodes, nil
}

// cancelAfter makes the next parses cancel themselves at their n-th
// progress check (0: never), and progressCalls says how many checks the
// last parse made: tests use them to cancel a parse at each of its steps.
func (c *cst) cancelAfter(n uint32) { c.ctx.cancel_after = C.uint32_t(n) }

func (c *cst) progressCalls() uint32 { return uint32(c.ctx.calls) }

// shrink frees the node buffer when a large file left it big, so that one
// huge file does not pin memory for the life of a worker.
func (c *cst) shrink(maxNodes int) {
	if int(c.ctx.cap) > maxNodes {
		C.ps_free_nodes(c.ctx)
		c.nodes = nil
	}
}

// grammarInfo holds what is looked up once from the language.
type grammarInfo struct {
	lang *sitter.Language
	nsym uint32
	keep *C.uint8_t // C memory: keep[sym] = 1 for anonymous symbols to emit
}

var (
	grammarOnce sync.Once
	grammarVal  *grammarInfo
)

func grammar() *grammarInfo {
	grammarOnce.Do(func() {
		lang := sitter.NewLanguage(tspython.Language())
		n := lang.NodeKindCount()
		keep := (*C.uint8_t)(C.calloc(C.size_t(n)+1, 1))
		ks := unsafe.Slice((*uint8)(unsafe.Pointer(keep)), int(n)+1)
		for _, name := range keptAnonymous {
			if id := lang.IdForNodeKind(name, false); id != 0 && uint32(id) <= n {
				ks[id] = 1
			}
		}
		grammarVal = &grammarInfo{lang: lang, nsym: n, keep: keep}
		initSymbols(grammarVal)
	})
	return grammarVal
}

func cNodeSize() uintptr { return uintptr(C.sizeof_ps_node) }

/* SPDX-License-Identifier: ISC */
/*
 * The reference graph of a module, for `unilink why`: one node per
 * defined function or object, an edge from each node to every function or
 * object it references (found by the passes' reference walker,
 * unilink_references: calls, address-taking and constant initialisers,
 * looking through constant expressions), and the roots: the
 * members of llvm.used and llvm.compiler.used, each labelled with what it
 * is (an entry point called from assembly, a driver table entry, a
 * protocol entry, a config key descriptor). Saved as a tab-separated text
 * file beside the image.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "report/why.h"
#include "unilink_abi.h"
#include "unilink_passes.h"

struct whydata *unilink_why_new(void)
{
	return unilink_xmalloc(sizeof(struct whydata));
}

static int node(struct whygraph *g, const char *name)
{
	long i = strmap_get(&g->ix, name, -1);

	if (i >= 0)
		return (int)i;
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 256;
		g->nodes = realloc(g->nodes, g->cap * sizeof(*g->nodes));
	}
	memset(&g->nodes[g->n], 0, sizeof(g->nodes[0]));
	g->nodes[g->n].name = unilink_strdup(name);
	strmap_put(&g->ix, name, g->n);
	return g->n++;
}

static void edge(struct whygraph *g, int from, int to)
{
	struct whynode *t = &g->nodes[to];

	for (int i = 0; i < t->nusers; i++)
		if (t->users[i] == from)
			return;
	if (t->nusers == t->capusers) {
		t->capusers = t->capusers ? 2 * t->capusers : 4;
		t->users = realloc(t->users, t->capusers * sizeof(int));
	}
	t->users[t->nusers++] = from;
}

static const char *value_name(LLVMValueRef v)
{
	size_t len;

	return LLVMGetValueName2(v, &len);
}

/* One reference found by the passes' walker: an edge from -> target. */
struct scan {
	struct whygraph *g;
	int from;
};

static void add_edge(void *ctx, LLVMValueRef target)
{
	struct scan *sc = ctx;
	const char *n = value_name(target);

	if ((LLVMIsAFunction(target) || LLVMIsAGlobalVariable(target) ||
	     LLVMIsAGlobalAlias(target)) &&
	    n[0] && strncmp(n, "llvm.", 5) != 0)
		edge(sc->g, sc->from, node(sc->g, n));
}

/* Edges from v to everything it refers to (unilink_references). */
static void scan(struct whygraph *g, LLVMValueRef v)
{
	struct scan sc = {g, node(g, value_name(v))};

	unilink_references(v, add_edge, &sc);
}

/* What a member of llvm.used is, with its registered name (abi_read.c). */
static void descriptor_kind(LLVMValueRef v, const char *sec, char *buf,
			    size_t size)
{
	char err[UNILINK_ABI_ERR];
	struct unilink_driver_desc d;
	struct unilink_protocol_desc p;
	struct unilink_config_desc k;
	bool ok;

	if (!strcmp(sec, UNI_SECTION_DRIVERS)) {
		ok = unilink_abi_driver(v, &d, err) == 0;
		snprintf(buf, size, "driver table entry%s%s", ok ? " " : "",
			 ok ? d.name : "");
		unilink_abi_driver_free(&d);
	} else if (!strcmp(sec, UNI_SECTION_PROTOCOLS)) {
		ok = unilink_abi_protocol(v, &p, err) == 0;
		snprintf(buf, size, "protocol entry%s%s", ok ? " " : "",
			 ok ? p.name : "");
		unilink_abi_protocol_free(&p);
	} else if (unilink_abi_config_key(v, &k, err) == 0) {
		snprintf(buf, size, "config key descriptor %s.%s", k.section,
			 k.name);
		unilink_abi_config_key_free(&k);
	} else {
		snprintf(buf, size, "config key descriptor");
		unilink_abi_config_key_free(&k);
	}
}

static char *root_kind(LLVMValueRef v)
{
	const char *sec = LLVMGetSection(v);
	char buf[256];

	if (sec && (!strcmp(sec, UNI_SECTION_DRIVERS) ||
		    !strcmp(sec, UNI_SECTION_PROTOCOLS) ||
		    !strcmp(sec, UNI_SECTION_CONFIG)))
		descriptor_kind(v, sec, buf, sizeof(buf));
	else
		snprintf(buf, sizeof(buf), "entry point (llvm.used)");
	return unilink_strdup(buf);
}

static bool among(LLVMValueRef v, LLVMValueRef *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == v)
			return true;
	return false;
}

/* The members of used-array arr are roots, except those in skip. */
static void mark_roots(struct whygraph *g, LLVMModuleRef m, const char *arr,
		       LLVMValueRef *skip, size_t nskip)
{
	LLVMValueRef used = LLVMGetNamedGlobal(m, arr), init;

	if (used == NULL || (init = LLVMGetInitializer(used)) == NULL)
		return;
	for (int i = 0; i < LLVMGetNumOperands(init); i++) {
		LLVMValueRef v = LLVMGetOperand(init, i);

		while (v && LLVMIsAConstantExpr(v))
			v = LLVMGetOperand(v, 0);
		if (v == NULL || !value_name(v)[0] || among(v, skip, nskip))
			continue;
		int n = node(g, value_name(v));

		if (g->nodes[n].root == NULL)
			g->nodes[n].root = root_kind(v);
	}
}

/*
 * The graph of m. The protocols' API lists (there before the passes move
 * them to metadata) are left out: they name functions for protocol-prune,
 * they do not reach them.
 */
void unilink_why_snapshot(struct whydata *w, LLVMModuleRef m,
			  enum why_stage stage)
{
	struct whygraph *g = &w->g[stage];
	size_t nskip;
	LLVMValueRef *skip = unilink_abi_api_globals(m, &nskip);

	for (LLVMValueRef f = LLVMGetFirstFunction(m); f;
	     f = LLVMGetNextFunction(f))
		if (!LLVMIsDeclaration(f))
			scan(g, f);
	for (LLVMValueRef v = LLVMGetFirstGlobal(m); v;
	     v = LLVMGetNextGlobal(v)) {
		const char *n = value_name(v);

		if (LLVMIsDeclaration(v) || !strncmp(n, "llvm.", 5) || !n[0] ||
		    among(v, skip, nskip))
			continue;
		scan(g, v);
	}
	mark_roots(g, m, "llvm.used", skip, nskip);
	mark_roots(g, m, "llvm.compiler.used", skip, nskip);
	free(skip);
}

void unilink_why_set_events(struct whydata *w, const char *json_lines)
{
	free(w->events);
	w->events = unilink_strdup(json_lines ? json_lines : "");
}

int unilink_why_find(const struct whygraph *g, const char *name)
{
	return (int)strmap_get(&g->ix, name, -1);
}

static void save_graph(FILE *f, const struct whygraph *g, int stage)
{
	static const char *const names[] = {"before", "passes", "final"};

	fprintf(f, "graph\t%s\t%d\n", names[stage], g->n);
	for (int i = 0; i < g->n; i++)
		fprintf(f, "n\t%s\t%s\n", g->nodes[i].name,
			g->nodes[i].root ? g->nodes[i].root : "-");
	for (int i = 0; i < g->n; i++)
		for (int u = 0; u < g->nodes[i].nusers; u++)
			fprintf(f, "e\t%d\t%d\n", g->nodes[i].users[u], i);
}

int unilink_why_save(const struct whydata *w, const char *image)
{
	char path[4200];
	struct unilink_out out;
	FILE *f;

	unilink_sibling(image, ".why", path, sizeof(path));
	if (unilink_out_open(&out, path) < 0)
		return -1;
	f = out.f;
	fprintf(f, "unilink-why\t1\n");
	for (int s = 0; s < WHY_STAGES; s++)
		save_graph(f, &w->g[s], s);
	for (const char *p = w->events; p && *p;) {
		size_t n = strcspn(p, "\n");

		fprintf(f, "event\t%.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	return unilink_out_commit(&out);
}

/* One line of a .why file into the data being loaded. */
static void load_line(struct whydata *w, int *stage, char *line)
{
	char *f[3] = {NULL, NULL, NULL};
	int nf = 0;

	for (char *p = line; nf < 3 && p; nf++) {
		f[nf] = p;
		p = strchr(p, '\t');
		if (p && nf < 2)
			*p++ = '\0';
		else if (p && nf == 2)
			break;
	}
	if (!strcmp(f[0], "graph") && f[1])
		*stage = !strcmp(f[1], "before")   ? 0
			 : !strcmp(f[1], "passes") ? 1
						   : 2;
	else if (!strcmp(f[0], "n") && f[2]) {
		int n = node(&w->g[*stage], f[1]);

		if (strcmp(f[2], "-") != 0)
			w->g[*stage].nodes[n].root = unilink_strdup(f[2]);
	} else if (!strcmp(f[0], "e") && f[2]) {
		struct whygraph *g = &w->g[*stage];
		int a = atoi(f[1]), b = atoi(f[2]);

		if (a >= 0 && a < g->n && b >= 0 && b < g->n)
			edge(g, a, b);
	} else if (!strcmp(f[0], "event") && f[1]) {
		size_t old = w->events ? strlen(w->events) : 0;

		w->events = realloc(w->events, old + strlen(f[1]) + 2);
		sprintf(w->events + old, "%s\n", f[1]);
	}
}

struct whydata *unilink_why_load(const char *whyfile)
{
	FILE *f = fopen(whyfile, "r");
	struct whydata *w;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int stage = 0;

	if (f == NULL) {
		unilink_error("cannot read %s (build the image with `unilink "
			      "build` to have it)",
			      whyfile);
		return NULL;
	}
	w = unilink_why_new();
	while ((n = getline(&line, &cap, f)) > 0) {
		if (line[n - 1] == '\n')
			line[n - 1] = '\0';
		load_line(w, &stage, line);
	}
	free(line);
	fclose(f);
	return w;
}

void unilink_why_free(struct whydata *w)
{
	if (w == NULL)
		return;
	for (int s = 0; s < WHY_STAGES; s++) {
		struct whygraph *g = &w->g[s];

		for (int i = 0; i < g->n; i++) {
			free(g->nodes[i].name);
			free(g->nodes[i].root);
			free(g->nodes[i].users);
		}
		free(g->nodes);
		strmap_free(&g->ix);
	}
	free(w->events);
	free(w);
}

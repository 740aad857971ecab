/* SPDX-License-Identifier: ISC */
/*
 * `unilink why CONFIG|IMAGE SYMBOL`: why a function or object is in the
 * specialised image, or why it is not (for a CONFIG, cli/commands.c builds
 * the module and asks unilink_why_explain()).
 *
 * Algorithm: a breadth-first search from SYMBOL over its users (who
 * references it) until a root is reached (an entry point in llvm.used, a
 * driver table entry, a protocol entry, a config key descriptor); the path
 * printed from the root down is the chain of references that keeps it.
 * A symbol absent from the final module was removed: by a unilink pass
 * when it was already gone after the passes (the pass's report event says
 * why), otherwise by LLVM's pipeline. In that case the chain in the module
 * before the passes shows the way it used to be reached, and the first
 * link of that chain missing after the passes names what cut it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "report/why.h"
#include "specialise/specialise.h"
#include "unilink_passes.h"

/* Shortest users-path from node s to a root; returns the root or -1. */
static int bfs(const struct whygraph *g, int s, int *next)
{
	int *queue = unilink_xmalloc(g->n * sizeof(int));
	int head = 0, tail = 0, found = -1;

	for (int i = 0; i < g->n; i++)
		next[i] = -2;
	next[s] = -1;
	queue[tail++] = s;
	while (head < tail && found < 0) {
		int v = queue[head++];

		if (g->nodes[v].root != NULL) {
			found = v;
			break;
		}
		for (int u = 0; u < g->nodes[v].nusers; u++) {
			int w = g->nodes[v].users[u];

			if (next[w] == -2) {
				next[w] = v;
				queue[tail++] = w;
			}
		}
	}
	free(queue);
	return found;
}

static void print_chain(const struct whygraph *g, int root, const int *next)
{
	printf("  %s  [%s]\n", g->nodes[root].name, g->nodes[root].root);
	for (int v = next[root]; v >= 0; v = next[v])
		printf("  -> %s\n", g->nodes[v].name);
}

/* The chain to symbol in graph g (printed); the root or -1. */
static int chain(const struct whygraph *g, const char *symbol, int print,
		 int **nextp)
{
	int s = unilink_why_find(g, symbol), root;
	int *next;

	if (s < 0)
		return -1;
	next = unilink_xmalloc(g->n * sizeof(int));
	root = bfs(g, s, next);
	if (root >= 0 && print)
		print_chain(g, root, next);
	if (nextp != NULL)
		*nextp = next;
	else
		free(next);
	return root;
}

/* The value of "key":"..." in one JSON line, into out. */
static int json_field(const char *line, const char *key, char *out, size_t size)
{
	char pat[64];
	const char *p;
	size_t n = 0;

	snprintf(pat, sizeof(pat), "\"%s\":\"", key);
	p = strstr(line, pat);
	if (p == NULL)
		return -1;
	for (p += strlen(pat); *p && *p != '"' && n + 1 < size; p++) {
		if (*p == '\\' && p[1])
			p++;
		out[n++] = *p;
	}
	out[n] = '\0';
	return 0;
}

/* Print the report's "fold" event for the key name; 1 if there was one. */
static int print_fold(const char *events, const char *name)
{
	char line[2048], ev[32], n[256], value[512], origin[512];

	for (const char *p = events; p && *p;) {
		size_t len = strcspn(p, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		p += len + (p[len] == '\n');
		if (json_field(line, "event", ev, sizeof(ev)) < 0 ||
		    strcmp(ev, "fold") != 0 ||
		    json_field(line, "name", n, sizeof(n)) < 0 ||
		    strcmp(n, name) != 0)
			continue;
		json_field(line, "value", value, sizeof(value));
		if (json_field(line, "origin", origin, sizeof(origin)) < 0)
			snprintf(origin, sizeof(origin), "?");
		printf("config-fold folded the key %s = %s (%s) into a "
		       "constant and deleted its descriptor\n",
		       name, value, origin);
		return 1;
	}
	return 0;
}

/* Print the report's "remove" event for name; 1 if there was one. */
static int print_removal(const char *events, const char *name)
{
	char line[2048], pass[64], ev[32], n[256], reason[1024];
	int found = 0;

	for (const char *p = events; p && *p;) {
		size_t len = strcspn(p, "\n");

		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		p += len + (p[len] == '\n');
		if (json_field(line, "event", ev, sizeof(ev)) < 0 ||
		    strcmp(ev, "remove") != 0 ||
		    json_field(line, "name", n, sizeof(n)) < 0 ||
		    strcmp(n, name) != 0)
			continue;
		json_field(line, "pass", pass, sizeof(pass));
		if (json_field(line, "reason", reason, sizeof(reason)) < 0)
			snprintf(reason, sizeof(reason), "no reason given");
		printf("%s removed it: %s\n", pass, reason);
		found = 1;
	}
	return found;
}

/* The registered name of a root label ("driver table entry uart"). */
static const char *root_subject(const char *root)
{
	const char *sp = strrchr(root, ' ');

	return sp ? sp + 1 : root;
}

/* Which link of the old chain the passes cut, and by whom. */
static void explain_cut(const struct whydata *w, int root, const int *next)
{
	const struct whygraph *b = &w->g[WHY_BEFORE];
	const struct whygraph *p = &w->g[WHY_PASSES];

	for (int v = root; v >= 0; v = next[v]) {
		const char *name = b->nodes[v].name;

		if (unilink_why_find(p, name) >= 0)
			continue;
		printf("%s was deleted by the specialisation passes", name);
		if (v == root && b->nodes[v].root) {
			printf(" (%s); ", b->nodes[v].root);
			const char *subj = root_subject(b->nodes[v].root);

			if (!print_removal(w->events, subj) &&
			    !print_fold(w->events, subj))
				printf("no report event names it\n");
		} else {
			printf("\n");
		}
		return;
	}
	printf("every link of that chain survived the passes; LLVM's "
	       "pipeline inlined or folded the references away\n");
}

static int explain_removed(const struct whydata *w, const char *symbol)
{
	int in_passes = unilink_why_find(&w->g[WHY_PASSES], symbol) >= 0;
	int *next = NULL;
	int root;

	if (!in_passes) {
		printf("%s was removed by the specialisation passes\n", symbol);
		print_removal(w->events, symbol);
	} else if (chain(&w->g[WHY_PASSES], symbol, 0, NULL) < 0) {
		printf("%s was removed by LLVM's globaldce: after the "
		       "specialisation passes nothing reachable from an "
		       "entry point, driver, protocol or config key "
		       "referenced it\n",
		       symbol);
	} else {
		printf("%s was removed by LLVM's pipeline (%s): still "
		       "referenced after the passes, it was inlined into its "
		       "callers or folded away\n",
		       symbol, unilink_pipeline_text());
	}
	printf("before the passes it was reached by:\n");
	root = chain(&w->g[WHY_BEFORE], symbol, 1, &next);
	if (root < 0)
		printf("  nothing: it was unreferenced from the start\n");
	else if (!in_passes || chain(&w->g[WHY_PASSES], symbol, 0, NULL) < 0)
		explain_cut(w, root, next);
	free(next);
	return 0;
}

/* "; did you mean NAME?" with the program's nearest symbol, and a newline. */
static void suggest(const struct whygraph *g, const char *symbol)
{
	const char **names = unilink_xmalloc((g->n + 1) * sizeof(*names));
	const char *near;

	for (int i = 0; i < g->n; i++)
		names[i] = g->nodes[i].name;
	near = unilink_nearest_name(symbol, names, (size_t)g->n);
	if (near != NULL)
		printf("; did you mean %s?", near);
	printf("\n");
	free(names);
}

int unilink_why_explain(const struct whydata *w, const char *symbol)
{
	if (unilink_why_find(&w->g[WHY_FINAL], symbol) >= 0) {
		printf("%s is in the image; the chain of references that "
		       "keeps it:\n",
		       symbol);
		if (chain(&w->g[WHY_FINAL], symbol, 1, NULL) < 0)
			printf("  no root reaches it in the module (kept by "
			       "the linker script or the assembly)\n");
		return 0;
	}
	if (unilink_why_find(&w->g[WHY_BEFORE], symbol) >= 0)
		return explain_removed(w, symbol);
	printf("%s: no function or object of that name in the program", symbol);
	suggest(&w->g[WHY_BEFORE], symbol);
	return 1;
}

/* `unilink why IMAGE SYMBOL`, from the NAME.why beside the image. */
int unilink_why_image(const char *image, const char *symbol)
{
	char path[4200];
	struct whydata *w;
	int rc;

	unilink_sibling(image, ".why", path, sizeof(path));
	w = unilink_why_load(path);
	if (w == NULL)
		return 2;
	rc = unilink_why_explain(w, symbol);
	unilink_why_free(w);
	return rc;
}

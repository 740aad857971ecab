/* SPDX-License-Identifier: ISC */
/*
 * What `unilink why` needs: the reference graph of the specialised module
 * at three points (before the passes, after them, at the end) and the
 * passes' report. Built during a build (whygraph.c), saved beside the
 * image as NAME.why, queried by why.c.
 */
#ifndef UNILINK_WHY_H
#define UNILINK_WHY_H

#include <llvm-c/Core.h>

#include "base/strmap.h"

enum why_stage { WHY_BEFORE, WHY_PASSES, WHY_FINAL, WHY_STAGES };

struct whynode {
	char *name;
	char *root; /* why it is a root ("driver table entry uart"), or NULL */
	int *users; /* nodes that reference it */
	int nusers, capusers;
};

struct whygraph {
	struct strmap ix;
	struct whynode *nodes;
	int n, cap;
};

struct whydata {
	struct whygraph g[WHY_STAGES];
	char *events; /* the passes' report, JSON Lines */
};

struct whydata *unilink_why_new(void);
void unilink_why_free(struct whydata *w);
void unilink_why_snapshot(struct whydata *w, LLVMModuleRef m,
			  enum why_stage stage);
void unilink_why_set_events(struct whydata *w, const char *json_lines);
int unilink_why_save(const struct whydata *w, const char *image);
struct whydata *unilink_why_load(const char *whyfile);
/* The index of name in graph g, or -1. */
int unilink_why_find(const struct whygraph *g, const char *name);
/* Print why symbol is kept or removed; 0 if it was found, 1 if not. */
int unilink_why_explain(const struct whydata *w, const char *symbol);
/* The same from the NAME.why beside image; 2 when there is none. */
int unilink_why_image(const char *image, const char *symbol);

#endif

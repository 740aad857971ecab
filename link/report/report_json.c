/* SPDX-License-Identifier: ISC */
/*
 * The size report as JSON:
 *   {"appliance": NAME,
 *    "components": [{"name": "rt",
 *                    "generic": {"text": N, "rodata": N, "data": N,
 *                                "bss": N, "total": N},
 *                    "specialised": {...},
 *                    "difference": N, "percent": P}, ...],
 *    "total": {"generic": {...}, "specialised": {...}, ...},
 *    "image": {"generic": {"loaded": N, "file": N},
 *              "specialised": {...}}}
 * loaded is text + rodata + data, file the bytes of the shipped file.
 * A variant that was not built is null; percent is null when the generic
 * size is 0.
 */
#include <stdio.h>

#include "report/report.h"

static void sizes_obj(FILE *f, const struct comp_size *c)
{
	if (c == NULL) {
		fputs("null", f);
		return;
	}
	fputc('{', f);
	for (int k = 0; k < SZ_KINDS; k++)
		fprintf(f, "\"%s\": %llu, ", unilink_size_kind_names[k],
			(unsigned long long)c->v[k]);
	fprintf(f, "\"total\": %llu}", (unsigned long long)report_total(c));
}

static void entry(FILE *f, const char *name, const struct comp_size *g,
		  const struct comp_size *s)
{
	long long d = (long long)report_total(s) - (long long)report_total(g);

	fprintf(f, "{\"name\": \"%s\", \"generic\": ", name);
	sizes_obj(f, g);
	fputs(", \"specialised\": ", f);
	sizes_obj(f, s);
	fprintf(f, ", \"difference\": %lld, \"percent\": ", d);
	if (g && s && report_total(g))
		fprintf(f, "%.2f}", 100.0 * d / (double)report_total(g));
	else
		fputs("null}", f);
}

/* A component of a built variant: zeros when it has nothing of it. */
static const struct comp_size *side(const struct sizes *s, const char *name)
{
	static const struct comp_size zero;
	const struct comp_size *c = unilink_sizes_find(s, name);

	return s == NULL ? NULL : c != NULL ? c : &zero;
}

static void image_obj(FILE *f, const struct sizes *s)
{
	if (s == NULL)
		fputs("null", f);
	else
		fprintf(f, "{\"loaded\": %llu, \"file\": %llu}",
			(unsigned long long)unilink_sizes_loaded(s),
			(unsigned long long)s->file);
}

void report_json(FILE *f, const struct report_data *r)
{
	struct comp_size gt = {"total", {0}}, st = {"total", {0}};

	fprintf(f, "{\"appliance\": \"%s\",\n \"components\": [\n", r->name);
	for (int i = 0; i < r->ncomps; i++) {
		fputs("  ", f);
		entry(f, r->comps[i], side(r->gen, r->comps[i]),
		      side(r->spec, r->comps[i]));
		fputs(i + 1 < r->ncomps ? ",\n" : "\n", f);
	}
	for (int k = 0; k < SZ_KINDS; k++) {
		gt.v[k] = r->gen ? r->gen->total[k] : 0;
		st.v[k] = r->spec ? r->spec->total[k] : 0;
	}
	fputs(" ],\n \"total\": ", f);
	entry(f, "total", r->gen ? &gt : NULL, r->spec ? &st : NULL);
	fputs(",\n \"image\": {\"generic\": ", f);
	image_obj(f, r->gen);
	fputs(", \"specialised\": ", f);
	image_obj(f, r->spec);
	fputs("}\n}\n", f);
}

/* SPDX-License-Identifier: ISC */
/*
 * The size report (issue #4 §5): per component, text/rodata/data/bss of
 * the generic and the specialised image, the difference and the
 * percentage, then the loaded bytes (text + rodata + data) and the bytes of
 * the shipped file of each image; as a terminal table (here), JSON
 * (report_json.c) or an SVG chart (report_svg.c), on stdout or into
 * --report-file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build/build.h"
#include "report/report.h"

static void add_comp(struct report_data *r, const char *name)
{
	for (int i = 0; i < r->ncomps; i++)
		if (strcmp(r->comps[i], name) == 0)
			return;
	r->comps = realloc(r->comps, (r->ncomps + 1) * sizeof(char *));
	r->comps[r->ncomps++] = name;
}

static void collect(struct report_data *r)
{
	const struct sizes *both[2] = {r->gen, r->spec};

	for (int v = 0; v < 2; v++)
		for (int i = 0; both[v] && i < both[v]->n; i++)
			add_comp(r, both[v]->c[i].name);
}

/* One variant's four columns; "-" when that variant was not built. */
static void columns(FILE *f, const struct comp_size *c, int built)
{
	for (int k = 0; k < SZ_KINDS; k++) {
		if (built)
			fprintf(f, " %7llu",
				c ? (unsigned long long)c->v[k] : 0);
		else
			fprintf(f, " %7s", "-");
	}
}

static void row(FILE *f, const struct report_data *r, const char *name,
		const struct comp_size *g, const struct comp_size *s)
{
	long long d = (long long)report_total(s) - (long long)report_total(g);

	fprintf(f, "%-18s", name);
	columns(f, g, r->gen != NULL);
	fputs(" |", f);
	columns(f, s, r->spec != NULL);
	if (r->gen == NULL || r->spec == NULL)
		fprintf(f, " | %8s %7s\n", "", "");
	else if (g && report_total(g))
		fprintf(f, " | %+8lld %+6.1f%%\n", d,
			100.0 * d / (double)report_total(g));
	else
		fprintf(f, " | %+8lld %7s\n", d, g ? "" : "new");
}

/* What a loader copies against what ships: one line per built variant. */
static void files(FILE *f, const struct report_data *r)
{
	const struct sizes *both[2] = {r->gen, r->spec};
	static const char *const names[2] = {"generic", "specialised"};

	fprintf(f, "\n%-18s %9s %9s %12s\n", "image", "loaded", "file",
		"file/loaded");
	for (int v = 0; v < 2; v++) {
		uint64_t loaded;

		if (both[v] == NULL)
			continue;
		loaded = unilink_sizes_loaded(both[v]);
		fprintf(f, "%-18s %9llu %9llu %12.2f\n", names[v],
			(unsigned long long)loaded,
			(unsigned long long)both[v]->file,
			loaded ? (double)both[v]->file / (double)loaded : 0.0);
	}
}

void report_text(FILE *f, const struct report_data *r)
{
	struct comp_size gt = {"total", {0}}, st = {"total", {0}};

	fprintf(f, "Size of %s in bytes: generic | specialised | change\n",
		r->name);
	fprintf(f, "%-18s", "component");
	for (int v = 0; v < 2; v++) {
		for (int k = 0; k < SZ_KINDS; k++)
			fprintf(f, " %7s", unilink_size_kind_names[k]);
		fprintf(f, "%s", v == 0 ? " |" : "");
	}
	fprintf(f, " | %8s %7s\n", "bytes", "%");
	for (int i = 0; i < r->ncomps; i++)
		row(f, r, r->comps[i], unilink_sizes_find(r->gen, r->comps[i]),
		    unilink_sizes_find(r->spec, r->comps[i]));
	for (int k = 0; k < SZ_KINDS; k++) {
		gt.v[k] = r->gen ? r->gen->total[k] : 0;
		st.v[k] = r->spec ? r->spec->total[k] : 0;
	}
	row(f, r, "total", r->gen ? &gt : NULL, r->spec ? &st : NULL);
	files(f, r);
}

static int write_report(FILE *f, const struct report_data *r,
			enum report_format fmt)
{
	if (fmt == REPORT_JSON)
		report_json(f, r);
	else if (fmt == REPORT_SVG)
		report_svg(f, r);
	else
		report_text(f, r);
	return ferror(f) ? -1 : 0;
}

int unilink_build_report(struct build *b)
{
	struct report_data r = {b->conf.name, b->gen.sizes, b->spec.sizes, NULL,
				0};
	double t = unilink_now();
	struct unilink_out out;
	int rc;

	if (b->opts->report == REPORT_NONE)
		return 0;
	collect(&r);
	if (b->opts->report_file == NULL) {
		rc = write_report(stdout, &r, b->opts->report);
	} else if (unilink_out_open(&out, b->opts->report_file) < 0) {
		rc = -1;
	} else {
		rc = write_report(out.f, &r, b->opts->report);
		if (rc == 0)
			rc = unilink_out_commit(&out);
		else
			unilink_out_abort(&out);
	}
	free(r.comps);
	unilink_stage("report", t,
		      b->opts->report_file ? b->opts->report_file : "stdout");
	return rc;
}

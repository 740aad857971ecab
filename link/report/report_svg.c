/* SPDX-License-Identifier: ISC */
/*
 * The size report as an SVG picture: one row per component, two bars (the
 * generic image above, faded; the specialised one below), each stacked by
 * text, rodata and data, on one scale in KiB, with the sizes and the change
 * written at the end of the row. bss (zeroed memory, page pools and stacks:
 * hundreds of KiB that would dwarf the code) is written in the label, not
 * drawn. A legend names the colours; a last line gives each image's loaded
 * bytes (text + rodata + data) and the bytes of its shipped file.
 */
#include <stdio.h>

#include "report/report.h"

#define LEFT 160 /* label column */
#define BARW 560 /* the longest bar */
#define ROWH 44
#define TOP 70
#define WIDTH (LEFT + BARW + 300)

#define DRAWN SZ_BSS /* text, rodata, data */

static const char *const colours[DRAWN] = {"#3b6fb6", "#e0a030", "#5aa05a"};

static double kib(uint64_t b)
{
	return b / 1024.0;
}

/* The bytes a bar draws: text + rodata + data. */
static uint64_t drawn(const struct comp_size *c)
{
	uint64_t t = 0;

	for (int k = 0; c && k < DRAWN; k++)
		t += c->v[k];
	return t;
}

static uint64_t largest(const struct report_data *r)
{
	uint64_t m = 1;

	for (int i = 0; i < r->ncomps; i++) {
		uint64_t g = drawn(unilink_sizes_find(r->gen, r->comps[i]));
		uint64_t s = drawn(unilink_sizes_find(r->spec, r->comps[i]));

		m = g > m ? g : m;
		m = s > m ? s : m;
	}
	return m;
}

static void bar(FILE *f, const struct comp_size *c, double y, double scale,
		double opacity)
{
	double x = LEFT;

	for (int k = 0; c && k < DRAWN; k++) {
		double w = c->v[k] * scale;

		if (w <= 0)
			continue;
		fprintf(f,
			"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			"height=\"15\" fill=\"%s\" fill-opacity=\"%.2f\">"
			"<title>%s %llu bytes</title></rect>\n",
			x, y, w, colours[k], opacity,
			unilink_size_kind_names[k],
			(unsigned long long)c->v[k]);
		x += w;
	}
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"v\">%.1f KiB", x + 6,
		y + 12, kib(drawn(c)));
	if (c && c->v[SZ_BSS])
		fprintf(f, " (+%.1f KiB bss)", kib(c->v[SZ_BSS]));
	fputs("</text>\n", f);
}

static void component_row(FILE *f, const struct report_data *r, int i,
			  double scale)
{
	const struct comp_size *g = unilink_sizes_find(r->gen, r->comps[i]);
	const struct comp_size *s = unilink_sizes_find(r->spec, r->comps[i]);
	double y = TOP + i * ROWH;

	fprintf(f, "<text x=\"%d\" y=\"%.1f\" class=\"l\">%s</text>\n",
		LEFT - 10, y + 22, r->comps[i]);
	if (g)
		bar(f, g, y + 2, scale, 0.45);
	if (s)
		bar(f, s, y + 20, scale, 1.0);
	if (g && drawn(g)) {
		double d = 100.0 * ((double)drawn(s) - (double)drawn(g)) /
			   (double)drawn(g);

		fprintf(f,
			"<text x=\"%d\" y=\"%.1f\" class=\"d\">%+.1f%%"
			"</text>\n",
			WIDTH - 10, y + 22, d);
	}
}

static void legend(FILE *f)
{
	for (int k = 0; k < DRAWN; k++)
		fprintf(f,
			"<rect x=\"%d\" y=\"44\" width=\"12\" height=\"12\" "
			"fill=\"%s\"/><text x=\"%d\" y=\"54\" class=\"v\">"
			"%s</text>\n",
			LEFT + k * 90, colours[k], LEFT + k * 90 + 16,
			unilink_size_kind_names[k]);
	fprintf(f,
		"<text x=\"%d\" y=\"54\" class=\"v\">upper bar: generic "
		"(faded), lower: specialised; change in loaded bytes</text>\n",
		LEFT + DRAWN * 90);
}

/* "specialised: 37.7 KiB loaded, 39.1 KiB file" for each built image. */
static void files(FILE *f, const struct report_data *r, int y)
{
	const struct sizes *both[2] = {r->gen, r->spec};
	static const char *const names[2] = {"generic", "specialised"};
	const char *sep = "";

	fprintf(f, "<text x=\"10\" y=\"%d\" class=\"v\">", y);
	for (int v = 0; v < 2; v++) {
		if (both[v] == NULL)
			continue;
		fprintf(f, "%s%s: %.1f KiB loaded, %.1f KiB file", sep,
			names[v], kib(unilink_sizes_loaded(both[v])),
			kib(both[v]->file));
		sep = "; ";
	}
	fputs("</text>\n", f);
}

void report_svg(FILE *f, const struct report_data *r)
{
	double scale = BARW / (double)largest(r);
	int height = TOP + r->ncomps * ROWH + 44;

	fprintf(f,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		"height=\"%d\" viewBox=\"0 0 %d %d\" "
		"font-family=\"sans-serif\">\n",
		WIDTH, height, WIDTH, height);
	fputs("<style>.l{font-size:14px;text-anchor:end}"
	      ".v{font-size:12px;fill:#333}"
	      ".d{font-size:13px;text-anchor:end;font-weight:bold}"
	      ".t{font-size:18px;font-weight:bold}</style>\n",
	      f);
	fprintf(f,
		"<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
		"<text x=\"10\" y=\"28\" class=\"t\">%s: size per component, "
		"generic vs specialised (KiB)</text>\n",
		r->name);
	legend(f);
	for (int i = 0; i < r->ncomps; i++)
		component_row(f, r, i, scale);
	files(f, r, TOP + r->ncomps * ROWH + 24);
	fputs("</svg>\n", f);
}

/* SPDX-License-Identifier: ISC */
/*
 * The report room: the size report in its three forms (report.c,
 * report_json.c, report_svg.c) from the sizes of each image (sizes.h), and
 * `unilink why` (why.h: the reference graphs saved beside an image).
 */
#ifndef UNILINK_REPORT_H
#define UNILINK_REPORT_H

#include <stdio.h>

#include "report/sizes.h"

/* Both variants' sizes (either may be NULL) and the union of components. */
struct report_data {
	const char *name;
	const struct sizes *gen, *spec;
	const char **comps;
	int ncomps;
};

void report_text(FILE *f, const struct report_data *r);
void report_json(FILE *f, const struct report_data *r);
void report_svg(FILE *f, const struct report_data *r);

/* report.c: the size report after the variants of b are built. */
struct build;
int unilink_build_report(struct build *b);

#endif

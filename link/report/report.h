/* SPDX-License-Identifier: ISC */
/* The size report's three forms; see report.c. */
#ifndef UNILINK_REPORT_H
#define UNILINK_REPORT_H

#include <stdio.h>

#include "sizes.h"

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

#endif

/* SPDX-License-Identifier: ISC */
/* A string -> long hash map; see strmap.c. A zeroed struct is empty. */
#ifndef UNILINK_STRMAP_H
#define UNILINK_STRMAP_H

#include <stddef.h>

struct strmap {
	char **keys;
	long *vals;
	size_t cap, count;
};

void strmap_put(struct strmap *m, const char *key, long val);
/* Takes ownership of a malloc'ed key. */
void strmap_put_owned(struct strmap *m, char *key, long val);
long strmap_get(const struct strmap *m, const char *key, long missing);
void strmap_free(struct strmap *m);

#endif

/* SPDX-License-Identifier: ISC */
/*
 * A small string -> integer hash map (open addressing, grows at half
 * full). Keys are copied. Used for symbol names: the component map of the
 * size report and the nodes of the reference graph of `unilink why`.
 */
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "base/strmap.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ull;
	return h;
}

static void grow(struct strmap *m)
{
	struct strmap old = *m;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = unilink_xmalloc(m->cap * sizeof(*m->keys));
	m->vals = unilink_xmalloc(m->cap * sizeof(*m->vals));
	m->count = 0;
	for (size_t i = 0; i < old.cap; i++) {
		if (old.keys[i] == NULL)
			continue;
		strmap_put_owned(m, old.keys[i], old.vals[i]);
	}
	free(old.keys);
	free(old.vals);
}

static size_t slot(const struct strmap *m, const char *key)
{
	size_t i = hash(key) & (m->cap - 1);

	while (m->keys[i] != NULL && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

void strmap_put_owned(struct strmap *m, char *key, long val)
{
	size_t i;

	if (2 * (m->count + 1) > m->cap)
		grow(m);
	i = slot(m, key);
	if (m->keys[i] != NULL) {
		free(key);
	} else {
		m->keys[i] = key;
		m->count++;
	}
	m->vals[i] = val;
}

void strmap_put(struct strmap *m, const char *key, long val)
{
	strmap_put_owned(m, unilink_strdup(key), val);
}

long strmap_get(const struct strmap *m, const char *key, long missing)
{
	size_t i;

	if (m->cap == 0)
		return missing;
	i = slot(m, key);
	return m->keys[i] != NULL ? m->vals[i] : missing;
}

void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

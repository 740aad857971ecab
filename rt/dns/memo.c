/* SPDX-License-Identifier: ISC */
/*
 * The memo of encoded answers: one entry per slot, replaced on collision,
 * keyed by (lowercased qname, qtype, qclass, size limit, EDNS and DO).
 */
#include <stdlib.h>
#include <string.h>

#include "dns/memo.h"

struct memo_entry {
	struct memo_key key;
	uint8_t *resp;
	size_t len, cap;
	struct memo_meta meta;
	int used;
};

struct dns_memo {
	unsigned slots;
	struct memo_entry *e;
};

struct dns_memo *dns_memo_new(unsigned slots)
{
	struct dns_memo *m = calloc(1, sizeof(*m));

	if (m == NULL)
		return NULL;
	m->slots = slots ? slots : 1;
	m->e = calloc(m->slots, sizeof(*m->e));
	if (m->e == NULL) {
		free(m);
		return NULL;
	}
	return m;
}

void dns_memo_free(struct dns_memo *m)
{
	if (m == NULL)
		return;
	for (unsigned i = 0; i < m->slots; i++)
		free(m->e[i].resp);
	free(m->e);
	free(m);
}

/* FNV-1a over the key fields. */
static uint32_t fnv(uint32_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 16777619u;
	return h;
}

void memo_key_init(struct memo_key *k, const uint8_t *qname, size_t len,
		   uint16_t qtype, uint16_t qclass, uint16_t limit,
		   uint8_t edns)
{
	memset(k, 0, sizeof(*k));
	memcpy(k->name, qname, len);
	dns_name_lower(k->name);
	k->name_len = len;
	k->qtype = qtype;
	k->qclass = qclass;
	k->limit = limit;
	k->edns = edns;
	uint32_t h = fnv(2166136261u, k->name, len);
	uint16_t f[4] = {qtype, qclass, limit, edns};
	k->hash = fnv(h, f, sizeof(f));
}

static int key_eq(const struct memo_key *a, const struct memo_key *b)
{
	return a->hash == b->hash && a->name_len == b->name_len &&
	       a->qtype == b->qtype && a->qclass == b->qclass &&
	       a->limit == b->limit && a->edns == b->edns &&
	       memcmp(a->name, b->name, a->name_len) == 0;
}

void dns_memo_clear(struct dns_memo *m)
{
	for (unsigned i = 0; i < m->slots; i++)
		m->e[i].used = 0;
}

const uint8_t *memo_get(const struct dns_memo *m, const struct memo_key *k,
			size_t *len, struct memo_meta *meta)
{
	const struct memo_entry *e = &m->e[k->hash % m->slots];

	if (!e->used || !key_eq(&e->key, k))
		return NULL;
	*len = e->len;
	*meta = e->meta;
	return e->resp;
}

void memo_put(struct dns_memo *m, const struct memo_key *k, const uint8_t *resp,
	      size_t len, const struct memo_meta *meta)
{
	struct memo_entry *e = &m->e[k->hash % m->slots];

	if (e->cap < len) {
		uint8_t *p = realloc(e->resp, len);
		if (p == NULL) {
			e->used = 0;
			return;
		}
		e->resp = p;
		e->cap = len;
	}
	memcpy(e->resp, resp, len);
	e->len = len;
	e->meta = *meta;
	e->key = *k;
	e->used = 1;
}

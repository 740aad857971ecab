/* SPDX-License-Identifier: ISC */
/*
 * The zone blob writer (dns/zone_write.h). Algorithm: sort by owner, type
 * and rdata to drop exact copies; sort again by owner, type and list order;
 * list every owner and its ancestors up to the origin (the empty
 * non-terminals), sorted and unique; for each such name write its RRsets
 * in the order their types first appeared; last, the offsets of the names
 * in rdata, one per distinct name, in canonical order.
 */
#include <stdlib.h>
#include <string.h>

#include "common/bytes.h"
#include "dns/zone_write.h"

static int rr_data_cmp(const void *pa, const void *pb)
{
	const struct dns_zw_rr *a = pa, *b = pb;
	int d = dns_name_cmp(a->owner, b->owner);
	size_t n;

	if (d != 0)
		return d;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	n = a->rdlen < b->rdlen ? a->rdlen : b->rdlen;
	d = n ? memcmp(a->rdata, b->rdata, n) : 0;
	if (d != 0)
		return d;
	if (a->rdlen != b->rdlen)
		return a->rdlen < b->rdlen ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int rr_seq_cmp(const void *pa, const void *pb)
{
	const struct dns_zw_rr *a = pa, *b = pb;
	int d = dns_name_cmp(a->owner, b->owner);

	if (d != 0)
		return d;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int same_rr(const struct dns_zw_rr *a, const struct dns_zw_rr *b)
{
	return a->type == b->type && a->rdlen == b->rdlen &&
	       dns_name_eq(a->owner, b->owner) &&
	       (a->rdlen == 0 || memcmp(a->rdata, b->rdata, a->rdlen) == 0);
}

/* Drops later copies; the RRs end in owner, type, list order. */
static size_t dedupe(struct dns_zw_rr *rrs, size_t n)
{
	size_t out = 0;

	if (n == 0)
		return 0;
	qsort(rrs, n, sizeof(*rrs), rr_data_cmp);
	for (size_t k = 0; k < n; k++)
		if (out == 0 || !same_rr(&rrs[out - 1], &rrs[k]))
			rrs[out++] = rrs[k];
	qsort(rrs, out, sizeof(*rrs), rr_seq_cmp);
	return out;
}

/* A growing buffer; oom sticks once an allocation failed. */
struct wbuf {
	uint8_t *p;
	size_t len, cap;
	int oom;
};

static void wput(struct wbuf *b, const void *d, size_t n)
{
	size_t cap;
	uint8_t *p;

	if (b->oom)
		return;
	if (b->cap - b->len < n) {
		cap = b->cap ? b->cap : 4096;
		while (cap - b->len < n && cap < ((size_t)1 << 32))
			cap *= 2;
		p = cap - b->len >= n ? realloc(b->p, cap) : NULL;
		if (p == NULL) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, d, n);
	b->len += n;
}

static void wput16(struct wbuf *b, uint16_t v)
{
	uint8_t x[2];

	put16(x, v);
	wput(b, x, 2);
}

static void wput32(struct wbuf *b, uint32_t v)
{
	uint8_t x[4];

	put32(x, v);
	wput(b, x, 4);
}

static int name_ptr_cmp(const void *pa, const void *pb)
{
	return dns_name_cmp(*(const uint8_t *const *)pa,
			    *(const uint8_t *const *)pb);
}

/* Every owner and its ancestors up to the origin, sorted and unique. */
static const uint8_t **node_names(const struct dns_zw_rr *rrs, size_t n,
				  const uint8_t *origin, size_t *count)
{
	size_t cnt = 0, cap = 16, out = 0;
	const uint8_t **names = malloc(cap * sizeof(*names)), **q;

	for (size_t k = 0; names != NULL && k < n; k++) {
		if (k > 0 && dns_name_eq(rrs[k - 1].owner, rrs[k].owner))
			continue;
		for (const uint8_t *p = rrs[k].owner;; p += p[0] + 1) {
			if (cnt == cap) {
				cap *= 2;
				q = realloc(names, cap * sizeof(*q));
				if (q == NULL) {
					free(names);
					return NULL;
				}
				names = q;
			}
			names[cnt++] = p;
			if (p[0] == 0 || dns_name_eq(p, origin))
				break;
		}
	}
	if (names == NULL)
		return NULL;
	qsort(names, cnt, sizeof(*names), name_ptr_cmp);
	for (size_t k = 0; k < cnt; k++)
		if (out == 0 || !dns_name_eq(names[out - 1], names[k]))
			names[out++] = names[k];
	*count = out;
	return names;
}

/* Where the names in rdata are: offsets in the blob. */
struct rdnames {
	size_t *off;
	size_t n, cap;
	int oom;
};

static void rdnames_add(struct rdnames *r, size_t off)
{
	size_t cap;
	size_t *p;

	if (r->n == r->cap) {
		cap = r->cap ? r->cap * 2 : 256;
		p = realloc(r->off, cap * sizeof(*p));
		if (p == NULL) {
			r->oom = 1;
			return;
		}
		r->off = p;
		r->cap = cap;
	}
	r->off[r->n++] = off;
}

/* One RRset: rrs[start, start + count), first listed at seq. */
struct group {
	size_t start, count;
	uint32_t seq;
};

static int group_cmp(const void *pa, const void *pb)
{
	const struct group *a = pa, *b = pb;

	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void emit_group(struct wbuf *b, const struct dns_zw_rr *rrs,
		       const struct group *g, struct rdnames *rn)
{
	int name_off = dns_rdata_name_off(rrs[g->start].type);

	wput16(b, rrs[g->start].type);
	wput16(b, (uint16_t)g->count);
	for (size_t j = g->start; j < g->start + g->count; j++) {
		wput32(b, rrs[j].ttl);
		wput16(b, rrs[j].rdlen);
		if (name_off >= 0)
			rdnames_add(rn, b->len + (size_t)name_off);
		wput(b, rrs[j].rdata, rrs[j].rdlen);
	}
}

/*
 * The RRsets of name (the RRs from *r on that it owns) in the order their
 * types first appear; -1 when out of memory or past 65535 of anything.
 */
static int emit_rrsets(struct wbuf *b, const struct dns_zw_rr *rrs, size_t n,
		       size_t *r, const uint8_t *name, struct rdnames *rn)
{
	struct group *g = NULL, *p;
	size_t ng = 0, end = *r;

	while (end < n && dns_name_eq(rrs[end].owner, name)) {
		if (end == *r || rrs[end].type != rrs[end - 1].type) {
			p = ng < 65535 ? realloc(g, (ng + 1) * sizeof(*g))
				       : NULL;
			if (p == NULL) {
				free(g);
				return -1;
			}
			g = p;
			g[ng++] = (struct group){end, 0, rrs[end].seq};
		}
		if (++g[ng - 1].count > 65535) {
			free(g);
			return -1;
		}
		end++;
	}
	if (ng > 0)
		qsort(g, ng, sizeof(*g), group_cmp);
	wput16(b, (uint16_t)ng);
	for (size_t k = 0; k < ng; k++)
		emit_group(b, rrs, &g[k], rn);
	free(g);
	*r = end;
	return 0;
}

struct rdname {
	const uint8_t *name;
	uint32_t off;
};

static int rdname_cmp(const void *pa, const void *pb)
{
	const struct rdname *a = pa, *b = pb;
	int d = dns_name_cmp(a->name, b->name);

	/* The first place a name appears: the same blob for the same list. */
	return d != 0 ? d : (a->off > b->off) - (a->off < b->off);
}

static void emit_rdnames(struct wbuf *b, struct rdnames *rn)
{
	struct rdname *v;
	size_t out = 0;

	if (b->oom || rn->oom) {
		b->oom = 1;
		return;
	}
	v = malloc((rn->n ? rn->n : 1) * sizeof(*v));
	if (v == NULL) {
		b->oom = 1;
		return;
	}
	for (size_t k = 0; k < rn->n; k++)
		v[k] = (struct rdname){b->p + rn->off[k], (uint32_t)rn->off[k]};
	qsort(v, rn->n, sizeof(*v), rdname_cmp);
	for (size_t k = 0; k < rn->n; k++)
		if (out == 0 || !dns_name_eq(v[out - 1].name, v[k].name))
			v[out++] = v[k];
	wput32(b, (uint32_t)out);
	for (size_t k = 0; k < out; k++)
		wput32(b, v[k].off);
	free(v);
}

enum dns_zone_err dns_zone_write(const uint8_t *origin, struct dns_zw_rr *rrs,
				 size_t n, uint8_t **blob, size_t *blob_len)
{
	struct wbuf b = {NULL, 0, 0, 0};
	struct rdnames rn = {NULL, 0, 0, 0};
	const uint8_t **names;
	size_t count = 0, r = 0;
	int over = 0;

	n = dedupe(rrs, n);
	names = node_names(rrs, n, origin, &count);
	if (names == NULL)
		return DNS_ZONE_NOMEM;
	wput(&b, DNS_ZONE_MAGIC, 4);
	wput32(&b, 0);
	wput32(&b, (uint32_t)count);
	wput(&b, origin, dns_name_len(origin));
	for (size_t k = 0; k < count && !over && !b.oom; k++) {
		wput(&b, names[k], dns_name_len(names[k]));
		over = emit_rrsets(&b, rrs, n, &r, names[k], &rn) != 0;
	}
	emit_rdnames(&b, &rn);
	over = over || count > UINT32_MAX || b.len > UINT32_MAX;
	if (!b.oom && !over)
		put32(b.p + 4, (uint32_t)b.len);
	free(rn.off);
	free(names);
	if (b.oom || over) {
		free(b.p);
		return over ? DNS_ZONE_SEMANTIC : DNS_ZONE_NOMEM;
	}
	*blob = b.p;
	*blob_len = b.len;
	return DNS_ZONE_OK;
}

/* SPDX-License-Identifier: ISC */
/*
 * From parsed records to a zone blob (format in dns/zone.h): sorts them in
 * canonical order, drops exact duplicates (RFC 2181 5; the first one
 * stays, with its TTL), has the zone checked (zone_check.c; NSD takes a
 * zone without NS records too), adds the empty non-terminals and writes
 * the nodes, then the index of the names their rdata holds.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zone_int.h"

static int rec_cmp(const void *pa, const void *pb)
{
	const struct zrec *a = pa, *b = pb;
	int d = dns_name_cmp(zrec_owner(a), zrec_owner(b));
	size_t n;

	if (d != 0)
		return d;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	n = a->rdlen < b->rdlen ? a->rdlen : b->rdlen;
	d = memcmp(zrec_rdata(a), zrec_rdata(b), n);
	if (d != 0)
		return d;
	if (a->rdlen != b->rdlen)
		return (int)a->rdlen - (int)b->rdlen;
	return a->seq < b->seq ? -1 : a->seq > b->seq; /* the first is kept */
}

/* Owner, type, then the order in the text: NSD serves an RRset so. */
static int rec_text_cmp(const void *pa, const void *pb)
{
	const struct zrec *a = pa, *b = pb;
	int d = dns_name_cmp(zrec_owner(a), zrec_owner(b));

	if (d != 0)
		return d;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int same_rr(const struct zrec *a, const struct zrec *b)
{
	return a->type == b->type && a->rdlen == b->rdlen &&
	       dns_name_eq(zrec_owner(a), zrec_owner(b)) &&
	       memcmp(zrec_rdata(a), zrec_rdata(b), a->rdlen) == 0;
}

/* Drops the later copies of an RR; recs end in owner, type, text order. */
static void dedupe(struct zrec *recs, size_t *n)
{
	size_t out = 0;

	if (*n > 0)
		qsort(recs, *n, sizeof(*recs), rec_cmp);
	for (size_t k = 0; k < *n; k++) {
		if (out > 0 && same_rr(&recs[out - 1], &recs[k])) {
			free(recs[k].data);
			continue;
		}
		recs[out++] = recs[k];
	}
	*n = out;
	if (out > 0)
		qsort(recs, out, sizeof(*recs), rec_text_cmp);
}

struct errbuf {
	char *p;
	size_t cap;
};

static enum dns_zone_err semantic(struct errbuf *e, const char *file,
				  unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static enum dns_zone_err semantic(struct errbuf *e, const char *file,
				  unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(e->p, e->cap, "%s:%u: ", file, line);

	if (n >= 0 && (size_t)n < e->cap) {
		va_start(ap, fmt);
		vsnprintf(e->p + n, e->cap - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return DNS_ZONE_SEMANTIC;
}

/* A growing output buffer; oom sticks once an allocation failed. */
struct gbuf {
	uint8_t *p;
	size_t len, cap;
	int oom;
};

static void gput(struct gbuf *b, const void *d, size_t n)
{
	if (b->oom)
		return;
	if (b->cap - b->len < n) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap - b->len < n)
			cap *= 2;
		uint8_t *p = realloc(b->p, cap);
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

static void gput16(struct gbuf *b, uint16_t v)
{
	uint8_t x[2];

	put16(x, v);
	gput(b, x, 2);
}

static void gput32(struct gbuf *b, uint32_t v)
{
	uint8_t x[4];

	put32(x, v);
	gput(b, x, 4);
}

static void gset32(struct gbuf *b, size_t off, uint32_t v)
{
	if (b->oom)
		return;
	put32(b->p + off, v);
}

static int name_ptr_cmp(const void *pa, const void *pb)
{
	return dns_name_cmp(*(const uint8_t *const *)pa,
			    *(const uint8_t *const *)pb);
}

/* Every owner and its ancestors up to the origin, sorted and unique. */
static const uint8_t **node_names(const struct zrec *recs, size_t n,
				  const uint8_t *origin, size_t *count)
{
	size_t cnt = 0, cap = 0, out = 0;
	const uint8_t **names = NULL;

	for (size_t k = 0; k < n; k++) {
		if (k > 0 &&
		    dns_name_eq(zrec_owner(&recs[k - 1]), zrec_owner(&recs[k])))
			continue;
		for (const uint8_t *p = zrec_owner(&recs[k]);; p += p[0] + 1) {
			if (cnt == cap) {
				cap = cap ? cap * 2 : 256;
				const uint8_t **q =
				    realloc(names, cap * sizeof(*q));
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

/* One RRset among the sorted records: [start, start + count). */
struct group {
	size_t start, count, seq;
};

static int group_cmp(const void *pa, const void *pb)
{
	const struct group *a = pa, *b = pb;

	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Where in the blob the names in rdata (NS, CNAME, MX, ...) are. */
struct rdnames {
	size_t *off;
	size_t n, cap;
	int oom;
};

static void rdnames_add(struct rdnames *r, size_t off)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		size_t *p = realloc(r->off, cap * sizeof(*p));
		if (p == NULL) {
			r->oom = 1;
			return;
		}
		r->off = p;
		r->cap = cap;
	}
	r->off[r->n++] = off;
}

static void emit_group(struct gbuf *b, const struct zrec *recs,
		       const struct group *g, struct rdnames *rn)
{
	int name_off = dns_rdata_name_off(recs[g->start].type);

	gput16(b, recs[g->start].type);
	gput16(b, (uint16_t)g->count);
	for (size_t j = g->start; j < g->start + g->count; j++) {
		gput32(b, recs[j].ttl);
		gput16(b, recs[j].rdlen);
		if (name_off >= 0)
			rdnames_add(rn, b->len + (size_t)name_off);
		gput(b, zrec_rdata(&recs[j]), recs[j].rdlen);
	}
}

struct rdname {
	const uint8_t *name;
	uint32_t off;
};

static int rdname_cmp(const void *pa, const void *pb)
{
	const struct rdname *a = pa, *b = pb;

	return dns_name_cmp(a->name, b->name);
}

/*
 * The index of rdata names (dns/zone.h): each distinct name once, in
 * canonical order, as the offset of one place the blob holds it. With it
 * the server learns whether the zone has a name in its rdata (for NSD's
 * compression of synthesised DNAME targets, rt/dns/dname.c) by a binary
 * search instead of a scan of every RR.
 */
static void emit_rdnames(struct gbuf *b, struct rdnames *rn)
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
	gput32(b, (uint32_t)out);
	for (size_t k = 0; k < out; k++)
		gput32(b, v[k].off);
	free(v);
}

/*
 * Writes the RRsets of one name (the records from *r on that it owns), in
 * the order their types first appear in the text, as NSD keeps them.
 */
static int emit_rrsets(struct gbuf *b, const struct zrec *recs, size_t n,
		       size_t *r, const uint8_t *name, struct rdnames *rn)
{
	struct group *g = NULL;
	size_t ng = 0, end = *r;

	while (end < n && dns_name_eq(zrec_owner(&recs[end]), name)) {
		if (end == *r || recs[end].type != recs[end - 1].type) {
			struct group *p = realloc(g, (ng + 1) * sizeof(*g));
			if (p == NULL) {
				free(g);
				return -1;
			}
			g = p;
			g[ng++] = (struct group){end, 0, recs[end].seq};
		}
		g[ng - 1].count++;
		if (recs[end].seq < g[ng - 1].seq)
			g[ng - 1].seq = recs[end].seq;
		end++;
	}
	if (ng > 0)
		qsort(g, ng, sizeof(*g), group_cmp);
	gput16(b, (uint16_t)ng);
	for (size_t k = 0; k < ng; k++)
		emit_group(b, recs, &g[k], rn);
	free(g);
	*r = end;
	return 0;
}

static enum dns_zone_err check_sizes(struct errbuf *e, const struct zrec *recs,
				     size_t n)
{
	size_t run = 0;

	for (size_t k = 0; k < n; k++) {
		int same =
		    k > 0 && recs[k].type == recs[k - 1].type &&
		    dns_name_eq(zrec_owner(&recs[k]), zrec_owner(&recs[k - 1]));
		run = same ? run + 1 : 1;
		if (run > 65535)
			return semantic(e, recs[k].file, recs[k].line,
					"expected at most 65535 records in an "
					"RRset, found more");
	}
	return DNS_ZONE_OK;
}

enum dns_zone_err zbuild(struct zrec *recs, size_t *n, struct zcheck *c,
			 const char *file, uint8_t **blob, size_t *blob_len)
{
	struct errbuf e = {c->err, c->errcap};
	struct gbuf b = {NULL, 0, 0, 0};
	struct rdnames rn = {NULL, 0, 0, 0};
	const uint8_t **names;
	const uint8_t *origin = c->zone;
	size_t count = 0, r = 0;
	enum dns_zone_err x;

	/* Before dedupe: a second SOA is refused even when it is the same. */
	x = zcheck_zone(c, recs, *n, file);
	if (x)
		return x;
	dedupe(recs, n);
	x = zcheck_names(c, recs, *n);
	if (!x)
		x = check_sizes(&e, recs, *n);
	if (x)
		return x;
	names = node_names(recs, *n, origin, &count);
	if (names == NULL)
		return DNS_ZONE_NOMEM;
	gput(&b, DNS_ZONE_MAGIC, 4);
	gput32(&b, 0);
	gput32(&b, (uint32_t)count);
	gput(&b, origin, dns_name_len(origin));
	for (size_t k = 0; k < count; k++) {
		gput(&b, names[k], dns_name_len(names[k]));
		if (emit_rrsets(&b, recs, *n, &r, names[k], &rn) != 0)
			b.oom = 1;
	}
	emit_rdnames(&b, &rn);
	gset32(&b, 4, (uint32_t)b.len);
	free(rn.off);
	free(names);
	if (b.oom) {
		free(b.p);
		return DNS_ZONE_NOMEM;
	}
	*blob = b.p;
	*blob_len = b.len;
	return DNS_ZONE_OK;
}

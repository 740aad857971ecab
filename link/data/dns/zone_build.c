/* SPDX-License-Identifier: ISC */
/*
 * From parsed records to a zone blob (format in dns/zone.h): sorts them in
 * canonical order, drops exact duplicates (RFC 2181 5; the first one
 * stays, with its TTL), has the zone checked (zone_check.c; NSD takes a
 * zone without NS records too), and hands them to dns_zone_write()
 * (common/dns/zone_write.c), which writes the blob as a secondary writes
 * a transferred zone: one writer for both.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/zone_write.h"
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
	struct dns_zw_rr *v;
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
	v = malloc((*n ? *n : 1) * sizeof(*v));
	if (v == NULL)
		return DNS_ZONE_NOMEM;
	for (size_t k = 0; k < *n; k++)
		v[k] = (struct dns_zw_rr){
		    zrec_owner(&recs[k]),  zrec_rdata(&recs[k]), recs[k].ttl,
		    (uint32_t)recs[k].seq, recs[k].type,	 recs[k].rdlen};
	x = dns_zone_write(c->zone, v, *n, blob, blob_len);
	free(v);
	if (x == DNS_ZONE_SEMANTIC)
		return semantic(
		    &e, file, 1,
		    "expected a zone of at most 65535 RRsets a name "
		    "and 4 GiB, found more");
	return x;
}

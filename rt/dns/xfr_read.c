/* SPDX-License-Identifier: ISC */
/*
 * The AXFR client's reader (dns/xfr_read.h): each message is checked
 * whole (header, question, records) before its records are kept, so a bad
 * message leaves nothing half-read behind; the records go to an arena of
 * uncompressed owners and rdata, and dns_zone_write() makes the blob.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/bytes.h"
#include "dns/xfr_read.h"
#include "dns/zone_write.h"

#define OPCODE_BITS 0x7800u

static const char *const err_names[DNS_XFR_E_COUNT] = {
    "none", "malformed", "header", "rcode", "soa", "limit", "nomem", "zone",
};

const char *dns_xfr_strerror(enum dns_xfr_err e)
{
	return (unsigned)e < DNS_XFR_E_COUNT ? err_names[e] : "?";
}

static enum dns_xfr_status bad(struct dns_xfr_read *r, enum dns_xfr_err e,
			       const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum dns_xfr_status bad(struct dns_xfr_read *r, enum dns_xfr_err e,
			       const char *fmt, ...)
{
	va_list ap;

	r->err = e;
	va_start(ap, fmt);
	vsnprintf(r->why, sizeof(r->why), fmt, ap);
	va_end(ap);
	return DNS_XFR_BAD;
}

int dns_serial_gt(uint32_t a, uint32_t b)
{
	return a != b && (uint32_t)(a - b) < 0x80000000u;
}

void dns_soa_times(const uint8_t *rd, size_t len, struct dns_soa_times *t)
{
	size_t n = dns_name_len(rd);
	struct bytes b;

	n += dns_name_len(rd + n);
	b = bytes_make(rd, len);
	t->serial = get32(b, n);
	t->refresh = get32(b, n + 4);
	t->retry = get32(b, n + 8);
	t->expire = get32(b, n + 12);
	t->minimum = get32(b, n + 16);
}

void dns_xfr_read_init(struct dns_xfr_read *r, const uint8_t *origin,
		       uint16_t id, const struct dns_xfr_limits *lim)
{
	memset(r, 0, sizeof(*r));
	memcpy(r->origin, origin, dns_name_len(origin));
	r->id = id;
	r->lim = *lim;
}

void dns_xfr_read_fini(struct dns_xfr_read *r)
{
	free(r->rrs);
	free(r->arena);
	r->rrs = NULL;
	r->arena = NULL;
	r->nrr = r->cap = r->alen = r->acap = 0;
}

/*
 * Where the names are in the rdata of the types whose names a server may
 * compress (RFC 1035 3.3, RFC 3597 4): fixed octets, then names, then
 * exactly tail octets.
 */
struct layout {
	uint16_t type;
	uint8_t fixed, names, tail;
};

static const struct layout layouts[] = {
    {DNS_T_NS, 0, 1, 0},       {3, 0, 1, 0} /* MD */,  {4, 0, 1, 0} /* MF */,
    {DNS_T_CNAME, 0, 1, 0},    {DNS_T_SOA, 0, 2, 20},  {7, 0, 1, 0} /* MB */,
    {8, 0, 1, 0} /* MG */,     {9, 0, 1, 0} /* MR */,  {DNS_T_PTR, 0, 1, 0},
    {14, 0, 2, 0} /* MINFO */, {DNS_T_MX, 2, 1, 0},    {17, 0, 2, 0} /* RP */,
    {18, 2, 1, 0} /* AFSDB */, {21, 2, 1, 0} /* RT */, {26, 2, 2, 0} /* PX */,
    {DNS_T_SRV, 6, 1, 0},      {36, 2, 1, 0} /* KX */, {DNS_T_DNAME, 0, 1, 0},
};

static const struct layout *layout_of(uint16_t type)
{
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (layouts[i].type == type)
			return &layouts[i];
	return NULL;
}

/*
 * The rdata of rr with its names decompressed into out (65535 octets);
 * -1 when its names or its length do not fit its type.
 */
static int rdata_expand(struct bytes msg, const struct dns_rr *rr, uint8_t *out,
			size_t *out_len)
{
	const struct layout *l = layout_of(rr->type);
	size_t end = rr->rdata_off + rr->rdata.len, off = rr->rdata_off, n;
	struct bytes upto = bytes_make(msg.p, end); /* names end in rdata */
	size_t len = 0;

	if (l == NULL) {
		memcpy(out, rr->rdata.p, rr->rdata.len);
		*out_len = rr->rdata.len;
		return 0;
	}
	if (rr->rdata.len < l->fixed)
		return -1;
	memcpy(out, rr->rdata.p, l->fixed);
	len = l->fixed;
	off += l->fixed;
	for (unsigned i = 0; i < l->names; i++) {
		if (dns_name_read(upto, &off, out + len, &n) != DNS_OK ||
		    len + n > 65535 - 255)
			return -1;
		len += n;
	}
	if (end - off != l->tail)
		return -1;
	memcpy(out + len, msg.p + off, l->tail);
	*out_len = len + l->tail;
	return 0;
}

/* Types no record may have: 0, OPT, and the meta and query types. */
static int type_storable(uint16_t type)
{
	return type != 0 && type != DNS_T_OPT && (type < 128 || type > 255);
}

/* Appends n octets to the arena; its offset, or -1. */
static long arena_put(struct dns_xfr_read *r, const void *p, size_t n)
{
	size_t cap = r->acap ? r->acap : 4096, at = r->alen;
	uint8_t *a;

	if (r->alen + n > r->lim.max_octets)
		return -1;
	while (cap - r->alen < n)
		cap *= 2;
	if (cap != r->acap) {
		a = realloc(r->arena, cap);
		if (a == NULL)
			return -2;
		r->arena = a;
		r->acap = cap;
	}
	memcpy(r->arena + at, p, n);
	r->alen += n;
	return (long)at;
}

static enum dns_xfr_status keep(struct dns_xfr_read *r, const struct dns_rr *rr,
				const uint8_t *rd, size_t rdlen)
{
	struct dns_xfr_rr *v;
	long o, d;

	if (r->nrr >= r->lim.max_records)
		return bad(r, DNS_XFR_E_LIMIT,
			   "expected at most %zu records, found more",
			   r->lim.max_records);
	if (r->nrr == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		v = realloc(r->rrs, cap * sizeof(*v));
		if (v == NULL)
			return bad(r, DNS_XFR_E_NOMEM, "out of memory");
		r->rrs = v;
		r->cap = cap;
	}
	o = arena_put(r, rr->name, rr->name_len);
	d = o < 0 ? o : arena_put(r, rd, rdlen);
	if (d == -2)
		return bad(r, DNS_XFR_E_NOMEM, "out of memory");
	if (d < 0)
		return bad(r, DNS_XFR_E_LIMIT,
			   "expected a zone of at most %zu octets, found more",
			   r->lim.max_octets);
	r->rrs[r->nrr++] = (struct dns_xfr_rr){
	    (uint32_t)o, (uint32_t)d, rr->ttl, rr->type, (uint16_t)rdlen};
	return DNS_XFR_MORE;
}

/* The SOA at the apex: the first record, or the last one. */
static enum dns_xfr_status apex_soa(struct dns_xfr_read *r,
				    const struct dns_rr *rr, const uint8_t *rd,
				    size_t rdlen, int last_in_msg)
{
	struct dns_soa_times t;

	dns_soa_times(rd, rdlen, &t);
	if (!r->have_soa) {
		r->have_soa = 1;
		r->serial = t.serial;
		return keep(r, rr, rd, rdlen);
	}
	if (t.serial != r->serial)
		return bad(r, DNS_XFR_E_SOA,
			   "expected the final SOA with serial %u, found %u",
			   (unsigned)r->serial, (unsigned)t.serial);
	if (!last_in_msg)
		return bad(r, DNS_XFR_E_SOA,
			   "expected nothing after the final SOA, found more "
			   "records");
	r->done = 1;
	return DNS_XFR_DONE;
}

/* One record of the answer section, checked, then kept or left out. */
static enum dns_xfr_status take_rr(struct dns_xfr_read *r, struct bytes msg,
				   const struct dns_rr *rr, int last,
				   uint8_t *rd)
{
	char name[128];
	size_t rdlen;
	int in_zone = dns_name_is_sub(rr->name, r->origin);

	if (rr->rclass != DNS_C_IN || !type_storable(rr->type))
		return bad(r, DNS_XFR_E_MALFORMED,
			   "expected a record of class IN, found class %u "
			   "type %u",
			   rr->rclass, rr->type);
	if (rdata_expand(msg, rr, rd, &rdlen) != 0 ||
	    !dns_rdata_valid(rr->type, rd, rdlen))
		return bad(r, DNS_XFR_E_MALFORMED,
			   "expected rdata of type %u, found %zu octets that "
			   "do not parse",
			   rr->type, rr->rdata.len);
	if (!r->have_soa &&
	    (rr->type != DNS_T_SOA || !dns_name_eq(rr->name, r->origin))) {
		dns_name_to_text(rr->name, name, sizeof(name));
		return bad(r, DNS_XFR_E_SOA,
			   "expected the zone's SOA first, found %s type %u",
			   name, rr->type);
	}
	if (rr->type == DNS_T_SOA && dns_name_eq(rr->name, r->origin))
		return apex_soa(r, rr, rd, rdlen, last);
	if (!in_zone) {
		r->ignored++;
		return DNS_XFR_MORE;
	}
	if (rr->type == DNS_T_SOA) {
		dns_name_to_text(rr->name, name, sizeof(name));
		return bad(r, DNS_XFR_E_SOA,
			   "expected an SOA only at the apex, found one at %s",
			   name);
	}
	return keep(r, rr, rd, rdlen);
}

/* The header and question of a response to query id for origin/qtype. */
static enum dns_xfr_status check_head(struct dns_xfr_read *r, struct bytes msg,
				      const struct dns_hdr *h, size_t *off,
				      uint16_t qtype, int need_q)
{
	struct dns_question q;

	if (h->id != r->id || !(h->flags & DNS_F_QR) ||
	    (h->flags & OPCODE_BITS) != 0)
		return bad(r, DNS_XFR_E_HEADER,
			   "expected a response with ID %u, found ID %u "
			   "flags 0x%04x",
			   r->id, h->id, h->flags);
	if (DNS_RCODE(h->flags) != DNS_R_NOERROR)
		return bad(r, DNS_XFR_E_RCODE,
			   "expected RCODE NOERROR, found %u",
			   DNS_RCODE(h->flags));
	if (h->qdcount > 1 || (need_q && h->qdcount == 0))
		return bad(r, DNS_XFR_E_HEADER,
			   "expected %s question, found %u",
			   need_q ? "one" : "at most one", h->qdcount);
	if (h->qdcount == 0)
		return DNS_XFR_MORE;
	if (dns_question_read(msg, off, &q) != DNS_OK)
		return bad(r, DNS_XFR_E_MALFORMED,
			   "expected a question, found one that does not "
			   "parse");
	if (!dns_name_eq(q.name, r->origin) || q.qtype != qtype ||
	    q.qclass != DNS_C_IN)
		return bad(r, DNS_XFR_E_HEADER,
			   "expected the question of our query (type %u), "
			   "found type %u class %u for another name or so",
			   qtype, q.qtype, q.qclass);
	return DNS_XFR_MORE;
}

enum dns_xfr_status dns_xfr_read_msg(struct dns_xfr_read *r, const uint8_t *p,
				     size_t len)
{
	struct bytes msg = bytes_make(p, len);
	enum dns_xfr_status st = DNS_XFR_MORE;
	struct dns_hdr h;
	struct dns_rr rr;
	size_t off = DNS_HDR_LEN;
	uint8_t *rd;

	if (r->err != DNS_XFR_E_NONE)
		return DNS_XFR_BAD;
	if (r->done)
		return bad(r, DNS_XFR_E_SOA,
			   "expected no message after the final SOA, found "
			   "one");
	r->msgs++;
	r->octets += len;
	if (r->octets > r->lim.max_octets)
		return bad(r, DNS_XFR_E_LIMIT,
			   "expected a transfer of at most %zu octets, found "
			   "more",
			   r->lim.max_octets);
	if (dns_hdr_read(msg, &h) != DNS_OK)
		return bad(r, DNS_XFR_E_MALFORMED,
			   "expected a message of 12 octets or more, found %zu",
			   len);
	st = check_head(r, msg, &h, &off, DNS_T_AXFR, r->msgs == 1);
	if (st != DNS_XFR_MORE)
		return st;
	if (h.ancount == 0)
		return bad(r, DNS_XFR_E_MALFORMED,
			   "expected records in the answer section, found "
			   "none");
	rd = malloc(65536);
	if (rd == NULL)
		return bad(r, DNS_XFR_E_NOMEM, "out of memory");
	for (unsigned i = 0; i < h.ancount && st == DNS_XFR_MORE; i++) {
		if (dns_rr_read(msg, &off, &rr) != DNS_OK)
			st = bad(r, DNS_XFR_E_MALFORMED,
				 "expected %u records, record %u does not "
				 "parse",
				 h.ancount, i + 1);
		else
			st = take_rr(r, msg, &rr, i + 1 == h.ancount, rd);
	}
	free(rd);
	return st;
}

enum dns_xfr_status dns_xfr_read_zone(struct dns_xfr_read *r, uint8_t **blob,
				      size_t *len)
{
	struct dns_zw_rr *v;
	struct dns_zone z;
	enum dns_zone_err e;

	if (!r->done)
		return bad(r, DNS_XFR_E_SOA,
			   "expected the final SOA, found "
			   "the end of the transfer");
	v = malloc((r->nrr ? r->nrr : 1) * sizeof(*v));
	if (v == NULL)
		return bad(r, DNS_XFR_E_NOMEM, "out of memory");
	for (size_t i = 0; i < r->nrr; i++)
		v[i] = (struct dns_zw_rr){r->arena + r->rrs[i].owner,
					  r->arena + r->rrs[i].rdata,
					  r->rrs[i].ttl,
					  (uint32_t)i,
					  r->rrs[i].type,
					  r->rrs[i].rdlen};
	e = dns_zone_write(r->origin, v, r->nrr, blob, len);
	free(v);
	if (e == DNS_ZONE_NOMEM)
		return bad(r, DNS_XFR_E_NOMEM, "out of memory");
	if (e != DNS_ZONE_OK)
		return bad(r, DNS_XFR_E_ZONE,
			   "expected RRsets and names of at "
			   "most 65535 parts, found more");
	e = dns_zone_load(&z, *blob, *len);
	if (e == DNS_ZONE_OK) {
		dns_zone_free(&z);
		return DNS_XFR_DONE;
	}
	free(*blob);
	*blob = NULL;
	return bad(r, e == DNS_ZONE_NOMEM ? DNS_XFR_E_NOMEM : DNS_XFR_E_ZONE,
		   "expected records that make a zone, found a zone the "
		   "loader refuses (error %d)",
		   (int)e);
}

size_t dns_xfr_query(uint8_t *out, size_t cap, uint16_t id,
		     const uint8_t *origin, uint16_t qtype)
{
	size_t n = dns_name_len(origin), len = 2 + DNS_HDR_LEN + n + 4;
	struct dns_hdr h = {id, 0, 1, 0, 0, 0};

	if (cap < len)
		return 0;
	put16(out, (uint16_t)(len - 2));
	dns_hdr_write(out + 2, &h);
	memcpy(out + 2 + DNS_HDR_LEN, origin, n);
	put16(out + 2 + DNS_HDR_LEN + n, qtype);
	put16(out + 4 + DNS_HDR_LEN + n, DNS_C_IN);
	return len;
}

int dns_xfr_soa_reply(const uint8_t *p, size_t len, uint16_t id,
		      const uint8_t *origin, uint32_t *serial,
		      enum dns_xfr_err *err, char *why, size_t why_cap)
{
	struct bytes msg = bytes_make(p, len);
	struct dns_xfr_read r;
	struct dns_hdr h;
	struct dns_rr rr;
	size_t off = DNS_HDR_LEN;
	struct dns_xfr_limits lim = {0, 0};
	enum dns_xfr_status st = DNS_XFR_BAD;

	dns_xfr_read_init(&r, origin, id, &lim);
	if (dns_hdr_read(msg, &h) != DNS_OK)
		bad(&r, DNS_XFR_E_MALFORMED,
		    "expected a message, found %zu "
		    "octets",
		    len);
	else
		st = check_head(&r, msg, &h, &off, DNS_T_SOA, 1);
	if (st == DNS_XFR_MORE && !(h.flags & DNS_F_AA))
		st = bad(&r, DNS_XFR_E_HEADER,
			 "expected an authoritative "
			 "answer (AA), found AA clear");
	for (unsigned i = 0; st == DNS_XFR_MORE && i < h.ancount; i++) {
		if (dns_rr_read(msg, &off, &rr) != DNS_OK)
			st = bad(&r, DNS_XFR_E_MALFORMED,
				 "expected %u records, record %u does not "
				 "parse",
				 h.ancount, i + 1);
		else if (rr.type == DNS_T_SOA && rr.rclass == DNS_C_IN &&
			 dns_name_eq(rr.name, origin)) {
			uint8_t rd[DNS_NAME_MAX * 2 + 20];
			size_t n;
			struct dns_soa_times t;
			if (rdata_expand(msg, &rr, rd, &n) != 0)
				st = bad(&r, DNS_XFR_E_MALFORMED,
					 "expected SOA rdata, found %zu "
					 "octets that do not parse",
					 rr.rdata.len);
			else {
				dns_soa_times(rd, n, &t);
				*serial = t.serial;
				return 0;
			}
		}
	}
	if (st == DNS_XFR_MORE)
		bad(&r, DNS_XFR_E_SOA,
		    "expected the zone's SOA in the answer, found %u records "
		    "without it",
		    h.ancount);
	*err = r.err;
	snprintf(why, why_cap, "%s", r.why);
	return -1;
}

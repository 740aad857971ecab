/* SPDX-License-Identifier: ISC */
/*
 * Loading a zone blob (format in dns/zone.h): one validating pass over the
 * untrusted bytes that builds the node index, after which lookups and RR
 * iteration read the blob without further checks. Lookups are binary
 * searches in canonical order.
 */
#include <stdlib.h>
#include <string.h>

#include "dns/zone.h"

/*
 * The blob is read through a view of what is left of it: every take checks
 * that the bytes are there, hands them out as a view and moves the rest
 * past them.
 */
static int take(struct bytes *rest, size_t n, struct bytes *item)
{
	if (!bytes_has(*rest, 0, n))
		return -1;
	*item = bytes_make(rest->p, n);
	*rest = bytes_from(*rest, n);
	return 0;
}

static int take16(struct bytes *rest, uint16_t *v)
{
	struct bytes item;

	if (take(rest, 2, &item) != 0)
		return -1;
	*v = get16(item, 0);
	return 0;
}

/*
 * An uncompressed name; returns its start or NULL. Read from the start of
 * the rest, a compression pointer cannot point back, so none is accepted.
 */
static const uint8_t *take_name(struct bytes *rest)
{
	uint8_t tmp[DNS_NAME_MAX];
	size_t off = 0, n;
	const uint8_t *start = rest->p;

	if (dns_name_read(*rest, &off, tmp, &n) != DNS_OK || off != n)
		return NULL;
	*rest = bytes_from(*rest, off);
	return start;
}

/* Length of the name at rd[off] if it ends before len, else 0. */
static size_t name_span(const uint8_t *rd, size_t off, size_t len)
{
	size_t n = 0;

	for (;;) {
		if (off + n >= len)
			return 0;
		uint8_t c = rd[off + n];
		if (c > DNS_LABEL_MAX)
			return 0;
		n += c + 1u;
		if (n > DNS_NAME_MAX)
			return 0;
		if (c == 0)
			return n;
	}
}

static int name_fills(const uint8_t *rd, size_t off, size_t len)
{
	size_t n = name_span(rd, off, len);

	return n != 0 && off + n == len;
}

static int txt_valid(const uint8_t *rd, size_t len)
{
	size_t pos = 0;

	if (len == 0)
		return 0;
	while (pos < len)
		pos += rd[pos] + 1u;
	return pos == len;
}

static int soa_valid(const uint8_t *rd, size_t len)
{
	size_t a = name_span(rd, 0, len), b;

	if (a == 0)
		return 0;
	b = name_span(rd, a, len);
	return b != 0 && len - a - b == 20;
}

int dns_rdata_name_off(uint16_t type)
{
	switch (type) {
	case DNS_T_NS:
	case DNS_T_CNAME:
	case DNS_T_PTR:
	case DNS_T_DNAME:
		return 0;
	case DNS_T_MX:
	case 18: /* AFSDB */
	case 21: /* RT */
	case 36: /* KX */
		return 2;
	case DNS_T_SRV:
		return 6;
	default:
		return -1;
	}
}

int dns_rdata_valid(uint16_t type, const uint8_t *rd, size_t len)
{
	int off = dns_rdata_name_off(type);

	if (off >= 0)
		return name_fills(rd, (size_t)off, len);
	switch (type) {
	case DNS_T_A:
		return len == 4;
	case DNS_T_AAAA:
		return len == 16;
	case DNS_T_SOA:
		return soa_valid(rd, len);
	case DNS_T_TXT:
		return txt_valid(rd, len);
	case DNS_T_CAA:
		return len >= 2 && rd[1] >= 1 && rd[1] <= len - 2;
	case DNS_T_OPT:
	case DNS_T_ANY:
	case DNS_T_AXFR:
	case DNS_T_IXFR:
		return 0;
	default:
		return 1;
	}
}
/* Loads one RRset; its type must differ from those of types[0..ntypes). */
static int rrset_load(struct bytes *rest, uint16_t *types, unsigned ntypes)
{
	uint16_t type, nrr, rdlen;
	struct bytes ttl, rd;

	if (take16(rest, &type) != 0 || take16(rest, &nrr) != 0 || nrr == 0)
		return -1;
	for (unsigned k = 0; k < ntypes; k++)
		if (types[k] == type)
			return -1;
	types[ntypes] = type;
	for (unsigned i = 0; i < nrr; i++) {
		if (take(rest, 4, &ttl) != 0 || take16(rest, &rdlen) != 0 ||
		    take(rest, rdlen, &rd) != 0)
			return -1;
		if (!dns_rdata_valid(type, rd.p, rd.len))
			return -1;
	}
	return 0;
}

/*
 * One node; types has room for the 65535 types an RRset count allows (an
 * RRset type repeats at the latest at the 65537th).
 */
static int node_load(struct bytes *rest, const uint8_t *origin,
		     struct dns_node *n, const struct dns_node *prev,
		     uint16_t *types)
{
	uint16_t nrrsets;
	int r = 0;

	n->name = take_name(rest);
	if (n->name == NULL || !dns_name_is_sub(n->name, origin))
		return -1;
	if (prev != NULL && dns_name_cmp(prev->name, n->name) >= 0)
		return -1;
	if (take16(rest, &nrrsets) != 0)
		return -1;
	for (unsigned i = 0; i < nrrsets && r == 0; i++)
		r = rrset_load(rest, types, i);
	return r;
}

/* The RRset count and the first RRset follow the node's name. */
static const uint8_t *node_rrsets(const struct dns_node *n, uint16_t *count)
{
	const uint8_t *p = n->name + dns_name_len(n->name);

	*count = get16(bytes_make(p, 2), 0);
	return p + 2;
}

uint16_t dns_node_nrrsets(const struct dns_node *n)
{
	uint16_t count;

	node_rrsets(n, &count);
	return count;
}

/* The apex must be the first node and carry exactly one SOA. */
static int apex_load(struct dns_zone *z)
{
	struct dns_rrset soa;
	struct dns_rdata rd;
	const uint8_t *cur;

	z->apex = &z->nodes[0];
	if (!dns_name_eq(z->apex->name, z->origin))
		return -1;
	if (!dns_node_rrset(z->apex, DNS_T_SOA, &soa) || soa.count != 1)
		return -1;
	cur = soa.rrs;
	dns_rr_next(&cur, &rd);
	if (rd.len < 4) /* dns_zone_index() has not checked the SOA's form */
		return -1;
	uint32_t minimum = get32(bytes_make(rd.p, rd.len), rd.len - 4);
	z->neg_ttl = rd.ttl < minimum ? rd.ttl : minimum;
	return 0;
}

static enum dns_zone_err load_nodes(struct dns_zone *z, struct bytes *rest,
				    size_t count)
{
	uint16_t *types = malloc(65536 * sizeof(*types));

	z->nodes = calloc(count, sizeof(*z->nodes));
	if (z->nodes == NULL || types == NULL) {
		free(types);
		return DNS_ZONE_NOMEM;
	}
	for (size_t i = 0; i < count; i++) {
		if (node_load(rest, z->origin, &z->nodes[i],
			      i ? &z->nodes[i - 1] : NULL, types) != 0) {
			free(types);
			return DNS_ZONE_BADBLOB;
		}
	}
	free(types);
	z->nnodes = count;
	if (apex_load(z) != 0)
		return DNS_ZONE_BADBLOB;
	return DNS_ZONE_OK;
}

/* The name at offset off of the blob, or NULL when none is whole there. */
static const uint8_t *name_at(struct bytes blob, uint32_t off)
{
	struct bytes rest;

	if (off >= blob.len || off < 12)
		return NULL;
	rest = bytes_from(blob, off);
	return take_name(&rest);
}

/* The index of rdata names: offsets of whole names, strictly increasing. */
static int rdnames_load(struct dns_zone *z, struct bytes blob,
			struct bytes *rest)
{
	struct bytes hdr, table;
	const uint8_t *prev = NULL, *name;
	size_t count;

	if (take(rest, 4, &hdr) != 0)
		return -1;
	count = get32(hdr, 0);
	if (count > rest->len / 4 || take(rest, count * 4, &table) != 0 ||
	    rest->len != 0)
		return -1;
	for (size_t i = 0; i < count; i++) {
		name = name_at(blob, get32(table, i * 4));
		if (name == NULL ||
		    (prev != NULL && dns_name_cmp(prev, name) >= 0))
			return -1;
		prev = name;
	}
	z->rdnames = table.p;
	z->nrdnames = count;
	return 0;
}

static enum dns_zone_err open_blob(struct dns_zone *z, const uint8_t *blob,
				   size_t len, struct bytes *rest,
				   size_t *count);

enum dns_zone_err dns_zone_load(struct dns_zone *z, const uint8_t *blob,
				size_t len)
{
	struct bytes rest, origin;
	size_t count;
	enum dns_zone_err e = open_blob(z, blob, len, &rest, &count);

	if (e == DNS_ZONE_OK) { /* the origin, this time checked */
		origin = bytes_make(z->origin, (size_t)(rest.p - z->origin));
		if (take_name(&origin) == NULL || origin.len != 0)
			e = DNS_ZONE_BADBLOB;
	}
	if (e == DNS_ZONE_OK)
		e = load_nodes(z, &rest, count);
	if (e == DNS_ZONE_OK &&
	    rdnames_load(z, bytes_make(blob, len), &rest) != 0)
		e = DNS_ZONE_BADBLOB;
	if (e != DNS_ZONE_OK)
		dns_zone_free(z);
	return e;
}

/*
 * The trusted path of an image. The unilink command embeds only blobs its
 * zone compiler wrote, and the compiler runs dns_zone_load() over each
 * (self_check() in link/data/dns/zone_parse.c), so canonical order, names
 * below the origin, distinct RRset types and well-formed rdata are
 * guaranteed by the build; checking them again at every boot only adds
 * code to the image. What the image still checks is what a wrong embedding
 * would break: the magic, the length, and a walk of the node, RRset, RR
 * and rdata-name layout that stays inside the blob and must end exactly at
 * its end. The walk reads lengths only, so it is memory-safe on any bytes.
 */
static int skip_name(struct bytes *rest)
{
	size_t n = 0;

	for (;;) {
		if (n >= rest->len)
			return -1;
		uint8_t c = rest->p[n];
		n += c + 1u;
		if (c == 0)
			break;
	}
	*rest = bytes_from(*rest, n);
	return 0;
}

static int skip_node(struct bytes *rest)
{
	uint16_t nrrsets, type, nrr, rdlen;
	struct bytes skipped;

	if (skip_name(rest) != 0 || take16(rest, &nrrsets) != 0)
		return -1;
	for (unsigned i = 0; i < nrrsets; i++) {
		if (take16(rest, &type) != 0 || take16(rest, &nrr) != 0)
			return -1;
		for (unsigned k = 0; k < nrr; k++)
			if (take(rest, 4, &skipped) != 0 ||
			    take16(rest, &rdlen) != 0 ||
			    take(rest, rdlen, &skipped) != 0)
				return -1;
	}
	return 0;
}

static enum dns_zone_err index_nodes(struct dns_zone *z, struct bytes *rest,
				     size_t count)
{
	struct bytes hdr, table;

	z->nodes = calloc(count, sizeof(*z->nodes));
	if (z->nodes == NULL)
		return DNS_ZONE_NOMEM;
	for (size_t i = 0; i < count; i++) {
		z->nodes[i].name = rest->p;
		if (skip_node(rest) != 0)
			return DNS_ZONE_BADBLOB;
	}
	z->nnodes = count;
	if (take(rest, 4, &hdr) != 0)
		return DNS_ZONE_BADBLOB;
	z->nrdnames = get32(hdr, 0);
	if (z->nrdnames > rest->len / 4 ||
	    take(rest, z->nrdnames * 4, &table) != 0 || rest->len != 0)
		return DNS_ZONE_BADBLOB;
	z->rdnames = table.p;
	return apex_load(z) == 0 ? DNS_ZONE_OK : DNS_ZONE_BADBLOB;
}

/* The header of a blob, then the origin; the rest follows in *rest. */
static enum dns_zone_err open_blob(struct dns_zone *z, const uint8_t *blob,
				   size_t len, struct bytes *rest,
				   size_t *count)
{
	struct bytes hdr;

	memset(z, 0, sizeof(*z));
	*rest = bytes_make(blob, len);
	if (take(rest, 12, &hdr) != 0 ||
	    memcmp(hdr.p, DNS_ZONE_MAGIC, 4) != 0 || get32(hdr, 4) != len)
		return DNS_ZONE_BADBLOB;
	*count = get32(hdr, 8);
	if (*count == 0 || *count > len / 4)
		return DNS_ZONE_BADBLOB;
	z->blob = blob;
	z->origin = rest->p;
	return skip_name(rest) == 0 ? DNS_ZONE_OK : DNS_ZONE_BADBLOB;
}

enum dns_zone_err dns_zone_index(struct dns_zone *z, const uint8_t *blob,
				 size_t len)
{
	struct bytes rest;
	size_t count;
	enum dns_zone_err e = open_blob(z, blob, len, &rest, &count);

	if (e == DNS_ZONE_OK)
		e = index_nodes(z, &rest, count);
	if (e != DNS_ZONE_OK)
		dns_zone_free(z);
	return e;
}

void dns_zone_free(struct dns_zone *z)
{
	free(z->nodes);
	memset(z, 0, sizeof(*z));
}

const struct dns_node *dns_zone_find(const struct dns_zone *z,
				     const uint8_t *name)
{
	size_t lo = 0, hi = z->nnodes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = dns_name_cmp(name, z->nodes[mid].name);
		if (d == 0)
			return &z->nodes[mid];
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

int dns_zone_has_rdata_name(const struct dns_zone *z, const uint8_t *name)
{
	struct bytes table = bytes_make(z->rdnames, z->nrdnames * 4);
	size_t lo = 0, hi = z->nrdnames;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = dns_name_cmp(name, z->blob + get32(table, mid * 4));
		if (d == 0)
			return 1;
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* The blob passed dns_zone_load(): an RR's 6-octet header is there. */
void dns_rr_next(const uint8_t **cursor, struct dns_rdata *rd)
{
	struct bytes h = bytes_make(*cursor, 6);

	rd->ttl = get32(h, 0);
	rd->len = get16(h, 4);
	rd->p = h.p + 6;
	*cursor = rd->p + rd->len;
}

/* Reads the RRset header at p and returns where the next RRset starts. */
static const uint8_t *rrset_read(const uint8_t *p, struct dns_rrset *set)
{
	struct bytes h = bytes_make(p, 4); /* checked by dns_zone_load() */
	struct dns_rdata rd;

	set->type = get16(h, 0);
	set->count = get16(h, 2);
	set->rrs = p + 4;
	p = set->rrs;
	for (unsigned i = 0; i < set->count; i++)
		dns_rr_next(&p, &rd);
	return p;
}

void dns_node_rrset_at(const struct dns_node *n, unsigned i,
		       struct dns_rrset *set)
{
	uint16_t count;
	const uint8_t *p = node_rrsets(n, &count);

	for (unsigned k = 0; k <= i; k++)
		p = rrset_read(p, set);
}

int dns_node_rrset(const struct dns_node *n, uint16_t type,
		   struct dns_rrset *set)
{
	uint16_t count;
	const uint8_t *p = node_rrsets(n, &count);

	for (unsigned k = 0; k < count; k++) {
		p = rrset_read(p, set);
		if (set->type == type)
			return 1;
	}
	return 0;
}

/* The zone with the longest origin that holds name, with data or not. */
static const struct dns_zone *set_find(const struct dns_zone_set *s,
				       const uint8_t *name, int with_data)
{
	const struct dns_zone *best = NULL;

	for (size_t i = 0; i < s->n; i++) {
		const struct dns_zone *z = &s->zones[i];
		if (with_data && z->apex == NULL)
			continue;
		if (!dns_name_is_sub(name, z->origin))
			continue;
		if (best == NULL ||
		    dns_name_len(z->origin) > dns_name_len(best->origin))
			best = z;
	}
	return best;
}

const struct dns_zone *dns_zone_set_find(const struct dns_zone_set *s,
					 const uint8_t *name)
{
	return set_find(s, name, 1);
}

int dns_zone_set_pending(const struct dns_zone_set *s, const uint8_t *name)
{
	const struct dns_zone *z = set_find(s, name, 0);

	return z != NULL && z->apex == NULL;
}

void dns_zone_pending_init(struct dns_zone *z, const uint8_t *origin)
{
	memset(z, 0, sizeof(*z));
	z->origin = origin;
}

/* Loads (validating) or indexes (trusting) n blobs into s. */
static enum dns_zone_err
set_load(struct dns_zone_set *s, const uint8_t *const *blobs,
	 const size_t *lens, size_t n, size_t *bad,
	 enum dns_zone_err (*load)(struct dns_zone *, const uint8_t *, size_t))
{
	enum dns_zone_err e;

	s->n = 0;
	s->zones = calloc(n ? n : 1, sizeof(*s->zones));
	if (s->zones == NULL)
		return DNS_ZONE_NOMEM;
	for (size_t i = 0; i < n; i++) {
		e = load(&s->zones[i], blobs[i], lens[i]);
		if (e != DNS_ZONE_OK) {
			*bad = i;
			dns_zone_set_free(s);
			return e;
		}
		s->n = i + 1;
	}
	return DNS_ZONE_OK;
}

enum dns_zone_err dns_zone_set_load(struct dns_zone_set *s,
				    const uint8_t *const *blobs,
				    const size_t *lens, size_t n, size_t *bad)
{
	return set_load(s, blobs, lens, n, bad, dns_zone_load);
}

enum dns_zone_err dns_zone_set_index(struct dns_zone_set *s,
				     const uint8_t *const *blobs,
				     const size_t *lens, size_t n, size_t *bad)
{
	return set_load(s, blobs, lens, n, bad, dns_zone_index);
}

void dns_zone_set_free(struct dns_zone_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		dns_zone_free(&s->zones[i]);
	free(s->zones);
	s->zones = NULL;
	s->n = 0;
}

/* SPDX-License-Identifier: ISC */
/*
 * Writing DNS messages: a fixed-capacity writer whose writes either fit
 * whole or write nothing, and name compression (RFC 1035 4.1.4) through a
 * small table of the offsets of labels already written. Names are matched
 * ignoring case, and the first spelling written is the one pointed at.
 */
#include <string.h>

#include "common/text.h"
#include "dns/wire.h"

void dns_w_init(struct dns_writer *w, uint8_t *buf, size_t cap)
{
	w->p = buf;
	w->cap = cap;
	w->len = 0;
	w->comp = w->comp_small;
	w->comp_cap = DNS_COMP_MAX;
	w->ncomp = 0;
}

void dns_w_init_table(struct dns_writer *w, uint8_t *buf, size_t cap,
		      uint16_t *table, unsigned n)
{
	dns_w_init(w, buf, cap);
	w->comp = table;
	w->comp_cap = n;
}

int dns_w_bytes(struct dns_writer *w, const void *p, size_t n)
{
	if (w->cap - w->len < n)
		return -1;
	memcpy(w->p + w->len, p, n);
	w->len += n;
	return 0;
}

int dns_w_u8(struct dns_writer *w, uint8_t v)
{
	return dns_w_bytes(w, &v, 1);
}

int dns_w_u16(struct dns_writer *w, uint16_t v)
{
	uint8_t b[2];

	put16(b, v);
	return dns_w_bytes(w, b, 2);
}

int dns_w_u32(struct dns_writer *w, uint32_t v)
{
	uint8_t b[4];

	put32(b, v);
	return dns_w_bytes(w, b, 4);
}

void dns_w_put16(struct dns_writer *w, size_t off, uint16_t v)
{
	if (off + 2 <= w->len)
		put16(w->p + off, v);
}

void dns_w_rewind(struct dns_writer *w, size_t mark)
{
	if (mark > w->len)
		return;
	w->len = mark;
	while (w->ncomp > 0 && w->comp[w->ncomp - 1] >= mark)
		w->ncomp--;
}

static int same_byte(uint8_t a, uint8_t b)
{
	return uni_ascii_lower(a) == uni_ascii_lower(b);
}

/* Follows pointers in what this writer wrote (they always point back). */
static size_t resolve(const struct dns_writer *w, size_t pos)
{
	while (pos + 1 < w->len && (w->p[pos] & 0xc0) == 0xc0) {
		size_t target = (size_t)(w->p[pos] & 0x3f) << 8 | w->p[pos + 1];
		if (target >= pos)
			return w->len;
		pos = target;
	}
	return pos;
}

/* Does the name written at off equal the trusted name, ignoring case? */
static int written_equals(const struct dns_writer *w, size_t off,
			  const uint8_t *name)
{
	for (;;) {
		off = resolve(w, off);
		if (off >= w->len || w->p[off] != *name)
			return 0;
		if (*name == 0)
			return 1;
		if (w->len - off < *name + 1u)
			return 0;
		for (unsigned i = 1; i <= *name; i++)
			if (!same_byte(w->p[off + i], name[i]))
				return 0;
		off += *name + 1u;
		name += *name + 1u;
	}
}

static int find_suffix(const struct dns_writer *w, const uint8_t *suffix,
		       uint16_t *at)
{
	for (unsigned i = 0; i < w->ncomp; i++) {
		if (written_equals(w, w->comp[i], suffix)) {
			*at = w->comp[i];
			return 1;
		}
	}
	return 0;
}

static void remember(struct dns_writer *w)
{
	if (w->len <= 0x3fff && w->ncomp < w->comp_cap)
		w->comp[w->ncomp++] = (uint16_t)w->len;
}

int dns_w_name(struct dns_writer *w, const uint8_t *name, int compress)
{
	return dns_w_name_literal(w, name, compress ? 0 : DNS_NAME_MAX);
}

int dns_w_name_literal(struct dns_writer *w, const uint8_t *name,
		       size_t literal)
{
	const uint8_t *start = name;
	size_t mark = w->len;
	uint16_t at;

	for (; *name != 0; name += *name + 1u) {
		if ((size_t)(name - start) >= literal &&
		    find_suffix(w, name, &at)) {
			if (dns_w_u16(w, (uint16_t)(0xc000u | at)) != 0)
				goto full;
			return 0;
		}
		size_t here = w->len;
		if (dns_w_bytes(w, name, *name + 1u) != 0)
			goto full;
		w->len = here;
		remember(w);
		w->len = here + *name + 1u;
	}
	if (dns_w_u8(w, 0) == 0)
		return 0;
full:
	dns_w_rewind(w, mark);
	return -1;
}

int dns_w_rdata(struct dns_writer *w, uint16_t type, const uint8_t *rd,
		size_t len)
{
	size_t n1, n2;

	switch (type) {
	case DNS_T_NS:
	case DNS_T_CNAME:
	case DNS_T_PTR:
		return dns_w_name(w, rd, 1);
	case DNS_T_MX:
		if (dns_w_bytes(w, rd, 2) != 0)
			return -1;
		return dns_w_name(w, rd + 2, 1);
	case DNS_T_SOA:
		n1 = dns_name_len(rd);
		n2 = dns_name_len(rd + n1);
		if (dns_w_name(w, rd, 1) != 0 || dns_w_name(w, rd + n1, 1) != 0)
			return -1;
		return dns_w_bytes(w, rd + n1 + n2, 20);
	default:
		return dns_w_bytes(w, rd, len);
	}
}

/* SPDX-License-Identifier: ISC */
/*
 * The rdata converters of the zone parser: the table of the types known by
 * mnemonic, the dispatch to the converter of a type family, RFC 3597's
 * generic \# form, and the field readers the families share (names,
 * numbers, times, character-strings, hex, base64, type bitmaps). Rdata has
 * at most ZRDATA_MAX octets and every field must be used. The first error
 * stops the conversion: "file:line: expected ..., found ...".
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "zone_rdata.h"

enum dns_zone_err zrd_fail(struct zrdctx *c, const char *fmt, ...)
{
	va_list ap;
	enum dns_zone_err e;

	va_start(ap, fmt);
	e = zvfail(c->err, c->errcap, c->file, c->ln->line, fmt, ap);
	va_end(ap);
	return e;
}

enum dns_zone_err zrd_expected(struct zrdctx *c, const char *what,
			       const char *field, const struct ztok *t,
			       const char *why)
{
	if (t == NULL)
		return zrd_fail(
		    c, "expected %s for %s, found the end of the record", what,
		    field);
	return zrd_fail(c, "expected %s for %s, found \"%.*s\"%s%s", what,
			field, (int)t->len, t->s, why[0] ? ": " : "", why);
}

const struct ztok *zrd_peek(const struct zrdctx *c)
{
	return c->i < c->ln->n ? &c->ln->tok[c->i] : NULL;
}

enum dns_zone_err zrd_put(struct zrdctx *c, const void *p, size_t n,
			  const char *field)
{
	if (ZRDATA_MAX - c->len < n)
		return zrd_fail(c,
				"expected at most %d octets of rdata, found "
				"more at %s",
				ZRDATA_MAX, field);
	memcpy(c->rd + c->len, p, n);
	c->len += n;
	return DNS_ZONE_OK;
}

enum dns_zone_err zrd_put16(struct zrdctx *c, uint16_t v, const char *field)
{
	uint8_t b[2];

	put16(b, v);
	return zrd_put(c, b, 2, field);
}

static enum dns_zone_err name(struct zrdctx *c, const char *field, int lower)
{
	const struct ztok *t = zrd_peek(c);
	uint8_t out[DNS_NAME_MAX];
	size_t n;
	const char *why;

	if (t == NULL)
		return zrd_expected(c, "a domain name", field, t, "");
	why = ztext_name(t, c->origin, out, &n);
	if (why != NULL)
		return zrd_expected(c, "a domain name", field, t, why);
	if (lower)
		ztext_name_lower(out);
	c->i++;
	return zrd_put(c, out, n, field);
}

enum dns_zone_err zrd_name(struct zrdctx *c, const char *field)
{
	return name(c, field, 1);
}

enum dns_zone_err zrd_name_literal(struct zrdctx *c, const char *field)
{
	return name(c, field, 0);
}

static enum dns_zone_err put_num(struct zrdctx *c, uint32_t v, unsigned octets,
				 const char *field)
{
	uint8_t b[4];

	for (unsigned k = 0; k < octets; k++)
		b[k] = (uint8_t)(v >> (8 * (octets - 1 - k)));
	c->i++;
	return zrd_put(c, b, octets, field);
}

enum dns_zone_err zrd_num(struct zrdctx *c, const char *field, unsigned octets)
{
	static const uint32_t max[] = {0, 255, 65535, 0, 0xffffffffu};
	static const char *const what[] = {"", "a number 0-255",
					   "a number 0-65535", "",
					   "a number 0-4294967295"};
	const struct ztok *t = zrd_peek(c);
	uint32_t v;
	const char *why;

	if (t == NULL)
		return zrd_expected(c, what[octets], field, t, "");
	why = ztext_u32(t, max[octets], &v);
	if (why != NULL)
		return zrd_expected(c, what[octets], field, t, why);
	return put_num(c, v, octets, field);
}

enum dns_zone_err zrd_period(struct zrdctx *c, const char *field)
{
	const struct ztok *t = zrd_peek(c);
	uint32_t v;

	if (t == NULL || ztext_period(t, &v) != NULL)
		return zrd_expected(c, "a time (a number, or units as 1h30m)",
				    field, t, "");
	return put_num(c, v, 4, field);
}

enum dns_zone_err zrd_string(struct zrdctx *c, const char *field)
{
	const struct ztok *t = zrd_peek(c);
	uint8_t s[256];
	size_t n;
	const char *why;

	if (t == NULL)
		return zrd_expected(c, "a character-string", field, t, "");
	why = ztext_string(t, s, &n);
	if (why != NULL)
		return zrd_expected(c, "a character-string", field, t, why);
	c->i++;
	return zrd_put(c, s, n, field);
}

enum dns_zone_err zrd_type(struct zrdctx *c, const char *field)
{
	const struct ztok *t = zrd_peek(c);
	uint16_t type;

	if (t == NULL || ztype_lookup(t, &type) != 0)
		return zrd_expected(c, "a record type", field, t, "");
	c->i++;
	return zrd_put16(c, type, field);
}

enum dns_zone_err zrd_mnemonic(struct zrdctx *c, const char *field,
			       const struct zmnemonic *table, unsigned octets)
{
	const struct ztok *t = zrd_peek(c);

	for (size_t k = 0; t != NULL && table[k].name != NULL; k++)
		if (strlen(table[k].name) == t->len &&
		    strncasecmp(table[k].name, t->s, t->len) == 0)
			return put_num(c, table[k].value, octets, field);
	return zrd_num(c, field, octets);
}

const struct zmnemonic zrd_algorithms[] = {
    {"RSAMD5", 1},
    {"DH", 2},
    {"DSA", 3},
    {"ECC", 4},
    {"RSASHA1", 5},
    {"DSA-NSEC3-SHA1", 6},
    {"RSASHA1-NSEC3-SHA1", 7},
    {"RSASHA256", 8},
    {"RSASHA512", 10},
    {"ECC-GOST", 12},
    {"ECDSAP256SHA256", 13},
    {"ECDSAP384SHA384", 14},
    {"ED25519", 15},
    {"ED448", 16},
    {"INDIRECT", 252},
    {"PRIVATEDNS", 253},
    {"PRIVATEOID", 254},
    {NULL, 0},
};

enum dns_zone_err zrd_hex_rest(struct zrdctx *c, const char *field)
{
	const struct ztok *t = zrd_peek(c);
	int half = 0;

	if (t == NULL)
		return zrd_expected(c, "hex digits", field, t, "");
	for (; t != NULL; c->i++, t = zrd_peek(c)) {
		const char *why =
		    ztext_hex(t, c->rd, ZRDATA_MAX, &c->len, &half);
		if (why != NULL)
			return zrd_expected(c, "hex digits", field, t, why);
	}
	if (half)
		return zrd_fail(c,
				"expected an even number of hex digits for "
				"%s, found an odd one",
				field);
	return DNS_ZONE_OK;
}

enum dns_zone_err zrd_base64_rest(struct zrdctx *c, const char *field)
{
	const struct ztok *t = zrd_peek(c);
	struct zb64 st = {0};

	if (t == NULL)
		return zrd_expected(c, "base64", field, t, "");
	for (; t != NULL; c->i++, t = zrd_peek(c)) {
		const char *why =
		    ztext_base64(t, &st, c->rd, ZRDATA_MAX, &c->len);
		if (why != NULL)
			return zrd_expected(c, "base64", field, t, why);
	}
	if (!ztext_base64_done(&st))
		return zrd_fail(c,
				"expected base64 for %s, found a text that "
				"ends in the middle of a group",
				field);
	return DNS_ZONE_OK;
}

/* RFC 4034 4.1.2: windows of up to 32 octets, in increasing order. */
enum dns_zone_err zrd_bitmap(struct zrdctx *c, const char *field)
{
	uint8_t bits[8192];
	const struct ztok *t;
	uint16_t type;
	enum dns_zone_err e = DNS_ZONE_OK;

	memset(bits, 0, sizeof(bits));
	for (t = zrd_peek(c); t != NULL; c->i++, t = zrd_peek(c)) {
		if (ztype_lookup(t, &type) != 0)
			return zrd_expected(c, "a record type", field, t, "");
		bits[type / 8] |= (uint8_t)(0x80 >> (type % 8));
	}
	for (unsigned w = 0; w < 256 && !e; w++) {
		const uint8_t *win = bits + 32 * w;
		unsigned len = 32;
		while (len > 0 && win[len - 1] == 0)
			len--;
		if (len == 0)
			continue;
		uint8_t hdr[2] = {(uint8_t)w, (uint8_t)len};
		e = zrd_put(c, hdr, 2, field);
		if (!e)
			e = zrd_put(c, win, len, field);
	}
	return e;
}

/* RFC 3597: \# length hex... */
static enum dns_zone_err rd_generic(struct zrdctx *c, uint16_t type)
{
	uint32_t want;
	const struct ztok *t;
	int half = 0;

	c->i++;
	t = zrd_peek(c);
	if (t == NULL || ztext_u32(t, ZRDATA_MAX, &want) != NULL)
		return zrd_expected(c, "an rdata length", "\\#", t, "");
	c->i++;
	for (t = zrd_peek(c); t != NULL; c->i++, t = zrd_peek(c)) {
		const char *why = ztext_hex(t, c->rd, want, &c->len, &half);
		if (why != NULL)
			return zrd_expected(c, "hex rdata", "\\#", t, why);
	}
	if (half || c->len != want)
		return zrd_fail(c, "\\# says %u octets of rdata, found %zu%s",
				want, c->len, half ? " and a half" : "");
	if (!dns_rdata_valid(type, c->rd, c->len))
		return zrd_fail(c, "\\# rdata is not a valid %s", c->type);
	return DNS_ZONE_OK;
}

static const struct rtype {
	const char *name;
	uint16_t type;
	enum dns_zone_err (*parse)(struct zrdctx *c);
} rtypes[] = {
    {"A", 1, zrd_a},
    {"NS", 2, zrd_target},
    {"CNAME", 5, zrd_target},
    {"SOA", 6, zrd_soa},
    {"PTR", 12, zrd_target},
    {"HINFO", 13, zrd_hinfo},
    {"MX", 15, zrd_pref_name},
    {"TXT", 16, zrd_txt},
    {"RP", 17, zrd_rp},
    {"AFSDB", 18, zrd_pref_name},
    {"RT", 21, zrd_pref_name},
    {"AAAA", 28, zrd_aaaa},
    {"LOC", 29, zrd_loc},
    {"SRV", 33, zrd_srv},
    {"NAPTR", 35, zrd_naptr},
    {"KX", 36, zrd_pref_name},
    {"CERT", 37, zrd_cert},
    {"DNAME", 39, zrd_target},
    {"DS", 43, zrd_ds},
    {"SSHFP", 44, zrd_sshfp},
    {"RRSIG", 46, zrd_rrsig},
    {"NSEC", 47, zrd_nsec},
    {"DNSKEY", 48, zrd_dnskey},
    {"DHCID", 49, zrd_base64_only},
    {"NSEC3", 50, zrd_nsec3},
    {"NSEC3PARAM", 51, zrd_nsec3param},
    {"TLSA", 52, zrd_tlsa},
    {"SMIMEA", 53, zrd_tlsa},
    {"CDS", 59, zrd_ds},
    {"CDNSKEY", 60, zrd_dnskey},
    {"OPENPGPKEY", 61, zrd_base64_only},
    {"CSYNC", 62, zrd_csync},
    {"ZONEMD", 63, zrd_zonemd},
    {"SVCB", 64, zrd_svcb},
    {"HTTPS", 65, zrd_svcb},
    {"SPF", 99, zrd_txt},
    {"EUI48", 108, zrd_eui48},
    {"EUI64", 109, zrd_eui64},
    {"URI", 256, zrd_uri},
    {"CAA", 257, zrd_caa},
};
#define NRTYPES (sizeof(rtypes) / sizeof(rtypes[0]))

/* The converter of a type, or NULL: generic rdata only. */
static const struct rtype *type_find(uint16_t type)
{
	for (size_t k = 0; k < NRTYPES; k++)
		if (rtypes[k].type == type)
			return &rtypes[k];
	return NULL;
}

const char *ztype_name(uint16_t type, char *buf, size_t cap)
{
	const struct rtype *rt = type_find(type);

	if (rt != NULL)
		return rt->name;
	snprintf(buf, cap, "TYPE%u", type);
	return buf;
}

int ztype_lookup(const struct ztok *t, uint16_t *type)
{
	struct ztok num;
	uint32_t v;

	for (size_t k = 0; k < NRTYPES; k++) {
		if (strlen(rtypes[k].name) == t->len &&
		    strncasecmp(rtypes[k].name, t->s, t->len) == 0) {
			*type = rtypes[k].type;
			return 0;
		}
	}
	if (t->len < 5 || strncasecmp(t->s, "TYPE", 4) != 0)
		return -1;
	num.s = t->s + 4;
	num.len = t->len - 4;
	num.quoted = 0;
	if (ztext_u32(&num, 65535, &v) != NULL)
		return -1;
	*type = (uint16_t)v;
	return 0;
}

static int is_generic(const struct ztok *t)
{
	return t != NULL && !t->quoted && t->len == 2 && t->s[0] == '\\' &&
	       t->s[1] == '#';
}

enum dns_zone_err zrdata(struct zrdctx *c, uint16_t type)
{
	const struct rtype *rt = type_find(type);
	enum dns_zone_err e;
	const struct ztok *t;

	c->len = 0;
	if (is_generic(zrd_peek(c)))
		return rd_generic(c, type);
	if (rt == NULL)
		return zrd_fail(c, "%s needs generic rdata (\\# length hex)",
				c->type);
	e = rt->parse(c);
	if (e)
		return e;
	t = zrd_peek(c);
	if (t != NULL)
		return zrd_fail(c, "unexpected \"%.*s\" after the rdata of %s",
				(int)t->len, t->s, c->type);
	return DNS_ZONE_OK;
}

/* SPDX-License-Identifier: ISC */
/*
 * The field readers the rdata converters of the zone parser share (names,
 * numbers, times, character-strings, hex, base64, type bitmaps). Rdata has
 * at most ZRDATA_MAX octets. The first error stops the conversion:
 * "file:line: expected ..., found ...".
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
	return zrd_fail(c, "expected %s for %s, found \"%.*s%s\"%s%s", what,
			field, ZSHOW(t->len, t->s), why[0] ? ": " : "", why);
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

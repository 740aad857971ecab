/* SPDX-License-Identifier: ISC */
/*
 * The rdata converters of the zone parser: the fields of a record after its
 * type, in the type's own presentation form (A, AAAA, NS, CNAME, PTR, SOA,
 * MX, TXT, SRV, CAA) or RFC 3597's generic \# form, into wire rdata of at
 * most ZRDATA_MAX octets; every field must be used. The first error stops
 * the conversion: "file:line: expected ..., found ...".
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dns/zone_int.h"

static enum dns_zone_err fail(struct zrdctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static enum dns_zone_err fail(struct zrdctx *c, const char *fmt, ...)
{
	va_list ap;
	enum dns_zone_err e;

	va_start(ap, fmt);
	e = zvfail(c->err, c->errcap, c->file, c->ln->line, fmt, ap);
	va_end(ap);
	return e;
}

static enum dns_zone_err expected(struct zrdctx *c, const char *what,
				  const char *field, const struct ztok *t,
				  const char *why)
{
	if (t == NULL)
		return fail(c,
			    "expected %s for %s, found the end of the record",
			    what, field);
	return fail(c, "expected %s for %s, found \"%.*s\"%s%s", what, field,
		    (int)t->len, t->s, why[0] ? ": " : "", why);
}

static const struct ztok *peek(const struct zrdctx *c)
{
	return c->i < c->ln->n ? &c->ln->tok[c->i] : NULL;
}

static int room(struct zrdctx *c, size_t n)
{
	return ZRDATA_MAX - c->len >= n;
}

static enum dns_zone_err rd_name(struct zrdctx *c, const char *field)
{
	const struct ztok *t = peek(c);
	uint8_t name[DNS_NAME_MAX];
	size_t n;
	const char *why;

	if (t == NULL)
		return expected(c, "a domain name", field, t, "");
	why = ztext_name(t, c->origin, name, &n);
	if (why != NULL)
		return expected(c, "a domain name", field, t, why);
	if (!room(c, n))
		return expected(c, "shorter rdata", field, t, "");
	memcpy(c->rd + c->len, name, n);
	c->len += n;
	c->i++;
	return DNS_ZONE_OK;
}

static enum dns_zone_err rd_num(struct zrdctx *c, const char *field,
				unsigned octets, int ttl)
{
	static const uint32_t max[] = {0, 255, 65535, 0, 0xffffffffu};
	static const char *const what[] = {"", "a number 0-255",
					   "a number 0-65535", "",
					   "a number 0-4294967295"};
	const struct ztok *t = peek(c);
	uint32_t v;
	const char *why;

	if (t == NULL)
		return expected(c, what[octets], field, t, "");
	why = ttl ? ztext_ttl(t, &v) : ztext_u32(t, max[octets], &v);
	if (why != NULL)
		return expected(c, ttl ? "a time" : what[octets], field, t,
				why);
	if (!room(c, octets))
		return expected(c, "shorter rdata", field, t, "");
	for (unsigned k = 0; k < octets; k++)
		c->rd[c->len++] = (uint8_t)(v >> (8 * (octets - 1 - k)));
	c->i++;
	return DNS_ZONE_OK;
}

static enum dns_zone_err rd_a(struct zrdctx *c)
{
	const struct ztok *t = peek(c);

	if (t == NULL || ztext_ipv4(t, c->rd) != NULL)
		return expected(c, "an IPv4 address", "A", t, "");
	c->len = 4;
	c->i++;
	return DNS_ZONE_OK;
}

static enum dns_zone_err rd_aaaa(struct zrdctx *c)
{
	const struct ztok *t = peek(c);

	if (t == NULL || ztext_ipv6(t, c->rd) != NULL)
		return expected(c, "an IPv6 address", "AAAA", t, "");
	c->len = 16;
	c->i++;
	return DNS_ZONE_OK;
}

static enum dns_zone_err rd_target(struct zrdctx *c)
{
	return rd_name(c, c->type);
}

static enum dns_zone_err rd_mx(struct zrdctx *c)
{
	enum dns_zone_err e = rd_num(c, "MX preference", 2, 0);

	return e ? e : rd_name(c, "MX exchange");
}

static enum dns_zone_err rd_soa(struct zrdctx *c)
{
	static const char *const timers[] = {"SOA refresh", "SOA retry",
					     "SOA expire", "SOA minimum"};
	enum dns_zone_err e = rd_name(c, "SOA mname");

	if (!e)
		e = rd_name(c, "SOA rname");
	if (!e)
		e = rd_num(c, "SOA serial", 4, 0);
	for (int k = 0; k < 4 && !e; k++)
		e = rd_num(c, timers[k], 4, 1);
	return e;
}

static enum dns_zone_err rd_string(struct zrdctx *c, const char *field)
{
	const struct ztok *t = peek(c);
	uint8_t s[256];
	size_t n;
	const char *why;

	if (t == NULL)
		return expected(c, "a character-string", field, t, "");
	why = ztext_string(t, s, &n);
	if (why != NULL)
		return expected(c, "a character-string", field, t, why);
	if (!room(c, n))
		return expected(c, "shorter rdata", field, t, "");
	memcpy(c->rd + c->len, s, n);
	c->len += n;
	c->i++;
	return DNS_ZONE_OK;
}

static enum dns_zone_err rd_txt(struct zrdctx *c)
{
	enum dns_zone_err e = rd_string(c, "TXT");

	while (!e && peek(c) != NULL)
		e = rd_string(c, "TXT");
	return e;
}

static enum dns_zone_err rd_srv(struct zrdctx *c)
{
	enum dns_zone_err e = rd_num(c, "SRV priority", 2, 0);

	if (!e)
		e = rd_num(c, "SRV weight", 2, 0);
	if (!e)
		e = rd_num(c, "SRV port", 2, 0);
	return e ? e : rd_name(c, "SRV target");
}

static int tag_valid(const struct ztok *t)
{
	if (t->len == 0 || t->len > 255 || t->quoted)
		return 0;
	for (size_t k = 0; k < t->len; k++) {
		char ch = t->s[k];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9')))
			return 0;
	}
	return 1;
}

/* RFC 8659: flags, tag (letters and digits), value (rest of the rdata). */
static enum dns_zone_err rd_caa(struct zrdctx *c)
{
	enum dns_zone_err e = rd_num(c, "CAA flags", 1, 0);
	const struct ztok *t = peek(c);
	size_t at;

	if (e)
		return e;
	if (t == NULL || !tag_valid(t))
		return expected(c, "a tag of letters and digits", "CAA", t, "");
	c->rd[c->len++] = (uint8_t)t->len;
	memcpy(c->rd + c->len, t->s, t->len);
	c->len += t->len;
	c->i++;
	at = c->len;
	e = rd_string(c, "CAA value");
	if (e)
		return e;
	/* The value carries no length octet: drop the one rd_string wrote. */
	memmove(c->rd + at, c->rd + at + 1, c->len - at - 1);
	c->len--;
	return DNS_ZONE_OK;
}

/* RFC 3597: \# length hex... */
static enum dns_zone_err rd_generic(struct zrdctx *c, uint16_t type)
{
	uint32_t want;
	const struct ztok *t;
	int half = 0;

	c->i++;
	t = peek(c);
	if (t == NULL || ztext_u32(t, ZRDATA_MAX, &want) != NULL)
		return expected(c, "an rdata length", "\\#", t, "");
	c->i++;
	for (t = peek(c); t != NULL; c->i++, t = peek(c)) {
		const char *why = ztext_hex(t, c->rd, want, &c->len, &half);
		if (why != NULL)
			return expected(c, "hex rdata", "\\#", t, why);
	}
	if (half || c->len != want)
		return fail(c, "\\# says %u octets of rdata, found %zu%s", want,
			    c->len, half ? " and a half" : "");
	if (!dns_rdata_valid(type, c->rd, c->len))
		return fail(c, "\\# rdata is not a valid %s", c->type);
	return DNS_ZONE_OK;
}

static const struct rtype {
	const char *name;
	uint16_t type;
	enum dns_zone_err (*parse)(struct zrdctx *c);
} rtypes[] = {
    {"A", DNS_T_A, rd_a},
    {"NS", DNS_T_NS, rd_target},
    {"CNAME", DNS_T_CNAME, rd_target},
    {"SOA", DNS_T_SOA, rd_soa},
    {"PTR", DNS_T_PTR, rd_target},
    {"MX", DNS_T_MX, rd_mx},
    {"TXT", DNS_T_TXT, rd_txt},
    {"AAAA", DNS_T_AAAA, rd_aaaa},
    {"SRV", DNS_T_SRV, rd_srv},
    {"CAA", DNS_T_CAA, rd_caa},
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
	if (is_generic(peek(c)))
		return rd_generic(c, type);
	if (rt == NULL)
		return fail(c, "%s needs generic rdata (\\# length hex)",
			    c->type);
	e = rt->parse(c);
	if (e)
		return e;
	t = peek(c);
	if (t != NULL)
		return fail(c, "unexpected \"%.*s\" after the rdata of %s",
			    (int)t->len, t->s, c->type);
	return DNS_ZONE_OK;
}

/* SPDX-License-Identifier: ISC */
/*
 * Rdata converters of the types made of addresses, names, numbers and
 * character-strings: A, AAAA; NS, CNAME, PTR, DNAME (one name); MX, AFSDB,
 * RT, KX (preference and name); SOA; TXT, SPF; SRV; CAA; HINFO; NAPTR; RP;
 * URI; EUI48, EUI64. Names in rdata are kept as written (wire form, case
 * preserved); the answer code decides which ones it compresses.
 */
#include <stdio.h>
#include <string.h>

#include "common/text.h"
#include "zone_rdata.h"

enum dns_zone_err zrd_a(struct zrdctx *c)
{
	const struct ztok *t = zrd_peek(c);
	uint8_t a[4];

	if (t == NULL || ztext_ipv4(t, a) != NULL)
		return zrd_expected(c, "an IPv4 address", "A", t, "");
	c->i++;
	return zrd_put(c, a, 4, "A");
}

enum dns_zone_err zrd_aaaa(struct zrdctx *c)
{
	const struct ztok *t = zrd_peek(c);
	uint8_t a[16];

	if (t == NULL || ztext_ipv6(t, a) != NULL)
		return zrd_expected(c, "an IPv6 address", "AAAA", t, "");
	c->i++;
	return zrd_put(c, a, 16, "AAAA");
}

enum dns_zone_err zrd_target(struct zrdctx *c)
{
	return zrd_name(c, c->type);
}

/* MX, AFSDB (subtype), RT, KX: a 16-bit number, then a name. */
enum dns_zone_err zrd_pref_name(struct zrdctx *c)
{
	char num[32], name[32];
	enum dns_zone_err e;

	snprintf(num, sizeof(num), "%s %s", c->type,
		 strcmp(c->type, "AFSDB") == 0 ? "subtype" : "preference");
	snprintf(name, sizeof(name), "%s %s", c->type,
		 strcmp(c->type, "MX") == 0 ? "exchange" : "host");
	e = zrd_num(c, num, 2);
	return e ? e : zrd_name(c, name);
}

enum dns_zone_err zrd_soa(struct zrdctx *c)
{
	static const char *const timers[] = {"SOA refresh", "SOA retry",
					     "SOA expire", "SOA minimum"};
	enum dns_zone_err e = zrd_name(c, "SOA mname");

	if (!e)
		e = zrd_name(c, "SOA rname");
	if (!e)
		e = zrd_num(c, "SOA serial", 4);
	for (int k = 0; k < 4 && !e; k++)
		e = zrd_period(c, timers[k]);
	return e;
}

/* TXT and SPF: one or more character-strings. */
enum dns_zone_err zrd_txt(struct zrdctx *c)
{
	enum dns_zone_err e = zrd_string(c, c->type);

	while (!e && zrd_peek(c) != NULL)
		e = zrd_string(c, c->type);
	return e;
}

enum dns_zone_err zrd_srv(struct zrdctx *c)
{
	enum dns_zone_err e = zrd_num(c, "SRV priority", 2);

	if (!e)
		e = zrd_num(c, "SRV weight", 2);
	if (!e)
		e = zrd_num(c, "SRV port", 2);
	return e ? e : zrd_name(c, "SRV target");
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

/* A character-string without its length octet: the rest of the rdata. */
static enum dns_zone_err string_rest(struct zrdctx *c, const char *field)
{
	size_t at = c->len;
	enum dns_zone_err e = zrd_string(c, field);

	if (e)
		return e;
	memmove(c->rd + at, c->rd + at + 1, c->len - at - 1);
	c->len--;
	return DNS_ZONE_OK;
}

/* RFC 8659: flags, tag (letters and digits), value (rest of the rdata). */
enum dns_zone_err zrd_caa(struct zrdctx *c)
{
	enum dns_zone_err e = zrd_num(c, "CAA flags", 1);
	const struct ztok *t = zrd_peek(c);
	uint8_t n;

	if (e)
		return e;
	if (t == NULL || !tag_valid(t))
		return zrd_expected(c, "a tag of letters and digits", "CAA", t,
				    "");
	n = (uint8_t)t->len;
	e = zrd_put(c, &n, 1, "CAA tag");
	if (!e)
		e = zrd_put(c, t->s, t->len, "CAA tag");
	c->i++;
	return e ? e : string_rest(c, "CAA value");
}

enum dns_zone_err zrd_hinfo(struct zrdctx *c)
{
	enum dns_zone_err e = zrd_string(c, "HINFO cpu");

	return e ? e : zrd_string(c, "HINFO os");
}

/* RFC 3403: order, preference, flags, services, regexp, replacement. */
enum dns_zone_err zrd_naptr(struct zrdctx *c)
{
	enum dns_zone_err e = zrd_num(c, "NAPTR order", 2);

	if (!e)
		e = zrd_num(c, "NAPTR preference", 2);
	if (!e)
		e = zrd_string(c, "NAPTR flags");
	if (!e)
		e = zrd_string(c, "NAPTR services");
	if (!e)
		e = zrd_string(c, "NAPTR regexp");
	return e ? e : zrd_name(c, "NAPTR replacement");
}

enum dns_zone_err zrd_rp(struct zrdctx *c)
{
	enum dns_zone_err e = zrd_name(c, "RP mailbox");

	return e ? e : zrd_name(c, "RP text name");
}

/* RFC 7553: priority, weight, target (a string without length octet). */
enum dns_zone_err zrd_uri(struct zrdctx *c)
{
	enum dns_zone_err e = zrd_num(c, "URI priority", 2);

	if (!e)
		e = zrd_num(c, "URI weight", 2);
	return e ? e : string_rest(c, "URI target");
}

/* RFC 7043: n octets as two hex digits each, joined by '-'. */
static enum dns_zone_err eui(struct zrdctx *c, size_t n)
{
	const struct ztok *t = zrd_peek(c);
	uint8_t out[8];

	if (t == NULL || t->len != 3 * n - 1)
		return zrd_expected(c, "hex pairs joined by '-'", c->type, t,
				    "");
	for (size_t k = 0; k < n; k++) {
		int hi = uni_hex_digit(t->s[3 * k]);
		int lo = uni_hex_digit(t->s[3 * k + 1]);

		if (hi < 0 || lo < 0 || (k + 1 < n && t->s[3 * k + 2] != '-'))
			return zrd_expected(c, "hex pairs joined by '-'",
					    c->type, t, "");
		out[k] = (uint8_t)(hi << 4 | lo);
	}
	c->i++;
	return zrd_put(c, out, n, c->type);
}

enum dns_zone_err zrd_eui48(struct zrdctx *c)
{
	return eui(c, 6);
}

enum dns_zone_err zrd_eui64(struct zrdctx *c)
{
	return eui(c, 8);
}

/* SPDX-License-Identifier: ISC */
/*
 * Rdata converters of the DNSSEC and key types: DS, CDS; DNSKEY, CDNSKEY;
 * RRSIG; NSEC; NSEC3, NSEC3PARAM; SSHFP; TLSA, SMIMEA; OPENPGPKEY, DHCID
 * (base64 only); CERT; ZONEMD; CSYNC. Algorithms may be written by number
 * or mnemonic (RSASHA256), RRSIG times as YYYYMMDDHHmmSS.
 */
#include <stdio.h>
#include <string.h>

#include "zone_rdata.h"

/* RFC 4034 5.3 (DS), RFC 7344 (CDS): key tag, algorithm, type, digest. */
enum dns_zone_err zrd_ds(struct zrdctx *c)
{
	enum dns_zone_err e = zrd_num(c, "DS key tag", 2);

	if (!e)
		e = zrd_mnemonic(c, "DS algorithm", zrd_algorithms, 1);
	if (!e)
		e = zrd_num(c, "DS digest type", 1);
	return e ? e : zrd_hex_rest(c, "DS digest");
}

/* RFC 4034 2.2: flags, protocol, algorithm, public key (base64). */
enum dns_zone_err zrd_dnskey(struct zrdctx *c)
{
	enum dns_zone_err e = zrd_num(c, "DNSKEY flags", 2);

	if (!e)
		e = zrd_num(c, "DNSKEY protocol", 1);
	if (!e)
		e = zrd_mnemonic(c, "DNSKEY algorithm", zrd_algorithms, 1);
	return e ? e : zrd_base64_rest(c, "DNSKEY public key");
}

/* Reads 1 to max digits at t->s[*at] (greedily, as strptime does). */
static int field(const struct ztok *t, size_t *at, unsigned max, unsigned lo,
		 unsigned hi, unsigned *v)
{
	unsigned n = 0;

	*v = 0;
	while (n < max && *at < t->len && t->s[*at] >= '0' &&
	       t->s[*at] <= '9') {
		*v = *v * 10 + (unsigned)(t->s[(*at)++] - '0');
		n++;
	}
	return n > 0 && *v >= lo && *v <= hi;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian calendar). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

/*
 * RFC 4034 3.2: YYYYMMDDHHmmSS in UTC, modulo 2^32. Like NSD (strptime),
 * each field takes up to its width of digits; a plain number of seconds is
 * not taken.
 */
static enum dns_zone_err sig_time(struct zrdctx *c, const char *field_name)
{
	static const unsigned width[6] = {4, 2, 2, 2, 2, 2};
	static const unsigned lo[6] = {0, 1, 1, 0, 0, 0};
	static const unsigned hi[6] = {9999, 12, 31, 23, 59, 61};
	const struct ztok *t = zrd_peek(c);
	unsigned f[6];
	size_t at = 0;
	uint8_t b[4];

	for (int k = 0; k < 6; k++)
		if (t == NULL || !field(t, &at, width[k], lo[k], hi[k], &f[k]))
			return zrd_expected(c, "a time YYYYMMDDHHmmSS",
					    field_name, t, "");
	if (at != t->len)
		return zrd_expected(c, "a time YYYYMMDDHHmmSS", field_name, t,
				    "");
	int64_t days = days_from_civil(f[0], f[1], f[2]);
	uint32_t v = (uint32_t)(days * 86400 + f[3] * 3600 + f[4] * 60 + f[5]);
	for (int k = 0; k < 4; k++)
		b[k] = (uint8_t)(v >> (24 - 8 * k));
	c->i++;
	return zrd_put(c, b, 4, field_name);
}

/* RFC 4034 3.2. */
enum dns_zone_err zrd_rrsig(struct zrdctx *c)
{
	enum dns_zone_err e = zrd_type(c, "RRSIG type covered");

	if (!e)
		e = zrd_mnemonic(c, "RRSIG algorithm", zrd_algorithms, 1);
	if (!e)
		e = zrd_num(c, "RRSIG labels", 1);
	if (!e)
		e = zrd_period(c, "RRSIG original TTL");
	if (!e)
		e = sig_time(c, "RRSIG expiration");
	if (!e)
		e = sig_time(c, "RRSIG inception");
	if (!e)
		e = zrd_num(c, "RRSIG key tag", 2);
	if (!e)
		e = zrd_name_literal(c, "RRSIG signer");
	return e ? e : zrd_base64_rest(c, "RRSIG signature");
}

/* RFC 4034 4.2: next name, type bitmap. */
enum dns_zone_err zrd_nsec(struct zrdctx *c)
{
	enum dns_zone_err e = zrd_name_literal(c, "NSEC next name");

	return e ? e : zrd_bitmap(c, "NSEC types");
}

/* NSEC3 salt (RFC 5155 3.3): "-" or hex, after a length octet. */
static enum dns_zone_err salt(struct zrdctx *c, const char *field)
{
	const struct ztok *t = zrd_peek(c);
	size_t at = c->len;
	int half = 0;
	enum dns_zone_err e;

	if (t == NULL)
		return zrd_expected(c, "hex or '-'", field, t, "");
	e = zrd_put(c, "", 1, field);
	if (e || (t->len == 1 && t->s[0] == '-')) {
		c->i++;
		return e;
	}
	const char *why = ztext_hex(t, c->rd, ZRDATA_MAX, &c->len, &half);
	if (why == NULL && (half || c->len - at - 1 > 255))
		why = half ? "odd number of hex digits" : "longer than 255";
	if (why != NULL)
		return zrd_expected(c, "hex or '-'", field, t, why);
	c->rd[at] = (uint8_t)(c->len - at - 1);
	c->i++;
	return DNS_ZONE_OK;
}

static enum dns_zone_err nsec3_head(struct zrdctx *c, const char *type)
{
	char f[4][40];
	static const char *const what[] = {"hash algorithm", "flags",
					   "iterations", "salt"};
	enum dns_zone_err e;

	for (int k = 0; k < 4; k++)
		snprintf(f[k], sizeof(f[k]), "%s %s", type, what[k]);
	e = zrd_num(c, f[0], 1);
	if (!e)
		e = zrd_num(c, f[1], 1);
	if (!e)
		e = zrd_num(c, f[2], 2);
	return e ? e : salt(c, f[3]);
}

/* RFC 5155 3.3: head, next hashed owner (base32hex), type bitmap. */
enum dns_zone_err zrd_nsec3(struct zrdctx *c)
{
	enum dns_zone_err e = nsec3_head(c, "NSEC3");
	const struct ztok *t;
	uint8_t hash[256];
	size_t n;

	if (e)
		return e;
	t = zrd_peek(c);
	if (t == NULL || ztext_base32hex(t, hash + 1, 255, &n) != NULL ||
	    n == 0)
		return zrd_expected(c, "a base32hex hash", "NSEC3 next owner",
				    t, "");
	hash[0] = (uint8_t)n;
	c->i++;
	e = zrd_put(c, hash, n + 1, "NSEC3 next owner");
	return e ? e : zrd_bitmap(c, "NSEC3 types");
}

enum dns_zone_err zrd_nsec3param(struct zrdctx *c)
{
	return nsec3_head(c, "NSEC3PARAM");
}

/* RFC 4255: algorithm, fingerprint type, fingerprint (hex). */
enum dns_zone_err zrd_sshfp(struct zrdctx *c)
{
	enum dns_zone_err e = zrd_num(c, "SSHFP algorithm", 1);

	if (!e)
		e = zrd_num(c, "SSHFP type", 1);
	return e ? e : zrd_hex_rest(c, "SSHFP fingerprint");
}

/* RFC 6698 (TLSA), RFC 8162 (SMIMEA): usage, selector, matching, data. */
enum dns_zone_err zrd_tlsa(struct zrdctx *c)
{
	enum dns_zone_err e = zrd_num(c, "certificate usage", 1);

	if (!e)
		e = zrd_num(c, "selector", 1);
	if (!e)
		e = zrd_num(c, "matching type", 1);
	return e ? e : zrd_hex_rest(c, "certificate association data");
}

/* OPENPGPKEY (RFC 7929), DHCID (RFC 4701): base64 only. */
enum dns_zone_err zrd_base64_only(struct zrdctx *c)
{
	return zrd_base64_rest(c, c->type);
}

/* RFC 4398: type (number or mnemonic), key tag, algorithm, data. */
enum dns_zone_err zrd_cert(struct zrdctx *c)
{
	static const struct zmnemonic types[] = {
	    {"PKIX", 1},  {"SPKI", 2},	{"PGP", 3},    {"IPKIX", 4},
	    {"ISPKI", 5}, {"IPGP", 6},	{"ACPKIX", 7}, {"IACPKIX", 8},
	    {"URI", 253}, {"OID", 254}, {NULL, 0}};
	enum dns_zone_err e = zrd_mnemonic(c, "CERT type", types, 2);

	if (!e)
		e = zrd_num(c, "CERT key tag", 2);
	if (!e)
		e = zrd_mnemonic(c, "CERT algorithm", zrd_algorithms, 1);
	return e ? e : zrd_base64_rest(c, "CERT certificate");
}

/* RFC 8976: serial, scheme, hash algorithm, digest (hex). */
enum dns_zone_err zrd_zonemd(struct zrdctx *c)
{
	enum dns_zone_err e = zrd_num(c, "ZONEMD serial", 4);

	if (!e)
		e = zrd_num(c, "ZONEMD scheme", 1);
	if (!e)
		e = zrd_num(c, "ZONEMD hash algorithm", 1);
	return e ? e : zrd_hex_rest(c, "ZONEMD digest");
}

/* RFC 7477: SOA serial, flags, type bitmap. */
enum dns_zone_err zrd_csync(struct zrdctx *c)
{
	enum dns_zone_err e = zrd_num(c, "CSYNC serial", 4);

	if (!e)
		e = zrd_num(c, "CSYNC flags", 2);
	return e ? e : zrd_bitmap(c, "CSYNC types");
}

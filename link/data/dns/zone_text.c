/* SPDX-License-Identifier: ISC */
/*
 * Converters from the presentation form of master files to wire form:
 * domain names (relative or absolute, @, \X and \DDD escapes), numbers,
 * TTLs with units, IPv4 and IPv6 addresses, character-strings and hex.
 * Each returns NULL on success or a constant string saying what was wrong
 * ("" when the caller's "expected ..." says enough). zvfail() writes the
 * "file:line: " messages of every stage of the zone parser: it is below
 * them all.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/text.h"
#include "zone_int.h"

/*
 * Decodes the escape at s[*i] (the backslash); 0 on success. \DDD is the
 * octet DDD when three digits make at most 255; otherwise, as in NSD, the
 * backslash only protects the character after it (\256 is "256").
 */
static int unescape(const char *s, size_t len, size_t *i, uint8_t *out)
{
	size_t k = *i + 1;
	unsigned v = 0, j;

	if (k >= len)
		return -1;
	for (j = 0; j < 3 && k + j < len && s[k + j] >= '0' && s[k + j] <= '9';
	     j++)
		v = v * 10 + (unsigned)(s[k + j] - '0');
	if (j == 3 && v <= 255) {
		*out = (uint8_t)v;
		*i = k + 3;
		return 0;
	}
	*out = (uint8_t)s[k];
	*i = k + 1;
	return 0;
}

static const char *append_origin(uint8_t *out, size_t *n, const uint8_t *origin)
{
	if (origin == NULL)
		return "relative name and no $ORIGIN";
	size_t olen = dns_name_len(origin);
	if (*n + olen > DNS_NAME_MAX)
		return "name longer than 255 octets";
	memcpy(out + *n, origin, olen);
	*n += olen;
	return NULL;
}

const char *ztext_name(const struct ztok *t, const uint8_t *origin,
		       uint8_t out[DNS_NAME_MAX], size_t *out_len)
{
	size_t n = 1, lab = 0, lablen = 0, i = 0;
	int absolute = 0;

	if (!t->quoted && t->len == 1 && t->s[0] == '@') {
		*out_len = 0;
		return append_origin(out, out_len, origin);
	}
	if (t->len == 0)
		return "empty name";
	if (t->len == 1 && t->s[0] == '.') {
		out[0] = 0;
		*out_len = 1;
		return NULL;
	}
	out[0] = 0;
	while (i < t->len) {
		uint8_t c = (uint8_t)t->s[i];
		if (c == '.') {
			if (lablen == 0)
				return "empty label";
			if (n >= DNS_NAME_MAX)
				return "name longer than 255 octets";
			out[lab] = (uint8_t)lablen;
			lab = n;
			out[n++] = 0;
			lablen = 0;
			absolute = ++i == t->len;
			continue;
		}
		if (c == '\\') {
			if (unescape(t->s, t->len, &i, &c) != 0)
				return "bad escape";
		} else {
			i++;
		}
		if (lablen == DNS_LABEL_MAX)
			return "label longer than 63 octets";
		if (n >= DNS_NAME_MAX)
			return "name longer than 255 octets";
		out[n++] = c;
		lablen++;
	}
	*out_len = n;
	if (absolute)
		return NULL;
	out[lab] = (uint8_t)lablen;
	return append_origin(out, out_len, origin);
}

void ztext_name_lower(uint8_t *name)
{
	for (; *name != 0; name += *name + 1)
		for (unsigned k = 1; k <= *name; k++)
			if (name[k] >= 'A' && name[k] <= 'Z')
				name[k] = (uint8_t)(name[k] + ('a' - 'A'));
}

const char *ztext_u32(const struct ztok *t, uint32_t max, uint32_t *v)
{
	uint64_t acc = 0;

	if (t->len == 0 || t->len > 10)
		return "";
	for (size_t i = 0; i < t->len; i++) {
		if (t->s[i] < '0' || t->s[i] > '9')
			return "";
		acc = acc * 10 + (uint64_t)(t->s[i] - '0');
	}
	if (acc > max)
		return "number too large";
	*v = (uint32_t)acc;
	return NULL;
}

static uint32_t ttl_unit(char c)
{
	switch (c | 0x20) {
	case 's':
		return 1;
	case 'm':
		return 60;
	case 'h':
		return 3600;
	case 'd':
		return 86400;
	case 'w':
		return 604800;
	default:
		return 0;
	}
}

/*
 * Reads digits with units (1h30m) into *v, modulo 2^64. 1 when a partial
 * number or sum passed max after some character (the TTL check, which wins
 * over a bad character later on), -1 on a bad character, 0 otherwise.
 */
static int with_units(const struct ztok *t, uint64_t max, uint64_t *v)
{
	uint64_t total = 0, cur = 0;
	int digits = 0;

	if (t->len == 0 || t->s[0] < '0' || t->s[0] > '9')
		return -1;
	for (size_t i = 0; i < t->len; i++) {
		char c = t->s[i];
		if (c >= '0' && c <= '9') {
			cur = cur * 10 + (uint64_t)(c - '0');
			digits = 1;
		} else if (digits && ttl_unit(c) != 0) {
			total += cur * ttl_unit(c);
			cur = 0;
			digits = 0;
		} else {
			return -1;
		}
		if (cur > max || total > max)
			return 1;
	}
	*v = total + cur;
	return 0;
}

const char *ztext_ttl(const struct ztok *t, uint32_t *v)
{
	uint64_t total;
	int r = with_units(t, 0x7fffffff, &total);

	if (r < 0)
		return "";
	if (r > 0 || total > 0x7fffffff)
		return "TTL larger than 2147483647";
	*v = (uint32_t)total;
	return NULL;
}

/* The wrap of NSD: the sum modulo 2^64 taken modulo 2^32. */
const char *ztext_period(const struct ztok *t, uint32_t *v)
{
	uint64_t total;

	if (with_units(t, UINT64_MAX, &total) != 0)
		return "";
	*v = (uint32_t)total;
	return NULL;
}

/* Parses a dotted quad in s[0..len). */
static int ipv4(const char *s, size_t len, uint8_t out[4])
{
	size_t i = 0;

	for (int part = 0; part < 4; part++) {
		unsigned v = 0, digits = 0;
		while (i < len && s[i] >= '0' && s[i] <= '9' && digits < 4) {
			v = v * 10 + (unsigned)(s[i++] - '0');
			digits++;
		}
		/* inet_pton (and so NSD) refuses leading zeros. */
		if (digits == 0 || digits > 3 || v > 255 ||
		    (digits > 1 && s[i - digits] == '0'))
			return -1;
		out[part] = (uint8_t)v;
		if (part < 3 && (i >= len || s[i++] != '.'))
			return -1;
	}
	return i == len ? 0 : -1;
}

const char *ztext_ipv4(const struct ztok *t, uint8_t out[4])
{
	return ipv4(t->s, t->len, out) == 0 ? NULL : "";
}

/* Reads one group of 1-4 hex digits at s[*i]. */
static int group(const char *s, size_t len, size_t *i, uint16_t *g)
{
	unsigned v = 0, digits = 0;

	while (*i < len && uni_hex_digit(s[*i]) >= 0) {
		if (++digits > 4)
			return -1;
		v = v << 4 | (unsigned)uni_hex_digit(s[(*i)++]);
	}
	*g = (uint16_t)v;
	return digits ? 0 : -1;
}

/* Parses the groups of an IPv6 address; *gap is where "::" was or -1. */
static int ipv6_groups(const char *s, size_t len, uint16_t g[8], int *ng,
		       int *gap)
{
	size_t i = 0;
	uint8_t v4[4];

	*ng = 0;
	*gap = -1;
	if (len >= 2 && s[0] == ':' && s[1] == ':') {
		*gap = 0;
		i = 2;
	}
	while (i < len) {
		if (*ng >= 8)
			return -1;
		if (memchr(s + i, '.', len - i) != NULL &&
		    memchr(s + i, ':', len - i) == NULL) {
			if (*ng > 6 || ipv4(s + i, len - i, v4) != 0)
				return -1;
			g[(*ng)++] = (uint16_t)(v4[0] << 8 | v4[1]);
			g[(*ng)++] = (uint16_t)(v4[2] << 8 | v4[3]);
			return 0;
		}
		if (group(s, len, &i, &g[(*ng)++]) != 0)
			return -1;
		if (i == len)
			return 0;
		if (s[i++] != ':' || i == len)
			return -1;
		if (s[i] == ':') {
			if (*gap >= 0)
				return -1;
			*gap = *ng;
			i++;
		}
	}
	return 0;
}

const char *ztext_ipv6(const struct ztok *t, uint8_t out[16])
{
	uint16_t g[8], full[8] = {0};
	int ng, gap;

	if (ipv6_groups(t->s, t->len, g, &ng, &gap) != 0)
		return "";
	if ((gap < 0 && ng != 8) || (gap >= 0 && ng > 7))
		return "";
	int tail = gap < 0 ? 0 : ng - gap;
	for (int k = 0; k < ng - tail; k++)
		full[k] = g[k];
	for (int k = 0; k < tail; k++)
		full[8 - tail + k] = g[ng - tail + k];
	for (int k = 0; k < 8; k++) {
		out[2 * k] = (uint8_t)(full[k] >> 8);
		out[2 * k + 1] = (uint8_t)full[k];
	}
	return NULL;
}

const char *ztext_string(const struct ztok *t, uint8_t out[256],
			 size_t *out_len)
{
	size_t n = 0, i = 0;
	uint8_t c;

	while (i < t->len) {
		c = (uint8_t)t->s[i];
		if (c == '\\') {
			if (unescape(t->s, t->len, &i, &c) != 0)
				return "bad escape";
		} else {
			i++;
		}
		if (n == 255)
			return "string longer than 255 octets";
		out[1 + n++] = c;
	}
	out[0] = (uint8_t)n;
	*out_len = n + 1;
	return NULL;
}

const char *ztext_hex(const struct ztok *t, uint8_t *out, size_t cap,
		      size_t *len, int *half)
{
	for (size_t i = 0; i < t->len; i++) {
		int v = uni_hex_digit(t->s[i]);
		if (v < 0)
			return "not a hex digit";
		if (!*half) {
			if (*len >= cap)
				return "more data than the length says";
			out[*len] = (uint8_t)(v << 4);
			*half = 1;
		} else {
			out[(*len)++] |= (uint8_t)v;
			*half = 0;
		}
	}
	return NULL;
}

static int b64val(char ch)
{
	if (ch >= 'A' && ch <= 'Z')
		return ch - 'A';
	if (ch >= 'a' && ch <= 'z')
		return ch - 'a' + 26;
	if (ch >= '0' && ch <= '9')
		return ch - '0' + 52;
	return ch == '+' ? 62 : ch == '/' ? 63 : -1;
}

/* Adds one character to the group; 0, or -1 when it cannot be there. */
static int b64_char(struct zb64 *st, char ch, uint8_t *out, size_t cap,
		    size_t *len)
{
	int v = b64val(ch);

	if (st->pad > 0 && (st->n == 0 || ch != '='))
		return -1; /* nothing after the padding */
	if (ch == '=') {
		if (st->n < 2)
			return -1;
		st->pad++;
		v = 0;
	} else if (v < 0) {
		return -1;
	}
	st->acc = st->acc << 6 | (uint32_t)v;
	if (++st->n < 4)
		return 0;
	if (cap - *len < 3 - st->pad)
		return -1;
	for (unsigned k = 0; k < 3 - st->pad; k++)
		out[(*len)++] = (uint8_t)(st->acc >> (16 - 8 * k));
	st->n = 0;
	st->acc = 0;
	return 0;
}

const char *ztext_base64(const struct ztok *t, struct zb64 *st, uint8_t *out,
			 size_t cap, size_t *len)
{
	for (size_t i = 0; i < t->len; i++)
		if (b64_char(st, t->s[i], out, cap, len) != 0)
			return "not base64 here";
	return NULL;
}

int ztext_base64_done(const struct zb64 *st)
{
	return st->n == 0;
}

const char *ztext_base32hex(const struct ztok *t, uint8_t *out, size_t cap,
			    size_t *len)
{
	uint32_t acc = 0;
	unsigned bits = 0;

	*len = 0;
	for (size_t i = 0; i < t->len; i++) {
		char ch = (char)(t->s[i] | 0x20);
		int v = ch >= '0' && ch <= '9'	 ? ch - '0'
			: ch >= 'a' && ch <= 'v' ? ch - 'a' + 10
						 : -1;
		if (v < 0)
			return "not base32hex";
		acc = (acc << 5 | (uint32_t)v) & 0xfff;
		bits += 5;
		if (bits < 8)
			continue;
		bits -= 8;
		if (*len == cap)
			return "too long";
		out[(*len)++] = (uint8_t)(acc >> bits);
	}
	return NULL;
}

enum dns_zone_err zvfail(char *err, size_t errcap, const char *file,
			 unsigned line, const char *fmt, va_list ap)
{
	int n = snprintf(err, errcap, "%s:%u: ", file, line);

	if (n >= 0 && (size_t)n < errcap)
		vsnprintf(err + n, errcap - (size_t)n, fmt, ap);
	return DNS_ZONE_SYNTAX;
}

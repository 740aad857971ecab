/* SPDX-License-Identifier: ISC */
/*
 * The LOC converter (RFC 1876): latitude and longitude as degrees
 * [minutes [seconds.fraction]] N|S and E|W, altitude in metres, then the
 * optional size, horizontal and vertical precision in metres (defaults 1m,
 * 10000m, 10m), each stored as a mantissa and a power of ten of
 * centimetres. Numbers are read exactly (no floating point); the results
 * are those of NSD's converter.
 */
#include <string.h>

#include "zone_rdata.h"

/* A decimal "int[.frac]" with at most fd fraction digits, scaled by 10^fd;
 * an optional trailing 'm' when unit; -1 when t is not one. */
static int64_t decimal(const struct ztok *t, unsigned fd, int unit,
		       int64_t max_int)
{
	size_t i = 0, len = t->len;
	int64_t ip = 0, fp = 0;
	unsigned nf = 0;

	if (unit && len > 0 && (t->s[len - 1] == 'm' || t->s[len - 1] == 'M'))
		len--;
	while (i < len && t->s[i] >= '0' && t->s[i] <= '9' && ip <= max_int)
		ip = ip * 10 + (t->s[i++] - '0');
	if (i == 0 || ip > max_int)
		return -1;
	if (i < len && t->s[i] == '.') {
		for (i++; i < len && t->s[i] >= '0' && t->s[i] <= '9'; i++) {
			if (++nf > fd)
				return -1;
			fp = fp * 10 + (t->s[i] - '0');
		}
	}
	if (i != len)
		return -1;
	for (; nf < fd; nf++)
		fp *= 10;
	for (unsigned k = 0; k < fd; k++)
		ip *= 10;
	return ip + fp;
}

static int is_hemisphere(const struct ztok *t, const char *pair)
{
	return t != NULL && t->len == 1 &&
	       (t->s[0] == pair[0] || t->s[0] == pair[1] ||
		t->s[0] == pair[2] || t->s[0] == pair[3]);
}

/* d [m [s]] H: 2^31 plus or minus thousandths of arc seconds. */
static enum dns_zone_err coord(struct zrdctx *c, const char *field,
			       const char *hemis, unsigned maxdeg, uint32_t *v)
{
	static const int64_t scale[3] = {3600000, 60000, 1};
	static const int64_t max[3] = {0, 60, 60999}; /* as NSD */
	int64_t total = 0, x;
	const struct ztok *t;
	int k;

	for (k = 0; k < 3; k++) {
		t = zrd_peek(c);
		if (t == NULL || (k > 0 && is_hemisphere(t, hemis)))
			break;
		x = decimal(t, k == 2 ? 3 : 0, 0, k == 0 ? maxdeg : 60);
		if (x < 0 || (k > 0 && x > max[k]) || (k == 0 && x > maxdeg))
			return zrd_expected(c, "degrees, minutes or seconds",
					    field, t, "");
		total += x * scale[k];
		c->i++;
	}
	t = zrd_peek(c);
	if (!is_hemisphere(t, hemis))
		return zrd_expected(c, hemis[0] == 'N' ? "N or S" : "E or W",
				    field, t, "");
	c->i++;
	*v = (t->s[0] | 0x20) == (hemis[0] | 0x20)
		 ? 0x80000000u + (uint32_t)total
		 : 0x80000000u - (uint32_t)total;
	return DNS_ZONE_OK;
}

/* Centimetres as mantissa and exponent (RFC 1876 precsize_aton). */
static uint8_t precision(int64_t cm)
{
	int64_t p = 1;
	unsigned e = 0;

	while (e < 9 && cm >= p * 10) {
		p *= 10;
		e++;
	}
	int64_t m = cm / p;
	return (uint8_t)((m > 9 ? 9 : m) << 4 | e);
}

static enum dns_zone_err altitude(struct zrdctx *c, uint32_t *v)
{
	const struct ztok *t = zrd_peek(c);
	struct ztok u;
	int neg = 0;
	int64_t cm;

	if (t == NULL)
		return zrd_expected(c, "an altitude in metres", "LOC", t, "");
	u = *t;
	if (u.len > 0 && (u.s[0] == '-' || u.s[0] == '+')) {
		neg = u.s[0] == '-';
		u.s++;
		u.len--;
	}
	cm = decimal(&u, 2, 1, 42849672);
	if (cm < 0 || (neg && cm > 10000000) ||
	    (!neg && cm > 0xffffffffLL - 10000000))
		return zrd_expected(c, "an altitude in metres", "LOC", t, "");
	*v = (uint32_t)(10000000 + (neg ? -cm : cm));
	c->i++;
	return DNS_ZONE_OK;
}

enum dns_zone_err zrd_loc(struct zrdctx *c)
{
	static const char *const fields[3] = {
	    "LOC size", "LOC horizontal precision", "LOC vertical precision"};
	uint8_t out[16] = {0, 0x12, 0x16, 0x13};
	uint32_t lat, lon, alt;
	enum dns_zone_err e = coord(c, "LOC latitude", "NnSs", 180, &lat);

	if (!e)
		e = coord(c, "LOC longitude", "EeWw", 180, &lon);
	if (!e)
		e = altitude(c, &alt);
	for (int k = 0; k < 3 && !e && zrd_peek(c) != NULL; k++) {
		int64_t cm = decimal(zrd_peek(c), 2, 1, 90000000);
		if (cm < 0)
			return zrd_expected(c, "metres", fields[k], zrd_peek(c),
					    "");
		out[1 + k] = precision(cm);
		c->i++;
	}
	if (e)
		return e;
	for (int k = 0; k < 4; k++) {
		out[4 + k] = (uint8_t)(lat >> (24 - 8 * k));
		out[8 + k] = (uint8_t)(lon >> (24 - 8 * k));
		out[12 + k] = (uint8_t)(alt >> (24 - 8 * k));
	}
	return zrd_put(c, out, 16, "LOC");
}

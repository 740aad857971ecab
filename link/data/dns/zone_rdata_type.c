/* SPDX-License-Identifier: ISC */
/*
 * The rdata of a record, by type: the converter of each type family
 * (zone_rdata_std.c, zone_rdata_sec.c, zone_rdata_loc.c, zone_rdata_svcb.c)
 * or RFC 3597's generic \# form. Above the families and the field readers
 * they share (zone_rdata.c); every field must be used.
 */
#include "zone_rdata.h"

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
	uint16_t type;
	enum dns_zone_err (*parse)(struct zrdctx *c);
} rtypes[] = {
#define ZTYPE_CONVERTER_(name, type, converter) {type, converter},
    ZONE_TYPES(ZTYPE_CONVERTER_)
#undef ZTYPE_CONVERTER_
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
		return zrd_fail(c,
				"unexpected \"%.*s%s\" after the rdata of %s",
				ZSHOW(t->len, t->s), c->type);
	return DNS_ZONE_OK;
}

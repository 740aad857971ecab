/* SPDX-License-Identifier: ISC */
/*
 * The record types the zone parser knows by mnemonic (RFC 1035, 3596 and
 * later), both ways: ztype_name() and ztype_lookup(), with RFC 3597's
 * TYPEnnn for the others. The types are ZONE_TYPES (zone_int.h), the
 * list zone_rdata_type.c takes the converters from.
 * Below the rdata converters and the checks, which name types in messages.
 */
#include <stdio.h>
#include <string.h>

#include "zone_int.h"

static const struct ztype {
	const char *name;
	uint16_t type;
} ztypes[] = {
#define ZTYPE_NAME_(name, type, converter) {name, type},
    ZONE_TYPES(ZTYPE_NAME_)
#undef ZTYPE_NAME_
};
#define NZTYPES (sizeof(ztypes) / sizeof(ztypes[0]))

/* The mnemonic of a type, or NULL. */
static const struct ztype *name_find(uint16_t type)
{
	for (size_t k = 0; k < NZTYPES; k++)
		if (ztypes[k].type == type)
			return &ztypes[k];
	return NULL;
}

const char *ztype_name(uint16_t type, char *buf, size_t cap)
{
	const struct ztype *zt = name_find(type);

	if (zt != NULL)
		return zt->name;
	snprintf(buf, cap, "TYPE%u", type);
	return buf;
}

int ztype_lookup(const struct ztok *t, uint16_t *type)
{
	struct ztok num;
	uint32_t v;

	for (size_t k = 0; k < NZTYPES; k++) {
		if (strlen(ztypes[k].name) == t->len &&
		    strncasecmp(ztypes[k].name, t->s, t->len) == 0) {
			*type = ztypes[k].type;
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

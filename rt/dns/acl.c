/* SPDX-License-Identifier: ISC */
/*
 * The transfer allow-list: the prefixes of the list, read with the parser
 * that checked the key's value at build (or boot) time, so that what the
 * command accepted is what the image matches.
 */
#include <stdlib.h>
#include <string.h>

#include "config/value.h"
#include "dns/acl.h"

int dns_acl_init(struct dns_acl *a, const char *text)
{
	struct uni_ipv4_prefix one;
	size_t len = text != NULL ? strlen(text) : 0, pos = 0, n = 0;
	int r;

	a->v = NULL;
	a->n = 0;
	while ((r = uni_ipv4_list_next(text, len, &pos, &one)) > 0)
		n++;
	if (r < 0)
		return -1;
	if (n == 0)
		return 0;
	a->v = calloc(n, sizeof(*a->v));
	if (a->v == NULL)
		return -1;
	for (pos = 0; a->n < n; a->n++)
		uni_ipv4_list_next(text, len, &pos, &a->v[a->n]);
	return 0;
}

void dns_acl_fini(struct dns_acl *a)
{
	free(a->v);
	a->v = NULL;
	a->n = 0;
}

static uint32_t be32(const uint8_t b[4])
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

bool dns_acl_allows_ipv4(const struct dns_acl *acl, const uint8_t a[4])
{
	uint32_t addr = be32(a);

	for (size_t i = 0; i < acl->n; i++) {
		unsigned len = acl->v[i].len;
		uint32_t mask = len == 0 ? 0 : 0xffffffffu << (32 - len);
		if ((addr & mask) == (be32(acl->v[i].addr) & mask))
			return true;
	}
	return false;
}

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
	struct uni_ip_prefix one;
	size_t len = text != NULL ? strlen(text) : 0, pos = 0, n = 0;
	int r;

	a->v = NULL;
	a->n = 0;
	while ((r = uni_ip_list_next(text, len, &pos, &one)) > 0)
		n++;
	if (r < 0)
		return -1;
	if (n == 0)
		return 0;
	a->v = calloc(n, sizeof(*a->v));
	if (a->v == NULL)
		return -1;
	for (pos = 0; a->n < n; a->n++)
		uni_ip_list_next(text, len, &pos, &a->v[a->n]);
	return 0;
}

void dns_acl_fini(struct dns_acl *a)
{
	free(a->v);
	a->v = NULL;
	a->n = 0;
}

/* Whether the first len bits of a and p are the same. */
static bool prefix_holds(const uint8_t *p, unsigned len, const uint8_t *a)
{
	unsigned full = len / 8, rest = len % 8;

	if (memcmp(p, a, full) != 0)
		return false;
	if (rest == 0)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return ((p[full] ^ a[full]) & mask) == 0;
}

static bool allows(const struct dns_acl *acl, uint8_t family, const uint8_t *a)
{
	for (size_t i = 0; i < acl->n; i++)
		if (acl->v[i].family == family &&
		    prefix_holds(acl->v[i].addr, acl->v[i].len, a))
			return true;
	return false;
}

bool dns_acl_allows_ipv4(const struct dns_acl *acl, const uint8_t a[4])
{
	return allows(acl, 4, a);
}

bool dns_acl_allows_ipv6(const struct dns_acl *acl, const uint8_t a[16])
{
	return allows(acl, 6, a);
}

bool dns_acl_allows(const struct dns_acl *acl, const struct net_addr *a)
{
	if (a->family == NET_FAMILY_IPV4)
		return dns_acl_allows_ipv4(acl, a->a);
	if (a->family == NET_FAMILY_IPV6)
		return dns_acl_allows_ipv6(acl, a->a);
	return false;
}

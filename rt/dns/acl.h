/* SPDX-License-Identifier: ISC */
/*
 * Who may transfer our zones: a list of IPv4 prefixes (the value of
 * dns.axfr_allow, parsed once at start), matched against a client's
 * address. The empty list admits nobody, as NSD without provide-xfr.
 */
#ifndef UNI_DNS_ACL_H
#define UNI_DNS_ACL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uni/config.h"

struct dns_acl {
	struct uni_ipv4_prefix *v;
	size_t n;
};

/* 0, or -1 when the text is not a list of prefixes or memory runs out. */
int dns_acl_init(struct dns_acl *a, const char *text);
void dns_acl_fini(struct dns_acl *a);

/* Whether a prefix of the list holds the address (a[0] first on the wire). */
bool dns_acl_allows_ipv4(const struct dns_acl *acl, const uint8_t a[4]);

#endif

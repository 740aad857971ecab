/* SPDX-License-Identifier: ISC */
/*
 * Who may transfer our zones: a list of IPv4 and IPv6 prefixes (the value
 * of dns.axfr_allow, parsed once at start), matched against a client's
 * address. The empty list admits nobody, as NSD without provide-xfr.
 *
 * A prefix matches clients of its own family only, as NSD's ACLs do: an
 * IPv6 client whose address is IPv4-mapped (::ffff:a.b.c.d) is not admitted
 * by an IPv4 prefix. Such a source on the wire is not the IPv4 host it
 * names (RFC 4291 2.5.5.2 keeps mapped addresses inside a node's API; a
 * packet carrying one is forged or translated), so admitting it would let
 * anyone on the IPv6 side claim an IPv4 client's right. A list that means
 * to admit them says so with an IPv6 prefix (::ffff:192.0.2.0/120).
 */
#ifndef UNI_DNS_ACL_H
#define UNI_DNS_ACL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/value.h"
#include "uni/net.h"

struct dns_acl {
	struct uni_ip_prefix *v;
	size_t n;
};

/* 0, or -1 when the text is not a list of prefixes or memory runs out. */
int dns_acl_init(struct dns_acl *a, const char *text);
void dns_acl_fini(struct dns_acl *a);

/* Whether a prefix of the list holds the address (a[0] first on the wire). */
bool dns_acl_allows_ipv4(const struct dns_acl *acl, const uint8_t a[4]);
bool dns_acl_allows_ipv6(const struct dns_acl *acl, const uint8_t a[16]);

/* The same for an address of either family (NET_FAMILY_*); other: false. */
bool dns_acl_allows(const struct dns_acl *acl, const struct net_addr *a);

#endif

/* SPDX-License-Identifier: ISC */
/*
 * DNAME redirection (RFC 6672 2.2-3.2): finding the DNAME above a name and
 * substituting its target for the owner suffix of the name.
 *
 * A DNAME occludes the names below its owner (RFC 6672 2.4): the highest
 * DNAME above a name applies, even when the name or nodes between exist.
 * A zone cut at the DNAME's owner or above it delegates the name instead
 * (a DNAME below a cut is not authoritative data); a cut below the DNAME is
 * occluded by it, as NSD 4.6 answers.
 */
#include <string.h>

#include "dns/dname.h"

static int is_cut(const struct dns_zone *z, const struct dns_node *n)
{
	struct dns_rrset ns;

	return n != z->apex && dns_node_rrset(n, DNS_T_NS, &ns);
}

const struct dns_node *dname_find(const struct dns_zone *z,
				  const struct dns_node *ce, int exact,
				  struct dns_rrset *set)
{
	const struct dns_node *found = NULL;
	const uint8_t *p = ce->name;
	struct dns_rrset s;

	if (exact) {
		if (ce == z->apex)
			return NULL;
		p += *p + 1;
	}
	/* Every ancestor of a node up to the origin is a node (zone.h). */
	for (;; p += *p + 1) {
		const struct dns_node *n = dns_zone_find(z, p);
		if (n == NULL)
			break;
		if (dns_node_rrset(n, DNS_T_DNAME, &s)) {
			found = n;
			*set = s;
		}
		if (is_cut(z, n))
			found = NULL;
		if (n == z->apex || *p == 0)
			break;
	}
	return found;
}

/*
 * Does an RR of the zones have name in its rdata (NS, CNAME, MX, ...)? The
 * zone compiler indexed those names, so this costs a binary search a zone.
 */
static int in_rdata(const struct dns_zone_set *zones, const uint8_t *name)
{
	for (size_t i = 0; i < zones->n; i++)
		if (dns_zone_has_rdata_name(&zones->zones[i], name))
			return 1;
	return 0;
}

/*
 * Octets of name before its first suffix that NSD can point at: a node of
 * the zones, or an ancestor of the question that is in NSD's name table
 * (a node or a name in rdata), which points into the question (0: none).
 */
static size_t before_known(const struct dns_zone_set *zones,
			   const uint8_t *qname, const uint8_t *name)
{
	const struct dns_zone *z = dns_zone_set_find(zones, name);

	for (const uint8_t *p = name;; p += *p + 1) {
		if (z != NULL && dns_zone_find(z, p) != NULL)
			return (size_t)(p - name);
		if (dns_name_is_sub(qname, p) && in_rdata(zones, p))
			return (size_t)(p - name);
		if (*p == 0)
			return 0;
	}
}

/*
 * NSD compresses a name only into the names it has: the question as a
 * whole and the nodes of the zones. The labels of a synthesised owner below
 * the DNAME owner (unless it is the question) and those of the target
 * before such a name are written out, so that they keep the lowercase of
 * the synthesis rather than taking the case of the question.
 */
static void spell_like_nsd(struct dname_synth *s,
			   const struct dns_zone_set *zones,
			   const uint8_t *qname, const uint8_t *name,
			   const struct dns_node *owner)
{
	s->owner_literal = 0;
	if (!dns_name_eq(name, qname))
		s->owner_literal =
		    (uint8_t)(dns_name_len(name) - dns_name_len(owner->name));
	s->target_literal =
	    (uint8_t)before_known(zones, qname, dname_target(s));
}

enum dname_result dname_synthesise(struct dname_synth *s,
				   const struct dns_zone_set *zones,
				   const uint8_t *qname, const uint8_t *name,
				   const struct dns_node *owner,
				   const struct dns_rrset *set)
{
	const uint8_t *cur = set->rrs;
	struct dns_rdata rd;
	size_t len = dns_name_len(name), olen = dns_name_len(owner->name);
	size_t tlen, prefix;

	dns_rr_next(&cur, &rd);
	tlen = dns_name_len(rd.p);
	prefix = len - olen;
	if (prefix + tlen > DNS_NAME_MAX)
		return DNAME_TOO_LONG;
	put32(s->rr, rd.ttl);
	put16(s->rr + 4, (uint16_t)(prefix + tlen));
	memcpy(s->rr + 6, name, prefix);
	memcpy(s->rr + 6 + prefix, rd.p, tlen);
	dns_name_lower(s->rr + 6);
	s->cname = (struct dns_rrset){DNS_T_CNAME, 1, s->rr};
	spell_like_nsd(s, zones, qname, name, owner);
	return DNAME_OK;
}

int dname_points_below(const struct dns_node *owner,
		       const struct dns_rrset *set)
{
	const uint8_t *cur = set->rrs;
	struct dns_rdata rd;

	dns_rr_next(&cur, &rd);
	return dns_name_is_sub(rd.p, owner->name);
}

/* SPDX-License-Identifier: ISC */
/*
 * DNAME redirection (RFC 6672) for the answer builder: which DNAME applies
 * to a name, and the CNAME synthesised from it. The owner of the DNAME
 * keeps its own RRsets; a name below it is answered with the DNAME RRset
 * and a CNAME from the name to the name with the owner suffix replaced by
 * the DNAME target, which the answer then follows.
 */
#ifndef UNI_DNS_DNAME_H
#define UNI_DNS_DNAME_H

#include "dns/zone.h"

/* A synthesised CNAME RR: TTL, RDLENGTH, then the target name. */
#define DNAME_SYNTH_RR_MAX (4 + 2 + DNS_NAME_MAX)

struct dname_synth {
	uint8_t rr[DNAME_SYNTH_RR_MAX];
	struct dns_rrset cname; /* one RR: rr */
	/*
	 * Octets of the owner and of the target that NSD writes without
	 * compression: the labels of names it makes up for the answer.
	 */
	uint8_t owner_literal, target_literal;
};

/*
 * The DNAME that redirects a name of z whose closest encloser is ce (exact:
 * the name is ce): the highest node strictly above the name that holds a
 * DNAME, unless a zone cut at or above that node delegates the name. Sets
 * *set to its DNAME RRset; NULL when no DNAME applies.
 */
const struct dns_node *dname_find(const struct dns_zone *z,
				  const struct dns_node *ce, int exact,
				  struct dns_rrset *set);

/* Results of dname_synthesise(). */
enum dname_result {
	DNAME_OK,
	DNAME_TOO_LONG, /* the substituted name exceeds 255 octets */
};

/*
 * Synthesises into s the CNAME for name, below the DNAME owner with the
 * DNAME RRset set (RFC 6672 2.2): the target is name with the owner suffix
 * replaced by the first DNAME's target, lowercased (as NSD keeps names),
 * and the TTL is that DNAME's. qname is the question's name and zones the
 * zones served (which names NSD would compress, see owner_literal).
 */
enum dname_result dname_synthesise(struct dname_synth *s,
				   const struct dns_zone_set *zones,
				   const uint8_t *qname, const uint8_t *name,
				   const struct dns_node *owner,
				   const struct dns_rrset *set);

/* The target of a synthesised CNAME. */
static inline const uint8_t *dname_target(const struct dname_synth *s)
{
	return s->rr + 6;
}

/* Does the DNAME point at its owner or below (a loop when seen twice)? */
int dname_points_below(const struct dns_node *owner,
		       const struct dns_rrset *set);

#endif

/* SPDX-License-Identifier: ISC */
/*
 * Answering a well-formed query from the zones.
 *
 * Algorithm: find the zone with the longest origin above the name; find the
 * closest encloser (every ancestor of a name in a zone is a node, so that is
 * the first node found while stripping labels); a node with NS between it
 * and the apex is a zone cut: refer. Otherwise answer authoritatively: the
 * exact node, or the wildcard child of the closest encloser (RFC 4592), or
 * NXDOMAIN; follow a CNAME by looking its target up again, across the
 * zones we serve, until a loop (an RRset already in the answer) or a name
 * outside them. A name below a DNAME owner (dname.c) gets the DNAME RRset
 * and a synthesised CNAME, followed the same way. Each RRset is collected with
 * its section; NS, MX, KX, RT and SRV targets pull their A/AAAA into the
 * additional section. Encoding then writes the sections in order: an answer or
 * authority RRset that does not fit sets TC and ends the message; an optional
 * one (the zone's NS and additional data) is left out and ends the optional
 * sections.
 */
#include <string.h>

#include "dns/answer.h"
#include "dns/dname.h"

enum sec { SEC_ANSWER, SEC_AUTH, SEC_OPT_AUTH, SEC_ADD_A, SEC_ADD_AAAA, SEC_N };

struct item {
	uint8_t sec, neg;
	const uint8_t *owner;
	const struct dns_node *node;
	struct dns_rrset set;
	uint32_t neg_ttl;
	const struct dname_synth *synth; /* a CNAME synthesised from a DNAME */
};

#define ITEMS_MAX 128
#define CNAME_MAX 32
#define SYNTH_MAX 16 /* CNAMEs synthesised from DNAMEs */

struct answer {
	const struct dns_zone_set *zones;
	const struct dns_zone *zone;
	const uint8_t *qname;
	uint16_t qtype, qclass;
	struct item items[ITEMS_MAX];
	unsigned n, cnames, nsynth;
	int aa, rcode, ede;
	const char *ede_text;
	enum ans_outcome outcome;
	/* The first wildcard answered from, and the cut referred to. */
	const uint8_t *wild, *cut;
	struct dname_synth synth[SYNTH_MAX];
	int client_ipv6;
};

static int same_item(const struct item *it, const uint8_t *owner,
		     const struct dns_node *node, uint16_t type, int neg)
{
	return it->node == node && it->set.type == type && it->neg == neg &&
	       dns_name_eq(it->owner, owner);
}

/* Adds an RRset to a section; 1 if added or moved to an earlier section. */
static int add_item(struct answer *a, enum sec sec, const uint8_t *owner,
		    const struct dns_node *node, const struct dns_rrset *set,
		    int neg)
{
	for (unsigned i = 0; i < a->n; i++) {
		struct item *it = &a->items[i];
		if (!same_item(it, owner, node, set->type, neg))
			continue;
		if (sec >= it->sec)
			return 0;
		it->sec = (uint8_t)sec;
		return 1;
	}
	if (a->n == ITEMS_MAX)
		return 0;
	a->items[a->n++] = (struct item){.sec = (uint8_t)sec,
					 .neg = (uint8_t)neg,
					 .owner = owner,
					 .node = node,
					 .set = *set,
					 .neg_ttl = a->zone->neg_ttl};
	return 1;
}

/* The node of name, or of its closest ancestor in z (*exact says which). */
static const struct dns_node *closest(const struct dns_zone *z,
				      const uint8_t *name, int *exact)
{
	*exact = 1;
	for (const uint8_t *p = name;; p += *p + 1) {
		const struct dns_node *n = dns_zone_find(z, p);
		if (n != NULL)
			return n;
		if (*p == 0)
			return NULL;
		*exact = 0;
	}
}

/* The lowest node with NS at or above name, below the apex of z. */
static const struct dns_node *find_cut(const struct dns_zone *z,
				       const uint8_t *name)
{
	struct dns_rrset ns;

	for (const uint8_t *p = name; *p != 0 && !dns_name_eq(p, z->origin);
	     p += *p + 1) {
		const struct dns_node *n = dns_zone_find(z, p);
		if (n != NULL && dns_node_rrset(n, DNS_T_NS, &ns))
			return n;
	}
	return NULL;
}

static const struct dns_node *wildcard_child(const struct dns_zone *z,
					     const struct dns_node *ce)
{
	uint8_t wild[DNS_NAME_MAX];
	size_t len = dns_name_len(ce->name);

	if (len + 2 > DNS_NAME_MAX)
		return NULL;
	wild[0] = 1;
	wild[1] = '*';
	memcpy(wild + 2, ce->name, len);
	return dns_zone_find(z, wild);
}

/*
 * A/AAAA of the target names in an NS, MX or SRV RRset (as NSD does). For
 * a client on IPv6, NSD lists an NS target's AAAA in the section of A and
 * its A after (its swap_aaaa_additional_rr_types); other targets keep the
 * order.
 */
static void additional(struct answer *a, const struct dns_rrset *set, int off,
		       int allow_glue)
{
	static const uint16_t types[2] = {DNS_T_A, DNS_T_AAAA};
	const uint8_t *cur = set->rrs;
	struct dns_rdata rd;
	struct dns_rrset addr;
	int exact, swap = allow_glue && a->client_ipv6;

	for (unsigned i = 0; i < set->count; i++) {
		dns_rr_next(&cur, &rd);
		const uint8_t *target = rd.p + off;
		if (!dns_name_is_sub(target, a->zone->origin))
			continue;
		if (!allow_glue && find_cut(a->zone, target) != NULL)
			continue;
		const struct dns_node *n = closest(a->zone, target, &exact);
		if (n != NULL && !exact)
			n = wildcard_child(a->zone, n);
		for (int t = 0; n != NULL && t < 2; t++)
			if (dns_node_rrset(n, types[t], &addr))
				add_item(a, SEC_ADD_A + (swap ? 1 - t : t),
					 target, n, &addr, 0);
	}
}

static int add_rrset(struct answer *a, enum sec sec, const uint8_t *owner,
		     const struct dns_node *node, const struct dns_rrset *set)
{
	int r = add_item(a, sec, owner, node, set, 0);

	if (set->type == DNS_T_NS)
		additional(a, set, 0, 1);
	else if (set->type == DNS_T_MX || set->type == 36 /* KX */ ||
		 set->type == 21 /* RT */)
		additional(a, set, 2, 0);
	else if (set->type == DNS_T_SRV)
		additional(a, set, 6, 0);
	return r;
}

static void soa(struct answer *a)
{
	struct dns_rrset set;

	if (a->qclass != DNS_C_ANY &&
	    dns_node_rrset(a->zone->apex, DNS_T_SOA, &set))
		add_item(a, SEC_AUTH, a->zone->apex->name, a->zone->apex, &set,
			 1);
}

static void nodata(struct answer *a)
{
	if (a->cnames == 0)
		a->outcome = ANS_NODATA;
	soa(a);
}

/* The zone's NS RRset in the authority section of a positive answer. */
static void zone_ns(struct answer *a)
{
	struct dns_rrset ns;

	if (a->qclass == DNS_C_ANY || a->qtype == DNS_T_DS ||
	    a->qtype == DNS_T_DNSKEY || a->qtype == DNS_T_ANY)
		return;
	if (dns_node_rrset(a->zone->apex, DNS_T_NS, &ns))
		add_rrset(a, SEC_OPT_AUTH, a->zone->apex->name, a->zone->apex,
			  &ns);
}

static int any_preferred(uint16_t t)
{
	return t == DNS_T_A || t == DNS_T_AAAA || t == DNS_T_SOA ||
	       t == DNS_T_MX || t == DNS_T_PTR;
}

/* NSEC3 records belong to their hashed names, never to ANY (as NSD). */
static int any_skipped(uint16_t t)
{
	return t == DNS_T_NSEC3;
}

static int any_unwanted(uint16_t t)
{
	return t == DNS_T_DNSKEY || t == DNS_T_RRSIG || t == 47 /* NSEC */;
}

/*
 * RFC 8482 4.1: one RRset for ANY. Like NSD: the first popular small type
 * (A, AAAA, SOA, MX, PTR) in zone-file order, else the last other type,
 * else the last DNSSEC type.
 */
static int any_rrset(const struct dns_node *n, struct dns_rrset *out)
{
	struct dns_rrset s;
	int normal = 0, unwanted = 0;
	struct dns_rrset last_normal, last_unwanted;

	for (unsigned i = 0; i < dns_node_nrrsets(n); i++) {
		dns_node_rrset_at(n, i, &s);
		if (any_skipped(s.type))
			continue;
		if (any_preferred(s.type)) {
			*out = s;
			return 1;
		}
		if (any_unwanted(s.type)) {
			last_unwanted = s;
			unwanted = 1;
		} else {
			last_normal = s;
			normal = 1;
		}
	}
	if (normal)
		*out = last_normal;
	else if (unwanted)
		*out = last_unwanted;
	return normal || unwanted;
}

static void lookup(struct answer *a, const uint8_t *name);

static void follow_cname(struct answer *a, const struct dns_rrset *set)
{
	const uint8_t *cur = set->rrs;
	struct dns_rdata rd;

	if (++a->cnames > CNAME_MAX)
		return;
	dns_rr_next(&cur, &rd);
	lookup(a, rd.p);
}

/* Answers from a node (exact or wildcard) for the name owner. */
static void answer_node(struct answer *a, const struct dns_node *n,
			const uint8_t *owner)
{
	struct dns_rrset set;

	if (a->qtype == DNS_T_ANY) {
		if (!any_rrset(n, &set)) {
			nodata(a);
			return;
		}
		add_rrset(a, SEC_ANSWER, owner, n, &set);
	} else if (a->qtype == DNS_T_NSEC3) {
		nodata(a);
	} else if (dns_node_rrset(n, a->qtype, &set)) {
		add_rrset(a, SEC_ANSWER, owner, n, &set);
		zone_ns(a);
	} else if (dns_node_rrset(n, DNS_T_CNAME, &set)) {
		if (add_rrset(a, SEC_ANSWER, owner, n, &set))
			follow_cname(a, &set);
	} else {
		nodata(a);
	}
}

static void authoritative(struct answer *a, const uint8_t *name, int exact,
			  const struct dns_node *ce)
{
	const struct dns_node *wild;

	a->aa = a->qclass != DNS_C_ANY;
	if (exact) {
		answer_node(a, ce, name);
		return;
	}
	wild = wildcard_child(a->zone, ce);
	if (wild != NULL) {
		if (a->wild == NULL)
			a->wild = wild->name;
		answer_node(a, wild, name);
		return;
	}
	a->rcode = DNS_R_NXDOMAIN;
	if (a->cnames == 0)
		a->outcome = ANS_NXDOMAIN;
	soa(a);
}

static void referral(struct answer *a, const struct dns_node *cut)
{
	struct dns_rrset ns;

	a->aa = a->cnames != 0;
	if (a->cnames == 0)
		a->outcome = ANS_REFERRAL;
	if (a->cut == NULL)
		a->cut = cut->name;
	dns_node_rrset(cut, DNS_T_NS, &ns);
	add_rrset(a, SEC_AUTH, cut->name, cut, &ns);
}

/* DS is the parent's data: at a child apex use the parent zone if ours. */
static const struct dns_zone *
ds_zone(struct answer *a, const struct dns_zone *z, const uint8_t *name)
{
	const struct dns_zone *parent;

	if (a->qtype != DNS_T_DS || !dns_name_eq(name, z->origin) || *name == 0)
		return z;
	parent = dns_zone_set_find(a->zones, name + *name + 1);
	return parent != NULL ? parent : z;
}

/* Is the CNAME from owner to target in the answer already (NSD's loop test)? */
static int has_cname(const struct answer *a, const uint8_t *owner,
		     const uint8_t *target)
{
	for (unsigned i = 0; i < a->n; i++) {
		const struct item *it = &a->items[i];
		const uint8_t *cur = it->set.rrs;
		struct dns_rdata rd;
		if (it->sec != SEC_ANSWER || it->neg ||
		    it->set.type != DNS_T_CNAME || it->set.count != 1 ||
		    !dns_name_eq(it->owner, owner))
			continue;
		dns_rr_next(&cur, &rd);
		if (dns_name_eq(rd.p, target))
			return 1;
	}
	return 0;
}

/*
 * RFC 6672 3.2: the DNAME RRset, the CNAME synthesised for name, then the
 * lookup of its target. Like NSD: a DNAME seen again that points below
 * itself, or a synthesised CNAME seen again, ends the chain; a name too
 * long after substitution is YXDOMAIN with an Extended DNS Error; a CNAME
 * query gets the synthesised CNAME as its answer.
 */
static void dname(struct answer *a, const uint8_t *name,
		  const struct dns_node *owner, const struct dns_rrset *set)
{
	struct dname_synth *s;

	a->aa = a->qclass != DNS_C_ANY;
	if (!add_item(a, SEC_ANSWER, owner->name, owner, set, 0) &&
	    dname_points_below(owner, set))
		return;
	if (a->nsynth == SYNTH_MAX)
		return;
	s = &a->synth[a->nsynth];
	a->cnames++;
	if (dname_synthesise(s, a->zones, a->qname, name, owner, set) !=
	    DNAME_OK) {
		a->rcode = DNS_R_YXDOMAIN;
		a->ede = DNS_EDE_OTHER;
		a->ede_text = "DNAME expansion became too large";
		return;
	}
	if (has_cname(a, name, dname_target(s)) ||
	    !add_item(a, SEC_ANSWER, name, NULL, &s->cname, 0))
		return;
	a->items[a->n - 1].synth = s; /* appended: not in the answer yet */
	a->nsynth++;
	if (a->qtype != DNS_T_CNAME && a->cnames <= CNAME_MAX)
		lookup(a, dname_target(s));
}

/*
 * A name whose only data is NSEC3 (and the RRSIGs of it) does not exist
 * for queries, of any type: NSD keeps such hashed names apart from the
 * others (RFC 5155 7.2.8: they are not part of the zone's namespace). The
 * name is then below its parent node (which may have a wildcard child).
 */
static int nsec3_only(const struct dns_node *n)
{
	struct dns_rrset set;
	int nsec3 = 0;

	for (unsigned i = 0; i < dns_node_nrrsets(n); i++) {
		dns_node_rrset_at(n, i, &set);
		if (set.type == DNS_T_NSEC3)
			nsec3 = 1;
		else if (set.type != DNS_T_RRSIG)
			return 0;
	}
	return nsec3;
}

static void lookup(struct answer *a, const uint8_t *name)
{
	struct dns_rrset dn;
	const struct dns_node *owner;
	const struct dns_zone *z = dns_zone_set_find(a->zones, name);
	const struct dns_node *ce, *cut;
	int exact;

	if (z == NULL) {
		if (a->cnames == 0) {
			a->rcode = DNS_R_REFUSED;
			a->ede = DNS_EDE_NOT_AUTHORITATIVE;
			a->outcome = ANS_REFUSED;
		}
		return;
	}
	a->zone = z = ds_zone(a, z, name);
	ce = closest(z, name, &exact);
	if (ce == NULL)
		return;
	if (exact && ce != z->apex && nsec3_only(ce)) {
		ce = dns_zone_find(z, ce->name + *ce->name + 1);
		exact = 0;
	}
	if (a->qtype == DNS_T_DS && exact && ce == z->apex) {
		a->aa = a->qclass != DNS_C_ANY;
		nodata(a);
		return;
	}
	owner = dname_find(z, ce, exact, &dn);
	if (owner != NULL) {
		dname(a, name, owner, &dn);
		return;
	}
	cut = find_cut(z, ce->name);
	if (cut != NULL && !(exact && a->qtype == DNS_T_DS && cut == ce))
		referral(a, cut);
	else
		authoritative(a, name, exact, ce);
}

/* Rdata with the names of NS, CNAME, PTR, MX and SOA compressed. */
static int put_rdata(struct dns_writer *w, const struct item *it,
		     const struct dns_rdata *rd)
{
	if (it->synth != NULL)
		return dns_w_name_literal(w, rd->p, it->synth->target_literal);
	return dns_w_rdata(w, it->set.type, rd->p, rd->len);
}

static int put_item(struct dns_writer *w, const struct item *it)
{
	const uint8_t *cur = it->set.rrs;
	struct dns_rdata rd;

	for (unsigned i = 0; i < it->set.count; i++) {
		dns_rr_next(&cur, &rd);
		if (dns_w_name_literal(w, it->owner,
				       it->synth ? it->synth->owner_literal
						 : 0) != 0 ||
		    dns_w_u16(w, it->set.type) != 0 ||
		    dns_w_u16(w, DNS_C_IN) != 0 ||
		    dns_w_u32(w, it->neg ? it->neg_ttl : rd.ttl) != 0 ||
		    dns_w_u16(w, 0) != 0)
			return -1;
		size_t at = w->len;
		if (put_rdata(w, it, &rd) != 0)
			return -1;
		dns_w_put16(w, at - 2, (uint16_t)(w->len - at));
	}
	return 0;
}

/* Writes the sections; returns 1 when TC must be set. */
static int put_sections(struct dns_writer *w, const struct answer *a,
			uint16_t count[SEC_N])
{
	int done = 0;

	for (unsigned sec = 0; sec < SEC_N && !done; sec++) {
		for (unsigned i = 0; i < a->n; i++) {
			const struct item *it = &a->items[i];
			size_t mark = w->len;
			if (it->sec != sec)
				continue;
			if (put_item(w, it) == 0) {
				count[sec] =
				    (uint16_t)(count[sec] + it->set.count);
				continue;
			}
			dns_w_rewind(w, mark);
			if (sec <= SEC_AUTH)
				return 1;
			done = 1;
		}
	}
	return 0;
}

#define EDNS_OPT_EDE 15

int dns_put_opt(struct dns_writer *w, uint16_t size, uint8_t ext_rcode,
		uint16_t flags, int ede, const char *text)
{
	size_t mark = w->len;
	size_t tlen = text != NULL ? strlen(text) : 0;

	if (dns_w_u8(w, 0) != 0 || dns_w_u16(w, DNS_T_OPT) != 0 ||
	    dns_w_u16(w, size) != 0 || dns_w_u8(w, ext_rcode) != 0 ||
	    dns_w_u8(w, 0) != 0 || dns_w_u16(w, flags & DNS_EDNS_DO) != 0)
		goto full;
	if (ede != DNS_EDE_NONE && w->cap - w->len >= 8 + tlen) {
		/*
		 * RDLENGTH, then OPTION-CODE, OPTION-LENGTH, INFO-CODE and
		 * EXTRA-TEXT.
		 */
		dns_w_u16(w, (uint16_t)(6 + tlen));
		dns_w_u16(w, EDNS_OPT_EDE);
		dns_w_u16(w, (uint16_t)(2 + tlen));
		dns_w_u16(w, (uint16_t)ede);
		return tlen == 0 ? 0 : dns_w_bytes(w, text, tlen);
	}
	/* Without room for the EDE option, NSD leaves it out. */
	if (dns_w_u16(w, 0) == 0)
		return 0;
full:
	dns_w_rewind(w, mark);
	return -1;
}

/*
 * How NSD's RRL classifies the response (its rrl_classify()): by RCODE,
 * then referral, QTYPE ANY or RRSIG, wildcard, no answer records, QTYPE
 * DNSKEY, else positive.
 */
static struct ans_kind classify(const struct answer *a, uint16_t ancount)
{
	const uint8_t *zone = a->zone != NULL ? a->zone->origin : NULL;
	struct ans_kind k = {ANS_KIND_POSITIVE, 1, NULL};

	if (a->rcode == DNS_R_NXDOMAIN)
		k = (struct ans_kind){ANS_KIND_NXDOMAIN, 0, zone};
	else if (a->rcode != DNS_R_NOERROR)
		k = (struct ans_kind){ANS_KIND_ERROR, 0, zone};
	else if (a->cut != NULL)
		k = (struct ans_kind){ANS_KIND_REFERRAL, 0, a->cut};
	else if (a->qtype == DNS_T_ANY)
		k.kind = ANS_KIND_ANY;
	else if (a->qtype == DNS_T_RRSIG)
		k.kind = ANS_KIND_RRSIG;
	else if (a->wild != NULL)
		k = (struct ans_kind){ANS_KIND_WILDCARD, 0, a->wild};
	else if (ancount == 0)
		k = (struct ans_kind){ANS_KIND_NODATA, 0, zone};
	else if (a->qtype == DNS_T_DNSKEY)
		k.kind = ANS_KIND_DNSKEY;
	return k;
}

static size_t encode(const struct answer *a, const struct dns_request *req,
		     uint16_t edns_size, uint8_t *resp, int *tc,
		     struct ans_kind *kind)
{
	struct dns_writer w;
	uint16_t count[SEC_N] = {0};
	struct dns_hdr h;

	dns_w_init(&w, resp, req->limit - (req->edns ? DNS_OPT_LEN : 0));
	w.len = DNS_HDR_LEN;
	dns_w_name(&w, req->q.name, 0);
	dns_w_u16(&w, req->q.qtype);
	dns_w_u16(&w, req->q.qclass);
	*tc = put_sections(&w, a, count);
	w.cap = req->limit;
	if (req->edns)
		dns_put_opt(&w, edns_size, 0, req->opt.flags, a->ede,
			    a->ede_text);
	h.id = req->h.id;
	h.flags = (uint16_t)(DNS_F_QR | (req->h.flags & DNS_F_RD) |
			     (a->aa ? DNS_F_AA : 0) | (*tc ? DNS_F_TC : 0) |
			     (a->rcode & 0xf));
	h.qdcount = 1;
	h.ancount = count[SEC_ANSWER];
	h.nscount = (uint16_t)(count[SEC_AUTH] + count[SEC_OPT_AUTH]);
	h.arcount = (uint16_t)(count[SEC_ADD_A] + count[SEC_ADD_AAAA] +
			       (req->edns ? 1 : 0));
	dns_hdr_write(resp, &h);
	*kind = classify(a, h.ancount);
	return w.len;
}

size_t dns_answer_build(const struct dns_zone_set *zones,
			const struct dns_request *req, uint16_t edns_size,
			uint8_t *resp, enum ans_outcome *outcome, int *tc,
			struct ans_kind *kind)
{
	struct answer a;

	a.zones = zones;
	a.zone = NULL;
	a.client_ipv6 = req->client_ipv6;
	a.qname = req->q.name;
	a.qtype = req->q.qtype;
	a.qclass = req->q.qclass;
	a.n = 0;
	a.cnames = 0;
	a.nsynth = 0;
	a.ede_text = NULL;
	a.aa = 0;
	a.rcode = DNS_R_NOERROR;
	a.ede = DNS_EDE_NONE;
	a.outcome = ANS_ANSWER;
	a.wild = NULL;
	a.cut = NULL;
	lookup(&a, req->q.name);
	*outcome = a.outcome;
	return encode(&a, req, edns_size, resp, tc, kind);
}

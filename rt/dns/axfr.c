/* SPDX-License-Identifier: ISC */
/*
 * Zone transfer messages, packed as NSD 4.6's query_axfr() packs them.
 *
 * Algorithm: the first message holds the question (whose name later names
 * point into) and the SOA. Then the RRs of every node in canonical order,
 * RRset by RRset (the apex's SOA left out), are added to the message until
 * one does not fit in 16384 octets (less the OPT of a first message, which
 * goes in after them); the next message starts with that RR. A message's
 * first RR may take up to 65535 octets: it is sent alone when it is longer
 * than the limit. After the last node the SOA closes the transfer, in a
 * message of its own when the last one is full. Names are compressed as NSD
 * compresses them (owners and the names of NS, CNAME, PTR, MX and SOA,
 * pointing at the first spelling in the message), each message afresh.
 */
#include <string.h>

#include "dns/answer.h"
#include "dns/axfr.h"

#define MSG_BIG 65535u
/* Every label written in the first 16 KiB of a message (2 octets or more). */
#define COMP_TABLE (0x4000u / 2)

static uint16_t comp_table[COMP_TABLE];

void dns_axfr_start(struct dns_axfr *x, const struct dns_zone *z,
		    const struct dns_hdr *h, const struct dns_question *q,
		    int edns, uint16_t edns_size, uint16_t edns_flags,
		    int soa_only)
{
	memset(x, 0, sizeof(*x));
	x->zone = z;
	x->first = 1;
	x->soa_only = soa_only;
	x->id = h->id;
	x->flags = h->flags & DNS_F_RD;
	x->q = *q;
	x->edns = edns;
	x->edns_size = edns_size;
	x->edns_flags = edns_flags;
}

/* One RR, whole or not at all (the names it wrote forgotten). */
static int put_rr(struct dns_writer *w, const uint8_t *owner, uint16_t type,
		  const struct dns_rdata *rd)
{
	size_t mark = w->len, at;

	if (dns_w_name(w, owner, 1) != 0 || dns_w_u16(w, type) != 0 ||
	    dns_w_u16(w, DNS_C_IN) != 0 || dns_w_u32(w, rd->ttl) != 0 ||
	    dns_w_u16(w, 0) != 0)
		goto full;
	at = w->len;
	if (dns_w_rdata(w, type, rd->p, rd->len) != 0)
		goto full;
	dns_w_put16(w, at - 2, (uint16_t)(w->len - at));
	return 0;
full:
	dns_w_rewind(w, mark);
	return -1;
}

static int put_soa(struct dns_writer *w, const struct dns_zone *z)
{
	struct dns_rrset soa;
	struct dns_rdata rd;
	const uint8_t *cur;

	if (!dns_node_rrset(z->apex, DNS_T_SOA, &soa))
		return -1;
	cur = soa.rrs;
	dns_rr_next(&cur, &rd);
	return put_rr(w, z->apex->name, DNS_T_SOA, &rd);
}

/*
 * Adds an RR to a message that holds total RRs: 0 when it was added and the
 * message may take more, 1 when it was added and ends the message (a first
 * RR over the limit), -1 when it does not fit.
 */
static int add_rr(struct dns_writer *w, unsigned total, const uint8_t *owner,
		  uint16_t type, const struct dns_rdata *rd)
{
	size_t limit = w->cap;
	int r;

	if (total > 0)
		return put_rr(w, owner, type, rd);
	w->cap = MSG_BIG - (DNS_AXFR_MSG_MAX - limit);
	r = put_rr(w, owner, type, rd);
	w->cap = limit;
	if (r != 0)
		return -1;
	return w->len > limit ? 1 : 0;
}

/* The RRs of the zone from where x stands; 1 when all of them are in. */
static int put_zone(struct dns_axfr *x, struct dns_writer *w, unsigned *total)
{
	const struct dns_zone *z = x->zone;
	struct dns_rrset set;
	struct dns_rdata rd;
	const uint8_t *cur;

	for (; x->node < z->nnodes; x->node++, x->rrset = 0, x->rr = 0) {
		const struct dns_node *n = &z->nodes[x->node];
		for (; x->rrset < dns_node_nrrsets(n); x->rrset++, x->rr = 0) {
			dns_node_rrset_at(n, x->rrset, &set);
			if (n == z->apex && set.type == DNS_T_SOA)
				continue;
			cur = set.rrs;
			for (unsigned i = 0; i < x->rr; i++)
				dns_rr_next(&cur, &rd);
			for (; x->rr < set.count; x->rr++) {
				dns_rr_next(&cur, &rd);
				int r =
				    add_rr(w, *total, n->name, set.type, &rd);
				if (r < 0)
					return 0;
				(*total)++;
				if (r > 0) {
					x->rr++;
					return 0;
				}
			}
		}
	}
	return 1;
}

/* The closing SOA; 1 when it is in. */
static int put_last(struct dns_axfr *x, struct dns_writer *w, unsigned *total)
{
	size_t limit = w->cap;
	int r;

	if (*total == 0)
		w->cap = MSG_BIG - (DNS_AXFR_MSG_MAX - limit);
	r = put_soa(w, x->zone);
	w->cap = limit;
	if (r != 0)
		return 0;
	(*total)++;
	return 1;
}

static void finish(const struct dns_axfr *x, struct dns_writer *w,
		   unsigned total, int first)
{
	struct dns_hdr h = {x->id,
			    (uint16_t)(DNS_F_QR | DNS_F_AA | x->flags),
			    (uint16_t)(first ? 1 : 0),
			    (uint16_t)total,
			    0,
			    0};

	w->cap = DNS_AXFR_MSG_MAX;
	if (first && x->edns &&
	    dns_put_opt(w, x->edns_size, 0, x->edns_flags, DNS_EDE_NONE,
			NULL) == 0)
		h.arcount = 1;
	dns_hdr_write(w->p, &h);
}

size_t dns_axfr_next(struct dns_axfr *x, uint8_t *resp, size_t resp_cap)
{
	struct dns_writer w;
	unsigned total = 0;
	int first = x->first, done;

	if (x->zone == NULL || resp_cap < MSG_BIG)
		return 0;
	dns_w_init_table(&w, resp, DNS_AXFR_MSG_MAX, comp_table, COMP_TABLE);
	if (first) /* NSD keeps room for an OPT, even when none is sent */
		w.cap -= DNS_OPT_LEN;
	w.len = DNS_HDR_LEN;
	if (first) {
		dns_w_name(&w, x->q.name, 1);
		dns_w_u16(&w, x->q.qtype);
		dns_w_u16(&w, x->q.qclass);
		if (put_soa(&w, x->zone) == 0)
			total++;
		x->first = 0;
	}
	done =
	    x->soa_only || (put_zone(x, &w, &total) && put_last(x, &w, &total));
	finish(x, &w, total, first);
	if (done)
		x->zone = NULL;
	return w.len;
}

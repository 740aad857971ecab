/* SPDX-License-Identifier: ISC */
/*
 * The server's entry point: checks a query once, at the boundary, in the
 * order NSD does (header, question, opcode, counts, additional records,
 * EDNS version, class), answers the errors itself with one counter per
 * reason, and hands a well-formed query to dns_answer_build() - or to the
 * memo of earlier answers, patching in the ID, RD and the name's case.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "dns/answer.h"
#include "dns/memo.h"
#include "dns/server.h"

#define EDNS_SIZE_DEFAULT 1232
#define MEMO_SLOTS_DEFAULT 1024
#define OPCODE_BITS 0x7800u

int dns_server_init(struct dns_server *s, const struct dns_zone_set *zones,
		    const struct dns_server_opts *opts)
{
	memset(s, 0, sizeof(*s));
	s->zones = zones;
	s->edns_size = EDNS_SIZE_DEFAULT;
	if (opts != NULL && opts->edns_size >= DNS_UDP_MIN)
		s->edns_size = opts->edns_size;
	if (opts != NULL && opts->no_memo)
		return 0;
	s->memo =
	    dns_memo_new(opts != NULL && opts->memo_slots ? opts->memo_slots
							  : MEMO_SLOTS_DEFAULT);
	return s->memo != NULL ? 0 : -1;
}

void dns_server_fini(struct dns_server *s)
{
	dns_memo_free(s->memo);
	s->memo = NULL;
}

/* A header-only reply (no question), as NSD's query_error(). */
static size_t header_reply(uint8_t *resp, uint16_t id, uint16_t flags,
			   unsigned rcode)
{
	struct dns_hdr h = {
	    id, (uint16_t)((flags & ~0xfu) | DNS_F_QR | rcode), 0, 0, 0, 0};

	dns_hdr_write(resp, &h);
	return DNS_HDR_LEN;
}

static size_t formerr(struct dns_server *s, uint8_t *resp,
		      const struct dns_hdr *h, uint16_t keep)
{
	s->stats.formerr++;
	return header_reply(resp, h->id, h->flags & keep, DNS_R_FORMERR);
}

/*
 * An error reply with an OPT when the query had one: BADVERS (with the
 * question, as NSD 4.6) or a refused class (without).
 */
static size_t opt_reply(const struct dns_server *s, uint8_t *resp,
			const struct dns_request *req, uint16_t flags,
			unsigned rcode, uint8_t ext_rcode, int question)
{
	struct dns_writer w;
	struct dns_hdr h = {req->h.id,
			    (uint16_t)(flags | DNS_F_QR | rcode),
			    question ? 1 : 0,
			    0,
			    0,
			    0};

	dns_w_init(&w, resp, DNS_UDP_MIN);
	w.len = DNS_HDR_LEN;
	if (question) {
		dns_w_name(&w, req->q.name, 0);
		dns_w_u16(&w, req->q.qtype);
		dns_w_u16(&w, req->q.qclass);
	}
	if (req->edns) {
		dns_put_opt(&w, s->edns_size, ext_rcode, req->opt.flags);
		h.arcount = 1;
	}
	dns_hdr_write(resp, &h);
	return w.len;
}

/* The additional section of a query: at most one OPT, nothing else. */
static int read_additional(struct dns_bytes msg, size_t off,
			   struct dns_request *req)
{
	struct dns_rr rr;

	req->edns = 0;
	for (unsigned i = 0; i < req->h.arcount; i++) {
		if (dns_rr_read(msg, &off, &rr) != DNS_OK || req->edns ||
		    dns_opt_from_rr(&rr, &req->opt) != DNS_OK)
			return -1;
		req->edns = 1;
	}
	return 0;
}

enum verdict { V_DROP, V_REPLY, V_ANSWER };

/* Validates the query; V_REPLY when *len holds an error reply. */
static enum verdict check(struct dns_server *s, struct dns_bytes msg,
			  struct dns_request *req, uint8_t *resp, size_t *len)
{
	size_t off = DNS_HDR_LEN;
	const struct dns_hdr *h = &req->h;

	if (dns_hdr_read(msg, &req->h) != DNS_OK) {
		s->stats.drop_short++;
		return V_DROP;
	}
	if (h->flags & DNS_F_QR) {
		s->stats.drop_response++;
		return V_DROP;
	}
	if (dns_question_read(msg, &off, &req->q) != DNS_OK) {
		*len = formerr(s, resp, h, DNS_F_RD | OPCODE_BITS);
		return V_REPLY;
	}
	if (DNS_OPCODE(h->flags) != DNS_OPCODE_QUERY) {
		s->stats.notimp++;
		*len = header_reply(resp, h->id, h->flags, DNS_R_NOTIMP);
		return V_REPLY;
	}
	if (h->qdcount != 1) {
		*len = formerr(s, resp, h, 0);
		return V_REPLY;
	}
	if (h->ancount != 0 || h->nscount != 0 ||
	    read_additional(msg, off, req) != 0) {
		*len = formerr(s, resp, h, DNS_F_RD | OPCODE_BITS);
		return V_REPLY;
	}
	if (req->edns && req->opt.version != 0) {
		s->stats.badvers++;
		*len = opt_reply(s, resp, req, h->flags & ~0xfu, 0, 1, 1);
		return V_REPLY;
	}
	return V_ANSWER;
}

/* The UDP limit: 512, or the client's EDNS size up to ours. */
static size_t udp_limit(const struct dns_server *s,
			const struct dns_request *req, size_t cap)
{
	size_t limit = DNS_UDP_MIN;

	if (req->edns && req->opt.udp_size > DNS_UDP_MIN)
		limit = req->opt.udp_size < s->edns_size ? req->opt.udp_size
							 : s->edns_size;
	return limit < cap ? limit : cap;
}

static void count_outcome(struct dns_stats *st, unsigned tag)
{
	enum ans_outcome o = (enum ans_outcome)(tag >> 1);

	if (tag & 1)
		st->truncated++;
	if (o == ANS_NXDOMAIN)
		st->nxdomain++;
	else if (o == ANS_NODATA)
		st->nodata++;
	else if (o == ANS_REFERRAL)
		st->referrals++;
	else if (o == ANS_REFUSED)
		st->refused++;
	else
		st->answers++;
}

/* A memoised answer with this query's ID, RD bit and name spelling. */
static size_t patch(uint8_t *resp, const uint8_t *memo, size_t len,
		    const struct dns_request *req, const uint8_t *query)
{
	memcpy(resp, memo, len);
	resp[0] = (uint8_t)(req->h.id >> 8);
	resp[1] = (uint8_t)req->h.id;
	resp[2] = (uint8_t)((resp[2] & ~(DNS_F_RD >> 8)) |
			    ((req->h.flags & DNS_F_RD) >> 8));
	memcpy(resp + DNS_HDR_LEN, query + DNS_HDR_LEN, req->q.name_len);
	return len;
}

static size_t answer(struct dns_server *s, const struct dns_request *req,
		     const uint8_t *query, uint8_t *resp)
{
	struct memo_key key;
	const uint8_t *hit;
	enum ans_outcome o;
	size_t len;
	unsigned tag;
	int tc;

	if (s->memo != NULL) {
		memo_key_init(
		    &key, req->q.name, req->q.name_len, req->q.qtype,
		    req->q.qclass, (uint16_t)req->limit,
		    (uint8_t)(req->edns ? (req->opt.flags & DNS_EDNS_DO ? 3 : 1)
					: 0));
		hit = memo_get(s->memo, &key, &len, &tag);
		if (hit != NULL) {
			s->stats.memo_hits++;
			count_outcome(&s->stats, tag);
			return patch(resp, hit, len, req, query);
		}
		s->stats.memo_misses++;
	}
	len = dns_answer_build(s->zones, req, s->edns_size, resp, &o, &tc);
	tag = (unsigned)o << 1 | (tc ? 1u : 0u);
	count_outcome(&s->stats, tag);
	if (s->memo != NULL)
		memo_put(s->memo, &key, resp, len, tag);
	return len;
}

/* Classes other than IN and ANY: CH keeps the question, others do not. */
static size_t refuse_class(struct dns_server *s, struct dns_request *req,
			   uint8_t *resp)
{
	enum ans_outcome o;
	int tc;

	s->stats.refused++;
	if (req->q.qclass != DNS_C_CH)
		return opt_reply(s, resp, req, req->h.flags & DNS_F_RD,
				 DNS_R_REFUSED, 0, 0);
	/* Nothing is served in CH: a lookup outside every zone refuses. */
	static const struct dns_zone_set none = {NULL, 0};
	return dns_answer_build(&none, req, s->edns_size, resp, &o, &tc);
}

size_t dns_answer(struct dns_server *s, const uint8_t *query, size_t qlen,
		  uint8_t *resp, size_t resp_cap)
{
	struct dns_bytes msg = {query, qlen};
	struct dns_request req;
	size_t len = 0;

	s->stats.queries++;
	if (resp_cap < DNS_UDP_MIN) {
		s->stats.drop_small++;
		return 0;
	}
	switch (check(s, msg, &req, resp, &len)) {
	case V_DROP:
		return 0;
	case V_REPLY:
		return len;
	case V_ANSWER:
		break;
	}
	req.limit = udp_limit(s, &req, resp_cap);
	if (req.q.qclass != DNS_C_IN && req.q.qclass != DNS_C_ANY)
		return refuse_class(s, &req, resp);
	return answer(s, &req, query, resp);
}

#define STAT(name)                                                             \
	{                                                                      \
#name, offsetof(struct dns_stats, name)                        \
	}

static const struct stat_name {
	const char *name;
	size_t off;
} stat_names[] = {
    STAT(queries),   STAT(drop_short), STAT(drop_response), STAT(drop_small),
    STAT(formerr),   STAT(notimp),     STAT(refused),	    STAT(badvers),
    STAT(servfail),  STAT(answers),    STAT(nxdomain),	    STAT(nodata),
    STAT(referrals), STAT(truncated),  STAT(memo_hits),	    STAT(memo_misses),
};

void dns_stats_print(const struct dns_stats *st)
{
	const char *base = (const char *)st;

	for (size_t i = 0; i < sizeof(stat_names) / sizeof(stat_names[0]);
	     i++) {
		uint64_t v;
		memcpy(&v, base + stat_names[i].off, sizeof(v));
		printf("dns.%s %llu\n", stat_names[i].name,
		       (unsigned long long)v);
	}
}

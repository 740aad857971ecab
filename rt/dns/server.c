/* SPDX-License-Identifier: ISC */
/*
 * The server's entry point: checks a query once, at the boundary, in the
 * order NSD 4.6 does (header, QR, opcode, RCODE and question, NOTIFY,
 * QDCOUNT, answer and authority counts, OPT then TSIG in the additional
 * section, EDNS version, class, zone transfers), answers the errors itself
 * with the flags, sections and OPT NSD gives them and one counter per
 * reason, and hands a well-formed query to dns_answer_build() - or to the
 * memo of earlier answers, patching in the ID, RD and the name's case.
 * docs/dns.md ("Packet handling") lists every rule.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "dns/answer.h"
#include "dns/axfr.h"
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

void dns_server_zones_changed(struct dns_server *s)
{
	if (s->memo != NULL)
		dns_memo_clear(s->memo);
}

void dns_server_fini(struct dns_server *s)
{
	dns_memo_free(s->memo);
	s->memo = NULL;
}

/* What the additional section of a query held. */
enum edns_status { EDNS_ABSENT, EDNS_PRESENT, EDNS_BADVERS };

struct query {
	struct dns_request req;
	enum edns_status edns;
	int tsig; /* a TSIG record (whose key we cannot know) */
	struct dns_tsig t;
};

/* How to build an error reply: the header, then what follows it. */
struct reply {
	uint16_t flags; /* without QR and RCODE */
	unsigned rcode;
	int question;
	int ede; /* DNS_EDE_NONE or an Extended DNS Error for the OPT */
};

#define TSIG_BADKEY 17

/* The TSIG of an error reply (RFC 8945 5.3.2): no MAC, error BADKEY. */
static int put_tsig(struct dns_writer *w, const struct dns_tsig *t)
{
	size_t at;

	if (dns_w_bytes(w, t->key, t->key_len) != 0 ||
	    dns_w_u16(w, DNS_T_TSIG) != 0 || dns_w_u16(w, DNS_C_ANY) != 0 ||
	    dns_w_u32(w, 0) != 0 || dns_w_u16(w, 0) != 0)
		return -1;
	at = w->len;
	if (dns_w_bytes(w, t->alg, t->alg_len) != 0 ||
	    dns_w_bytes(w, t->time, sizeof(t->time)) != 0 ||
	    dns_w_u16(w, t->fudge) != 0 || dns_w_u16(w, 0) != 0 ||
	    dns_w_u16(w, t->orig_id) != 0 || dns_w_u16(w, TSIG_BADKEY) != 0 ||
	    dns_w_u16(w, t->other_len) != 0 ||
	    dns_w_bytes(w, t->other, t->other_len) != 0)
		return -1;
	dns_w_put16(w, at - 2, (uint16_t)(w->len - at));
	return 0;
}

/*
 * An error reply as NSD's query_error() and query_add_optional() make it:
 * the header, the question if asked for, an OPT when the query had one
 * (BADVERS: extended RCODE 1 and no DO bit), the TSIG error record when the
 * query was signed. A FORMERR carries neither.
 */
static size_t reply(const struct dns_server *s, const struct query *qs,
		    const struct reply *r, uint8_t *resp)
{
	const struct dns_request *req = &qs->req;
	struct dns_writer w;
	struct dns_hdr h = {
	    req->h.id,
	    (uint16_t)((r->flags & ~0xfu & ~DNS_F_QR) | DNS_F_QR | r->rcode),
	    0,
	    0,
	    0,
	    0};

	dns_w_init(&w, resp, DNS_UDP_MIN);
	w.len = DNS_HDR_LEN;
	if (r->question) {
		dns_w_name(&w, req->q.name, 0);
		dns_w_u16(&w, req->q.qtype);
		dns_w_u16(&w, req->q.qclass);
		h.qdcount = 1;
	}
	if (qs->edns != EDNS_ABSENT && r->rcode != DNS_R_FORMERR) {
		int bad = qs->edns == EDNS_BADVERS;
		if (dns_put_opt(&w, s->edns_size, bad ? 1 : 0,
				bad ? 0 : req->opt.flags, r->ede, NULL) == 0)
			h.arcount++;
	}
	if (qs->tsig && r->rcode != DNS_R_FORMERR && put_tsig(&w, &qs->t) == 0)
		h.arcount++;
	dns_hdr_write(resp, &h);
	return w.len;
}

/* The flags NSD keeps in an error about the message as a whole. */
static uint16_t echoed(const struct dns_hdr *h)
{
	return h->flags & ~DNS_F_AD;
}

/* NSD's query_formerr(): RD and the opcode stay, the rest goes. */
static size_t formerr(struct dns_server *s, const struct query *qs,
		      uint16_t keep, uint8_t *resp)
{
	struct reply r = {qs->req.h.flags & keep, DNS_R_FORMERR, 0,
			  DNS_EDE_NONE};

	s->stats.formerr++;
	return reply(s, qs, &r, resp);
}

static size_t simple(struct dns_server *s, const struct query *qs,
		     uint16_t flags, unsigned rcode, int question, int ede,
		     uint8_t *resp)
{
	struct reply r = {flags, rcode, question, ede};

	if (rcode == DNS_R_REFUSED)
		s->stats.refused++;
	else if (rcode == DNS_R_NOTIMP)
		s->stats.notimp++;
	else if (rcode == DNS_R_NOTAUTH)
		s->stats.notauth++;
	return reply(s, qs, &r, resp);
}

/* The zone whose origin is exactly name, or NULL. */
static const struct dns_zone *zone_at(const struct dns_server *s,
				      const uint8_t *name)
{
	const struct dns_zone *z = dns_zone_set_find(s->zones, name);

	return z != NULL && dns_name_eq(z->origin, name) ? z : NULL;
}

/*
 * NOTIFY (RFC 1996): we are no secondary. Like NSD without allow-notify:
 * NXDOMAIN for a name that is not one of our zones, else REFUSED, or
 * NOTAUTH when the last record is a TSIG (the keys are unknown), FORMERR
 * when the records do not parse. The header is echoed, no question.
 */
static size_t notify(struct dns_server *s, struct query *qs, struct bytes msg,
		     uint8_t *resp)
{
	const struct dns_hdr *h = &qs->req.h;
	size_t n = (size_t)h->qdcount + h->ancount + h->nscount + h->arcount;
	size_t off = DNS_HDR_LEN;

	if (zone_at(s, qs->req.q.name) == NULL)
		return simple(s, qs, echoed(h), DNS_R_NXDOMAIN, 0, DNS_EDE_NONE,
			      resp);
	if (h->arcount == 0)
		return simple(s, qs, echoed(h), DNS_R_REFUSED, 0, DNS_EDE_NONE,
			      resp);
	for (size_t i = 0; n <= 65530 && i < n - 1; i++)
		if (dns_rr_skip(msg, &off, i < h->qdcount) != DNS_OK)
			n = 65531;
	if (n > 65530 || dns_tsig_read(msg, &off, &qs->t, &qs->tsig) != DNS_OK)
		return formerr(s, qs, 0xffffu & ~DNS_F_AD, resp);
	return simple(s, qs, echoed(h),
		      qs->tsig ? DNS_R_NOTAUTH : DNS_R_REFUSED, 0, DNS_EDE_NONE,
		      resp);
}

/*
 * A query with no question, no records and one OPT (as RFC 7873 5.4 uses
 * to learn a server cookie): NSD answers NOERROR with its OPT; anything
 * else without exactly one question is a FORMERR that keeps no flag.
 */
static size_t no_question(struct dns_server *s, struct query *qs,
			  struct bytes msg, uint8_t *resp)
{
	const struct dns_hdr *h = &qs->req.h;
	size_t off = DNS_HDR_LEN;

	if (h->qdcount == 0 && h->ancount == 0 && h->nscount == 0 &&
	    h->arcount == 1 && msg.len >= DNS_HDR_LEN + DNS_OPT_LEN &&
	    dns_edns_read(msg, &off, &qs->req.opt) == DNS_EDNS_OK) {
		qs->edns = EDNS_PRESENT;
		return simple(s, qs, h->flags & (DNS_F_RD | OPCODE_BITS),
			      DNS_R_NOERROR, 0, DNS_EDE_NONE, resp);
	}
	return formerr(s, qs, 0, resp);
}

/* An IXFR may carry the client's SOA in its authority section. */
static int skip_authority(struct bytes msg, size_t *off,
			  const struct dns_request *req)
{
	if (req->h.nscount == 0)
		return 0;
	if (req->q.qtype != DNS_T_IXFR || req->h.nscount > 64)
		return -1;
	for (unsigned i = 0; i < req->h.nscount; i++)
		if (dns_rr_skip(msg, off, 0) != DNS_OK)
			return -1;
	return 0;
}

/*
 * The additional section as NSD reads it: an OPT first, then a TSIG, and
 * nothing else. Trailing bytes after the records are ignored.
 */
static int read_additional(struct bytes msg, size_t off, struct query *qs)
{
	unsigned left = qs->req.h.arcount;

	if (left > 0) {
		switch (dns_edns_read(msg, &off, &qs->req.opt)) {
		case DNS_EDNS_NONE:
			break;
		case DNS_EDNS_OK:
			qs->edns = EDNS_PRESENT;
			left--;
			break;
		case DNS_EDNS_BADVERS:
			qs->edns = EDNS_BADVERS;
			left--;
			break;
		case DNS_EDNS_BAD:
			return -1;
		}
	}
	if (left > 0) {
		if (dns_tsig_read(msg, &off, &qs->t, &qs->tsig) != DNS_OK ||
		    !qs->tsig)
			return -1;
		left--;
	}
	return left == 0 ? 0 : -1;
}

enum verdict { V_DROP, V_REPLY, V_ANSWER };

/*
 * Validates the query in NSD's order; V_REPLY when *len holds an error
 * reply. The opcode comes before the question, since another opcode may
 * give the rest of the message another meaning.
 */
static enum verdict check(struct dns_server *s, struct bytes msg,
			  struct query *qs, uint8_t *resp, size_t *len)
{
	struct dns_request *req = &qs->req;
	const struct dns_hdr *h = &req->h;
	size_t off = DNS_HDR_LEN;
	unsigned op;

	if (dns_hdr_read(msg, &req->h) != DNS_OK) {
		s->stats.drop_short++;
		return V_DROP;
	}
	if (h->flags & DNS_F_QR) {
		s->stats.drop_response++;
		return V_DROP;
	}
	op = DNS_OPCODE(h->flags);
	if (op != DNS_OPCODE_QUERY && op != DNS_OPCODE_NOTIFY)
		*len = simple(s, qs, echoed(h), DNS_R_NOTIMP, 0, DNS_EDE_NONE,
			      resp);
	else if (DNS_RCODE(h->flags) != 0 ||
		 dns_question_read(msg, &off, &req->q) != DNS_OK)
		*len = formerr(s, qs, DNS_F_RD | OPCODE_BITS, resp);
	else if (op == DNS_OPCODE_NOTIFY)
		*len = notify(s, qs, msg, resp);
	else if (h->qdcount != 1)
		*len = no_question(s, qs, msg, resp);
	else if (h->ancount != 0 || skip_authority(msg, &off, req) != 0 ||
		 read_additional(msg, off, qs) != 0)
		*len = formerr(s, qs, DNS_F_RD | OPCODE_BITS, resp);
	else if (qs->tsig)
		*len = simple(s, qs, echoed(h), DNS_R_NOTAUTH, 0, DNS_EDE_NONE,
			      resp);
	else if (qs->edns == EDNS_BADVERS) {
		s->stats.badvers++;
		*len = simple(s, qs, echoed(h), DNS_R_NOERROR, 1, DNS_EDE_NONE,
			      resp);
	} else
		return V_ANSWER;
	return V_REPLY;
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

/* Sets s->last to kind, with the question's name when it counts under it. */
static void set_last(struct dns_server *s, const struct ans_kind *kind,
		     const struct dns_question *q)
{
	s->last.kind = *kind;
	if (!kind->of_question)
		return;
	memcpy(s->last.qname, q->name, q->name_len);
	dns_name_lower(s->last.qname);
	s->last.kind.of_question = 0;
	s->last.kind.name = s->last.qname;
}

static size_t answer(struct dns_server *s, const struct dns_request *req,
		     const uint8_t *query, uint8_t *resp)
{
	struct memo_key key;
	struct memo_meta meta;
	const uint8_t *hit;
	enum ans_outcome o;
	size_t len;
	int tc;

	if (s->memo != NULL) {
		memo_key_init(
		    &key, req->q.name, req->q.name_len, req->q.qtype,
		    req->q.qclass, (uint16_t)req->limit,
		    (uint8_t)((req->edns
				   ? (req->opt.flags & DNS_EDNS_DO ? 3 : 1)
				   : 0) |
			      (req->client_ipv6 ? 4 : 0)));
		hit = memo_get(s->memo, &key, &len, &meta);
		if (hit != NULL) {
			s->stats.memo_hits++;
			count_outcome(&s->stats, meta.tag);
			set_last(s, &meta.kind, &req->q);
			return patch(resp, hit, len, req, query);
		}
		s->stats.memo_misses++;
	}
	len = dns_answer_build(s->zones, req, s->edns_size, resp, &o, &tc,
			       &meta.kind);
	meta.tag = (unsigned)o << 1 | (tc ? 1u : 0u);
	count_outcome(&s->stats, meta.tag);
	set_last(s, &meta.kind, &req->q);
	if (s->memo != NULL)
		memo_put(s->memo, &key, resp, len, &meta);
	return len;
}

/* CH names NSD answers from its identity and version (RFC 4892). */
static int chaos_server_name(const uint8_t *name)
{
	static const char *const names[] = {"\2id\6server", "\10hostname\4bind",
					    "\7version\6server",
					    "\7version\4bind"};
	uint8_t lower[DNS_NAME_MAX];

	memcpy(lower, name, dns_name_len(name));
	dns_name_lower(lower);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (dns_name_eq(lower, (const uint8_t *)names[i]))
			return 1;
	return 0;
}

/*
 * Classes other than IN and ANY. CH keeps the question; the server names
 * (id.server, version.bind, ...) are refused as NSD refuses them with
 * hide-identity and hide-version: the appliance has no identity to tell
 * and does not tell its version. Other classes are not supported.
 */
static size_t other_class(struct dns_server *s, const struct query *qs,
			  uint8_t *resp)
{
	const struct dns_question *q = &qs->req.q;
	int ede = DNS_EDE_NOT_SUPPORTED;
	int names = q->qtype == DNS_T_TXT || q->qtype == DNS_T_ANY;

	if (q->qclass != DNS_C_CH)
		return simple(s, qs, qs->req.h.flags & DNS_F_RD, DNS_R_REFUSED,
			      0, ede, resp);
	if (names && chaos_server_name(q->name))
		ede = DNS_EDE_PROHIBITED;
	return simple(s, qs, qs->req.h.flags & DNS_F_RD, DNS_R_REFUSED, 1, ede,
		      resp);
}

/*
 * Zone transfers are TCP's (RFC 5936 4.2): AXFR over UDP is NOTIMP; IXFR
 * (RFC 1995) is refused for one of our zones (no transfer is allowed) and
 * NOTAUTH for any other name, as NSD without provide-xfr.
 */
static size_t transfer(struct dns_server *s, const struct query *qs,
		       uint8_t *resp)
{
	uint16_t rd = qs->req.h.flags & DNS_F_RD;

	if (qs->req.q.qtype == DNS_T_AXFR)
		return simple(s, qs, rd, DNS_R_NOTIMP, 1, DNS_EDE_NONE, resp);
	if (zone_at(s, qs->req.q.name) != NULL)
		return simple(s, qs, rd, DNS_R_REFUSED, 1, DNS_EDE_PROHIBITED,
			      resp);
	return simple(s, qs, rd, DNS_R_NOTAUTH, 1, DNS_EDE_NONE, resp);
}

/*
 * A name of a zone we serve as a secondary and hold no data of (before
 * the first transfer, after the zone expired): SERVFAIL with the question,
 * as NSD answers then, and with EDNS the Extended DNS Error 14, Not Ready
 * (RFC 8914 4.15).
 */
static size_t not_ready(struct dns_server *s, const struct query *qs,
			uint8_t *resp)
{
	s->stats.servfail++;
	return simple(s, qs, qs->req.h.flags & DNS_F_RD, DNS_R_SERVFAIL, 1,
		      DNS_EDE_NOT_READY, resp);
}

/* How a query came: over UDP (xfr NULL), or over TCP. */
struct transport {
	int xfr_allowed;      /* the client may transfer our zones */
	struct dns_axfr *xfr; /* TCP: where a transfer starts */
};

/* RFC 1982 3.2: whether serial a is b or after it. */
static int serial_ge(uint32_t a, uint32_t b)
{
	return a == b || (uint32_t)(a - b) < 0x80000000u;
}

static uint32_t zone_serial(const struct dns_zone *z)
{
	struct dns_rrset soa;
	struct dns_rdata rd;
	const uint8_t *cur;
	size_t n1;

	if (!dns_node_rrset(z->apex, DNS_T_SOA, &soa))
		return 0;
	cur = soa.rrs;
	dns_rr_next(&cur, &rd);
	n1 = dns_name_len(rd.p);
	n1 += dns_name_len(rd.p + n1);
	return get32(bytes_make(rd.p, rd.len), n1);
}

/* The serial of the first SOA in an IXFR's authority section; 0 or -1. */
static int ixfr_serial(struct bytes msg, const struct dns_request *req,
		       uint32_t *serial)
{
	size_t off = DNS_HDR_LEN + req->q.name_len + 4, at, len;
	uint8_t name[DNS_NAME_MAX];
	struct dns_rr rr;

	for (unsigned i = 0; i < req->h.nscount; i++) {
		if (dns_rr_read(msg, &off, &rr) != DNS_OK)
			return -1;
		if (rr.type != DNS_T_SOA)
			continue;
		at = rr.rdata_off;
		if (dns_name_read(msg, &at, name, &len) != DNS_OK ||
		    dns_name_read(msg, &at, name, &len) != DNS_OK ||
		    at + 4 > rr.rdata_off + rr.rdata.len)
			return -1;
		*serial = get32(msg, at);
		return 0;
	}
	return -1;
}

/*
 * Zone transfers over TCP, as NSD with provide-xfr for the clients that
 * xfr_allowed admits: NOTAUTH for a name that is not one of our zones,
 * REFUSED (EDE 18) for a client not admitted, else AXFR (RFC 5936); an
 * IXFR (RFC 1995) needs the client's SOA (FORMERR without), gets the SOA
 * alone when its serial is current and the whole zone otherwise (we keep
 * no history of changes).
 */
static size_t tcp_transfer(struct dns_server *s, const struct query *qs,
			   struct bytes msg, const struct transport *t,
			   uint8_t *resp, size_t cap)
{
	const struct dns_request *req = &qs->req;
	uint16_t rd = req->h.flags & DNS_F_RD;
	const struct dns_zone *z = zone_at(s, req->q.name);
	uint32_t serial;
	int soa_only = 0;

	if (z == NULL)
		return simple(s, qs, rd, DNS_R_NOTAUTH, 1, DNS_EDE_NONE, resp);
	if (!t->xfr_allowed)
		return simple(s, qs, rd, DNS_R_REFUSED, 1, DNS_EDE_PROHIBITED,
			      resp);
	if (req->q.qtype == DNS_T_IXFR) {
		if (ixfr_serial(msg, req, &serial) != 0) {
			/* NSD's header keeps QDCOUNT 1, without the question.
			 */
			size_t len =
			    formerr(s, qs, DNS_F_RD | OPCODE_BITS, resp);
			put16(resp + 4, 1);
			return len;
		}
		soa_only = serial_ge(serial, zone_serial(z));
	}
	s->stats.transfers++;
	dns_axfr_start(t->xfr, z, &req->h, &req->q, req->edns, s->edns_size,
		       req->opt.flags, soa_only);
	return dns_axfr_next(t->xfr, resp, cap);
}

static size_t answer_msg(struct dns_server *s, struct bytes msg, uint8_t *resp,
			 size_t resp_cap, const struct transport *t)
{
	struct query qs;
	struct dns_request *req = &qs.req;
	size_t len = 0;

	s->stats.queries++;
	if (resp_cap < DNS_UDP_MIN) {
		s->stats.drop_small++;
		return 0;
	}
	memset(&qs, 0, sizeof(qs));
	req->client_ipv6 = s->client_ipv6;
	switch (check(s, msg, &qs, resp, &len)) {
	case V_DROP:
		return 0;
	case V_REPLY:
		return len;
	case V_ANSWER:
		break;
	}
	req->edns = qs.edns == EDNS_PRESENT;
	req->limit = t == NULL ? udp_limit(s, req, resp_cap) : resp_cap;
	if (req->q.qclass != DNS_C_IN && req->q.qclass != DNS_C_ANY)
		return other_class(s, &qs, resp);
	if (dns_zone_set_pending(s->zones, req->q.name))
		return not_ready(s, &qs, resp);
	if (req->q.qtype == DNS_T_AXFR || req->q.qtype == DNS_T_IXFR)
		return t == NULL ? transfer(s, &qs, resp)
				 : tcp_transfer(s, &qs, msg, t, resp, resp_cap);
	return answer(s, req, msg.p, resp);
}

/*
 * The kind of a response that the lookup did not classify (an error or an
 * empty NOERROR from the checks of the query): as NSD's RRL, by its RCODE,
 * counted under no name (the query named no zone of ours).
 */
static struct ans_kind reply_kind(const uint8_t *resp)
{
	unsigned rcode = resp[3] & 0xfu;
	uint16_t kind = rcode == DNS_R_NXDOMAIN	 ? ANS_KIND_NXDOMAIN
			: rcode != DNS_R_NOERROR ? ANS_KIND_ERROR
						 : ANS_KIND_NODATA;

	return (struct ans_kind){kind, 0, NULL};
}

size_t dns_answer(struct dns_server *s, const uint8_t *query, size_t qlen,
		  uint8_t *resp, size_t resp_cap)
{
	size_t len;

	s->last.kind = (struct ans_kind){0, 0, NULL};
	len = answer_msg(s, bytes_make(query, qlen), resp, resp_cap, NULL);
	if (len == 0)
		s->last.kind.kind = 0;
	else if (s->last.kind.kind == 0)
		s->last.kind = reply_kind(resp);
	return len;
}

size_t dns_answer_tcp(struct dns_server *s, const uint8_t *query, size_t qlen,
		      int xfr_allowed, struct dns_axfr *xfr, uint8_t *resp,
		      size_t resp_cap)
{
	struct transport t = {xfr_allowed, xfr};

	xfr->zone = NULL;
	s->stats.tcp_queries++;
	if (resp_cap > DNS_TCP_MSG_MAX)
		resp_cap = DNS_TCP_MSG_MAX;
	return answer_msg(s, bytes_make(query, qlen), resp, resp_cap, &t);
}

#define STAT(name) {#name, offsetof(struct dns_stats, name)}

static const struct stat_name {
	const char *name;
	size_t off;
} stat_names[] = {
    STAT(queries),     STAT(drop_short),  STAT(drop_response), STAT(drop_small),
    STAT(formerr),     STAT(notimp),	  STAT(refused),       STAT(badvers),
    STAT(servfail),    STAT(notauth),	  STAT(answers),       STAT(nxdomain),
    STAT(nodata),      STAT(referrals),	  STAT(truncated),     STAT(memo_hits),
    STAT(memo_misses), STAT(tcp_queries), STAT(transfers),
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

/* SPDX-License-Identifier: ISC */
/*
 * The secondary's state machine (dns/secondary.h): TCP framing of the
 * primary's responses (a 16-bit length, then the message; RFC 7766 8),
 * the serial comparison of the SOA check, the transfer through the reader
 * of dns/xfr_read.h, and the timers of the SOA (RFC 1035 3.3.13): REFRESH,
 * RETRY and EXPIRE, in seconds, each taken as at least one second.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/bytes.h"
#include "dns/secondary.h"

#define NS_PER_S 1000000000ull
#define OPCODE_SHIFT 11

static uint64_t secs(uint32_t s)
{
	return (uint64_t)(s ? s : 1) * NS_PER_S;
}

void dns_sec_init(struct dns_secondary *s, const uint8_t *origin,
		  const struct dns_xfr_limits *lim, uint64_t now_ns)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->origin, origin, dns_name_len(origin));
	s->lim = *lim;
	s->next_ns = now_ns;
	s->backoff_ns = DNS_SEC_FIRST_RETRY_NS;
}

static void check_free(struct dns_secondary *s)
{
	free(s->msg);
	s->msg = NULL;
	dns_xfr_read_fini(&s->rd);
	free(s->new_blob);
	s->new_blob = NULL;
	s->state = DNS_SEC_IDLE;
	s->got = s->want = 0;
}

void dns_sec_fini(struct dns_secondary *s)
{
	check_free(s);
	free(s->blob);
	s->blob = NULL;
}

size_t dns_sec_begin(struct dns_secondary *s, uint16_t id, uint8_t *out,
		     uint64_t now_ns)
{
	s->st.checks++;
	s->id = id;
	s->got = s->want = 0;
	s->msg = malloc(65535);
	if (s->msg == NULL) {
		s->st.failed[DNS_XFR_E_NOMEM]++;
		snprintf(s->why, sizeof(s->why), "out of memory");
		dns_sec_end(s, 0, now_ns);
		return 0;
	}
	if (s->blob != NULL) {
		s->state = DNS_SEC_SOA;
		return dns_xfr_query(out, DNS_SEC_QUERY_MAX, id, s->origin,
				     DNS_T_SOA);
	}
	s->state = DNS_SEC_AXFR;
	dns_xfr_read_init(&s->rd, s->origin, id, &s->lim);
	return dns_xfr_query(out, DNS_SEC_QUERY_MAX, id, s->origin, DNS_T_AXFR);
}

static enum dns_sec_event fail(struct dns_secondary *s, enum dns_xfr_err e,
			       const char *why)
{
	s->err = e;
	s->st.failed[e]++;
	snprintf(s->why, sizeof(s->why), "%s", why);
	return DNS_SEC_FAIL;
}

/* The SOA check's answer: current, or the AXFR query to send. */
static enum dns_sec_event soa_reply(struct dns_secondary *s, uint8_t *out,
				    size_t *out_len)
{
	enum dns_xfr_err e = DNS_XFR_E_NONE;
	uint32_t serial = 0;
	char why[160];

	if (dns_xfr_soa_reply(s->msg, s->want, s->id, s->origin, &serial, &e,
			      why, sizeof(why)) != 0)
		return fail(s, e, why);
	if (!dns_serial_gt(serial, s->soa.serial)) {
		s->st.current++;
		return DNS_SEC_CURRENT;
	}
	s->state = DNS_SEC_AXFR;
	s->id++;
	dns_xfr_read_init(&s->rd, s->origin, s->id, &s->lim);
	*out_len =
	    dns_xfr_query(out, DNS_SEC_QUERY_MAX, s->id, s->origin, DNS_T_AXFR);
	return DNS_SEC_SEND;
}

/* A message of the transfer; at its end, the zone as a blob. */
static enum dns_sec_event axfr_msg(struct dns_secondary *s)
{
	struct dns_xfr_rr *soa;

	switch (dns_xfr_read_msg(&s->rd, s->msg, s->want)) {
	case DNS_XFR_MORE:
		return DNS_SEC_WAIT;
	case DNS_XFR_BAD:
		return fail(s, s->rd.err, s->rd.why);
	case DNS_XFR_DONE:
		break;
	}
	if (dns_xfr_read_zone(&s->rd, &s->new_blob, &s->new_len) !=
	    DNS_XFR_DONE)
		return fail(s, s->rd.err, s->rd.why);
	soa = &s->rd.rrs[0]; /* the reader kept the first SOA first */
	dns_soa_times(s->rd.arena + soa->rdata, soa->rdlen, &s->soa_new);
	s->st.transfers++;
	return DNS_SEC_NEW;
}

static enum dns_sec_event message(struct dns_secondary *s, uint8_t *out,
				  size_t *out_len)
{
	if (s->state == DNS_SEC_SOA)
		return soa_reply(s, out, out_len);
	if (s->state == DNS_SEC_AXFR)
		return axfr_msg(s);
	return fail(s, DNS_XFR_E_MALFORMED,
		    "expected nothing from the primary, found data");
}

enum dns_sec_event dns_sec_input(struct dns_secondary *s, const uint8_t *p,
				 size_t len, size_t *used, uint8_t *out,
				 size_t *out_len)
{
	enum dns_sec_event ev;
	size_t take;

	*used = 0;
	while (*used < len) {
		if (s->got < 2) {
			s->prefix[s->got++] = p[(*used)++];
			if (s->got == 2)
				s->want =
				    (size_t)s->prefix[0] << 8 | s->prefix[1];
			if (s->got == 2 && s->want < DNS_HDR_LEN)
				return fail(s, DNS_XFR_E_MALFORMED,
					    "expected a message of 12 octets "
					    "or more, found a shorter one");
			continue;
		}
		take = s->want - (s->got - 2);
		if (take > len - *used)
			take = len - *used;
		memcpy(s->msg + s->got - 2, p + *used, take);
		s->got += take;
		*used += take;
		if (s->got - 2 < s->want)
			continue;
		s->got = 0;
		ev = message(s, out, out_len);
		if (ev != DNS_SEC_WAIT)
			return ev;
	}
	return DNS_SEC_WAIT;
}

uint8_t *dns_sec_take(struct dns_secondary *s, size_t *len)
{
	uint8_t *b = s->new_blob;

	*len = s->new_len;
	s->new_blob = NULL;
	return b;
}

void dns_sec_installed(struct dns_secondary *s, uint8_t *blob, size_t len,
		       uint64_t now_ns)
{
	free(s->blob);
	s->blob = blob;
	s->blob_len = len;
	s->soa = s->soa_new;
	s->expire_ns = now_ns + secs(s->soa.expire);
}

void dns_sec_end(struct dns_secondary *s, int ok, uint64_t now_ns)
{
	check_free(s);
	if (ok) {
		s->next_ns = now_ns + secs(s->soa.refresh);
		s->expire_ns = now_ns + secs(s->soa.expire);
		s->backoff_ns = DNS_SEC_FIRST_RETRY_NS;
	} else if (s->blob != NULL) {
		s->next_ns = now_ns + secs(s->soa.retry);
	} else {
		s->next_ns = now_ns + s->backoff_ns;
		s->backoff_ns *= 2;
		if (s->backoff_ns > DNS_SEC_MAX_BACKOFF_NS)
			s->backoff_ns = DNS_SEC_MAX_BACKOFF_NS;
	}
	if (s->notified) /* the primary said it has news: ask again now */
		s->next_ns = now_ns;
	s->notified = 0;
}

void dns_sec_fail_conn(struct dns_secondary *s, int timeout, const char *why,
		       uint64_t now_ns)
{
	if (timeout)
		s->st.timeouts++;
	else
		s->st.unreachable++;
	snprintf(s->why, sizeof(s->why), "%s", why);
	dns_sec_end(s, 0, now_ns);
}

int dns_sec_expire(struct dns_secondary *s, uint64_t now_ns)
{
	if (s->blob == NULL || now_ns < s->expire_ns)
		return 0;
	free(s->blob);
	s->blob = NULL;
	s->blob_len = 0;
	memset(&s->soa, 0, sizeof(s->soa));
	s->st.expired++;
	return 1;
}

void dns_sec_notify(struct dns_secondary *s, uint64_t now_ns)
{
	s->st.notifies++;
	if (s->state != DNS_SEC_IDLE)
		s->notified = 1;
	else
		s->next_ns = now_ns;
}

uint64_t dns_sec_deadline(const struct dns_secondary *s)
{
	uint64_t t = s->state == DNS_SEC_IDLE ? s->next_ns : UINT64_MAX;

	if (s->blob != NULL && s->expire_ns < t)
		t = s->expire_ns;
	return t;
}

int dns_notify_read(const uint8_t *p, size_t len, uint8_t *zone)
{
	struct bytes msg = bytes_make(p, len);
	struct dns_question q;
	struct dns_hdr h;
	size_t off = DNS_HDR_LEN;

	if (dns_hdr_read(msg, &h) != DNS_OK ||
	    DNS_OPCODE(h.flags) != DNS_OPCODE_NOTIFY || (h.flags & DNS_F_QR) ||
	    h.qdcount != 1 || dns_question_read(msg, &off, &q) != DNS_OK ||
	    q.qtype != DNS_T_SOA || q.qclass != DNS_C_IN)
		return 0;
	memcpy(zone, q.name, q.name_len);
	return 1;
}

size_t dns_notify_reply(const uint8_t *p, size_t len, uint8_t *resp, size_t cap)
{
	struct bytes msg = bytes_make(p, len);
	struct dns_question q;
	struct dns_hdr h;
	size_t off = DNS_HDR_LEN;

	if (dns_hdr_read(msg, &h) != DNS_OK ||
	    dns_question_read(msg, &off, &q) != DNS_OK || cap < off)
		return 0;
	h.flags = (uint16_t)(DNS_F_QR | DNS_F_AA |
			     (DNS_OPCODE_NOTIFY << OPCODE_SHIFT) |
			     (h.flags & DNS_F_RD));
	h.qdcount = 1;
	h.ancount = h.nscount = h.arcount = 0;
	dns_hdr_write(resp, &h);
	memcpy(resp + DNS_HDR_LEN, p + DNS_HDR_LEN, off - DNS_HDR_LEN);
	return off;
}

size_t dns_notify_request(uint8_t *out, size_t cap, uint16_t id,
			  const uint8_t *origin)
{
	size_t n = dns_name_len(origin);
	struct dns_hdr h = {
	    id, DNS_F_AA | (DNS_OPCODE_NOTIFY << OPCODE_SHIFT), 1, 0, 0, 0};

	if (cap < DNS_HDR_LEN + n + 4)
		return 0;
	dns_hdr_write(out, &h);
	memcpy(out + DNS_HDR_LEN, origin, n);
	put16(out + DNS_HDR_LEN + n, DNS_T_SOA);
	put16(out + DNS_HDR_LEN + n + 2, DNS_C_IN);
	return DNS_HDR_LEN + n + 4;
}

int dns_notify_acked(const uint8_t *p, size_t len, uint16_t id)
{
	struct dns_hdr h;

	return dns_hdr_read(bytes_make(p, len), &h) == DNS_OK && h.id == id &&
	       (h.flags & DNS_F_QR) && DNS_OPCODE(h.flags) == DNS_OPCODE_NOTIFY;
}

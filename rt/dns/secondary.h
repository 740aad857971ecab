/* SPDX-License-Identifier: ISC */
/*
 * A zone served as a secondary (RFC 1034 4.3.5, RFC 1996, RFC 5936), as a
 * sans-I/O state machine: the caller owns the clock, the timer and the TCP
 * connection to the primary, and the zone set the server answers from.
 *
 * A check runs on one TCP connection: without data, the AXFR query at once;
 * with data, the SOA query first, and AXFR only when the primary's serial is
 * greater than ours (RFC 1982). Then: a new zone (the caller swaps it in),
 * the zone current, or a failure with its reason. The next check is due
 * after the SOA's REFRESH when one succeeded, after its RETRY when one
 * failed (before the first transfer: 1 s, doubling up to 5 minutes); a
 * NOTIFY makes it due at once (or as soon as the check in progress ends). Data
 * not refreshed within the SOA's EXPIRE expires: the zone has no data again and
 * the server answers SERVFAIL.
 */
#ifndef UNI_DNS_SECONDARY_H
#define UNI_DNS_SECONDARY_H

#include <stddef.h>
#include <stdint.h>

#include "dns/xfr_read.h"

enum dns_sec_state {
	DNS_SEC_IDLE, /* no check in progress */
	DNS_SEC_SOA,  /* the SOA query was sent */
	DNS_SEC_AXFR, /* the AXFR query was sent */
};

/* What the input of a check gave. */
enum dns_sec_event {
	DNS_SEC_WAIT,	 /* give more input */
	DNS_SEC_SEND,	 /* send the query in out, then give more input */
	DNS_SEC_CURRENT, /* our serial is current: the check is done */
	DNS_SEC_NEW,	 /* a new zone: dns_sec_take() it, the check is done */
	DNS_SEC_FAIL,	 /* the check failed: s->why says why */
};

struct dns_sec_stats {
	uint64_t checks, current, transfers, expired;
	uint64_t failed[DNS_XFR_E_COUNT]; /* refused transfers, by reason */
	uint64_t unreachable;		  /* connection refused, reset, ... */
	uint64_t timeouts, notifies;
};

#define DNS_SEC_FIRST_RETRY_NS 1000000000ull   /* 1 s */
#define DNS_SEC_MAX_BACKOFF_NS 300000000000ull /* 5 min */
#define DNS_SEC_QUERY_MAX (2 + DNS_HDR_LEN + DNS_NAME_MAX + 4)

struct dns_secondary {
	uint8_t origin[DNS_NAME_MAX];
	struct dns_xfr_limits lim;
	/* The data served (blob NULL: none), and its SOA's timers. */
	uint8_t *blob;
	size_t blob_len;
	struct dns_soa_times soa, soa_new; /* served; of new_blob */
	uint64_t next_ns;		   /* the next check is due */
	uint64_t expire_ns;		   /* the data expires (with blob) */
	uint64_t backoff_ns;		   /* the next retry without data */
	int notified;			   /* a NOTIFY came during a check */
	/* The check in progress. */
	enum dns_sec_state state;
	uint16_t id;
	size_t got, want; /* octets of the current message, its length */
	uint8_t prefix[2];
	uint8_t *msg; /* 65535 octets while a check runs */
	struct dns_xfr_read rd;
	uint8_t *new_blob; /* after DNS_SEC_NEW */
	size_t new_len;
	enum dns_xfr_err err;
	char why[192];
	struct dns_sec_stats st;
};

/* A zone of origin, without data, its first check due at now_ns. */
void dns_sec_init(struct dns_secondary *s, const uint8_t *origin,
		  const struct dns_xfr_limits *lim, uint64_t now_ns);
void dns_sec_fini(struct dns_secondary *s);

/*
 * Starts a check with query ID id (the caller's random choice): writes the
 * first query (with its TCP length prefix) into out (DNS_SEC_QUERY_MAX
 * octets) and returns its length; 0 when out of memory (the check then
 * failed, dns_sec_end() was called).
 */
size_t dns_sec_begin(struct dns_secondary *s, uint16_t id, uint8_t *out,
		     uint64_t now_ns);

/*
 * Takes len received octets; *used says how many were taken (the rest is
 * for the next call, after a DNS_SEC_SEND). out: DNS_SEC_QUERY_MAX octets
 * for the AXFR query (*out_len).
 */
enum dns_sec_event dns_sec_input(struct dns_secondary *s, const uint8_t *p,
				 size_t len, size_t *used, uint8_t *out,
				 size_t *out_len);

/*
 * After DNS_SEC_NEW: the new blob (malloc'ed, valid for dns_zone_load());
 * the caller serves it and then calls dns_sec_installed() with it.
 */
uint8_t *dns_sec_take(struct dns_secondary *s, size_t *len);
/* The blob taken is served now; the previous one is freed. */
void dns_sec_installed(struct dns_secondary *s, uint8_t *blob, size_t len,
		       uint64_t now_ns);

/*
 * Ends the check: ok after DNS_SEC_CURRENT or DNS_SEC_NEW, else a failure
 * (a DNS_SEC_FAIL already counted, or the connection's: unreachable,
 * timeout, or the peer closed before the end, which the caller counts).
 */
void dns_sec_end(struct dns_secondary *s, int ok, uint64_t now_ns);
void dns_sec_fail_conn(struct dns_secondary *s, int timeout, const char *why,
		       uint64_t now_ns);

/*
 * Whether the data expired at now_ns; it is then forgotten (the caller
 * takes the zone out of service first: s->blob is freed here).
 */
int dns_sec_expire(struct dns_secondary *s, uint64_t now_ns);

/* A NOTIFY from the primary: the next check is due now. */
void dns_sec_notify(struct dns_secondary *s, uint64_t now_ns);

/* When the caller should call next: the check or the expiry due. */
uint64_t dns_sec_deadline(const struct dns_secondary *s);

/*
 * NOTIFY (RFC 1996) messages. dns_notify_read(): whether msg is a NOTIFY
 * request (opcode NOTIFY, QR clear, one question of type SOA, class IN);
 * its zone into zone. dns_notify_reply(): the response (QR and AA set, the
 * ID, opcode and question echoed, NOERROR) into resp; its length, 0 when
 * resp is short. dns_notify_request(): a NOTIFY for origin with ID id
 * (AA set, no SOA in the answer; RFC 1996 3.7 lets it out).
 */
int dns_notify_read(const uint8_t *msg, size_t len, uint8_t *zone);
size_t dns_notify_reply(const uint8_t *msg, size_t len, uint8_t *resp,
			size_t cap);
size_t dns_notify_request(uint8_t *out, size_t cap, uint16_t id,
			  const uint8_t *origin);
/* Whether msg answers the NOTIFY with ID id (QR set, opcode NOTIFY). */
int dns_notify_acked(const uint8_t *msg, size_t len, uint16_t id);

#endif

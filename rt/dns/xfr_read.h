/* SPDX-License-Identifier: ISC */
/*
 * The client side of a zone transfer (AXFR, RFC 5936), sans-I/O: the
 * queries a secondary sends (the SOA to learn the serial, then AXFR), and
 * the reader of the response messages, one message at a time, which keeps
 * the records of the zone and writes them as a zone blob (dns/zone.h) once
 * the transfer ends with the second SOA.
 *
 * Everything in a response is checked before it is kept: the ID and the
 * flags of each message, the question when there is one (it must be the
 * zone's, type AXFR, class IN; RFC 5936 2.2.1), the RCODE, each record
 * (class IN, a type that records can have, rdata valid for its type with
 * the names of NS, CNAME, SOA, PTR, MX, MINFO, RP, AFSDB, RT, KX, SRV, PX,
 * MB, MG, MR, MD and MF decompressed; RFC 3597 4), the first record the
 * zone's SOA, the last one the SOA again with the same serial, nothing
 * after it, no SOA anywhere else, the sizes within the limits. Records
 * whose owner is outside the zone are left out and counted (RFC 5936 3.5).
 * A bad message ends the transfer with a reason and a sentence that says
 * what was expected and what was found.
 */
#ifndef UNI_DNS_XFR_READ_H
#define UNI_DNS_XFR_READ_H

#include <stddef.h>
#include <stdint.h>

#include "dns/wire.h"
#include "dns/zone.h"

/* Bounds of one transfer. */
struct dns_xfr_limits {
	size_t max_octets;  /* the messages together, and the zone kept */
	size_t max_records; /* records kept */
};

/* Why a transfer was refused; one counter each (dns/secondary.h). */
enum dns_xfr_err {
	DNS_XFR_E_NONE = 0,
	DNS_XFR_E_MALFORMED, /* a message or a record does not parse */
	DNS_XFR_E_HEADER,    /* ID, QR, opcode or question not ours */
	DNS_XFR_E_RCODE,     /* the primary answered with an error */
	DNS_XFR_E_SOA,	     /* the SOA missing, misplaced or changed */
	DNS_XFR_E_LIMIT,     /* the transfer or the zone too big */
	DNS_XFR_E_NOMEM,     /* out of memory */
	DNS_XFR_E_ZONE,	     /* the records do not make a loadable zone */
	DNS_XFR_E_COUNT
};

const char *dns_xfr_strerror(enum dns_xfr_err e);

enum dns_xfr_status {
	DNS_XFR_MORE, /* give the next message */
	DNS_XFR_DONE, /* the final SOA arrived */
	DNS_XFR_BAD,  /* refused: r->err and r->why say why */
};

/* A record kept: offsets in the arena. */
struct dns_xfr_rr {
	uint32_t owner, rdata, ttl;
	uint16_t type, rdlen;
};

struct dns_xfr_read {
	uint8_t origin[DNS_NAME_MAX];
	uint16_t id;
	struct dns_xfr_limits lim;
	size_t octets, msgs, ignored; /* received; out-of-zone records */
	struct dns_xfr_rr *rrs;
	size_t nrr, cap;
	uint8_t *arena; /* owners and rdata, uncompressed */
	size_t alen, acap;
	uint32_t serial; /* of the first SOA */
	int have_soa, done;
	enum dns_xfr_err err;
	char why[160];
};

/* Starts reading the AXFR of origin asked with query ID id. */
void dns_xfr_read_init(struct dns_xfr_read *r, const uint8_t *origin,
		       uint16_t id, const struct dns_xfr_limits *lim);
void dns_xfr_read_fini(struct dns_xfr_read *r);

/* Takes one response message (without its TCP length prefix). */
enum dns_xfr_status dns_xfr_read_msg(struct dns_xfr_read *r, const uint8_t *msg,
				     size_t len);

/*
 * After DNS_XFR_DONE: the zone as a malloc'ed blob that dns_zone_load()
 * takes (checked here with it). DNS_XFR_BAD with r->err and r->why when
 * the records do not make a zone.
 */
enum dns_xfr_status dns_xfr_read_zone(struct dns_xfr_read *r, uint8_t **blob,
				      size_t *len);

/*
 * Writes a query for origin of qtype (SOA or AXFR), class IN, RD clear,
 * with its TCP length prefix; returns its length (0 when cap is short).
 */
size_t dns_xfr_query(uint8_t *out, size_t cap, uint16_t id,
		     const uint8_t *origin, uint16_t qtype);

/*
 * Reads the response to the SOA query id: 0 with *serial, or -1 with the
 * reason in *err and the sentence in why.
 */
int dns_xfr_soa_reply(const uint8_t *msg, size_t len, uint16_t id,
		      const uint8_t *origin, uint32_t *serial,
		      enum dns_xfr_err *err, char *why, size_t why_cap);

/* The serial, refresh, retry, expire and minimum of SOA rdata (valid). */
struct dns_soa_times {
	uint32_t serial, refresh, retry, expire, minimum;
};
void dns_soa_times(const uint8_t *rdata, size_t len, struct dns_soa_times *t);

/* RFC 1982 3.2: whether serial a is greater than b (undefined: false). */
int dns_serial_gt(uint32_t a, uint32_t b);

#endif

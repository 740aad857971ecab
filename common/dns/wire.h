/* SPDX-License-Identifier: ISC */
/*
 * The DNS message wire format (RFC 1035 section 4, EDNS0 OPT of RFC 6891):
 * a bounds-checked reader over a byte view and a writer with name
 * compression. Invariant: no reader touches a byte outside its view; a
 * name that comes out of dns_name_read() is an uncompressed wire name of at
 * most 255 octets with labels of at most 63, so the name helpers below
 * (which take such trusted names) need no further checks.
 */
#ifndef UNI_DNS_WIRE_H
#define UNI_DNS_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "common/bytes.h" /* struct bytes: the view a reader may not leave */

#define DNS_HDR_LEN 12
#define DNS_NAME_MAX 255   /* octets of a wire name, root label included */
#define DNS_LABEL_MAX 63   /* octets of one label */
#define DNS_LABELS_MAX 128 /* labels of a name, root included */
#define DNS_UDP_MIN 512	   /* the UDP limit without EDNS */
#define DNS_OPT_LEN 11	   /* an OPT record without options */

enum dns_type {
	DNS_T_A = 1,
	DNS_T_NS = 2,
	DNS_T_CNAME = 5,
	DNS_T_SOA = 6,
	DNS_T_PTR = 12,
	DNS_T_MX = 15,
	DNS_T_TXT = 16,
	DNS_T_AAAA = 28,
	DNS_T_SRV = 33,
	DNS_T_DNAME = 39,
	DNS_T_OPT = 41,
	DNS_T_DS = 43,
	DNS_T_RRSIG = 46,
	DNS_T_DNSKEY = 48,
	DNS_T_NSEC3 = 50,
	DNS_T_TSIG = 250,
	DNS_T_IXFR = 251,
	DNS_T_AXFR = 252,
	DNS_T_ANY = 255,
	DNS_T_CAA = 257,
};

enum dns_class {
	DNS_C_IN = 1,
	DNS_C_CH = 3,
	DNS_C_ANY = 255,
};

enum dns_rcode {
	DNS_R_NOERROR = 0,
	DNS_R_FORMERR = 1,
	DNS_R_SERVFAIL = 2,
	DNS_R_NXDOMAIN = 3,
	DNS_R_NOTIMP = 4,
	DNS_R_REFUSED = 5,
	DNS_R_YXDOMAIN = 6, /* a DNAME substitution too long (RFC 6672 2.2) */
	DNS_R_NOTAUTH = 9,
	DNS_R_BADVERS = 16, /* extended: 1 in the OPT TTL, 0 in the header */
};

#define DNS_F_QR 0x8000u
#define DNS_F_AA 0x0400u
#define DNS_F_TC 0x0200u
#define DNS_F_RD 0x0100u
#define DNS_F_RA 0x0080u
#define DNS_F_AD 0x0020u
#define DNS_F_CD 0x0010u
#define DNS_OPCODE(flags) (((flags) >> 11) & 0xfu)
#define DNS_RCODE(flags) ((flags) & 0xfu)
#define DNS_OPCODE_QUERY 0
#define DNS_OPCODE_NOTIFY 4
#define DNS_EDNS_DO 0x8000u /* the DNSSEC OK bit of the OPT TTL */

/* What a reader found wrong; DNS_OK (0) when nothing. */
enum dns_wire_err {
	DNS_OK = 0,
	DNS_E_SHORT,	  /* the view ends inside the item */
	DNS_E_LABEL_TYPE, /* a label type other than 00 or 11 (RFC 6891 6.3) */
	DNS_E_POINTER,	  /* a compression pointer that does not point back */
	DNS_E_NAME_LONG,  /* more than 255 octets once decompressed */
	DNS_E_FORMAT,	  /* a field with an impossible value */
};

const char *dns_wire_strerror(enum dns_wire_err e);

/* The header; dns_hdr_read() fails only when the view is shorter than 12. */
struct dns_hdr {
	uint16_t id, flags, qdcount, ancount, nscount, arcount;
};
enum dns_wire_err dns_hdr_read(struct bytes msg, struct dns_hdr *h);
void dns_hdr_write(uint8_t out[DNS_HDR_LEN], const struct dns_hdr *h);

/*
 * Reads the name at *off of msg, following compression pointers (each must
 * point strictly before the label that holds it, so no loop is possible),
 * into out (DNS_NAME_MAX bytes, case preserved). *off moves past the name
 * as it is stored at *off; *out_len is the uncompressed length.
 */
enum dns_wire_err dns_name_read(struct bytes msg, size_t *off, uint8_t *out,
				size_t *out_len);

/* The question, with a name that had no compression pointer in it. */
struct dns_question {
	uint8_t name[DNS_NAME_MAX];
	size_t name_len;
	uint16_t qtype, qclass;
};
enum dns_wire_err dns_question_read(struct bytes msg, size_t *off,
				    struct dns_question *q);

/* A resource record; rdata is a sub-view of the message. */
struct dns_rr {
	uint8_t name[DNS_NAME_MAX];
	size_t name_len;
	uint16_t type, rclass;
	uint32_t ttl;
	struct bytes rdata;
	size_t rdata_off; /* where rdata starts in the message */
};
enum dns_wire_err dns_rr_read(struct bytes msg, size_t *off, struct dns_rr *rr);

/* The OPT pseudo-record (RFC 6891 6.1.2). */
struct dns_opt {
	uint16_t udp_size;
	uint8_t ext_rcode, version;
	uint16_t flags; /* DNS_EDNS_DO, ... */
};
/* DNS_E_FORMAT unless rr is an OPT with the root as owner. */
enum dns_wire_err dns_opt_from_rr(const struct dns_rr *rr, struct dns_opt *opt);

/*
 * The OPT record at *off as NSD 4.6 reads the first additional record: not
 * an OPT (fewer than 11 octets, an owner other than the root's single zero
 * octet, another type) gives DNS_EDNS_NONE and leaves *off; a version other
 * than 0 gives DNS_EDNS_BADVERS with *off past the record and its options
 * unchecked (at the end of msg when RDLENGTH overruns it); options that do not
 * tile the rdata give DNS_EDNS_BAD. DNS_EDNS_OK moves *off past the record.
 */
enum dns_edns_read {
	DNS_EDNS_NONE,
	DNS_EDNS_OK,
	DNS_EDNS_BADVERS,
	DNS_EDNS_BAD
};
enum dns_edns_read dns_edns_read(struct bytes msg, size_t *off,
				 struct dns_opt *opt);

/* A TSIG record (RFC 8945 4.2), its names lowercased. */
#define DNS_TSIG_OTHER_MAX 16
struct dns_tsig {
	uint8_t key[DNS_NAME_MAX], alg[DNS_NAME_MAX];
	size_t key_len, alg_len;
	uint8_t time[6];
	uint16_t fudge, orig_id, other_len;
	uint8_t other[DNS_TSIG_OTHER_MAX];
};
/*
 * Reads the record at *off if it is a TSIG (type TSIG, class ANY): DNS_OK
 * with *found 0 when it is not one, DNS_OK with *found 1 and *off past it,
 * or an error when its fields do not parse (a TTL other than 0, a MAC over
 * 16384 octets or other data over 16, as NSD).
 */
enum dns_wire_err dns_tsig_read(struct bytes msg, size_t *off,
				struct dns_tsig *t, int *found);

/*
 * Skips one record (a question when question is set) without reading it:
 * a compression pointer ends the name wherever it points.
 */
enum dns_wire_err dns_rr_skip(struct bytes msg, size_t *off, int question);

/* Checks an uncompressed wire name of exactly len octets. */
enum dns_wire_err dns_name_check(const uint8_t *name, size_t len);

/* Helpers on trusted names (that passed dns_name_read or dns_name_check). */
size_t dns_name_len(const uint8_t *name);
/* Offsets of each label (the root last); returns the number of labels. */
unsigned dns_name_labels(const uint8_t *name, uint8_t offs[DNS_LABELS_MAX]);
/* RFC 4034 6.1 canonical order: <0, 0, >0. */
int dns_name_cmp(const uint8_t *a, const uint8_t *b);
/* Equal ignoring ASCII case. */
int dns_name_eq(const uint8_t *a, const uint8_t *b);
/* name is parent or below it. */
int dns_name_is_sub(const uint8_t *name, const uint8_t *parent);
void dns_name_lower(uint8_t *name);
/* Presentation form ("www.example.com."), escaped, always NUL-terminated. */
void dns_name_to_text(const uint8_t *name, char *buf, size_t cap);

/*
 * The writer: appends to a buffer of fixed capacity and remembers where it
 * wrote names so that a later name can point at an earlier suffix. A write
 * that does not fit writes nothing and returns -1; dns_w_rewind() goes back
 * to a mark (forgetting names written after it).
 */
#define DNS_COMP_MAX 128
struct dns_writer {
	uint8_t *p;
	size_t cap, len;
	uint16_t *comp; /* offsets of uncompressed labels: comp_small or more */
	unsigned ncomp, comp_cap;
	uint16_t comp_small[DNS_COMP_MAX];
};
void dns_w_init(struct dns_writer *w, uint8_t *buf, size_t cap);
/*
 * The same with a larger table of names (a zone transfer's messages hold
 * thousands): table outlives the writer, which must not be copied.
 */
void dns_w_init_table(struct dns_writer *w, uint8_t *buf, size_t cap,
		      uint16_t *table, unsigned n);
int dns_w_u8(struct dns_writer *w, uint8_t v);
int dns_w_u16(struct dns_writer *w, uint16_t v);
int dns_w_u32(struct dns_writer *w, uint32_t v);
int dns_w_bytes(struct dns_writer *w, const void *p, size_t n);
/* Writes a trusted name; with compress, points at an earlier suffix. */
int dns_w_name(struct dns_writer *w, const uint8_t *name, int compress);
/*
 * The same, with the labels that start in the first literal octets written
 * out (and remembered for later names), the rest compressed.
 */
int dns_w_name_literal(struct dns_writer *w, const uint8_t *name,
		       size_t literal);
/*
 * The rdata of an RR of type: the names of NS, CNAME, PTR, MX and SOA
 * compressed (RFC 3597 4: no other type's), the rest as stored.
 */
int dns_w_rdata(struct dns_writer *w, uint16_t type, const uint8_t *rd,
		size_t len);
void dns_w_rewind(struct dns_writer *w, size_t mark);
void dns_w_put16(struct dns_writer *w, size_t off, uint16_t v);

#endif

/* SPDX-License-Identifier: ISC */
/*
 * Internal interfaces of the zone parser: the tokenizer (zone_lex.c), the
 * converters from presentation form (zone_text.c), the record types
 * (zone_types.c), the rdata converters (zone_rdata_type.c), the checks
 * (zone_check.c) and the serialiser (zone_build.c). A ztext_ converter
 * returns NULL on success or a constant string saying what was wrong.
 */
#ifndef UNI_DNS_ZONE_INT_H
#define UNI_DNS_ZONE_INT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "dns/zone.h"

/* One field of a record as written (quotes removed, escapes kept). */
struct ztok {
	const char *s;
	size_t len;
	uint8_t quoted;
};

#define ZTOK_MAX 1024

/* A logical line: one record or directive, maybe spanning ( ... ). */
struct zline {
	struct ztok tok[ZTOK_MAX];
	unsigned n;
	unsigned line;	 /* where it starts */
	int owner_blank; /* began with white space: owner omitted */
};

struct zlex {
	const char *p, *end;
	unsigned line;
};

/* 1: a line was read, 0: end of text, -1: error (message in *why). */
int zlex_next(struct zlex *lx, struct zline *ln, const char **why);

const char *ztext_name(const struct ztok *t, const uint8_t *origin,
		       uint8_t out[DNS_NAME_MAX], size_t *out_len);
/*
 * Lowercases a wire name in place. NSD 4.6 keeps every owner and every name
 * of NS, CNAME, SOA, PTR, MX, RP, AFSDB, RT, SRV, NAPTR, KX, DNAME and SVCB
 * rdata in lowercase (its domain table), and serves them so; the names in
 * NSEC and RRSIG rdata keep their case.
 */
void ztext_name_lower(uint8_t *name);
const char *ztext_u32(const struct ztok *t, uint32_t max, uint32_t *v);
const char *ztext_ttl(const struct ztok *t, uint32_t *v);
/* A time with units as NSD reads it: modulo 2^32, no range check. */
const char *ztext_period(const struct ztok *t, uint32_t *v);
const char *ztext_ipv4(const struct ztok *t, uint8_t out[4]);
const char *ztext_ipv6(const struct ztok *t, uint8_t out[16]);
/* A character-string: out gets a length octet and up to 255 octets. */
const char *ztext_string(const struct ztok *t, uint8_t out[256],
			 size_t *out_len);
/* Appends the hex digits of t to out (at most cap octets in all). */
const char *ztext_hex(const struct ztok *t, uint8_t *out, size_t cap,
		      size_t *len, int *half);

/* Base64 (RFC 4648 4) decoded across several fields: the state between. */
struct zb64 {
	uint32_t acc;
	unsigned n, pad; /* characters of the group so far, '=' seen */
};
/* Appends the octets of the base64 text of t to out (cap octets in all). */
const char *ztext_base64(const struct ztok *t, struct zb64 *st, uint8_t *out,
			 size_t cap, size_t *len);
/* 1 when the text so far ends on a whole group. */
int ztext_base64_done(const struct zb64 *st);
/* Base32 with the extended hex alphabet (RFC 4648 7), no padding. */
const char *ztext_base32hex(const struct ztok *t, uint8_t *out, size_t cap,
			    size_t *len);

/* A parsed record; data holds the owner name followed by the rdata. */
struct zrec {
	uint8_t *data;
	uint32_t ttl;
	uint16_t type, rdlen;
	unsigned line;
	size_t seq; /* order in the text: RRsets keep it at a node */
	const char *file;
};

static inline const uint8_t *zrec_owner(const struct zrec *r)
{
	return r->data;
}

static inline const uint8_t *zrec_rdata(const struct zrec *r)
{
	return r->data + dns_name_len(r->data);
}

/* What the zone checks know and where they write their message. */
struct zcheck {
	uint8_t zone[DNS_NAME_MAX]; /* the zone's name once known */
	int fixed;		    /* given by the caller, not by the SOA */
	int have_zone;		    /* fixed, or the first $ORIGIN so far */
	unsigned lines;		    /* the line after the main file's last */
	char *err;
	size_t errcap;
};

/*
 * The zone's name and where its records are (zone_check.c), on the
 * records in text order: unless fixed, the zone is the first SOA's owner;
 * every owner is at or below it, one SOA is at its apex.
 */
enum dns_zone_err zcheck_zone(struct zcheck *c, const struct zrec *recs,
			      size_t n, const char *file);
/*
 * The checks of each name, on the records deduplicated and sorted by
 * owner (canonical order), type and text order: one CNAME, alone but for
 * DNSSEC records; one DNAME; no data below a DNAME.
 */
enum dns_zone_err zcheck_names(const struct zcheck *c, const struct zrec *recs,
			       size_t n);

/*
 * Checks the records of a zone (zcheck_zone, then zcheck_names on the
 * deduplicated records) and serialises them; sorts and deduplicates recs
 * in place. file names the zone in messages without a line of their own.
 */
enum dns_zone_err zbuild(struct zrec *recs, size_t *n, struct zcheck *c,
			 const char *file, uint8_t **blob, size_t *blob_len);

/*
 * The record types the zone compiler knows, written once: mnemonic, type
 * number and the rdata converter (zone_rdata_type.c). zone_types.c takes
 * the names from it, zone_rdata_type.c the converters, so the two cannot
 * list different types. X(name, type, converter).
 */
#define ZONE_TYPES(X)                                                          \
	X("A", 1, zrd_a)                                                       \
	X("NS", 2, zrd_target)                                                 \
	X("CNAME", 5, zrd_target)                                              \
	X("SOA", 6, zrd_soa)                                                   \
	X("PTR", 12, zrd_target)                                               \
	X("HINFO", 13, zrd_hinfo)                                              \
	X("MX", 15, zrd_pref_name)                                             \
	X("TXT", 16, zrd_txt)                                                  \
	X("RP", 17, zrd_rp)                                                    \
	X("AFSDB", 18, zrd_pref_name)                                          \
	X("RT", 21, zrd_pref_name)                                             \
	X("AAAA", 28, zrd_aaaa)                                                \
	X("LOC", 29, zrd_loc)                                                  \
	X("SRV", 33, zrd_srv)                                                  \
	X("NAPTR", 35, zrd_naptr)                                              \
	X("KX", 36, zrd_pref_name)                                             \
	X("CERT", 37, zrd_cert)                                                \
	X("DNAME", 39, zrd_target)                                             \
	X("DS", 43, zrd_ds)                                                    \
	X("SSHFP", 44, zrd_sshfp)                                              \
	X("RRSIG", 46, zrd_rrsig)                                              \
	X("NSEC", 47, zrd_nsec)                                                \
	X("DNSKEY", 48, zrd_dnskey)                                            \
	X("DHCID", 49, zrd_base64_only)                                        \
	X("NSEC3", 50, zrd_nsec3)                                              \
	X("NSEC3PARAM", 51, zrd_nsec3param)                                    \
	X("TLSA", 52, zrd_tlsa)                                                \
	X("SMIMEA", 53, zrd_tlsa)                                              \
	X("CDS", 59, zrd_ds)                                                   \
	X("CDNSKEY", 60, zrd_dnskey)                                           \
	X("OPENPGPKEY", 61, zrd_base64_only)                                   \
	X("CSYNC", 62, zrd_csync)                                              \
	X("ZONEMD", 63, zrd_zonemd)                                            \
	X("SVCB", 64, zrd_svcb)                                                \
	X("HTTPS", 65, zrd_svcb)                                               \
	X("SPF", 99, zrd_txt)                                                  \
	X("EUI48", 108, zrd_eui48)                                             \
	X("EUI64", 109, zrd_eui64)                                             \
	X("URI", 256, zrd_uri)                                                 \
	X("CAA", 257, zrd_caa)

/* zone_types.c: the mnemonic of a type, or "TYPEnnn" written into buf. */
const char *ztype_name(uint16_t type, char *buf, size_t cap);
/* A type by mnemonic or TYPEnnn into *type: 0, or -1 when t is none. */
int ztype_lookup(const struct ztok *t, uint16_t *type);

#define ZRDATA_MAX 65535

/* The record whose rdata is being converted: its fields from i on go into
 * rd (room for ZRDATA_MAX octets), len of them used so far. */
struct zrdctx {
	const struct zline *ln;
	unsigned i;
	const char *type;      /* the type's mnemonic, for messages */
	const char *file;      /* for messages */
	const uint8_t *origin; /* relative names' origin; NULL: none */
	uint8_t *rd;
	size_t len;
	char *err; /* the message of the first error */
	size_t errcap;
};

/* The rdata of c->ln from field c->i on, generic (\#) or in the type's own
 * form (zone_rdata_type.c); every field must be used. */
enum dns_zone_err zrdata(struct zrdctx *c, uint16_t type);
/*
 * zone_text.c: writes "file:line: " and the message into err;
 * DNS_ZONE_SYNTAX.
 */
enum dns_zone_err zvfail(char *err, size_t errcap, const char *file,
			 unsigned line, const char *fmt, va_list ap);
/*
 * A token of the file in a message, as "%.*s%s": at most ZSHOW_MAX bytes
 * of it, then "...(cut at 200 bytes)" when it is longer. The message is printed
 * with its control characters escaped; nothing but the offending token of a
 * file is ever shown.
 */
#define ZSHOW_MAX 200 /* as in the marker below */
#define ZSHOW(len, s)                                                          \
	(int)((len) > ZSHOW_MAX ? ZSHOW_MAX : (len)), (s),                     \
	    ((len) > ZSHOW_MAX ? "...(cut at 200 bytes)" : "")

#endif

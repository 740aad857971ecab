/* SPDX-License-Identifier: ISC */
/*
 * Internal interface of the rdata converters: the field readers shared by
 * the type families (zone_rdata.c) and one converter per type family
 * (zone_rdata_std.c, zone_rdata_sec.c, zone_rdata_loc.c,
 * zone_rdata_svcb.c). A reader takes the field at c->i, appends its wire
 * form to c->rd and moves on; on error it writes "file:line: expected
 * <what> for <field>, found ..." and returns DNS_ZONE_SYNTAX.
 */
#ifndef UNI_DNS_ZONE_RDATA_H
#define UNI_DNS_ZONE_RDATA_H

#include "zone_int.h"

enum dns_zone_err zrd_fail(struct zrdctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
enum dns_zone_err zrd_expected(struct zrdctx *c, const char *what,
			       const char *field, const struct ztok *t,
			       const char *why);
/* The field at c->i, or NULL at the end of the record. */
const struct ztok *zrd_peek(const struct zrdctx *c);
/* Appends n octets (refused past ZRDATA_MAX). */
enum dns_zone_err zrd_put(struct zrdctx *c, const void *p, size_t n,
			  const char *field);
enum dns_zone_err zrd_put16(struct zrdctx *c, uint16_t v, const char *field);

/* A domain name, lowercased as NSD keeps it; _literal keeps the case. */
enum dns_zone_err zrd_name(struct zrdctx *c, const char *field);
enum dns_zone_err zrd_name_literal(struct zrdctx *c, const char *field);
/* An unsigned number of 1, 2 or 4 octets. */
enum dns_zone_err zrd_num(struct zrdctx *c, const char *field, unsigned octets);
/* A 32-bit time with units (1h30m), as NSD reads SOA timers. */
enum dns_zone_err zrd_period(struct zrdctx *c, const char *field);
/* A character-string with its length octet. */
enum dns_zone_err zrd_string(struct zrdctx *c, const char *field);
/* A record type: mnemonic or TYPEnnn, two octets. */
enum dns_zone_err zrd_type(struct zrdctx *c, const char *field);
/* A number or a mnemonic of table (NULL-terminated) in octets octets. */
struct zmnemonic {
	const char *name;
	uint16_t value;
};
enum dns_zone_err zrd_mnemonic(struct zrdctx *c, const char *field,
			       const struct zmnemonic *table, unsigned octets);
/* The remaining fields as one run of hex digits (at least one field). */
enum dns_zone_err zrd_hex_rest(struct zrdctx *c, const char *field);
/* The remaining fields as one base64 text (at least one field). */
enum dns_zone_err zrd_base64_rest(struct zrdctx *c, const char *field);
/* The remaining fields as a type bitmap (RFC 4034 4.1.2); may be empty. */
enum dns_zone_err zrd_bitmap(struct zrdctx *c, const char *field);

/* DNSSEC algorithm numbers by mnemonic (RFC 4034 A.1 and later). */
extern const struct zmnemonic zrd_algorithms[];

/* The converters, by family. */
enum dns_zone_err zrd_a(struct zrdctx *c);
enum dns_zone_err zrd_aaaa(struct zrdctx *c);
enum dns_zone_err zrd_target(struct zrdctx *c);
enum dns_zone_err zrd_pref_name(struct zrdctx *c);
enum dns_zone_err zrd_soa(struct zrdctx *c);
enum dns_zone_err zrd_txt(struct zrdctx *c);
enum dns_zone_err zrd_srv(struct zrdctx *c);
enum dns_zone_err zrd_caa(struct zrdctx *c);
enum dns_zone_err zrd_hinfo(struct zrdctx *c);
enum dns_zone_err zrd_naptr(struct zrdctx *c);
enum dns_zone_err zrd_rp(struct zrdctx *c);
enum dns_zone_err zrd_uri(struct zrdctx *c);
enum dns_zone_err zrd_eui48(struct zrdctx *c);
enum dns_zone_err zrd_eui64(struct zrdctx *c);

enum dns_zone_err zrd_ds(struct zrdctx *c);
enum dns_zone_err zrd_dnskey(struct zrdctx *c);
enum dns_zone_err zrd_rrsig(struct zrdctx *c);
enum dns_zone_err zrd_nsec(struct zrdctx *c);
enum dns_zone_err zrd_nsec3(struct zrdctx *c);
enum dns_zone_err zrd_nsec3param(struct zrdctx *c);
enum dns_zone_err zrd_sshfp(struct zrdctx *c);
enum dns_zone_err zrd_tlsa(struct zrdctx *c);
enum dns_zone_err zrd_base64_only(struct zrdctx *c);
enum dns_zone_err zrd_cert(struct zrdctx *c);
enum dns_zone_err zrd_zonemd(struct zrdctx *c);
enum dns_zone_err zrd_csync(struct zrdctx *c);

enum dns_zone_err zrd_loc(struct zrdctx *c);
enum dns_zone_err zrd_svcb(struct zrdctx *c);

#endif

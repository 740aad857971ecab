/* SPDX-License-Identifier: ISC */
/*
 * The zone parser and the zone blob (link/data/dns/zone_*.c,
 * common/dns/zone_load.c): a zone using every
 * feature parses to the expected wire data; every error message, with its
 * file:line; the example zones of configs/dns load; and a blob cut or
 * corrupted anywhere is refused or loads, never read out of bounds.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/zone.h"
#include "unit.h"
#include "zonefile.h"

UNIT_COUNTERS;

static const char included[] = "; an included file\n"
			       "host 60 A 192.0.2.77\n"
			       "@ TXT \"origin of the include\"\n";

static int open_include(void *ctx, const char *path, const char **text,
			size_t *len)
{
	(void)ctx;
	if (strcmp(path, "hosts.inc") != 0)
		return -1;
	*text = included;
	*len = strlen(included);
	return 0;
}

static enum dns_zone_err parse(const char *text, const char *origin,
			       uint8_t **blob, size_t *len, char *err)
{
	struct dns_zone_parse_opts o = {"t.zone", origin, open_include, NULL};

	err[0] = '\0';
	return dns_zone_parse(text, strlen(text), &o, blob, len, err, 256);
}

static const char good[] =
    "$ORIGIN example.com.\n"
    "$TTL 1h\n"
    "@ IN SOA ns1 hostmaster.example.com. ( 7 ; serial\n"
    "\t2h 1h30m 2w\n"
    "\t300 )\n"
    "\tNS ns1 ; owner, TTL and class inherited\n"
    "\tIN 60 MX 10 mail\n"
    "ns1 A 192.0.2.53\n"
    "\tAAAA 2001:db8::53\n"
    "v6 AAAA ::ffff:192.0.2.1\n"
    "v6b AAAA 1:2:3:4:5:6:7:8\n"
    "txt TXT \"a \\\"q\\\" b\" plain \\065\\066 \"semi;colon\"\n"
    "srv SRV 1 2 3 target.example.net.\n"
    "caa CAA 128 issue \"ca.example\"\n"
    "gen TYPE65280 \\# 3 0a0b0c\n"
    "gen2 A \\# 4 c0 00 02 07\n"
    "a.b.c.deep PTR @\n"
    "esc\\.dot CNAME x\\032y\n"
    "$INCLUDE hosts.inc sub.example.com.\n"
    "after 2d A 192.0.2.2 ; the owner after an include is this file's\n";

static const struct dns_node *find(const struct dns_zone *z, const char *n)
{
	return dns_zone_find(z, (const uint8_t *)n);
}

/* The single RR of type t at name n: its rdata, or NULL. */
static const struct dns_rdata *rr(const struct dns_zone *z, const char *n,
				  uint16_t t, struct dns_rdata *rd)
{
	const struct dns_node *node = find(z, n);
	struct dns_rrset set;

	if (node == NULL || !dns_node_rrset(node, t, &set))
		return NULL;
	const uint8_t *cur = set.rrs;
	dns_rr_next(&cur, rd);
	return rd;
}

static int rdata_is(const struct dns_rdata *rd, const void *want, size_t n)
{
	return rd != NULL && rd->len == n && memcmp(rd->p, want, n) == 0;
}

/* Rdata given as a string literal: without, or with its final NUL. */
#define BYTES(lit) (lit), sizeof(lit) - 1
#define NAMED(lit) (lit), sizeof(lit)

static void test_good(void)
{
	uint8_t *blob;
	size_t len;
	char err[256];
	struct dns_zone z;
	struct dns_rdata rd;

	CHECK(parse(good, NULL, &blob, &len, err) == DNS_ZONE_OK, "%s", err);
	CHECK(dns_zone_load(&z, blob, len) == DNS_ZONE_OK, "load");
	CHECK(z.neg_ttl == 300, "negative TTL %u", z.neg_ttl);
	static const uint8_t soa[] = {
	    3,	  'n', 's', '1',  7,	'e', 'x', 'a',	'm',  'p', 'l',
	    'e',  3,   'c', 'o',  'm',	0,   10,  'h',	'o',  's', 't',
	    'm',  'a', 's', 't',  'e',	'r', 7,	  'e',	'x',  'a', 'm',
	    'p',  'l', 'e', 3,	  'c',	'o', 'm', 0,	0,    0,   0,
	    7,	  0,   0,   0x1c, 0x20, 0,   0,	  0x15, 0x18, 0,   0x12,
	    0x75, 0,   0,   0,	  1,	0x2c};
	CHECK(rdata_is(rr(&z, "\7example\3com", DNS_T_SOA, &rd), soa,
		       sizeof(soa)) &&
		  rd.ttl == 3600,
	      "SOA with units and parentheses");
	CHECK(rr(&z, "\7example\3com", DNS_T_MX, &rd) && rd.ttl == 60 &&
		  rd.len == 2 + 18,
	      "MX with class before TTL");
	CHECK(rdata_is(rr(&z, "\3ns1\7example\3com", DNS_T_A, &rd),
		       BYTES("\xc0\x00\x02\x35")),
	      "A");
	CHECK(rdata_is(rr(&z, "\3ns1\7example\3com", DNS_T_AAAA, &rd),
		       BYTES("\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x53")),
	      "AAAA with ::");
	CHECK(rdata_is(rr(&z, "\2v6\7example\3com", DNS_T_AAAA, &rd),
		       BYTES("\0\0\0\0\0\0\0\0\0\0\xff\xff\xc0\0\2\1")),
	      "AAAA with a dotted quad");
	CHECK(rdata_is(rr(&z, "\3v6b\7example\3com", DNS_T_AAAA, &rd),
		       BYTES("\0\1\0\2\0\3\0\4\0\5\0\6\0\7\0\x8")),
	      "AAAA, 8 groups");
	CHECK(rdata_is(rr(&z, "\3txt\7example\3com", DNS_T_TXT, &rd),
		       BYTES("\7a \"q\" b\5plain\2AB\12semi;colon")),
	      "TXT escapes");
	CHECK(rdata_is(rr(&z, "\3srv\7example\3com", DNS_T_SRV, &rd),
		       NAMED("\0\1\0\2\0\3\6target\7example\3net")),
	      "SRV");
	CHECK(rdata_is(rr(&z, "\3caa\7example\3com", DNS_T_CAA, &rd),
		       BYTES("\x80\5issueca.example")),
	      "CAA");
	CHECK(rdata_is(rr(&z, "\3gen\7example\3com", 65280, &rd),
		       BYTES("\x0a\x0b\x0c")),
	      "RFC 3597 generic type");
	CHECK(rdata_is(rr(&z, "\4gen2\7example\3com", DNS_T_A, &rd),
		       BYTES("\xc0\0\2\7")),
	      "generic rdata of a known type");
	CHECK(rdata_is(rr(&z, "\1a\1b\1c\4deep\7example\3com", DNS_T_PTR, &rd),
		       NAMED("\7example\3com")),
	      "@ in rdata");
	CHECK(rdata_is(rr(&z, "\7esc.dot\7example\3com", DNS_T_CNAME, &rd),
		       NAMED("\3x y\7example\3com")),
	      "escaped dot and \\032");
	CHECK(rr(&z, "\4host\3sub\7example\3com", DNS_T_A, &rd) && rd.ttl == 60,
	      "$INCLUDE with an origin");
	CHECK(rr(&z, "\3sub\7example\3com", DNS_T_TXT, &rd) != NULL,
	      "@ in an include is its origin");
	CHECK(rr(&z, "\5after\7example\3com", DNS_T_A, &rd) && rd.ttl == 172800,
	      "after the include");
	const struct dns_node *ent = find(&z, "\1c\4deep\7example\3com");
	CHECK(ent != NULL && dns_node_nrrsets(ent) == 0, "empty non-terminal");
	CHECK(find(&z, "\4DEEP\7ExAmple\3com") != NULL, "lookup ignores case");
	CHECK(find(&z, "\4nope\7example\3com") == NULL, "no such name");
	/* Nodes are in strictly increasing canonical order. */
	for (size_t i = 1; i < z.nnodes; i++)
		CHECK(dns_name_cmp(z.nodes[i - 1].name, z.nodes[i].name) < 0,
		      "order at %zu", i);
	dns_zone_free(&z);
	free(blob);
}

/*
 * What NSD 4.6 makes of corner cases (checked against its AXFR): an omitted
 * TTL without $TTL is an hour, not the last TTL; a TTL above 2^31 - 1 is an
 * hour too; \DDD above 255 is the digits; CLASS1 is IN; no NS is needed;
 * owners and most rdata names are lowercased.
 */
static void test_nsd_corners(void)
{
	static const char text[] = "@ 100 SOA ns h 1 2 3 4 5\n"
				   "ns 200 CLASS1 A 192.0.2.1\n"
				   "ns2 A 192.0.2.2\n"
				   "big 4294967295 A 192.0.2.3\n"
				   "wrap 99999999999 A 192.0.2.4\n"
				   "a\\256b TXT \"\\1x\"\n"
				   "Up.CASE RP MBox.Example. TXT\n"
				   "\tNSEC Next.Example. A\n";
	uint8_t *blob;
	size_t len;
	char err[256];
	struct dns_zone z;
	struct dns_rdata rd;

	CHECK(parse(text, "example.com", &blob, &len, err) == DNS_ZONE_OK, "%s",
	      err);
	CHECK(dns_zone_load(&z, blob, len) == DNS_ZONE_OK, "load");
	CHECK(rr(&z, "\7example\3com", DNS_T_SOA, &rd) && rd.ttl == 100,
	      "explicit TTL");
	CHECK(rr(&z, "\3ns1\7example\3com", DNS_T_A, &rd) == NULL &&
		  rr(&z, "\2ns\7example\3com", DNS_T_A, &rd) && rd.ttl == 200,
	      "CLASS1 is IN");
	CHECK(rr(&z, "\3ns2\7example\3com", DNS_T_A, &rd) && rd.ttl == 3600,
	      "omitted TTL without $TTL is 3600, got %u", rd.ttl);
	CHECK(rr(&z, "\3big\7example\3com", DNS_T_A, &rd) && rd.ttl == 3600,
	      "TTL 2^32 - 1 is 3600, got %u", rd.ttl);
	CHECK(rr(&z, "\4wrap\7example\3com", DNS_T_A, &rd) &&
		  rd.ttl == 1215752191u,
	      "TTL modulo 2^32, got %u", rd.ttl);
	CHECK(rdata_is(rr(&z, "\5a256b\7example\3com", DNS_T_TXT, &rd),
		       BYTES("\0021x")),
	      "\\256 and \\1x are the characters");
	CHECK(rdata_is(rr(&z, "\2up\4case\7example\3com", 17 /* RP */, &rd),
		       NAMED("\4mbox\7example\0\3txt\7example\3com")) &&
		  memcmp(find(&z, "\2up\4case\7example\3com")->name,
			 "\2up\4case", 8) == 0,
	      "owners and RP names are lowercased as NSD keeps them");
	CHECK(rdata_is(rr(&z, "\2up\4case\7example\3com", 47, &rd),
		       BYTES("\4Next\7Example\0\0\1\x40")),
	      "the NSEC next name keeps its case");
	dns_zone_free(&z);
	free(blob);
}

/*
 * The types in their own presentation form: each record's rdata, as hex,
 * is what NSD 4.6 sends for the same line in an AXFR.
 */
static const struct {
	const char *rr;
	uint16_t type;
	const char *hex;
} typed[] = {
    {"HINFO \"PC-Intel-700mhz\" \"Linux 2.4\"", 13,
     "0f50432d496e74656c2d3730306d687a094c696e757820322e34"},
    {"NAPTR 100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.com.", 35,
     "0064000a0153075349502b44325500045f736970045f756470076578616d706c6503"
     "636f6d00"},
    {"DS 60485 RSASHA1 1 2BB183AF5F22588179A53B0A98631FAD1A292118", 43,
     "ec4505012bb183af5f22588179a53b0a98631fad1a292118"},
    {"CDS 60485 5 1 ( 2BB183AF5F22588179A53B0A 98631FAD1A292118 )", 59,
     "ec4505012bb183af5f22588179a53b0a98631fad1a292118"},
    {"DNSKEY 256 3 8 AQOeiiR0 GOMYkDsh", 48,
     "010003080103"
     "9e8a2474"
     "18e318903b21"},
    {"CDNSKEY 257 3 ECDSAP256SHA256 AAAA", 60, "0101030d000000"},
    {"RRSIG A 5 3 86400 20030322173103 20030220173103 2642 example.com. "
     "oJB1W6WN",
     46,
     "00010503000151803e7c9dd73e5510d70a52076578616d706c6503636f6d00a09075"
     "5ba58d"},
    {"NSEC host.example.com. A MX RRSIG NSEC TYPE1234", 47,
     "04686f7374076578616d706c6503636f6d000006400100000003041b0000000000000"
     "00000000000000000000000000000000000000020"},
    {"NSEC3 1 0 0 - 2vptu5timamqttgl4luu9kg21e0aor3s", 50,
     "01000000001417f3df17b2b2adaef615257de4d2020b80ac6c7c"},
    {"NSEC3 1 1 12 aabbccdd ( 2vptu5timamqttgl4luu9kg21e0aor3s A RRSIG )", 50,
     "0101000c04aabbccdd1417f3df17b2b2adaef615257de4d2020b80ac6c7c00064000"
     "00000002"},
    {"NSEC3PARAM 1 1 0 -", 51, "0101000000"},
    {"SSHFP 4 2 123456789abcdef6", 44, "0402123456789abcdef6"},
    {"TLSA 3 1 1 0C72AC70", 52, "0301010c72ac70"},
    {"SMIMEA 3 0 1 ABCDEF0123", 53, "030001abcdef0123"},
    {"OPENPGPKEY mQINBFit", 61, "99020d0458ad"},
    {"SPF \"v=spf1 -all\"", 99, "0b763d73706631202d616c6c"},
    {"RP mbox.example.com. .", 17, "046d626f78076578616d706c6503636f6d0000"},
    {"AFSDB 1 afs.example.com.", 18, "000103616673076578616d706c6503636f6d00"},
    {"KX 10 ns", 36, "000a026e73076578616d706c6503636f6d00"},
    {"CERT 1 12345 RSASHA256 AAAA", 37, "0001303908000000"},
    {"CERT PGP 0 0 mQINBFit", 37, "000300000099020d0458ad"},
    {"URI 10 1 \"ftp://ftp1.example.com/public\"", 256,
     "000a00016674703a2f2f667470312e6578616d706c652e636f6d2f7075626c6963"},
    {"LOC 52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m", 29,
     "000016138b3cf018810cbce0009895b8"},
    {"LOC 42 21 54 N 71 06 18 W -24m 30m", 29,
     "0033161389172dd070be15f000988d20"},
    {"LOC 51 30 12.748 N 0 7 39.611 W 0.00m 2m 3m 4m", 29,
     "002232428b0d2c8c7ff8fca500989680"},
    {"DNAME target.example.net.", 39,
     "06746172676574076578616d706c65036e657400"},
    {"EUI48 00-00-5e-00-53-2a", 108, "00005e00532a"},
    {"EUI64 00-00-5e-ef-10-00-00-2a", 109, "00005eef1000002a"},
    {"ZONEMD 2018031500 1 1 FEBE3D4C", 63, "7848b78c0101febe3d4c"},
    {"CSYNC 66 3 A NS AAAA", 62, "000000420003000460000008"},
    {"SVCB 1 . alpn=h2,h3 port=8443 ipv4hint=192.0.2.1,192.0.2.2 "
     "ipv6hint=2001:db8::1",
     64,
     "000100000100060268320268330003000220fb00040008c0000201c00002020006001"
     "020010db8000000000000000000000001"},
    {"HTTPS 1 svc mandatory=alpn,port alpn=\"h2\" port=443 no-default-alpn", 65,
     "000103737663076578616d706c6503636f6d00000000040001000300010003026832"
     "000200000003000201bb"},
    {"HTTPS 0 svc.example.com.", 65, "000003737663076578616d706c6503636f6d00"},
    {"SVCB 16 foo.example.org. key667=hello ech=AEP+DQA=", 64,
     "001003666f6f076578616d706c65036f726700000500050043fe0d00029b000568656c"
     "6c6f"},
    {"DHCID AAIBY2/AuCcc", 49, "000201636fc0b8271c"},
};

static void test_types(void)
{
	char text[1024], err[256];
	uint8_t *blob, want[512];
	size_t len;
	struct dns_zone z;
	struct dns_rdata rd;

	for (size_t i = 0; i < sizeof(typed) / sizeof(typed[0]); i++) {
		snprintf(text, sizeof(text),
			 "$TTL 300\n@ SOA ns h 1 2 3 4 5\n@ NS ns\nx %s\n",
			 typed[i].rr);
		enum dns_zone_err e =
		    parse(text, "example.com", &blob, &len, err);
		CHECK(e == DNS_ZONE_OK, "%s: %s", typed[i].rr, err);
		if (e != DNS_ZONE_OK)
			continue;
		CHECK(dns_zone_load(&z, blob, len) == DNS_ZONE_OK, "load");
		size_t n = unit_unhex(typed[i].hex, want, sizeof(want));
		CHECK(rdata_is(rr(&z, "\1x\7example\3com", typed[i].type, &rd),
			       want, n),
		      "%s: rdata as NSD has it", typed[i].rr);
		dns_zone_free(&z);
		free(blob);
	}
}

/* The TTLs of the RRs of one RRset, in order; the count of RRs. */
static unsigned rrset_ttls(const struct dns_zone *z, const char *n, uint16_t t,
			   uint32_t *ttls, unsigned cap)
{
	const struct dns_node *node = find(z, n);
	struct dns_rrset set;
	struct dns_rdata rd;

	if (node == NULL || !dns_node_rrset(node, t, &set))
		return 0;
	const uint8_t *cur = set.rrs;
	for (unsigned i = 0; i < set.count; i++) {
		dns_rr_next(&cur, &rd);
		if (i < cap)
			ttls[i] = rd.ttl;
	}
	return set.count;
}

/* What nsd-checkzone accepts of the zone checks, and what it serves. */
static const char accepted[] =
    "$TTL 60\n"
    "example.com. SOA ns.example.com. h.example.com. 1 2 3 4 5\n"
    "$ORIGIN example.com.\n"
    "c CNAME t\nc CNAME T.example.com.\n"
    "c RRSIG CNAME 8 3 60 20300101000000 20200101000000 1 x AQAB\n"
    "c NSEC d CNAME RRSIG NSEC\n"
    "c NSEC3 1 0 0 - 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom A\n"
    "c TYPE24 \\# 20 00050803 0000003c 00000000 00000000 0001 00 00\n"
    "c TYPE30 \\# 1 00\n"
    "d DNAME t\nd 30 DNAME T\nd A 192.0.2.1\nd NS ns\n"
    "sub NS ns.sub\nns.sub A 192.0.2.2\nx.sub CNAME t\nsub A 192.0.2.3\n"
    "y.x.sub TXT occluded\n"
    "*.w NS ns\n*.v DNAME t\n*.u CNAME t\n"
    "a 100 A 192.0.2.1\na 200 A 192.0.2.2\na 300 A 192.0.2.1\n";

static void test_checks_accepted(void)
{
	uint8_t *blob;
	size_t len;
	char err[256];
	struct dns_zone z;
	uint32_t ttl[4];

	CHECK(parse(accepted, NULL, &blob, &len, err) == DNS_ZONE_OK, "%s",
	      err);
	if (blob == NULL)
		return;
	CHECK(dns_zone_load(&z, blob, len) == DNS_ZONE_OK, "load");
	CHECK(dns_name_eq(z.origin, (const uint8_t *)"\7example\3com"),
	      "no $ORIGIN before the SOA: the SOA's owner names the zone");
	CHECK(rrset_ttls(&z, "\1c\7example\3com", DNS_T_CNAME, ttl, 4) == 1,
	      "a CNAME given twice (names in any case) is one");
	CHECK(rrset_ttls(&z, "\1d\7example\3com", DNS_T_DNAME, ttl, 4) == 1 &&
		  ttl[0] == 60,
	      "a DNAME given twice is one, with the first TTL");
	CHECK(rrset_ttls(&z, "\1a\7example\3com", DNS_T_A, ttl, 4) == 2 &&
		  ttl[0] == 100 && ttl[1] == 200,
	      "TTLs differing in an RRset stay each RR's, the first copy's");
	CHECK(find(&z, "\1y\1x\3sub\7example\3com") != NULL,
	      "data below a cut is kept (occluded when served)");
	dns_zone_free(&z);
	free(blob);
	CHECK(parse("$ORIGIN com.\nexample SOA ns h 1 2 3 4 5\n"
		    "$ORIGIN example.com.\nwww A 192.0.2.1\n",
		    NULL, &blob, &len, err) == DNS_ZONE_OK &&
		  dns_zone_load(&z, blob, len) == DNS_ZONE_OK &&
		  dns_name_eq(z.origin, (const uint8_t *)"\7example\3com"),
	      "the zone is the SOA's owner, not the first $ORIGIN: %s", err);
	if (blob != NULL) {
		dns_zone_free(&z);
		free(blob);
	}
}

/* Each bad input and the exact message it gets. */
static const struct {
	const char *text, *origin, *msg;
} bad[] = {
    {"$TTL 60\n@ SOA a b 1 2 3 4 5\n NS a\na A 1.2.3\n", "example.com",
     "t.zone:4: expected an IPv4 address for A, found \"1.2.3\""},
    {"$TTL 60\na AAAA 1::2::3\n", "example.com",
     "t.zone:2: expected an IPv6 address for AAAA, found \"1::2::3\""},
    {"$TTL 60\na AAAA 1:2:3:4:5:6:7:8:9\n", "example.com",
     "t.zone:2: expected an IPv6 address for AAAA, found "
     "\"1:2:3:4:5:6:7:8:9\""},
    {"$TTL 60\na MX x y\n", "example.com",
     "t.zone:2: expected a number 0-65535 for MX preference, found \"x\""},
    {"$TTL 60\na MX 65536 y\n", "example.com",
     "t.zone:2: expected a number 0-65535 for MX preference, found "
     "\"65536\": number too large"},
    {"$TTL 60\na MX 10\n", "example.com",
     "t.zone:2: expected a domain name for MX exchange, found the end of "
     "the record"},
    {"$TTL 60\na NS b..c\n", "example.com",
     "t.zone:2: expected a domain name for NS, found \"b..c\": empty "
     "label"},
    {"$TTL 60\na NS "
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n",
     "example.com",
     "t.zone:2: expected a domain name for NS, found "
     "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\": "
     "label longer than 63 octets"},
    {"$TTL 60\na NS b\\\n", "example.com",
     "t.zone:2: expected a domain name for NS, found \"b\\\": bad escape"},
    {"$TTL 60\na CNAME b extra\n", "example.com",
     "t.zone:2: unexpected \"extra\" after the rdata of CNAME"},
    {"$TTL 60\na FOO b\n", "example.com",
     "t.zone:2: expected a record type (a mnemonic such as A, MX or DS, or "
     "TYPEnnn), found \"FOO\""},
    {"$TTL 60\na CH A 1.2.3.4\n", "example.com",
     "t.zone:2: expected class IN, found \"CH\" (only IN is served)"},
    {"$TTL 60\na 1x A 1.2.3.4\n", "example.com",
     "t.zone:2: expected a TTL, found \"1x\""},
    {"$TTL 60\na\n", "example.com",
     "t.zone:2: expected a type, found the end of the record"},
    {"$TTL 60\n A 1.2.3.4\n", "example.com",
     "t.zone:2: expected an owner name in column 1, found white space (no "
     "previous owner)"},
    {"$TTL 60\na TXT \"open\n", "example.com",
     "t.zone:2: end of line inside a quoted string"},
    {"$TTL 60\na TXT ( \"x\"\n", "example.com",
     "t.zone:3: end of file inside '(' ... ')'"},
    {"$TTL 60\na TXT \"x\" )\n", "example.com", "t.zone:2: ')' without '('"},
    {"$TTL 60\na TXT ( ( x ) )\n", "example.com",
     "t.zone:2: nested parentheses"},
    {"$TTL 60\na TXT \""
     "0123456789012345678901234567890123456789012345678901234567890123456789"
     "0123456789012345678901234567890123456789012345678901234567890123456789"
     "0123456789012345678901234567890123456789012345678901234567890123456789"
     "0123456789012345678901234567890123456789012345678901234567890123456789"
     "\"\n",
     "example.com", NULL},
    {"$TTL 60\na TYPE65280 1 2\n", "example.com",
     "t.zone:2: TYPE65280 needs generic rdata (\\# length hex)"},
    {"$TTL 60\na TYPE65280 \\# 3 0102\n", "example.com",
     "t.zone:2: \\# says 3 octets of rdata, found 2"},
    {"$TTL 60\na TYPE65280 \\# 2 010\n", "example.com",
     "t.zone:2: \\# says 2 octets of rdata, found 1 and a half"},
    {"$TTL 60\na TYPE65280 \\# 1 010\n", "example.com",
     "t.zone:2: expected hex rdata for \\#, found \"010\": more data "
     "than the length says"},
    {"$TTL 60\na TYPE65280 \\# 1 zz\n", "example.com",
     "t.zone:2: expected hex rdata for \\#, found \"zz\": not a hex digit"},
    {"$TTL 60\na MX \\# 1 00\n", "example.com",
     "t.zone:2: \\# rdata is not a valid MX"},
    {"$TTL 60\na CAA 0 is-sue \"x\"\n", "example.com",
     "t.zone:2: expected a tag of letters and digits for CAA, found "
     "\"is-sue\""},
    {"$TTL 60\na DS 1 2 3 xyz\n", "example.com",
     "t.zone:2: expected hex digits for DS digest, found \"xyz\": not a hex "
     "digit"},
    {"$TTL 60\na DS 1 2 3 abc\n", "example.com",
     "t.zone:2: expected an even number of hex digits for DS digest, found an "
     "odd one"},
    {"$TTL 60\na DNSKEY 256 3 8 AQ\n", "example.com",
     "t.zone:2: expected base64 for DNSKEY public key, found a text that ends "
     "in the middle of a group"},
    {"$TTL 60\na NSEC b FOO\n", "example.com",
     "t.zone:2: expected a record type for NSEC types, found \"FOO\""},
    {"$TTL 60\na LOC 52 22 X\n", "example.com",
     "t.zone:2: expected degrees, minutes or seconds for LOC latitude, found "
     "\"X\""},
    {"$TTL 60\na EUI48 00-00-5e-00-53\n", "example.com",
     "t.zone:2: expected hex pairs joined by '-' for EUI48, found "
     "\"00-00-5e-00-53\""},
    {"$TTL 60\na SVCB 1 . alpn\n", "example.com",
     "t.zone:2: expected a value for the SvcParam alpn"},
    {"$TTL 60\na SVCB 1 . port=1 port=2\n", "example.com",
     "t.zone:2: expected each SvcParam once in SVCB, found key3 twice"},
    {"$TTL 60\na SVCB 1 . mandatory=alpn port=1\n", "example.com",
     "t.zone:2: expected the keys listed in mandatory in the SVCB record, key1 "
     "is missing"},
    {"$TTL 60\na RRSIG A 5 3 86400 20031322173103 20030220173103 1 x AAAA\n",
     "example.com",
     "t.zone:2: expected a time YYYYMMDDHHmmSS for RRSIG expiration, found "
     "\"20031322173103\""},
    {"$TTL 60\na NSEC3 1 0 0 - zz\n", "example.com",
     "t.zone:2: expected a base32hex hash for NSEC3 next owner, found \"zz\""},
    {"$TTL 60\na NAPTR 1 2 \"a\" \"b\" \"c\"\n", "example.com",
     "t.zone:2: expected a domain name for NAPTR replacement, found the end of "
     "the record"},
    {"$TTL 60\na.example.org. A 1.2.3.4\n", "example.com",
     "t.zone:2: expected names in the zone example.com., found "
     "a.example.org. (out-of-zone data)"},
    {"$TTL 60\na A 1.2.3.4\n", NULL,
     "t.zone:2: expected an owner name, found \"a\": relative name and no "
     "$ORIGIN"},
    {"$FOO bar\n", "example.com",
     "t.zone:1: expected $ORIGIN, $TTL or $INCLUDE, found \"$FOO\""},
    {"$TTL\n", "example.com",
     "t.zone:1: expected one TTL after $TTL, found \"\""},
    {"$ORIGIN a b\n", "example.com",
     "t.zone:1: expected one name after $ORIGIN, found 2 fields"},
    {"$INCLUDE nothere.inc\n", "example.com",
     "t.zone:1: cannot open $INCLUDE file \"nothere.inc\""},
    {"$TTL 60\nx A 1.2.3.4\n", "example.com",
     "t.zone:3: expected an SOA record at the apex example.com., found "
     "none"},
    {"$TTL 60\na A 192.0.2.01\n", "example.com",
     "t.zone:2: expected an IPv4 address for A, found \"192.0.2.01\""},
    {"$TTL 60\na CLASS3 A 1.2.3.4\n", "example.com",
     "t.zone:2: expected class IN, found \"CLASS3\" (only IN is served)"},
    {"$ORIGIN sub\n", "example.com",
     "t.zone:1: expected an absolute domain name after $ORIGIN, found "
     "\"sub\": relative name and no $ORIGIN"},
    {"$INCLUDE hosts.inc sub\n", "example.com",
     "t.zone:1: expected an absolute origin after the $INCLUDE file, found "
     "\"sub\": relative name and no $ORIGIN"},
    {"$TTL 60\n@ SOA a b 1 2 3 4 5\n NS a\nx SOA a b 1 2 3 4 5\n",
     "example.com",
     "t.zone:4: expected the SOA record at the apex example.com., found it "
     "at x.example.com."},
    {"$TTL 60\n@ SOA a b 1 2 3 4 5\n NS a\n@ SOA a b 2 2 3 4 5\n",
     "example.com",
     "t.zone:4: expected one SOA record, found a second one (the first is "
     "at t.zone:2)"},
    {"$TTL 60\na TYPE41 \\# 0\n", "example.com",
     "t.zone:2: expected a type that records can have, found TYPE41 (a meta "
     "or query type, RFC 6895 3.1)"},
    {"$TTL 60\na TYPE0 \\# 0\n", "example.com",
     "t.zone:2: expected a type that records can have, found TYPE0 "
     "(reserved, RFC 6895 3.1)"},
    /* The zone checks (zone_check.c): what nsd-checkzone refuses. */
    {"$TTL 60\n@ SOA a b 1 2 3 4 5\n NS a\nw CNAME x\nw A 1.2.3.4\n",
     "example.com",
     "t.zone:5: expected nothing but RRSIG, NSEC and NSEC3 beside the CNAME "
     "at w.example.com. (t.zone:4), found A"},
    {"$TTL 60\n@ SOA a b 1 2 3 4 5\nw A 1.2.3.4\nw TYPE25 \\# 1 00\n"
     "w RRSIG A 8 2 60 20300101000000 20200101000000 1 x AQAB\n"
     "w CNAME x\n",
     "example.com",
     "t.zone:6: expected a CNAME alone at w.example.com. (RRSIG, NSEC and "
     "NSEC3 aside), found A there too (t.zone:3)"},
    {"$TTL 60\n@ SOA a b 1 2 3 4 5\nw CNAME x\nw DNAME y\n", "example.com",
     "t.zone:4: expected nothing but RRSIG, NSEC and NSEC3 beside the CNAME "
     "at w.example.com. (t.zone:3), found DNAME"},
    {"$TTL 60\n@ SOA a b 1 2 3 4 5\n@ CNAME x\n", "example.com",
     "t.zone:3: expected a CNAME alone at example.com. (RRSIG, NSEC and "
     "NSEC3 aside), found SOA there too (t.zone:2)"},
    {"$TTL 60\n@ SOA a b 1 2 3 4 5\n NS a\nw CNAME x\nw CNAME y\n",
     "example.com",
     "t.zone:5: expected one CNAME at w.example.com., found a second one "
     "(the first is at t.zone:4)"},
    {"$TTL 60\n@ SOA a b 1 2 3 4 5\nw DNAME x\nw 30 DNAME y\n", "example.com",
     "t.zone:4: expected one DNAME at w.example.com., found a second one "
     "(the first is at t.zone:3)"},
    {"$TTL 60\n@ SOA a b 1 2 3 4 5\nd DNAME t\nx.d A 192.0.2.1\n",
     "example.com",
     "t.zone:4: expected no data below the DNAME at d.example.com. "
     "(t.zone:3), found x.d.example.com. A (RFC 6672 2.4)"},
    {"$TTL 60\n@ SOA a b 1 2 3 4 5\na.b.d TXT x\nd DNAME t\n", "example.com",
     "t.zone:3: expected no data below the DNAME at d.example.com. "
     "(t.zone:4), found a.b.d.example.com. TXT (RFC 6672 2.4)"},
    {"$TTL 60\n@ SOA a b 1 2 3 4 5\n@ DNAME t.example.\nns A 1.2.3.4\n",
     "example.com",
     "t.zone:4: expected no data below the DNAME at example.com. "
     "(t.zone:3), found ns.example.com. A (RFC 6672 2.4)"},
    {"$TTL 60\n@ SOA a b 1 2 3 4 5\n*.w DNAME t\nx.*.w A 1.2.3.4\n",
     "example.com",
     "t.zone:4: expected no data below the DNAME at *.w.example.com. "
     "(t.zone:3), found x.*.w.example.com. A (RFC 6672 2.4)"},
    {"$TTL 60\n@ SOA a b 1 2 3 4 5\nc NS a\nx.c DNAME t\ny.x.c NS a\n",
     "example.com",
     "t.zone:5: expected no data below the DNAME at x.c.example.com. "
     "(t.zone:4), found y.x.c.example.com. NS (RFC 6672 2.4)"},
    /* Of several faults, the first in the text. */
    {"$TTL 60\n@ SOA a b 1 2 3 4 5\nd DNAME t\nc CNAME t\nc MX 1 t\n"
     "x.d A 1.2.3.4\n",
     "example.com",
     "t.zone:5: expected nothing but RRSIG, NSEC and NSEC3 beside the CNAME "
     "at c.example.com. (t.zone:4), found MX"},
    {"$TTL 60\n@ SOA a b 1 2 3 4 5\n@ SOA a b 1 2 3 4 5\n", "example.com",
     "t.zone:3: expected one SOA record, found a second one (the first is "
     "at t.zone:2)"},
    {"$TTL 60\n$ORIGIN example.com.\n@ SOA a b 1 2 3 4 5\n"
     "www.example.org. A 1.2.3.4\n",
     NULL,
     "t.zone:4: expected names in the zone example.com. (the owner of the "
     "SOA at t.zone:3), found www.example.org. (out-of-zone data)"},
    {"$TTL 60\nexample.org. A 1.2.3.4\nexample.com. SOA a. b. 1 2 3 4 5\n",
     NULL,
     "t.zone:2: expected names in the zone example.com. (the owner of the "
     "SOA at t.zone:3), found example.org. (out-of-zone data)"},
    {"$TTL 60\nexample.com. A 1.2.3.4\n", NULL,
     "t.zone:3: expected an SOA record (it names the zone), found none"},
    {"$ORIGIN example.com.\nwww A 1.2.3.4\n", NULL,
     "t.zone:3: expected an SOA record at the apex example.com., found "
     "none"},
};

static void test_bad(void)
{
	uint8_t *blob;
	size_t len;
	char err[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		enum dns_zone_err e =
		    parse(bad[i].text, bad[i].origin, &blob, &len, err);
		const char *want = bad[i].msg;
		if (want == NULL)
			want = "t.zone:2: expected a character-string for TXT, "
			       "found \"";
		CHECK(e != DNS_ZONE_OK && blob == NULL &&
			  strncmp(err, want, strlen(want)) == 0,
		      "case %zu: got \"%s\"", i, err);
	}
}

/* Every cut of a blob is refused; every flipped byte loads or is refused. */
static void test_blob(void)
{
	uint8_t *blob;
	size_t len;
	char err[256];
	struct dns_zone z;

	CHECK(parse(good, NULL, &blob, &len, err) == DNS_ZONE_OK, "%s", err);
	for (size_t n = 0; n < len; n++) {
		uint8_t *cut = malloc(n ? n : 1);
		memcpy(cut, blob, n);
		CHECK(dns_zone_load(&z, cut, n) == DNS_ZONE_BADBLOB, "cut %zu",
		      n);
		free(cut);
	}
	unsigned loaded = 0;
	for (size_t i = 0; i < len; i++) {
		uint8_t *bent = malloc(len);
		memcpy(bent, blob, len);
		bent[i] ^= 0x41;
		if (dns_zone_load(&z, bent, len) == DNS_ZONE_OK) {
			loaded++;
			dns_zone_free(&z);
		}
		free(bent);
	}
	CHECK(loaded < len, "corruption is noticed (%u of %zu loaded)", loaded,
	      len);
	struct dns_zone_set set;
	const uint8_t *blobs[2] = {blob, blob};
	size_t lens[2] = {len, len - 1}, which = 9;
	CHECK(dns_zone_set_load(&set, blobs, lens, 2, &which) ==
		      DNS_ZONE_BADBLOB &&
		  which == 1 && set.n == 0,
	      "a set with a bad blob");
	CHECK(
	    dns_zone_set_load(&set, blobs, lens, 1, &which) == DNS_ZONE_OK &&
		dns_zone_set_find(&set, (const uint8_t *)"\1x\7example\3com") ==
		    &set.zones[0] &&
		dns_zone_set_find(&set, (const uint8_t *)"\3org") == NULL,
	    "a set of one zone");
	dns_zone_set_free(&set);
	free(blob);
}

/* The same node pointers, origin, apex, negative TTL and rdata index. */
static int same_zone(const struct dns_zone *a, const struct dns_zone *b)
{
	if (a->blob != b->blob || a->origin != b->origin ||
	    a->nnodes != b->nnodes ||
	    a->apex - a->nodes != b->apex - b->nodes ||
	    a->neg_ttl != b->neg_ttl || a->rdnames != b->rdnames ||
	    a->nrdnames != b->nrdnames)
		return 0;
	for (size_t i = 0; i < a->nnodes; i++)
		if (a->nodes[i].name != b->nodes[i].name)
			return 0;
	return 1;
}

/*
 * dns_zone_index(), the image's boot path for blobs the build checked:
 * on a good blob the same zone as dns_zone_load(); every cut refused;
 * every flipped byte indexed or refused without reading outside the blob
 * (the sanitizers watch), and a flip of the layout's lengths noticed.
 */
static void test_index(void)
{
	uint8_t *blob;
	size_t len, which = 9;
	char err[256];
	struct dns_zone z, ref;

	CHECK(parse(good, NULL, &blob, &len, err) == DNS_ZONE_OK, "%s", err);
	CHECK(dns_zone_load(&ref, blob, len) == DNS_ZONE_OK, "load");
	CHECK(dns_zone_index(&z, blob, len) == DNS_ZONE_OK &&
		  same_zone(&z, &ref),
	      "index and load agree");
	dns_zone_free(&z);
	dns_zone_free(&ref);
	for (size_t n = 0; n < len; n++) {
		uint8_t *cut = malloc(n ? n : 1);
		memcpy(cut, blob, n);
		CHECK(dns_zone_index(&z, cut, n) == DNS_ZONE_BADBLOB, "cut %zu",
		      n);
		free(cut);
	}
	unsigned indexed = 0;
	for (size_t i = 0; i < len; i++) {
		uint8_t *bent = malloc(len);
		memcpy(bent, blob, len);
		bent[i] ^= 0x41;
		if (dns_zone_index(&z, bent, len) == DNS_ZONE_OK) {
			indexed++;
			dns_zone_free(&z);
		}
		free(bent);
	}
	CHECK(indexed < len, "a broken layout is noticed (%u of %zu indexed)",
	      indexed, len);
	struct dns_zone_set set;
	const uint8_t *blobs[2] = {blob, blob};
	size_t lens[2] = {len, len - 1};
	CHECK(dns_zone_set_index(&set, blobs, lens, 2, &which) ==
		      DNS_ZONE_BADBLOB &&
		  which == 1 && set.n == 0,
	      "a set with a bad blob");
	CHECK(dns_zone_set_index(&set, blobs, lens, 1, &which) == DNS_ZONE_OK &&
		  set.n == 1,
	      "a set of one zone");
	dns_zone_set_free(&set);
	free(blob);
}

/*
 * The index of names in rdata that the compiler writes: every name of
 * NS, CNAME, PTR, DNAME, MX and SRV rdata is found, in any case, and no
 * other; an index out of order or pointing outside the blob is refused.
 */
static void test_rdnames(void)
{
	static const char text[] =
	    "$ORIGIN example.com.\n@ SOA ns1 host 1 2 3 4 5\n"
	    "@ NS ns1\n@ NS ns.other.net.\nmx MX 10 Mail.Other.net.\n"
	    "null MX 0 .\nc CNAME target.example.org.\n"
	    "p PTR ptr.example.\nd DNAME elsewhere.example.\n"
	    "_s._tcp SRV 1 2 3 sip.example.org.\ndup CNAME ns.other.net.\n"
	    "t TXT \"txt.example.\"\n";
	static const char *const in[] = {
	    "\3ns1\7example\3com",    "\2ns\5other\3net",
	    "\4mail\5other\3net",     "",
	    "\6target\7example\3org", "\3ptr\7example",
	    "\11elsewhere\7example",  "\3sip\7example\3org",
	    "\4MAIL\5OTHER\3NET"};
	static const char *const out[] = {"\3txt\7example",
					  "\2mx\7example\3com", "\5other\3net",
					  "\7example\3com"};
	uint8_t *blob;
	size_t len;
	char err[256];
	struct dns_zone z;

	CHECK(parse(text, NULL, &blob, &len, err) == DNS_ZONE_OK, "%s", err);
	CHECK(dns_zone_load(&z, blob, len) == DNS_ZONE_OK, "load");
	CHECK(z.nrdnames == 8, "%zu distinct names in rdata", z.nrdnames);
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		CHECK(dns_zone_has_rdata_name(&z, (const uint8_t *)in[i]),
		      "name %zu is in rdata", i);
	for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++)
		CHECK(!dns_zone_has_rdata_name(&z, (const uint8_t *)out[i]),
		      "name %zu is not in rdata", i);
	dns_zone_free(&z);
	/* The index is the last 4 + 4 * 8 octets: swap its first two. */
	uint8_t *bent = malloc(len);
	size_t at = len - 32;
	memcpy(bent, blob, len);
	memcpy(bent + at, blob + at + 4, 4);
	memcpy(bent + at + 4, blob + at, 4);
	CHECK(dns_zone_load(&z, bent, len) == DNS_ZONE_BADBLOB,
	      "an index out of order");
	memcpy(bent, blob, len);
	put32(bent + at, (uint32_t)len);
	CHECK(dns_zone_load(&z, bent, len) == DNS_ZONE_BADBLOB,
	      "an offset past the end");
	memcpy(bent, blob, len);
	put32(bent + len - 36, 9);
	CHECK(dns_zone_load(&z, bent, len) == DNS_ZONE_BADBLOB,
	      "more offsets than there are");
	free(bent);
	free(blob);
}

static void test_configs(const char *dir)
{
	static const char *const zones[][2] = {
	    {"example.com", "example.com.zone"},
	    {"2.0.192.in-addr.arpa", "2.0.192.in-addr.arpa.zone"}};
	char path[1024];

	for (size_t i = 0; i < 2; i++) {
		struct dns_zone z;
		uint8_t *blob;
		snprintf(path, sizeof(path), "%s/%s", dir, zones[i][1]);
		CHECK(load_zone_file(zones[i][0], path, &z, &blob) == 0, "%s",
		      path);
		CHECK(z.nnodes > 5, "%s has %zu nodes", path, z.nnodes);
		dns_zone_free(&z);
		free(blob);
	}
}

/*
 * Names at the 255-octet limit: four labels of 63, 63, 63 and 61 octets
 * make exactly 255 in wire form; one octet more is refused with a message
 * (this once wrote past the end of the name buffer).
 */
static void test_name_limit(void)
{
	char text[400], err[256], label[64];
	uint8_t *blob;
	size_t len;

	memset(label, 'a', 63);
	label[63] = '\0';
	for (int last = 61; last <= 62; last++) {
		snprintf(text, sizeof(text), "$ORIGIN %s.%s.%s.%.*s.\n", label,
			 label, label, last, label);
		enum dns_zone_err e = parse(text, NULL, &blob, &len, err);
		if (last == 61)
			CHECK(e != DNS_ZONE_OK && strstr(err, "apex") != NULL,
			      "255 octets is a name: %s", err);
		else
			CHECK(e != DNS_ZONE_OK &&
				  strstr(err,
					 "expected an absolute domain name "
					 "after $ORIGIN") != NULL,
			      "256 octets is refused: %s", err);
		if (e == DNS_ZONE_OK)
			free(blob);
	}
}

int main(int argc, char **argv)
{
	test_good();
	test_bad();
	test_checks_accepted();
	test_nsd_corners();
	test_types();
	test_name_limit();
	test_blob();
	test_index();
	test_rdnames();
	if (argc > 1)
		test_configs(argv[1]);
	return unit_summary();
}

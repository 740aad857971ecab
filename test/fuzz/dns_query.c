/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target of the query path: dns_answer() on arbitrary bytes,
 * against two zones (with a delegation, a wildcard, CNAME chains and a
 * loop, DNAMEs). Checks that a response fits, parses back with the wire reader
 * with the counts its header gives, and that the memoised server answers
 * byte for byte like the one without a memo (asked twice: miss, then hit).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/server.h"
#include "dns_fuzz.h"

/* 190 octets: three of them do not fit in 512. */
#define BIG_STRING                                                             \
	"\"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"   \
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"     \
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd\""

/* A DNAME target of 184 octets: names of 90 and more below "long" overflow. */
#define LONG_TARGET                                                            \
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."     \
	"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb."     \
	"cccccccccccccccccccccccccccccccccccccccccc"

static const char zone_text[] =
    "$TTL 300\n"
    "@ SOA ns1 host.master 1 2 3 4 60\n"
    "  NS ns1\n  NS ns2.example.com.\n  MX 10 mail\n  A 192.0.2.1\n"
    "  TXT \"apex\" \"two\"\n  CAA 0 issue \"ca.example\"\n"
    "ns1 A 192.0.2.53\n AAAA 2001:db8::53\nns2 A 192.0.2.54\n"
    "mail A 192.0.2.25\nwww CNAME web\nweb A 192.0.2.80\n A 192.0.2.81\n"
    "ftp CNAME www\nloop1 CNAME loop2\nloop2 CNAME loop1\n"
    "out CNAME www.example.net.\n_s._tcp SRV 1 2 3 sip\nsip A 192.0.2.6\n"
    "*.w A 192.0.2.99\n*.w MX 1 x.w\nd.e.f A 192.0.2.7\n"
    "sub NS ns.sub\nns.sub A 192.0.2.201\n"
    /* DNAME (RFC 6672): to a node, chained, looping, too long. */
    "dn DNAME web\nd2 DNAME dn\nl1 DNAME l2\nl2 DNAME l1\n"
    "self DNAME x.self\nrev DNAME 2.0.192.in-addr.arpa.\n"
    "long DNAME " LONG_TARGET "\n"
    "big TXT " BIG_STRING " " BIG_STRING " " BIG_STRING "\n";

static const char rev_text[] = "$TTL 60\n@ SOA ns1.example.com. h.example.com."
			       " 1 2 3 4 5\n NS ns1.example.com.\n"
			       "1 PTR example.com.\n";

static struct dns_zone zones[2];
static struct dns_zone_set set = {zones, 2};
static struct dns_server memo, plain;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct dns_server_opts no = {.no_memo = 1};

	(void)argc;
	(void)argv;
	dns_fuzz_load(&zones[0], "example.com", zone_text);
	dns_fuzz_load(&zones[1], "2.0.192.in-addr.arpa", rev_text);
	if (dns_server_init(&memo, &set, NULL) != 0 ||
	    dns_server_init(&plain, &set, &no) != 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t a[65536], b[65536], c[65536];
	size_t cap = 512 + (size % 2) * 65000;
	size_t la = dns_answer(&plain, data, size, a, cap);
	size_t lb = dns_answer(&memo, data, size, b, cap);
	size_t lc = dns_answer(&memo, data, size, c, cap);

	if (la > cap || la != lb || la != lc || memcmp(a, b, la) != 0 ||
	    memcmp(a, c, la) != 0)
		abort();
	if (la > 0)
		dns_fuzz_check_response(a, la);
	return 0;
}

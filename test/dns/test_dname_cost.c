/* SPDX-License-Identifier: ISC */
/*
 * The cost of a query below a DNAME whose target is outside every zone
 * served: the answer needs to know whether the zones have the target's
 * ancestors in rdata (dname.c, to compress as NSD does), which once meant
 * a scan of every RR per query. The zone compiler now indexes those names,
 * so the time per query must not grow with the zone: a zone 100 times
 * larger may cost a few times more (cache misses, a deeper search), not
 * 100 times. Prints the processor time per query for both sizes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dns/server.h"
#include "unit.h"

UNIT_COUNTERS;

#define QUERIES 2000

/* A zone of n MX records (names in rdata) and a DNAME out of the zones. */
static char *zone_text(unsigned n)
{
	size_t cap = 128 + (size_t)n * 48, len;
	char *t = malloc(cap);

	if (t == NULL)
		exit(1);
	len = (size_t)snprintf(t, cap,
			       "$ORIGIN big.example.\n@ SOA ns host 1 2 3 4 5\n"
			       "@ NS ns\nns A 192.0.2.1\nd DNAME out.other.\n");
	for (unsigned i = 0; i < n; i++)
		len += (size_t)snprintf(t + len, cap - len,
					"h%u MX 10 m%u.mail.example.\n", i, i);
	return t;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Microseconds a query for x.d.big.example A takes with n records. */
static double per_query_us(unsigned n)
{
	static const uint8_t q[] = "\x12\x34\1\0\0\1\0\0\0\0\0\0"
				   "\1x\1d\3big\7example\0\0\1\0\1";
	struct dns_zone_parse_opts o = {"big.zone", NULL, NULL, NULL};
	struct dns_server_opts no = {.no_memo = 1};
	struct dns_zone z;
	struct dns_zone_set set = {&z, 1};
	struct dns_server s;
	char *text = zone_text(n), err[256];
	uint8_t *blob, resp[1232];
	size_t len, rlen = 0;
	double t0;

	if (dns_zone_parse(text, strlen(text), &o, &blob, &len, err,
			   sizeof(err)) != DNS_ZONE_OK ||
	    dns_zone_load(&z, blob, len) != DNS_ZONE_OK ||
	    dns_server_init(&s, &set, &no) != 0) {
		printf("zone of %u records: %s\n", n, err);
		exit(1);
	}
	t0 = now_s();
	for (unsigned i = 0; i < QUERIES; i++)
		rlen = dns_answer(&s, q, sizeof(q) - 1, resp, sizeof(resp));
	double us = (now_s() - t0) * 1e6 / QUERIES;
	/* Header, question, the DNAME and the CNAME to x.out.other. */
	CHECK(rlen > 12 + 21 && resp[7] == 2, "%u records: the answer", n);
	printf("%u records: %.2f us a query\n", n, us);
	dns_server_fini(&s);
	dns_zone_free(&z);
	free(blob);
	free(text);
	return us;
}

int main(void)
{
	double small = per_query_us(1000), big = per_query_us(100000);

	CHECK(big < 8 * small,
	      "100 times the records, %.1f times the time a query",
	      big / small);
	return unit_summary();
}

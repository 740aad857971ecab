/* SPDX-License-Identifier: ISC */
/*
 * The build's table (www/index.h) against the generic path: for every file
 * of a test tree and every kind of request (GET, HEAD, gzip, 304 by
 * If-None-Match and If-Modified-Since, 206 with and without If-Range, 416,
 * HTTP/1.0 keep-alive, Connection: close, two Dates), the connection that
 * serves from the table and its memoised heads answers byte for byte what
 * the connection that computes everything per request answers. The gzip
 * variant the build "made" for /style.css is, on the generic side, a
 * /style.css.gz of the tree; on the table's side it has no URL (404).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "memo_index.h"
#include "unit.h"
#include "www/http_conn.h"
#include "www/http_date.h"
#include "www/http_serve.h"

UNIT_COUNTERS;

#define NS 1000000000ull
#define T0 (784111777ull * NS) /* Sun, 06 Nov 1994 08:49:37 GMT */
#define LM (784111777 - 86400)
#define BIG (1 << 20)
#define CSS 3000

static uint8_t big[BIG], css[CSS];
static const uint8_t css_gz[] = "GZ-CSS-MADE-BY-THE-BUILD";

/* The generic tree: variants as NAME.gz files. */
static struct uni_data_file tree[] = {
    {"/a.txt", (const uint8_t *)"0123456789", 10},
    {"/a.txt.gz", (const uint8_t *)"GZ-A", 4},
    {"/big.bin", big, BIG},
    {"/data.json", (const uint8_t *)"{\"k\": 1}\n", 9},
    {"/docs/index.html", (const uint8_t *)"docs\n", 5},
    {"/empty.bin", (const uint8_t *)"", 0},
    {"/index.html", (const uint8_t *)"<p>hi</p>\n", 10},
    {"/style.css", css, CSS},
    {"/style.css.gz", css_gz, sizeof(css_gz) - 1},
    {"/x y.txt", (const uint8_t *)"blank", 5},
};
#define NTREE (sizeof(tree) / sizeof(tree[0]))
static const struct uni_data_set generic = {tree, NTREE};
/* The built tree: no /style.css.gz, the build made that variant. */
static struct uni_data_file built_files[NTREE - 1];
static const struct uni_data_set built = {built_files, NTREE - 1};
static struct www_index built_ix, generic_ix;

static char got[2][BIG + 65536];
static size_t got_len[2];

/* req on a fresh connection over site (and index) at now: into got[k]. */
static void run(int k, const struct uni_data_set *site,
		const struct www_index *index, const char *req, uint64_t now)
{
	struct http_config cfg;
	static struct http_conn c;
	struct http_piece p;
	size_t len = strlen(req), at = 0;

	http_config_default(&cfg);
	cfg.last_modified = LM;
	cfg.index = index;
	http_conn_init(&c, site, &cfg, now);
	got_len[k] = 0;
	while (at < len) {
		size_t n = http_conn_input(&c, now, (const uint8_t *)req + at,
					   len - at);

		at += n;
		while (http_conn_output(&c, &p)) {
			if (got_len[k] + p.len <= sizeof(got[k])) {
				memcpy(got[k] + got_len[k], p.p, p.len);
				got_len[k] += p.len;
			}
			http_conn_sent(&c, now, p.len);
		}
		if (n == 0)
			break;
	}
}

/* The head of got[k] (up to the empty line), for a message. */
static const char *head_of(int k)
{
	static char h[2][4096];
	size_t n = 0;

	while (n + 1 < sizeof(h[k]) && n < got_len[k] &&
	       (n < 4 || memcmp(got[k] + n - 4, "\r\n\r\n", 4) != 0)) {
		h[k][n] = got[k][n];
		n++;
	}
	h[k][n] = '\0';
	return h[k];
}

static void same(const char *req, const struct uni_data_set *a_site,
		 const struct www_index *a_ix,
		 const struct uni_data_set *b_site,
		 const struct www_index *b_ix, uint64_t now)
{
	run(0, a_site, a_ix, req, now);
	run(1, b_site, b_ix, req, now);
	CHECK(got_len[0] > 0 && got_len[0] == got_len[1] &&
		  memcmp(got[0], got[1], got_len[0]) == 0,
	      "\n%s\ngeneric (%zu bytes):\n%s\ntable (%zu bytes):\n%s", req,
	      got_len[0], head_of(0), got_len[1], head_of(1));
}

static const char *const kinds[] = {
    "GET %s HTTP/1.1\r\nHost: x\r\n\r\n",
    "HEAD %s HTTP/1.1\r\nHost: x\r\n\r\n",
    "GET %s HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, br\r\n\r\n",
    "HEAD %s HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n",
    "GET %s HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip;q=0\r\n\r\n",
    "GET %s HTTP/1.1\r\nHost: x\r\nIf-None-Match: %s\r\n\r\n",
    "GET %s HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n"
    "If-None-Match: \"x\", %s\r\n\r\n",
    "HEAD %s HTTP/1.1\r\nHost: x\r\nIf-None-Match: *\r\n\r\n",
    "GET %s HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"nope\"\r\n\r\n",
    "GET %s HTTP/1.1\r\nHost: x\r\n"
    "If-Modified-Since: Sat, 05 Nov 1994 08:49:37 GMT\r\n\r\n",
    "GET %s HTTP/1.1\r\nHost: x\r\n"
    "If-Modified-Since: Fri, 04 Nov 1994 08:49:37 GMT\r\n\r\n",
    "GET %s HTTP/1.1\r\nHost: x\r\nRange: bytes=1-3\r\n\r\n",
    "GET %s HTTP/1.1\r\nHost: x\r\nRange: bytes=-2\r\n"
    "Accept-Encoding: gzip\r\n\r\n",
    "GET %s HTTP/1.1\r\nHost: x\r\nRange: bytes=2-\r\nIf-Range: %s\r\n\r\n",
    "GET %s HTTP/1.1\r\nHost: x\r\nRange: bytes=2-\r\n"
    "If-Range: \"other\"\r\n\r\n",
    "GET %s HTTP/1.1\r\nHost: x\r\nRange: bytes=99999999-\r\n\r\n",
    "GET %s HTTP/1.1\r\nHost: x\r\nRange: bytes=1-2,4-5\r\n\r\n",
    "GET %s HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    "HEAD %s HTTP/1.0\r\n\r\n",
    "GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
    "Accept-Encoding: gzip\r\n\r\n",
    "GET %s HTTP/1.1\r\nHost: x\r\n\r\nHEAD %s HTTP/1.1\r\nHost: x\r\n"
    "Accept-Encoding: x-gzip\r\n\r\n",
};

/* The URL of a file name: a blank percent-encoded. */
static void url_of(const char *name, char *out)
{
	for (; *name != '\0'; name++) {
		if (*name == ' ') {
			memcpy(out, "%20", 3);
			out += 3;
		} else {
			*out++ = *name;
		}
	}
	*out = '\0';
}

/* Every kind of request for every file of the built tree. */
static void test_every_file(void)
{
	char req[2048], url[512], etag[WWW_ETAG_SIZE];
	struct www_index other = built_ix;

	other.set = &generic; /* a table of another set is not used */
	for (size_t i = 0; i < built.count; i++) {
		const struct www_file_info *fi = &built_ix.files[i];

		url_of(built.files[i].name, url);
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			/* The tag the kind names: the variant's for a gzip
			   request with If-None-Match, else the file's. */
			snprintf(etag, sizeof(etag), "%s",
				 k == 6 && fi->gz != NULL ? fi->gz_etag
							  : fi->etag);
			if (strstr(kinds[k], "%s\r\n\r\nHEAD") != NULL)
				snprintf(req, sizeof(req), kinds[k], url, url);
			else
				snprintf(req, sizeof(req), kinds[k], url, etag);
			same(req, &generic, NULL, &built, &built_ix, T0);
			same(req, &generic, NULL, &built, &built_ix,
			     T0 + 3601 * NS);
			same(req, &generic, NULL, &generic, &generic_ix, T0);
			same(req, &generic, NULL, &generic, &other, T0);
		}
	}
	/* The index page by its directory, and a redirect. */
	same("GET / HTTP/1.1\r\nHost: x\r\n\r\n", &generic, NULL, &built,
	     &built_ix, T0);
	same("GET /docs HTTP/1.1\r\nHost: x\r\n\r\n", &generic, NULL, &built,
	     &built_ix, T0);
}

/* The variant the build made has no URL; one of the tree keeps its own. */
static void test_no_url(void)
{
	run(0, &built, &built_ix,
	    "GET /style.css.gz HTTP/1.1\r\nHost: x\r\n\r\n", T0);
	CHECK(got_len[0] > 12 && memcmp(got[0], "HTTP/1.1 404", 12) == 0, "%s",
	      head_of(0));
	run(0, &built, &built_ix, "GET /a.txt.gz HTTP/1.1\r\nHost: x\r\n\r\n",
	    T0);
	CHECK(got_len[0] > 12 && memcmp(got[0], "HTTP/1.1 200", 12) == 0, "%s",
	      head_of(0));
}

/* The reply of req from the table: with a memo for a 200, not else. */
static void memo_of(const char *req, unsigned status, int memo)
{
	struct http_request q;
	struct http_reply r;
	char location[HTTP_LOCATION_MAX + 1];
	const char *why;

	CHECK(http_parse_head(req, strlen(req), &q, &why) == 0, "%s", req);
	http_serve_index(&built, &built_ix, &q, -1, &r, location);
	CHECK(r.status == status && (r.memo != NULL) == memo,
	      "%s: status %u, memo %d", req, r.status, r.memo != NULL);
}

static void test_memo_used(void)
{
	char req[256];

	memo_of("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n", 200, 1);
	memo_of("HEAD /big.bin HTTP/1.1\r\nHost: x\r\n\r\n", 200, 1);
	memo_of("GET /style.css HTTP/1.1\r\nHost: x\r\nAccept-Encoding: "
		"gzip\r\n\r\n",
		200, 1);
	memo_of("GET /big.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=0-0\r\n\r\n",
		206, 0);
	memo_of("GET /big.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=9999999-"
		"\r\n\r\n",
		416, 0);
	snprintf(
	    req, sizeof(req),
	    "GET /big.bin HTTP/1.1\r\nHost: x\r\nIf-None-Match: %s\r\n\r\n",
	    built_ix.files[2].etag);
	memo_of(req, 304, 0);
	memo_of("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n", 404, 0);
	/* Per-file Last-Modified from the table, not the argument. */
	CHECK(strstr(built_ix.files[0].head,
		     "Last-Modified: Sat, 05 Nov 1994 08:49:37 GMT\r\n") !=
		  NULL,
	      "%s", built_ix.files[0].head);
}

int main(void)
{
	struct memo_gz gz[NTREE] = {0}, ggz[NTREE] = {0};

	for (size_t i = 0; i < BIG; i++)
		big[i] = (uint8_t)(i * 7 + (i >> 12));
	for (size_t i = 0; i < CSS; i++)
		css[i] = (uint8_t)"body { color: red; }\n"[i % 21];
	for (size_t i = 0, j = 0; i < NTREE; i++)
		if (strcmp(tree[i].name, "/style.css.gz") != 0)
			built_files[j++] = tree[i];
	/* built: /a.txt's variant is /a.txt.gz; /style.css's was made. */
	gz[0] = (struct memo_gz){tree[1].data, tree[1].size};
	gz[7] = (struct memo_gz){css_gz, sizeof(css_gz) - 1};
	memo_index_build(&built_ix, &built, gz, LM);
	/* generic with its table: both variants are NAME.gz files. */
	ggz[0] = gz[0];
	ggz[7] = gz[7];
	memo_index_build(&generic_ix, &generic, ggz, LM);
	test_every_file();
	test_no_url();
	test_memo_used();
	memo_index_free(&built_ix);
	memo_index_free(&generic_ix);
	return unit_summary();
}

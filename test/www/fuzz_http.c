/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: the HTTP connection (http_conn.h) fed any bytes, cut
 * into chunks of a size the first input byte picks, its output taken in
 * pieces of a size the second byte picks, with a timeout now and then.
 * Whatever it is given, the connection must not crash or read outside
 * its buffers, must keep its bounds (the head buffer, the queue), must
 * answer with well-framed responses (each "HTTP/1.1 NNN", a head ending
 * in an empty line, a body of its Content-Length; without HEAD requests,
 * whose bodies are not sent), must be done once it has said so, and its
 * access log lines must be printable. When the first byte has bit 0x40,
 * the connection serves from a table of the tree (www/index.h: memoised
 * heads, and a gzip variant of /index.html that has no URL).
 */
#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "memo_index.h"
#include "www/http_conn.h"

static const struct uni_data_file files[] = {
    {"/a.txt", (const uint8_t *)"0123456789", 10},
    {"/a.txt.gz", (const uint8_t *)"GZ", 2},
    {"/docs/index.html", (const uint8_t *)"docs\n", 5},
    {"/index.html", (const uint8_t *)"<p>hi</p>\n", 10},
};
static const struct uni_data_set site = {files, 4};

static const uint8_t index_gz[] = "GZ-MADE";
static struct www_index table;

static uint8_t out[1 << 20];
static size_t out_len;

/* The responses in out[0..out_len) are framed by their Content-Length. */
static void check_framing(void)
{
	size_t at = 0;

	while (at < out_len) {
		const char *h = (const char *)out + at, *end, *cl;
		size_t left = out_len - at, n = 0;

		if (left < 13 || memcmp(h, "HTTP/1.1 ", 9) != 0)
			abort();
		end = memmem(h, left, "\r\n\r\n", 4);
		if (end == NULL)
			abort();
		cl = memmem(h, (size_t)(end - h), "\r\nContent-Length: ", 18);
		if (cl == NULL && memcmp(h + 9, "304", 3) != 0)
			abort();
		for (cl = cl != NULL ? cl + 18 : end; *cl >= '0' && *cl <= '9';
		     cl++)
			n = n * 10 + (size_t)(*cl - '0');
		at += (size_t)(end + 4 - h) + n;
	}
	if (at != out_len)
		abort();
}

/* The access log of each reply: printable, and as long as it says. */
static void log_line(void *arg, const struct http_log_entry *e)
{
	char line[96];
	size_t n = http_log_format(e, line, sizeof(line));

	(void)arg;
	if (n != strlen(line) || n >= sizeof(line))
		abort();
	for (size_t i = 0; i < n; i++)
		if (line[i] < 0x20 || line[i] > 0x7e)
			abort();
}

static void take(struct http_conn *c, uint64_t now, size_t step)
{
	struct http_piece p;

	while (http_conn_output(c, &p)) {
		size_t n = p.len < step ? p.len : step;

		if (p.len == 0 || p.p == NULL)
			abort();
		if (out_len + n <= sizeof(out))
			memcpy(out + out_len, p.p, n);
		out_len += n;
		http_conn_sent(c, now, n);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct http_conn c;
	static struct http_config cfg;
	size_t chunk, step, at = 2;
	uint64_t now = 1000;

	if (size < 2)
		return 0;
	chunk = data[0] % 64 + 1;
	step = (size_t)data[1] * 7 + 1;
	http_config_default(&cfg);
	cfg.last_modified = 0;
	cfg.log = log_line;
	if (data[0] & 0x80) {
		cfg.head_max = 200;
		cfg.line_max = 80;
	}
	if (data[0] & 0x40) {
		if (table.files == NULL) {
			struct memo_gz gz[4] = {
			    {files[1].data, files[1].size},
			    {NULL, 0},
			    {NULL, 0},
			    {index_gz, sizeof(index_gz) - 1}};

			memo_index_build(&table, &site, gz, 784111777);
		}
		cfg.index = &table;
	}
	http_conn_init(&c, &site, &cfg, now);
	out_len = 0;
	while (at < size && !http_conn_done(&c)) {
		size_t n = size - at < chunk ? size - at : chunk;
		size_t used = http_conn_input(&c, now, data + at, n);

		if (used > n || c.in_len > HTTP_HEAD_MAX ||
		    c.npieces > HTTP_PIECES || c.out_len > HTTP_OUT_MAX)
			abort();
		at += used;
		take(&c, now, step);
		if (data[at - 1 < size ? at - 1 : 0] == 0xff) {
			now = http_conn_deadline(&c);
			http_conn_timeout(&c, now);
			take(&c, now, step);
		}
		if (used == 0 && !http_conn_done(&c))
			abort(); /* the queue drained, so input is taken */
	}
	http_conn_eof(&c, now);
	take(&c, now, step);
	if (!http_conn_done(&c) && http_conn_deadline(&c) == 0)
		abort();
	if (out_len <= sizeof(out) && memmem(data, size, "HEAD", 4) == NULL)
		check_framing();
	return 0;
}

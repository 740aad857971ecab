/* SPDX-License-Identifier: ISC */
/*
 * One HTTP/1.1 connection, sans-I/O: bytes received go in, response bytes
 * come out as a queue of pieces (a head in the connection's buffer, or a
 * body in the compiled-in file, sent from there: no copy), and the
 * connection says when it next needs the clock and when it is done. No
 * clock reads, no I/O, no allocation: the caller passes now_ns to every
 * call and owns the socket, so the same code runs in the image, in the
 * native tests and under libFuzzer.
 *
 * Requests are answered in order, pipelined ones too; the next request
 * is parsed only while the output queue has room for its reply, so a
 * client that does not read cannot make the connection grow. A request
 * body (Content-Length) is read and dropped, up to body_max (else 413).
 * A chunked body is not read: the reply carries Connection: close. After
 * an error in the request itself (400, 408, 413, 414, 431, 501, 505) or a
 * Connection: close, the reply ends the connection: input is dropped,
 * and http_conn_done() says so once the queue is empty.
 *
 * Timeouts (slowloris): the head of a request must arrive within
 * header_timeout of its first byte (else a 408 and the end); a connection
 * without a request under way ends after idle_timeout without input, and
 * one whose replies are not taken ends after idle_timeout without
 * progress.
 */
#ifndef WWW_HTTP_CONN_H
#define WWW_HTTP_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "www/http_date.h"
#include "www/http_parse.h"
#include "www/http_response.h"
#include "www/index.h"
#include "www/tree.h"

#define HTTP_HEAD_MAX 8192 /* the largest head_max: the input buffer */
#define HTTP_OUT_MAX (3 * HTTP_HEAD_OUT_MAX) /* response heads queued */
#define HTTP_PIECES 32			     /* pieces queued */

/* What one request was, for the access log. */
struct http_log_entry {
	struct http_str method, target; /* as received; empty when unread */
	unsigned status;
	uint64_t bytes; /* body bytes of the reply (0 for HEAD) */
};

/*
 * The access log line of e, NUL-terminated, into out[0..cap): "METHOD
 * TARGET STATUS BYTES", the method and target as received with every byte
 * outside 0x21-0x7E (and the backslash) written as \xNN, so that no
 * request can put a control sequence on the console; cut to fit, with
 * "..." at the end of a cut target. Its length.
 */
size_t http_log_format(const struct http_log_entry *e, char *out, size_t cap);

struct http_config {
	size_t head_max;	    /* request line + fields (431); 8192 */
	size_t line_max;	    /* request line (414); 8192 */
	uint64_t body_max;	    /* a body read and dropped (413); 1 MiB */
	uint64_t header_timeout_ns; /* a head from its first byte (408); 10 s */
	uint64_t idle_timeout_ns;   /* without progress; 60 s */
	int64_t last_modified;	    /* of every file, seconds; -1: none */
	/* The build's table of the site (www/index.h: ETags, Last-Modified
	   per file, gzip variants, memoised heads); NULL: www.root's when
	   the site is www.root's set; without a table, ETags are computed
	   per request and last_modified is used. */
	const struct www_index *index;
	uint64_t epoch_offset_s; /* Unix time at now_ns 0, for Date */
	/* Called once per reply when not NULL: the access log. */
	void (*log)(void *arg, const struct http_log_entry *e);
	void *log_arg;
};

/* The defaults above. */
void http_config_default(struct http_config *cfg);

/* A piece of output: bytes to send in order. */
struct http_piece {
	const uint8_t *p;
	size_t len;
};

enum http_conn_state { HTTP_OPEN, HTTP_CLOSING, HTTP_DONE };

struct http_conn {
	const struct uni_data_set *site; /* checked by www_tree_check() */
	const struct http_config *cfg;
	enum http_conn_state state;
	uint64_t head_since; /* when the first byte of the head came */
	uint64_t active;     /* the last progress, in or out */
	uint64_t discard;    /* body bytes still to drop */
	size_t in_len, out_len;
	unsigned npieces, piece; /* queued, and the one being sent */
	size_t piece_off;
	int in_head;	 /* a head has begun (its bytes are in in[]) */
	int peer_eof;	 /* the peer sends no more */
	uint64_t date_s; /* the second that date holds */
	uint64_t requests;
	struct http_piece pieces[HTTP_PIECES];
	char date[HTTP_DATE_LEN + 1];
	char location[HTTP_LOCATION_MAX + 1];
	char in[HTTP_HEAD_MAX];
	uint8_t out[HTTP_OUT_MAX];
};

void http_conn_init(struct http_conn *c, const struct uni_data_set *site,
		    const struct http_config *cfg, uint64_t now_ns);

/*
 * Takes bytes received: how many it took (all of them, unless the output
 * queue is full: offer the rest again after http_conn_sent()). Replies to
 * every request complete in them.
 */
size_t http_conn_input(struct http_conn *c, uint64_t now_ns,
		       const uint8_t *data, size_t len);

/* The peer will send no more (its FIN). */
void http_conn_eof(struct http_conn *c, uint64_t now_ns);

/* The bytes to send next into *piece: 1, or 0 when nothing waits. */
int http_conn_output(const struct http_conn *c, struct http_piece *piece);

/* n bytes of what http_conn_output() gave were sent. */
void http_conn_sent(struct http_conn *c, uint64_t now_ns, size_t n);

/* When http_conn_timeout() must be called (now_ns clock), or UINT64_MAX. */
uint64_t http_conn_deadline(const struct http_conn *c);

/* The deadline passed: a 408, or the end of the connection. */
void http_conn_timeout(struct http_conn *c, uint64_t now_ns);

/* Whether the caller must close the connection now (all is sent). */
int http_conn_done(const struct http_conn *c);

#endif

/* SPDX-License-Identifier: ISC */
/*
 * The connection (rules in http_conn.h).
 *
 * Algorithm: input is copied into in[] (at most head_max bytes); then,
 * while the connection is open and its output queue has room for one more
 * reply, the body of the last request is dropped, empty lines before a
 * request are skipped, and a complete head is parsed, answered (a head in
 * out[], and the body as a piece that points into the file) and removed
 * from in[]. out[] and the pieces are reused once everything queued has
 * been sent, and then the requests that waited are answered.
 */
#include <string.h>

#include "www/http_conn.h"
#include "www/http_serve.h"

#define NS 1000000000ull

void http_config_default(struct http_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->head_max = HTTP_HEAD_MAX;
	cfg->line_max = HTTP_HEAD_MAX;
	cfg->body_max = 1 << 20;
	cfg->header_timeout_ns = 10 * NS;
	cfg->idle_timeout_ns = 60 * NS;
	cfg->last_modified = -1;
}

void http_conn_init(struct http_conn *c, const struct uni_data_set *site,
		    const struct http_config *cfg, uint64_t now_ns)
{
	memset(c, 0, sizeof(*c));
	c->site = site;
	c->cfg = cfg;
	c->active = now_ns;
	c->date_s = UINT64_MAX;
}

static size_t head_max(const struct http_conn *c)
{
	size_t m = c->cfg->head_max;

	return m > 0 && m < HTTP_HEAD_MAX ? m : HTTP_HEAD_MAX;
}

static size_t line_max(const struct http_conn *c)
{
	size_t m = c->cfg->line_max;

	return m > 0 && m < head_max(c) ? m : head_max(c);
}

static int pending(const struct http_conn *c)
{
	return c->piece < c->npieces;
}

static int queue_room(const struct http_conn *c)
{
	return c->npieces + 2 <= HTTP_PIECES &&
	       c->out_len + HTTP_HEAD_OUT_MAX <= HTTP_OUT_MAX;
}

static void drop(struct http_conn *c, size_t n)
{
	memmove(c->in, c->in + n, c->in_len - n);
	c->in_len -= n;
}

static void push(struct http_conn *c, const uint8_t *p, size_t len)
{
	c->pieces[c->npieces++] = (struct http_piece){p, len};
}

static void log_reply(const struct http_conn *c, const struct http_request *q,
		      const struct http_reply *r)
{
	struct http_log_entry e = {{"", 0}, {"", 0}, r->status, 0};

	if (c->cfg->log == NULL)
		return;
	if (q != NULL && q->method_name.p != NULL)
		e.method = q->method_name;
	if (q != NULL && q->target.p != NULL)
		e.target = q->target;
	e.bytes = r->head ? 0 : r->count;
	c->cfg->log(c->cfg->log_arg, &e);
}

/* Queues the reply (queue_room() was checked). */
static void reply(struct http_conn *c, uint64_t now,
		  const struct http_request *q, const struct http_reply *r)
{
	uint64_t s = now / NS + c->cfg->epoch_offset_s;
	uint8_t *h = c->out + c->out_len;
	size_t n;

	if (s != c->date_s) {
		http_date_format(s, c->date);
		c->date_s = s;
	}
	n = http_head_write(r, c->date, (char *)h, HTTP_OUT_MAX - c->out_len);
	c->out_len += n;
	push(c, h, n);
	if (!r->head && r->count > 0)
		push(c, r->body, (size_t)r->count);
	if (r->close)
		c->state = HTTP_CLOSING;
	c->requests++;
	log_reply(c, q, r);
}

/* A reply that ends the connection: an error in the request itself. */
static void fail(struct http_conn *c, uint64_t now,
		 const struct http_request *q, unsigned status)
{
	struct http_reply r;

	http_reply_error(&r, status);
	r.close = 1;
	reply(c, now, q, &r);
}

/* Answers the head in[0..end). */
static void respond(struct http_conn *c, uint64_t now, size_t end)
{
	struct http_request q;
	struct http_reply r;
	const char *why;
	unsigned status = http_parse_head(c->in, end, &q, &why);

	if (status != 0)
		return fail(c, now, &q, status);
	if (q.has_length && q.content_length > c->cfg->body_max)
		return fail(c, now, &q, 413);
	http_serve_index(c->site, c->cfg->index, &q, c->cfg->last_modified, &r,
			 c->location);
	/* A target that is no path of ours ends it too, as in nginx. */
	r.close =
	    !q.keep_alive || q.chunked || r.status == 400 || r.status == 414;
	r.keep_alive = !r.close && q.minor == 0;
	c->discard = q.has_length ? q.content_length : 0;
	reply(c, now, &q, &r);
}

/* Skips empty lines before a request (RFC 9112 2.2); a CR at the end
   waits for its LF. */
static void skip_empty_lines(struct http_conn *c)
{
	size_t i = 0;

	while (i < c->in_len && (c->in[i] == '\n' || c->in[i] == '\r')) {
		if (c->in[i] == '\r' && i + 1 == c->in_len)
			break;
		if (c->in[i] == '\r' && c->in[i + 1] != '\n')
			break; /* a bare CR: the parser refuses it */
		i += c->in[i] == '\r' ? 2 : 1;
	}
	drop(c, i);
}

/* One step on in[]: 1 when it answered a request, else 0. */
static int step(struct http_conn *c, uint64_t now)
{
	size_t end, n;

	if (c->discard > 0) {
		size_t d =
		    c->discard < c->in_len ? (size_t)c->discard : c->in_len;
		drop(c, d);
		c->discard -= d;
		if (c->discard > 0)
			return 0;
	}
	if (c->in_len > 0 && !c->in_head) {
		c->in_head = 1;
		c->head_since = now;
	}
	skip_empty_lines(c);
	if (c->in_len == 0 || !queue_room(c))
		return 0;
	n = c->in_len < line_max(c) ? c->in_len : line_max(c);
	end = http_head_end(c->in, c->in_len);
	if (memchr(c->in, '\n', n) == NULL && c->in_len >= line_max(c)) {
		fail(c, now, NULL, 414);
		return 0;
	}
	if (end == 0) {
		if (c->in_len >= head_max(c))
			fail(c, now, NULL, 431);
		return 0;
	}
	respond(c, now, end);
	drop(c, end);
	c->in_head = 0;
	return 1;
}

static void process(struct http_conn *c, uint64_t now)
{
	while (c->state == HTTP_OPEN && step(c, now))
		;
}

size_t http_conn_input(struct http_conn *c, uint64_t now_ns,
		       const uint8_t *data, size_t len)
{
	size_t used = 0, n;

	if (len > 0)
		c->active = now_ns;
	while (used < len) {
		if (c->state != HTTP_OPEN)
			return len; /* the end is queued: dropped */
		if (c->in_len == 0 && c->discard > 0) {
			n = c->discard < len - used ? (size_t)c->discard
						    : len - used;
			c->discard -= n;
			used += n;
			continue;
		}
		n = head_max(c) - c->in_len;
		if (n == 0)
			break; /* the queue is full */
		if (n > len - used)
			n = len - used;
		memcpy(c->in + c->in_len, data + used, n);
		c->in_len += n;
		used += n;
		process(c, now_ns);
	}
	return used;
}

void http_conn_eof(struct http_conn *c, uint64_t now_ns)
{
	c->peer_eof = 1;
	c->active = now_ns;
}

int http_conn_output(const struct http_conn *c, struct http_piece *piece)
{
	if (!pending(c))
		return 0;
	piece->p = c->pieces[c->piece].p + c->piece_off;
	piece->len = c->pieces[c->piece].len - c->piece_off;
	return 1;
}

void http_conn_sent(struct http_conn *c, uint64_t now_ns, size_t n)
{
	c->active = now_ns;
	c->piece_off += n;
	while (pending(c) && c->piece_off >= c->pieces[c->piece].len) {
		c->piece_off -= c->pieces[c->piece].len;
		c->piece++;
	}
	if (pending(c))
		return;
	c->npieces = c->piece = 0;
	c->piece_off = 0;
	c->out_len = 0;
	process(c, now_ns);
}

static uint64_t after(uint64_t t, uint64_t d)
{
	return t > UINT64_MAX - d ? UINT64_MAX : t + d;
}

uint64_t http_conn_deadline(const struct http_conn *c)
{
	if (http_conn_done(c))
		return 0;
	if (pending(c) || c->discard > 0)
		return after(c->active, c->cfg->idle_timeout_ns);
	if (c->in_head)
		return after(c->head_since, c->cfg->header_timeout_ns);
	return after(c->active, c->cfg->idle_timeout_ns);
}

void http_conn_timeout(struct http_conn *c, uint64_t now_ns)
{
	if (now_ns < http_conn_deadline(c))
		return;
	if (c->state == HTTP_OPEN && c->in_head && !pending(c) &&
	    c->discard == 0 && !c->peer_eof) {
		c->active = now_ns;
		fail(c, now_ns, NULL, 408);
		return;
	}
	c->state = HTTP_DONE;
}

int http_conn_done(const struct http_conn *c)
{
	if (c->state == HTTP_DONE)
		return 1;
	if (pending(c))
		return 0;
	if (c->state == HTTP_CLOSING)
		return 1;
	return c->peer_eof &&
	       (c->discard > 0 || http_head_end(c->in, c->in_len) == 0);
}

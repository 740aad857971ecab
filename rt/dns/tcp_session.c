/* SPDX-License-Identifier: ISC */
/*
 * The DNS-over-TCP session: length prefix, query, response, in turn. A
 * response is built in one buffer shared by every session (the server
 * runs one query at a time), then copied to the session's own buffer: an
 * inline one for the usual short response, an allocated one, freed once
 * sent, for a long response or a transfer message. Invariant: at most one
 * of "receiving" (got < 2 + want) and "sending" (out != NULL) holds.
 */
#include <stdlib.h>
#include <string.h>

#include "dns/tcp_session.h"

static uint8_t scratch[2 + DNS_TCP_MSG_MAX];

void dns_tcp_init(struct dns_tcp *t, struct dns_server *srv, int xfr_allowed)
{
	memset(t, 0, sizeof(*t));
	t->srv = srv;
	t->xfr_allowed = xfr_allowed;
}

static void free_in(struct dns_tcp *t)
{
	if (t->msg != NULL && t->msg != t->in_small)
		free(t->msg);
	t->msg = NULL;
}

static void free_out(struct dns_tcp *t)
{
	free(t->out_heap);
	t->out_heap = NULL;
	t->out = NULL;
	t->out_len = t->out_off = 0;
}

void dns_tcp_fini(struct dns_tcp *t)
{
	free_in(t);
	free_out(t);
	t->xfr.zone = NULL;
}

static void end(struct dns_tcp *t, enum dns_tcp_end why)
{
	t->end = why;
	free_in(t);
	free_out(t);
	t->xfr.zone = NULL;
}

/* Queues the n-octet response at scratch + 2, with its prefix. */
static void queue(struct dns_tcp *t, size_t n)
{
	put16(scratch, (uint16_t)n);
	n += 2;
	if (n <= sizeof(t->out_small)) {
		memcpy(t->out_small, scratch, n);
		t->out = t->out_small;
	} else {
		t->out_heap = malloc(n);
		if (t->out_heap == NULL) {
			end(t, DNS_TCP_NOMEM);
			return;
		}
		memcpy(t->out_heap, scratch, n);
		t->out = t->out_heap;
	}
	t->out_len = n;
	t->out_off = 0;
}

static void answer(struct dns_tcp *t)
{
	size_t n;

	t->srv->client_ipv6 = t->client_ipv6;
	n = dns_answer_tcp(t->srv, t->msg, t->want, t->xfr_allowed, &t->xfr,
			   scratch + 2, DNS_TCP_MSG_MAX);

	free_in(t);
	t->got = t->want = 0;
	if (n == 0)
		end(t, DNS_TCP_DROP);
	else
		queue(t, n);
}

/* The prefix is in: check the length, find room for the query. */
static void start_query(struct dns_tcp *t)
{
	t->want = (size_t)t->prefix[0] << 8 | t->prefix[1];
	if (t->want < DNS_TCP_QUERY_MIN) {
		end(t, DNS_TCP_SHORT);
		return;
	}
	t->msg = t->want <= sizeof(t->in_small) ? t->in_small : malloc(t->want);
	if (t->msg == NULL)
		end(t, DNS_TCP_NOMEM);
}

uint8_t *dns_tcp_recv_buf(struct dns_tcp *t, size_t *room)
{
	*room = 0;
	if (t->end != DNS_TCP_OPEN || t->out != NULL)
		return NULL;
	if (t->got < 2) {
		*room = 2 - t->got;
		return t->prefix + t->got;
	}
	*room = 2 + t->want - t->got;
	return t->msg + (t->got - 2);
}

void dns_tcp_received(struct dns_tcp *t, size_t n)
{
	size_t room;

	if (n == 0 || dns_tcp_recv_buf(t, &room) == NULL || n > room)
		return;
	t->got += n;
	if (t->got == 2)
		start_query(t);
	else if (t->got > 2 && t->got == 2 + t->want)
		answer(t);
}

const uint8_t *dns_tcp_send_buf(const struct dns_tcp *t, size_t *len)
{
	*len = t->out != NULL ? t->out_len - t->out_off : 0;
	return t->out != NULL ? t->out + t->out_off : NULL;
}

void dns_tcp_sent(struct dns_tcp *t, size_t n)
{
	size_t len;

	if (t->out == NULL || n > t->out_len - t->out_off)
		return;
	t->out_off += n;
	if (t->out_off < t->out_len)
		return;
	free_out(t);
	if (t->xfr.zone == NULL)
		return;
	len = dns_axfr_next(&t->xfr, scratch + 2, DNS_TCP_MSG_MAX);
	if (len > 0)
		queue(t, len);
}

size_t dns_tcp_input(struct dns_tcp *t, const uint8_t *p, size_t n)
{
	size_t done = 0, room;
	uint8_t *dst;

	while (done < n && (dst = dns_tcp_recv_buf(t, &room)) != NULL &&
	       room > 0) {
		size_t k = n - done < room ? n - done : room;
		memcpy(dst, p + done, k);
		dns_tcp_received(t, k);
		done += k;
	}
	return done;
}

bool dns_tcp_sending(const struct dns_tcp *t)
{
	return t->out != NULL;
}

bool dns_tcp_closing(const struct dns_tcp *t)
{
	return t->end != DNS_TCP_OPEN;
}

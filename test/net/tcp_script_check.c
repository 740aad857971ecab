/* SPDX-License-Identifier: ISC */
/*
 * The expect lines of a TCP script: the state of the current connection,
 * an event its callbacks saw, a counter of the stack (struct tcp_stats, a
 * drop reason) or a number of the socket (buffers, windows, RTT).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "tcp_script.h"

struct handle *handle_of(uint16_t lport, uint16_t rport)
{
	unsigned i;

	for (i = 0; i < R->nh; i++)
		if (R->h[i].lport == lport && R->h[i].rport == rport)
			return &R->h[i];
	return NULL;
}

/* Take the first event named ev of the current connection. */
static void expect_event(const char *ev)
{
	struct handle *h = handle_of(R->lport, R->rport);
	char *at, *sp;

	if (h == NULL) {
		fail("no connection %u -> %u", R->lport, R->rport);
		return;
	}
	for (at = h->events; (at = strstr(at, ev)) != NULL; at++)
		if ((at == h->events || at[-1] == ' ') && at[strlen(ev)] == ' ')
			break;
	if (at == NULL) {
		fail("expected the event %s, have: %s", ev, h->events);
		return;
	}
	sp = at + strlen(ev) + 1;
	memmove(at, sp, strlen(sp) + 1);
}

static unsigned state_now(void)
{
	struct tcp_sock *s =
	    tcp_lookup(&R->st, &R->us, R->lport, &R->peer, R->rport);

	return s != NULL ? s->state : TCP_CLOSED;
}

static const struct {
	const char *name;
	size_t off;
} stats[] = {
#define S(f) {#f, offsetof(struct tcp_stats, f)}
    S(segs_in),	       S(segs_out),	S(retransmits),	  S(fast_retransmits),
    S(rto_fires),      S(active_opens), S(passive_opens), S(established),
    S(resets_in),      S(resets_out),	S(refused_full),  S(syn_queue_drops),
    S(challenge_acks), S(local_drops),	S(local_cwr),
#undef S
};

static bool stat_value(const char *name, uint64_t *v)
{
	unsigned i;

	for (i = 0; i < sizeof(stats) / sizeof(stats[0]); i++)
		if (strcmp(stats[i].name, name) == 0) {
			memcpy(v, (const uint8_t *)&R->st.stats + stats[i].off,
			       sizeof(*v));
			return true;
		}
	return false;
}

static const char *const drop_names[] = {
#define D(name, text) #name,
    TCP_DROP_REASONS(D)
#undef D
};

static bool drop_value(const char *name, uint64_t *v)
{
	unsigned i;

	for (i = 0; i < TCP_DROP_COUNT; i++)
		if (strcmp(drop_names[i], name) == 0) {
			*v = R->st.stats.drops[i];
			return true;
		}
	return false;
}

/* A number the socket shows: its buffers and windows. */
static bool sock_value(const char *name, uint64_t *v)
{
	struct tcp_sock *s =
	    tcp_lookup(&R->st, &R->us, R->lport, &R->peer, R->rport);

	if (s == NULL)
		return false;
	if (strcmp(name, "readable") == 0)
		*v = tcp_readable(s);
	else if (strcmp(name, "writable") == 0)
		*v = tcp_writable(s);
	else if (strcmp(name, "writable_ref") == 0)
		*v = tcp_writable_ref(s);
	else if (strcmp(name, "refs") == 0)
		*v = s->sndq.refs;
	else if (strcmp(name, "queued") == 0)
		*v = s->sndq.len;
	else if (strcmp(name, "eof") == 0)
		*v = tcp_eof(s);
	else if (strcmp(name, "cwnd") == 0)
		*v = s->cc.cwnd;
	else if (strcmp(name, "ssthresh") == 0)
		*v = s->cc.ssthresh;
	else if (strcmp(name, "snd_wnd") == 0)
		*v = s->snd_wnd;
	else if (strcmp(name, "snd_mss") == 0)
		*v = s->snd_mss;
	else if (strcmp(name, "rto_ms") == 0)
		*v = s->rto / 1000000;
	else if (strcmp(name, "srtt_ms") == 0)
		*v = s->srtt / 1000000;
	else if (strcmp(name, "cwr") == 0)
		*v = s->cwr;
	else
		return false;
	return true;
}

/* What the runner's side of struct tcp_io saw. */
static bool io_value(const char *name, uint64_t *v)
{
	if (strcmp(name, "refused") == 0)
		*v = R->refused;
	else if (strcmp(name, "progress") == 0)
		*v = R->progress;
	else
		return false;
	return true;
}

bool expect(char **t, int n)
{
	uint64_t want = 0, have = 0;
	bool known;

	if (n == 3 && strcmp(t[1], "state") == 0) {
		if (strcmp(tcp_state_name(state_now()), t[2]) != 0)
			fail("state %s, expected %s",
			     tcp_state_name(state_now()), t[2]);
		return true;
	}
	if (n == 3 && strcmp(t[1], "event") == 0) {
		expect_event(t[2]);
		return true;
	}
	if (n != 4 || !num(t[3], &want))
		return false;
	if (strcmp(t[1], "stat") == 0)
		known = stat_value(t[2], &have);
	else if (strcmp(t[1], "drop") == 0)
		known = drop_value(t[2], &have);
	else if (strcmp(t[1], "sock") == 0)
		known = sock_value(t[2], &have);
	else if (strcmp(t[1], "io") == 0)
		known = io_value(t[2], &have);
	else
		return false;
	if (!known)
		fail("no %s named %s (or no connection)", t[1], t[2]);
	else if (have != want)
		fail("%s %s is %llu, expected %llu", t[1], t[2],
		     (unsigned long long)have, (unsigned long long)want);
	return true;
}

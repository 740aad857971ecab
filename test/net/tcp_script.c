/* SPDX-License-Identifier: ISC */
/*
 * The script runner of the sans-I/O TCP (rt/net/tcp_*.c): each script of
 * test/net/tcp/ is a conversation with one stack on a virtual clock, in
 * the spirit of packetdrill. A line is a time and an event:
 *
 *   set timestamps 0                     a parameter (before the first event)
 *   0     app listen 8080                an application call
 *   +0    app write_ref 3000 took 0      (write/write_ref: took M when
 *                                        not all n bytes may be taken)
 *   +0    < S 0:0(0) win 65535 <mss 1460,sackOK,nop,wscale 7>
 *                                        a segment the peer sends us
 *   +0    > S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,nop,wscale 0>
 *                                        the exact segment we must send
 *   +1.0  tick                           time passes (timers run)
 *   +0    refuse 2                       the next 2 outputs fail (NET_EAGAIN)
 *   +0    expect state ESTABLISHED       a check of the stack's state
 *
 * Sequence numbers are relative to the ISNs (ours is forced by the stack's
 * test hook, the peer's is peer_isn), the peer's data are a known pattern
 * that reads check, ours too. Every segment we send must be expected, in
 * order, at its time (within the tolerance); every mismatch prints the
 * script's file:line, the expected and the found segment. docs/tcp-core.md
 * ("Writing a script test") has the whole syntax.
 *
 * usage: net_tcp_script SCRIPT...   (exit 0 when every script passed)
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcp_script.h"

static struct handle *handle_new(struct tcp_sock *s)
{
	struct handle *h = handle_of(s->lport, s->rport);

	if (h == NULL && R->nh < MAXH)
		h = &R->h[R->nh++];
	if (h == NULL)
		return NULL;
	*h = (struct handle){.lport = s->lport, .rport = s->rport, .s = s};
	return h;
}

static struct handle *handle_by_sock(struct tcp_sock *s)
{
	unsigned i;

	for (i = 0; i < R->nh; i++)
		if (R->h[i].s == s)
			return &R->h[i];
	return NULL;
}

static void note(struct tcp_sock *s, const char *ev)
{
	struct handle *h = handle_by_sock(s);
	size_t n;

	if (h == NULL)
		return;
	n = strlen(h->events);
	snprintf(h->events + n, sizeof(h->events) - n, "%s ", ev);
}

static void app_read_all(struct handle *h);

/* The application acting inside a callback: read everything, close or
 * abort (then the stack must not touch the socket again). */
static void in_callback(struct tcp_sock *s, const char *what)
{
	struct handle *h = handle_by_sock(s);

	if (h == NULL || *what == '\0')
		return;
	if (strcmp(what, "read") == 0 || strcmp(what, "close") == 0)
		app_read_all(h);
	if (strcmp(what, "close") == 0 && tcp_eof(s)) {
		h->s = NULL;
		tcp_conn_close(s, R->now);
	} else if (strcmp(what, "abort") == 0) {
		h->s = NULL;
		tcp_conn_abort(s, R->now);
	}
}

static void on_readable(void *arg, struct tcp_sock *s)
{
	note(s, "readable");
	in_callback(s, R->on_readable);
}

static void on_writable(void *arg, struct tcp_sock *s)
{
	note(s, "writable");
}

static void on_connected(void *arg, struct tcp_sock *s)
{
	note(s, "connected");
}

static const char *const reasons[] = {"NORMAL", "RESET", "TIMEOUT", "REFUSED"};

static void on_closed(void *arg, struct tcp_sock *s, enum tcp_close_reason why)
{
	struct handle *h = handle_by_sock(s);
	char ev[32];

	snprintf(ev, sizeof(ev), "closed:%s", reasons[why & 3]);
	note(s, ev);
	if (h != NULL)
		h->s = NULL;
}

static const struct tcp_sock_ops ops = {on_readable, on_writable, on_connected,
					on_closed};

static void on_accept(void *arg, struct tcp_sock *s)
{
	handle_new(s);
	tcp_sock_set_ops(s, &ops, NULL);
	note(s, "accept");
	in_callback(s, R->on_accept);
}

static int on_output(void *ctx, uint64_t now_ns, const struct net_addr *src,
		     const struct net_addr *dst, const uint8_t *seg, size_t len)
{
	struct outseg *o;

	if (R->flooding) {
		R->flood_out++;
		return 0;
	}
	if (R->refuse != 0) { /* the device's ring is full: not sent */
		R->refuse--;
		R->refused++;
		return NET_EAGAIN;
	}
	if (R->qn - R->qhead >= MAXQ || len > sizeof(o->b)) {
		fail("too many segments queued");
		return 0;
	}
	o = &R->q[R->qn++ % MAXQ];
	o->t = now_ns;
	o->src = *src;
	o->dst = *dst;
	o->len = len;
	memcpy(o->b, seg, len);
	return 0;
}

static void on_progress(void *ctx, uint64_t now_ns,
			const struct net_addr *local,
			const struct net_addr *peer)
{
	if (local->family != R->us.family || peer->family != R->peer.family ||
	    memcmp(local->a, R->us.a, 16) != 0 ||
	    memcmp(peer->a, R->peer.a, 16) != 0)
		fail("forward progress reported for other addresses");
	R->progress++;
}

/* ---- time ---- */

static void tick_to(uint64_t t)
{
	uint64_t d;

	while ((d = tcp_stack_next_deadline(&R->st)) <= t) {
		if (d > R->now)
			R->now = d;
		tcp_stack_tick(&R->st, R->now);
	}
	if (t > R->now)
		R->now = t;
}

static bool queue_empty(void)
{
	return R->qhead == R->qn;
}

/* Anything sent that no line expected is an error. */
static void check_unexpected(void)
{
	char s[400];

	while (!queue_empty()) {
		fmt_found(s, sizeof(s), &R->q[R->qhead++ % MAXQ]);
		fail("unexpected segment: > %s", s);
	}
}

static void expect_seg(struct pseg *g, const char *text)
{
	uint64_t t = T0 + R->script_t, d;
	struct outseg *o;
	char s[400];
	const char *why;

	tick_to(t);
	while (queue_empty() &&
	       (d = tcp_stack_next_deadline(&R->st)) <= t + R->tol) {
		R->now = d > R->now ? d : R->now;
		tcp_stack_tick(&R->st, R->now);
	}
	if (queue_empty()) {
		fail("expected > %s\n  found nothing", text);
		return;
	}
	o = &R->q[R->qhead++ % MAXQ];
	why = mismatch(g, o);
	fmt_found(s, sizeof(s), o);
	if (*why != '\0')
		fail("%s differ\n  expected > %s\n  found    > %s", why, text,
		     s);
	else if (o->t + R->tol < t || o->t > t + R->tol)
		fail(
		    "sent at the wrong time\n  expected > %s at %.3f\n  found  "
		    "  > %s",
		    text, (double)(t - T0) / 1e9, s);
}

/* ---- the application and the checks ---- */

static struct handle *cur(void)
{
	struct handle *h = handle_of(R->lport, R->rport);

	if (h == NULL || h->s == NULL) {
		fail("no open connection %u -> %u", R->lport, R->rport);
		return NULL;
	}
	return h;
}

static void app_connect(uint16_t port)
{
	struct tcp_sock *s = NULL;
	int r;

	R->rport = port;
	r = tcp_stack_connect(&R->st, R->now, &R->us, &R->peer, port, &ops,
			      NULL, &s);
	if (r != NET_OK || s == NULL) {
		fail("connect: %d", r);
		return;
	}
	R->lport = s->lport;
	handle_new(s);
}

/*
 * A write of n bytes of our pattern, copied or by reference (the bytes
 * then stay, unchanged, to the end of the script); it must take `took`.
 */
static void app_write(struct handle *h, bool ref, uint64_t n, uint64_t took)
{
	uint8_t *b = malloc(n + 1);
	size_t got;
	uint64_t i;

	for (i = 0; i < n; i++)
		b[i] = pattern((uint32_t)(h->wrote + i), true);
	if (ref && R->nrefs == MAXREFS) {
		fail("more than %d write_ref lines", MAXREFS);
		free(b);
		return;
	}
	if (ref)
		R->refs[R->nrefs++] = b;
	got = ref ? tcp_conn_write_ref(h->s, R->now, b, n)
		  : tcp_conn_write(h->s, R->now, b, n);
	if (got != took)
		fail("%s %llu: took %zu, expected %llu",
		     ref ? "write_ref" : "write", (unsigned long long)n, got,
		     (unsigned long long)took);
	h->wrote += got;
	if (!ref)
		free(b);
}

/* A read of n bytes, which must all be there and be the peer's. */
static void app_read(struct handle *h, uint64_t n)
{
	uint8_t *b = malloc(n + 1);
	size_t got = tcp_conn_read(h->s, R->now, b, n);
	uint64_t i;

	if (got != n)
		fail("read %llu: got %zu", (unsigned long long)n, got);
	for (i = 0; i < got; i++)
		if (b[i] != pattern((uint32_t)(h->read + i), false)) {
			fail("read: byte %llu differs",
			     (unsigned long long)(h->read + i));
			break;
		}
	h->read += got;
	free(b);
}

/* Read what is there, checking the bytes. */
static void app_read_all(struct handle *h)
{
	uint8_t b[4096];
	size_t got, i;

	while ((got = tcp_conn_read(h->s, R->now, b, sizeof(b))) > 0) {
		for (i = 0; i < got; i++)
			if (b[i] != pattern((uint32_t)(h->read + i), false)) {
				fail("read: byte %llu differs",
				     (unsigned long long)(h->read + i));
				break;
			}
		h->read += got;
	}
}

static void app_end(const char *verb)
{
	struct handle *h = cur();
	struct tcp_sock *s;

	if (h == NULL)
		return;
	s = h->s;
	if (strcmp(verb, "shutdown") == 0) {
		tcp_conn_shutdown(s, R->now);
		return;
	}
	h->s = NULL;
	if (strcmp(verb, "close") == 0)
		tcp_conn_close(s, R->now);
	else
		tcp_conn_abort(s, R->now);
}

static void flood(uint64_t n)
{
	struct pseg g = {.flags = TCP_SYN, .trunc = -1, .doff = -1};
	uint16_t rport = R->rport;
	uint64_t i;

	g.opts_given = true;
	g.opt.has = TCP_HAS_MSS;
	g.opt.mss = 1460;
	R->flooding = true;
	for (i = 0; i < n; i++) {
		R->rport = (uint16_t)(50000 + i);
		inject(&g);
	}
	R->flooding = false;
	R->rport = rport;
}

/* The same segment n times; what we send meanwhile is only counted. */
static void burst(uint64_t n, char *seg)
{
	struct pseg g;
	uint64_t i;

	if (!parse_seg(seg, &g)) {
		fail("cannot read the segment");
		return;
	}
	R->flooding = true;
	for (i = 0; i < n; i++)
		inject(&g);
	R->flooding = false;
}

static bool app(char **t, int n)
{
	uint64_t v = 0, took = 0;
	bool has_v = n >= 3 && num(t[2], &v);

	if (n < 2)
		return false;
	if (strcmp(t[1], "listen") == 0 && has_v) {
		R->lport = (uint16_t)v;
		if (tcp_stack_listen(&R->st, R->lport, on_accept, NULL) != 0)
			fail("listen %u refused", R->lport);
	} else if (strcmp(t[1], "unlisten") == 0 && has_v) {
		tcp_stack_unlisten(&R->st, (uint16_t)v);
	} else if (strcmp(t[1], "connect") == 0 && has_v) {
		app_connect((uint16_t)v);
	} else if ((strcmp(t[1], "write") == 0 ||
		    strcmp(t[1], "write_ref") == 0) &&
		   has_v &&
		   (n == 3 || (n == 5 && strcmp(t[3], "took") == 0 &&
			       num(t[4], &took)))) {
		if (cur() != NULL)
			app_write(cur(), t[1][5] == '_', v, n == 5 ? took : v);
	} else if (strcmp(t[1], "read") == 0 && has_v) {
		if (cur() != NULL)
			app_read(cur(), v);
	} else if (n == 3 && (strcmp(t[1], "on_accept") == 0 ||
			      strcmp(t[1], "on_readable") == 0)) {
		snprintf(t[1][3] == 'a' ? R->on_accept : R->on_readable,
			 sizeof(R->on_accept), "%s",
			 strcmp(t[2], "none") != 0 ? t[2] : "");
	} else if (strcmp(t[1], "nodelay") == 0 && has_v) {
		if (cur() != NULL)
			tcp_set_nodelay(cur()->s, v != 0);
	} else if (strcmp(t[1], "cork") == 0 && has_v) {
		if (cur() != NULL)
			tcp_conn_set_cork(cur()->s, R->now, v != 0);
	} else if (strcmp(t[1], "close") == 0 || strcmp(t[1], "abort") == 0 ||
		   strcmp(t[1], "shutdown") == 0) {
		app_end(t[1]);
	} else {
		return false;
	}
	return true;
}

/* ---- lines ---- */

/* The parameters a script may set: integers, or times in seconds. */
static const struct {
	const char *name;
	size_t off, size;
	bool time;
} params[] = {
#define INT(f)                                                                 \
	{#f, offsetof(struct tcp_params, f),                                   \
	 sizeof(((struct tcp_params *)0)->f), false}
#define TIME(f) {#f, offsetof(struct tcp_params, f##_ns), 8, true}
    INT(max_conns),
    INT(sndbuf),
    INT(rcvbuf),
    INT(backlog),
    INT(mss),
    INT(cc),
    INT(sack),
    INT(timestamps),
    INT(window_scale),
    INT(keepalive),
    INT(keepalive_probes),
    INT(syn_retries),
    INT(data_retries),
    TIME(keepalive_idle),
    TIME(keepalive_intvl),
    TIME(rto_initial),
    TIME(rto_min),
    TIME(rto_max),
    TIME(delack),
    TIME(time_wait),
    TIME(fin_wait2),
    TIME(xmit_retry),
#undef INT
#undef TIME
};

static bool set_param(const char *k, const char *val)
{
	uint8_t *p = (uint8_t *)&R->p;
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < sizeof(params) / sizeof(params[0]); i++) {
		if (strcmp(params[i].name, k) != 0)
			continue;
		if (params[i].time ? !seconds(val, &v) : !num(val, &v))
			return false;
		if (params[i].size == 1) {
			p[params[i].off] = (uint8_t)v;
		} else if (params[i].size == 2) {
			uint16_t x = (uint16_t)v;

			memcpy(p + params[i].off, &x, 2);
		} else if (params[i].size == 4) {
			uint32_t x = (uint32_t)v;

			memcpy(p + params[i].off, &x, 4);
		} else {
			memcpy(p + params[i].off, &v, 8);
		}
		return true;
	}
	return false;
}

static void set_family(unsigned f)
{
	if (f == 6) {
		R->us = (struct net_addr){NET_FAMILY_IPV6, {0xfd, [15] = 2}};
		R->peer = (struct net_addr){NET_FAMILY_IPV6, {0xfd, [15] = 1}};
	} else {
		R->us = net_addr_ipv4(0xc0a80002);   /* 192.168.0.2 */
		R->peer = net_addr_ipv4(0xc0a80001); /* 192.168.0.1 */
	}
}

static const uint8_t secret[16] = "unilink-tcp-test";

static void start(void)
{
	struct tcp_io io = {on_output, NULL, on_progress};

	if (R->started)
		return;
	R->started = true;
	if (tcp_stack_init(&R->st, &R->p, &io, secret) != 0) {
		fail("tcp_stack_init refused the parameters");
		exit(2);
	}
	R->st.test.fixed = true;
	R->st.test.isn = R->isn;
	R->st.test.ts_off = R->ts_off;
	R->now = T0;
}

/* Lines without a time: settings. */
static bool directive(char **t, int n)
{
	uint64_t v;

	if (n != 3 && n != 2)
		return false;
	if (strcmp(t[0], "set") == 0 && n == 3) {
		if (R->started)
			fail("set after the first event");
		return set_param(t[1], t[2]);
	}
	if (n != 2 || !num(t[1], &v))
		return false;
	if (strcmp(t[0], "isn") == 0)
		R->isn = (uint32_t)v;
	else if (strcmp(t[0], "peer_isn") == 0)
		R->peer_isn = (uint32_t)v;
	else if (strcmp(t[0], "ts_off") == 0)
		R->ts_off = (uint32_t)v;
	else if (strcmp(t[0], "family") == 0)
		set_family((unsigned)v);
	else if (strcmp(t[0], "peer") == 0)
		R->rport = (uint16_t)v;
	else if (strcmp(t[0], "port") == 0)
		R->lport = (uint16_t)v;
	else
		return false;
	return true;
}

/* "+0.1", "2.5": the line's time, relative or absolute. */
static bool line_time(const char *w)
{
	uint64_t ns;

	if (w[0] == '+') {
		if (!seconds(w + 1, &ns))
			return false;
		R->script_t += ns;
		return true;
	}
	if (!seconds(w, &ns))
		return false;
	R->script_t = ns;
	return true;
}

static void event(char *rest, char **t, int n)
{
	struct pseg g;
	uint64_t v;

	if (strcmp(t[0], ">") == 0) {
		char copy[512];

		snprintf(copy, sizeof(copy), "%s", rest);
		if (!parse_seg(rest, &g))
			fail("cannot read the segment \"%s\"", copy);
		else
			expect_seg(&g, copy);
		return;
	}
	tick_to(T0 + R->script_t);
	check_unexpected();
	if (strcmp(t[0], "<") == 0) {
		if (!parse_seg(rest, &g))
			fail("cannot read the segment");
		else
			inject(&g);
	} else if (strcmp(t[0], "refuse") == 0 && n == 2 && num(t[1], &v)) {
		R->refuse = v;
	} else if (strcmp(t[0], "tick") == 0 && n == 1) {
	} else if (strcmp(t[0], "flood") == 0 && n == 2 && num(t[1], &v)) {
		flood(v);
	} else if (strcmp(t[0], "burst") == 0 && n >= 4 && num(t[1], &v) &&
		   strcmp(t[2], "<") == 0) {
		burst(v, strstr(rest, "<") + 1);
	} else if (strcmp(t[0], "app") == 0 && app(t, n)) {
	} else if (strcmp(t[0], "expect") == 0 && expect(t, n)) {
	} else {
		fail("cannot read this line");
	}
}

static void do_line(char *line)
{
	char *t[MAXTOK], buf[512], *rest, *hash = strchr(line, '#');
	int n;

	if (hash != NULL)
		*hash = '\0';
	snprintf(buf, sizeof(buf), "%s", line);
	n = split(buf, " \t\r\n", t, MAXTOK);
	if (n == 0)
		return;
	if (t[0][0] != '+' && (t[0][0] < '0' || t[0][0] > '9')) {
		if (!directive(t, n))
			fail("cannot read this line");
		return;
	}
	if (!line_time(t[0]) || n < 2) {
		fail("cannot read the time");
		return;
	}
	start();
	/* The text after the time and the direction, for segments. */
	rest = strstr(line, t[1]) + strlen(t[1]);
	rest += strspn(rest, " \t");
	rest[strcspn(rest, "\r\n")] = '\0';
	event(rest, t + 1, n - 1);
}

static bool run_script(const char *file)
{
	FILE *f = fopen(file, "r");
	char line[512];
	struct run r = {.file = file,
			.isn = 1000000,
			.peer_isn = 0,
			.lport = 8080,
			.rport = 40000,
			.tol = 4000000};

	if (f == NULL) {
		printf("%s: cannot open\n", file);
		return false;
	}
	R = &r;
	r.q = calloc(MAXQ, sizeof(*r.q));
	tcp_params_default(&r.p);
	set_family(4);
	while (fgets(line, sizeof(line), f) != NULL) {
		r.line++;
		do_line(line);
	}
	fclose(f);
	r.line++;
	if (r.started) {
		check_unexpected();
		tcp_stack_fini(&r.st);
	}
	while (r.nrefs > 0)
		free(r.refs[--r.nrefs]);
	free(r.q);
	printf("%s %s\n", r.failed ? "FAIL" : "ok  ", file);
	return !r.failed;
}

int main(int argc, char **argv)
{
	int i, bad = 0;

	for (i = 1; i < argc; i++)
		bad += !run_script(argv[i]);
	printf("%d scripts, %d failed\n", argc - 1, bad);
	return bad != 0 || argc < 2;
}

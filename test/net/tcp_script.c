/* SPDX-License-Identifier: ISC */
/*
 * The script runner of the sans-I/O TCP (rt/net/tcp_*.c): each script of
 * test/net/tcp/ is a conversation with one stack on a virtual clock, in
 * the spirit of packetdrill. A line is a time and an event:
 *
 *   set timestamps 0                     a parameter (before the first event)
 *   0     app listen 8080                an application call
 *   +0    < S 0:0(0) win 65535 <mss 1460,sackOK,nop,wscale 7>
 *                                        a segment the peer sends us
 *   +0    > S. 0:0(0) ack 1 win 65535 <mss 1460,sackOK,nop,wscale 0>
 *                                        the exact segment we must send
 *   +1.0  tick                           time passes (timers run)
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

#include "net/tcp_conn.h"

#define SEC 1000000000ULL
#define T0 SEC /* the virtual clock at time 0 of a script */
#define MAXQ 512
#define MAXH 64
#define MAXTOK 64

struct outseg {
	uint64_t t;
	struct net_addr src, dst;
	size_t len;
	uint8_t b[TCP_MAX_HLEN + 65535];
};

/* A connection as the script knows it, by its ports. */
struct handle {
	uint16_t lport, rport;
	struct tcp_sock *s; /* NULL once closed or let go */
	uint64_t wrote, read;
	char events[256]; /* "accept readable closed:RESET ..." */
};

struct run {
	const char *file;
	unsigned line;
	bool failed, started, flooding;
	struct tcp_params p;
	struct tcp_stack st;
	struct net_addr us, peer;
	uint16_t lport, rport;
	uint32_t isn, peer_isn, ts_off;
	uint64_t now, script_t, tol;
	struct outseg *q;
	unsigned qn, qhead;
	uint64_t flood_out;
	struct handle h[MAXH];
	unsigned nh;
	char on_accept[8], on_readable[8]; /* what callbacks do: "" or a verb */
};

static struct run *R;

static void fail(const char *fmt, ...)
{
	va_list ap;

	printf("%s:%u: ", R->file, R->line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	R->failed = true;
}

/* The pattern of a stream: byte i of the data after the SYN. */
static uint8_t pattern(uint32_t i, bool ours)
{
	return (uint8_t)(i * 7 + (ours ? 3 : 11) + (i >> 8));
}

static struct handle *handle_of(uint16_t lport, uint16_t rport)
{
	unsigned i;

	for (i = 0; i < R->nh; i++)
		if (R->h[i].lport == lport && R->h[i].rport == rport)
			return &R->h[i];
	return NULL;
}

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

/* ---- parsing ---- */

static bool num(const char *s, uint64_t *v)
{
	char *end;

	if (s == NULL || *s == '\0')
		return false;
	*v = strtoull(s, &end, 0);
	return *end == '\0';
}

static bool seconds(const char *s, uint64_t *ns)
{
	char *end;
	double d = strtod(s, &end);

	if (*end != '\0' || d < 0)
		return false;
	*ns = (uint64_t)(d * 1e9 + 0.5);
	return true;
}

/* A field of an expected segment: a number, or * for any. */
struct field {
	bool given, any;
	uint32_t v;
};

static bool field(const char *s, struct field *f)
{
	char *end;
	long long v;

	f->given = true;
	if (strcmp(s, "*") == 0) {
		f->any = true;
		return true;
	}
	v = strtoll(s, &end, 0);
	f->v = (uint32_t)v;
	return *end == '\0';
}

struct pseg {
	uint8_t flags;
	uint32_t seq, len;
	struct field ack, win;
	bool opts_given, opts_any;
	struct tcp_options opt;
	struct field ts_val, ts_ecr;
	bool badcsum, abs_seq; /* @N:M(L): N is not relative to the ISN */
	int trunc, doff;
	uint8_t raw[40];
	unsigned rawn;
};

static bool parse_flags(const char *s, uint8_t *f)
{
	*f = 0;
	for (; *s; s++) {
		switch (*s) {
		case 'S':
			*f |= TCP_SYN;
			break;
		case 'F':
			*f |= TCP_FIN;
			break;
		case 'R':
			*f |= TCP_RST;
			break;
		case 'P':
			*f |= TCP_PSH;
			break;
		case '.':
			*f |= TCP_ACK;
			break;
		case 'U':
			*f |= TCP_URG;
			break;
		case 'E':
			*f |= TCP_ECE;
			break;
		case 'W':
			*f |= TCP_CWR;
			break;
		default:
			return false;
		}
	}
	return true;
}

/* "1001:2001(1000)" */
static bool parse_range(const char *s, struct pseg *g)
{
	long long a, b, n;

	g->abs_seq = *s == '@';
	s += g->abs_seq;
	if (sscanf(s, "%lld:%lld(%lld)", &a, &b, &n) != 3 || b - a != n ||
	    n < 0)
		return false;
	g->seq = (uint32_t)a;
	g->len = (uint32_t)n;
	return true;
}

/* One option of "<...>"; toks are its words. */
static bool parse_option(char **t, int n, struct pseg *g)
{
	struct tcp_options *o = &g->opt;
	uint64_t v;
	int i;

	if (strcmp(t[0], "nop") == 0 || strcmp(t[0], "eol") == 0)
		return n == 1;
	if (strcmp(t[0], "mss") == 0 && n == 2 && num(t[1], &v)) {
		o->has |= TCP_HAS_MSS;
		o->mss = (uint16_t)v;
		return true;
	}
	if (strcmp(t[0], "wscale") == 0 && n == 2 && num(t[1], &v)) {
		o->has |= TCP_HAS_WSCALE;
		o->wscale = (uint8_t)v;
		return true;
	}
	if (strcmp(t[0], "sackOK") == 0 && n == 1) {
		o->has |= TCP_HAS_SACK_OK;
		return true;
	}
	if (strcmp(t[0], "TS") == 0 && n == 5 && strcmp(t[1], "val") == 0 &&
	    strcmp(t[3], "ecr") == 0) {
		o->has |= TCP_HAS_TS;
		return field(t[2], &g->ts_val) && field(t[4], &g->ts_ecr);
	}
	if (strcmp(t[0], "sack") == 0 && n >= 2 && n <= 5) {
		o->has |= TCP_HAS_SACK;
		o->sack_n = (uint8_t)(n - 1);
		for (i = 1; i < n; i++) {
			long long l, r;

			if (sscanf(t[i], "%lld:%lld", &l, &r) != 2)
				return false;
			o->sack[i - 1].left = (uint32_t)l;
			o->sack[i - 1].right = (uint32_t)r;
		}
		return true;
	}
	if (strcmp(t[0], "raw") == 0 && n == 2) {
		for (i = 0; t[1][2 * i] && t[1][2 * i + 1] && i < 40; i++) {
			unsigned x;

			if (sscanf(t[1] + 2 * i, "%2x", &x) != 1)
				return false;
			g->raw[i] = (uint8_t)x;
		}
		g->rawn = (unsigned)i;
		return true;
	}
	return false;
}

static int split(char *s, const char *sep, char **tok, int max)
{
	int n = 0;
	char *save = NULL, *t;

	for (t = strtok_r(s, sep, &save); t != NULL && n < max;
	     t = strtok_r(NULL, sep, &save))
		tok[n++] = t;
	return n;
}

/* "<mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7>" without the brackets. */
static bool parse_options(char *s, struct pseg *g)
{
	char *opts[16], *w[8];
	int n, i, k;

	g->opts_given = true;
	if (strcmp(s, "...") == 0) {
		g->opts_any = true;
		return true;
	}
	n = split(s, ",", opts, 16);
	for (i = 0; i < n; i++) {
		k = split(opts[i], " \t", w, 8);
		if (k == 0 || !parse_option(w, k, g)) {
			fail("bad option \"%s\"", opts[i]);
			return false;
		}
	}
	return true;
}

/* The words after < or >: [mangles] FLAGS RANGE [ack N] [win N] [<...>]. */
static bool parse_seg(char *text, struct pseg *g)
{
	char *lt = strchr(text, '<'), *gt, *t[MAXTOK];
	int n, i = 0;
	uint64_t v;

	*g = (struct pseg){.trunc = -1, .doff = -1};
	if (lt != NULL) {
		gt = strrchr(lt, '>');
		if (gt == NULL)
			return false;
		*lt = *gt = '\0';
		if (!parse_options(lt + 1, g))
			return false;
	}
	n = split(text, " \t", t, MAXTOK);
	for (;;) {
		if (i < n && strcmp(t[i], "badcsum") == 0) {
			g->badcsum = true;
			i++;
		} else if (i + 1 < n && strcmp(t[i], "trunc") == 0 &&
			   num(t[i + 1], &v)) {
			g->trunc = (int)v;
			i += 2;
		} else if (i + 1 < n && strcmp(t[i], "doff") == 0 &&
			   num(t[i + 1], &v)) {
			g->doff = (int)v;
			i += 2;
		} else {
			break;
		}
	}
	if (i + 2 > n || !parse_flags(t[i], &g->flags) ||
	    !parse_range(t[i + 1], g))
		return false;
	for (i += 2; i + 1 < n; i += 2) {
		if (strcmp(t[i], "ack") == 0 && field(t[i + 1], &g->ack))
			continue;
		if (strcmp(t[i], "win") == 0 && field(t[i + 1], &g->win))
			continue;
		return false;
	}
	return i == n;
}

/* ---- the segments ---- */

static void fix_csum(uint8_t *b, size_t len)
{
	uint32_t sum = csum_pseudo_addr(&R->peer, &R->us, 6, (uint32_t)len);

	put16(b + 16, 0);
	put16(b + 16, csum_finish(csum_add(sum, bytes_make(b, len))));
}

static void inject(struct pseg *g)
{
	static uint8_t b[TCP_MAX_HLEN + 65535 + 64];
	struct tcp_hdr h = {.sport = R->rport, .dport = R->lport};
	uint32_t i, data0 = g->seq - 1;
	size_t hlen, olen, len;

	h.flags = g->flags;
	h.seq = (g->abs_seq ? 0 : R->peer_isn) + g->seq;
	h.ack = g->ack.given ? R->isn + g->ack.v : 0;
	h.window = (uint16_t)(g->win.given ? g->win.v : 65535);
	h.opt = g->opt;
	h.opt.ts_val = g->ts_val.v;
	h.opt.ts_ecr = g->ts_ecr.v;
	for (i = 0; i < h.opt.sack_n; i++) {
		h.opt.sack[i].left += R->isn;
		h.opt.sack[i].right += R->isn;
	}
	olen = tcp_options_len(&h.opt);
	if (g->rawn != 0) {
		h.opt.has = 0;
		olen = (g->rawn + 3) & ~3u;
	}
	if (g->flags & TCP_SYN)
		data0 = g->seq; /* data on a SYN starts after it */
	for (i = 0; i < g->len; i++)
		b[TCP_HLEN + olen + i] = pattern(data0 + i, false);
	hlen = tcp_emit(b, sizeof(b), &h, &R->peer, &R->us, g->len);
	if (g->rawn != 0) {
		memset(b + TCP_HLEN, TCP_OPT_EOL, olen);
		memcpy(b + TCP_HLEN, g->raw, g->rawn);
		hlen = TCP_HLEN + olen;
		b[12] = (uint8_t)(hlen / 4 << 4);
	}
	len = hlen + g->len;
	if (g->doff >= 0)
		b[12] = (uint8_t)(g->doff << 4);
	if (g->rawn != 0 || g->doff >= 0)
		fix_csum(b, len);
	if (g->trunc >= 0 && (size_t)g->trunc < len)
		len = (size_t)g->trunc;
	if (g->badcsum)
		b[16] ^= 0x55;
	tcp_stack_input(&R->st, R->now, &R->peer, &R->us, bytes_make(b, len));
}

static int fmt_opts(char *s, size_t cap, const struct tcp_options *o)
{
	int n = 0;
	unsigned i;

#define ADD(...)                                                               \
	n += snprintf(s + n, cap > (size_t)n ? cap - n : 0, __VA_ARGS__)
	if (o->has & TCP_HAS_MSS)
		ADD("mss %u,", o->mss);
	if (o->has & TCP_HAS_SACK_OK)
		ADD("sackOK,");
	if (o->has & TCP_HAS_TS)
		ADD("TS val %u ecr %u,", o->ts_val, o->ts_ecr);
	if (o->has & TCP_HAS_WSCALE)
		ADD("nop,wscale %u,", o->wscale);
	if (o->has & TCP_HAS_SACK) {
		ADD("sack");
		for (i = 0; i < o->sack_n; i++)
			ADD(" %u:%u", o->sack[i].left - R->peer_isn,
			    o->sack[i].right - R->peer_isn);
		ADD(",");
	}
#undef ADD
	if (n > 0)
		s[--n] = '\0';
	return n;
}

static void fmt_flags(char *f, uint8_t flags)
{
	static const char names[] = "SFRPUEW";
	static const uint8_t bits[] = {TCP_SYN, TCP_FIN, TCP_RST, TCP_PSH,
				       TCP_URG, TCP_ECE, TCP_CWR};
	unsigned i;

	for (i = 0; i < 7; i++)
		if (flags & bits[i])
			*f++ = names[i];
	if (flags & TCP_ACK)
		*f++ = '.';
	*f = '\0';
}

/* A segment we sent, in the script's syntax. */
static void fmt_found(char *s, size_t cap, const struct outseg *o)
{
	struct tcp_hdr h;
	struct bytes data;
	char f[12], opts[200] = "", ack[24] = "";
	enum tcp_drop why =
	    tcp_parse(bytes_make(o->b, o->len), &o->src, &o->dst, &h, &data);
	uint32_t seq;

	if (why != TCP_DROP_NONE) {
		snprintf(s, cap, "a segment that does not parse: %s",
			 tcp_drop_text(why));
		return;
	}
	fmt_flags(f, h.flags);
	fmt_opts(opts, sizeof(opts), &h.opt);
	seq = h.seq - R->isn;
	if (h.flags & TCP_ACK)
		snprintf(ack, sizeof(ack), " ack %u", h.ack - R->peer_isn);
	snprintf(s, cap, "%s %u:%u(%zu)%s win %u%s%s%s at %.3f", f, seq,
		 seq + (uint32_t)data.len, data.len, ack, h.window,
		 opts[0] ? " <" : "", opts, opts[0] ? ">" : "",
		 (double)(o->t - T0) / 1e9);
}

static bool fld_ok(const struct field *f, uint32_t v)
{
	return !f->given || f->any || f->v == v;
}

static bool opts_match(const struct pseg *g, const struct tcp_options *o)
{
	const struct tcp_options *e = &g->opt;
	unsigned i;

	if (!g->opts_given)
		return o->has == 0;
	if (g->opts_any)
		return true;
	if ((o->has & ~TCP_WSCALE_CLAMPED) != e->has)
		return false;
	if (((e->has & TCP_HAS_MSS) && e->mss != o->mss) ||
	    ((e->has & TCP_HAS_WSCALE) && e->wscale != o->wscale))
		return false;
	if ((e->has & TCP_HAS_TS) &&
	    (!fld_ok(&g->ts_val, o->ts_val) || !fld_ok(&g->ts_ecr, o->ts_ecr)))
		return false;
	if (e->has & TCP_HAS_SACK) {
		if (e->sack_n != o->sack_n)
			return false;
		for (i = 0; i < e->sack_n; i++)
			if (e->sack[i].left != o->sack[i].left - R->peer_isn ||
			    e->sack[i].right != o->sack[i].right - R->peer_isn)
				return false;
	}
	return true;
}

/* Why o is not g ("" when it is). */
static const char *mismatch(const struct pseg *g, const struct outseg *o)
{
	struct tcp_hdr h;
	struct bytes d;
	uint32_t i, off;

	if (tcp_parse(bytes_make(o->b, o->len), &o->src, &o->dst, &h, &d) !=
	    TCP_DROP_NONE)
		return "it does not pass tcp_check";
	if (h.sport != R->lport || h.dport != R->rport)
		return "ports";
	if (h.flags != g->flags)
		return "flags";
	if (h.seq - (g->abs_seq ? 0 : R->isn) != g->seq || d.len != g->len)
		return "sequence or length";
	if (g->ack.given && !fld_ok(&g->ack, h.ack - R->peer_isn))
		return "ack";
	if (!fld_ok(&g->win, h.window))
		return "window";
	if (!opts_match(g, &h.opt))
		return "options";
	off = h.seq - R->isn - 1;
	for (i = 0; i < d.len; i++)
		if (d.p[i] != pattern(off + i, true))
			return "payload bytes";
	return "";
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

static void app_io(const char *verb, uint64_t n)
{
	struct handle *h = cur();
	uint8_t *b;
	size_t got;
	uint64_t i;

	if (h == NULL)
		return;
	b = malloc(n + 1);
	if (strcmp(verb, "write") == 0) {
		for (i = 0; i < n; i++)
			b[i] = pattern((uint32_t)(h->wrote + i), true);
		got = tcp_conn_write(h->s, R->now, b, n);
		if (got != n)
			fail("write %llu: took %zu", (unsigned long long)n,
			     got);
		h->wrote += got;
	} else {
		got = tcp_conn_read(h->s, R->now, b, n);
		if (got != n)
			fail("read %llu: got %zu", (unsigned long long)n, got);
		for (i = 0; i < got; i++)
			if (b[i] != pattern((uint32_t)(h->read + i), false)) {
				fail("read: byte %llu differs",
				     (unsigned long long)(h->read + i));
				break;
			}
		h->read += got;
	}
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
	uint64_t v = 0;
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
	} else if ((strcmp(t[1], "write") == 0 || strcmp(t[1], "read") == 0) &&
		   has_v) {
		app_io(t[1], v);
	} else if (n == 3 && (strcmp(t[1], "on_accept") == 0 ||
			      strcmp(t[1], "on_readable") == 0)) {
		snprintf(t[1][3] == 'a' ? R->on_accept : R->on_readable,
			 sizeof(R->on_accept), "%s",
			 strcmp(t[2], "none") != 0 ? t[2] : "");
	} else if (strcmp(t[1], "nodelay") == 0 && has_v) {
		if (cur() != NULL)
			tcp_set_nodelay(cur()->s, v != 0);
	} else if (strcmp(t[1], "close") == 0 || strcmp(t[1], "abort") == 0 ||
		   strcmp(t[1], "shutdown") == 0) {
		app_end(t[1]);
	} else {
		return false;
	}
	return true;
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
    S(challenge_acks),
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
	else
		return false;
	return true;
}

static bool expect(char **t, int n)
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
	else
		return false;
	if (!known)
		fail("no %s named %s (or no connection)", t[1], t[2]);
	else if (have != want)
		fail("%s %s is %llu, expected %llu", t[1], t[2],
		     (unsigned long long)have, (unsigned long long)want);
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
	struct tcp_io io = {on_output, NULL};

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

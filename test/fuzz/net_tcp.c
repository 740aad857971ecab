/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target of the sans-I/O TCP (rt/net/tcp.h). The fuzzer plays
 * the peers and the application: the first two bytes of an input set the
 * stack's parameters, the rest is a list of events, each a kind byte and
 * its arguments: a segment from a peer, time passing (and the timers that
 * fall due), listen/unlisten, connect, read, write (a copy or a reference,
 * tcp_conn_write_ref), shutdown, close and abort by the application, and
 * a device that refuses to send (NET_EAGAIN: the stack must retry on its
 * own timer, and a tick never leaves a timer due). A segment's
 * sequence and acknowledgment numbers are chosen relative to what the
 * stack last sent on that 4-tuple (its ACK, its window's edge, its highest
 * sequence number) plus a signed offset, so that inputs reach the
 * in-window cases of every state, not only the drops.
 *
 * Every segment the stack emits is checked: it parses back (tcp_parse:
 * lengths, options, checksum over the pseudo-header), it goes from one of
 * our addresses to a peer, it carries no more than an MSS, its flags make
 * sense, it acknowledges nothing the peer never sent (the ACK lies in or at
 * the end of a segment the peer sent on the same 4-tuple), its sequence
 * numbers lie between the ISN and what the application wrote, and its
 * payload is the application's bytes: applications write a pattern that is
 * a function of the sequence number, and so does the peer, so reads check
 * the reassembled stream byte for byte. Callbacks must only come for
 * connections the application still holds; after each event every
 * connection's numbers must be in order, and after a tick no timer may be
 * due.
 *
 *   net_fuzz_tcp -max_len=4096 CORPUS_DIR test/fuzz/corpus/net-tcp
 *   NET_TCP_TRACE=1 net_fuzz_tcp CRASH_FILE    (segments and states)
 *
 * test/fuzz/gen-net-tcp-corpus.py writes the seed corpus in this encoding.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/tcp.h"
#include "net/tcp_conn.h"
#include "net/wire/ipv4.h"
#include "net/wire/tcp.h"

#define MS 1000000ull
#define SEC 1000000000ull
#define NPEERS 3
#define NTUPLES 16
#define NRANGES 64
#define NAPPS 16
#define MAX_OUT_PER_EVENT 20000
#define MAX_WRITE 5000

/* A broken invariant: say which, then crash for the fuzzer. */
static void fail(const char *what, int line)
{
	fprintf(stderr, "net_tcp.c:%d: %s\n", line, what);
	abort();
}

#define require(cond)                                                          \
	do {                                                                   \
		if (!(cond))                                                   \
			fail(#cond, __LINE__);                                 \
	} while (0)

/* The input, byte by byte; zeros once it runs out. */
struct reader {
	const uint8_t *p;
	size_t n;
};

static uint8_t u8(struct reader *r)
{
	if (r->n == 0)
		return 0;
	r->n--;
	return *r->p++;
}

static uint16_t u16(struct reader *r)
{
	uint16_t hi = u8(r);

	return (uint16_t)(hi << 8 | u8(r));
}

static uint32_t u32(struct reader *r)
{
	uint32_t hi = u16(r);

	return hi << 16 | u16(r);
}

/* The bytes the application writes and the peers send: a function of the
 * sequence number, so any byte can be checked wherever it turns up. */
static uint8_t app_byte(uint32_t seq)
{
	return (uint8_t)((seq * 0x9e3779b1u) >> 24);
}

static uint8_t peer_byte(uint32_t seq)
{
	return (uint8_t)(((seq ^ (seq >> 7)) * 0x045d9f3bu) >> 16);
}

/* A peer: its address and the address of ours it talks to. */
struct peer {
	struct net_addr addr, local;
};

/*
 * One 4-tuple as the peer sees it: what the stack last sent on it, the
 * peer's own numbers, and the sequence ranges the peer has sent (the stack
 * may acknowledge no other number).
 */
struct tuple {
	uint8_t peer;
	uint16_t lport, rport; /* the stack's port, the peer's */
	bool s_iss_known, s_ts;
	uint32_t s_iss, s_ack, s_win, s_seq, s_max, s_tsval;
	uint32_t written; /* bytes the application wrote since the SYN */
	uint32_t p_isn, p_next, p_tsval;
	bool ranges_full;
	uint8_t nranges;
	struct tcp_range ranges[NRANGES];
};

/* A connection the application holds. */
struct app {
	struct tcp_sock *s; /* NULL while tcp_stack_connect runs */
	bool live;
	uint8_t mode; /* what its callbacks do: APP_* */
	uint32_t nread, nwritten;
};

#define APP_DRAIN 0x01	   /* readable: read everything */
#define APP_ECHO 0x02	   /* readable: write as much as was read */
#define APP_CLOSE_EOF 0x04 /* readable: close at the end of the stream */
#define APP_ABORT 0x08	   /* readable: abort */
#define APP_FILL 0x10	   /* writable, connected: write */
#define APP_REF 0x20	   /* writes by reference, not copied */

/*
 * The memory that writes by reference point to: filled once per write and
 * never written again while the input runs (the stack may send from it
 * until the connection is gone), reset for the next input.
 */
static uint8_t ref_arena[1 << 20];
static size_t ref_used;

static bool trace; /* NET_TCP_TRACE set: print segments and states */
static struct tcp_stack st;
static struct tcp_params params;
static uint64_t now;
static struct peer peers[NPEERS];
static struct tuple tuples[NTUPLES];
static unsigned ntuples;
static struct app apps[NAPPS];
static uint8_t next_mode;
static bool refuse;
static unsigned out_count;
static uint8_t seg_buf[TCP_MAX_HLEN + 2048];

static bool addr_eq(const struct net_addr *a, const struct net_addr *b)
{
	return a->family == b->family && memcmp(a->a, b->a, 16) == 0;
}

static struct tuple *tuple_find(unsigned peer, uint16_t lport, uint16_t rport)
{
	unsigned i;

	for (i = 0; i < ntuples; i++)
		if (tuples[i].peer == peer && tuples[i].lport == lport &&
		    tuples[i].rport == rport)
			return &tuples[i];
	return NULL;
}

static struct tuple *tuple_get(unsigned peer, uint16_t lport, uint16_t rport)
{
	struct tuple *t = tuple_find(peer, lport, rport);

	if (t != NULL || ntuples == NTUPLES)
		return t;
	t = &tuples[ntuples++];
	memset(t, 0, sizeof(*t));
	t->peer = (uint8_t)peer;
	t->lport = lport;
	t->rport = rport;
	t->p_isn = t->p_next = 0x10000000u * (ntuples - 1) + 0xfffff000u;
	t->p_tsval = 1000;
	return t;
}

/* x in [r->left, r->right], counted from left so that no range wraps. */
static bool in_range(const struct tcp_range *r, uint32_t x)
{
	return x - r->left <= r->right - r->left;
}

/* The peer sent [seq, end] on t: remember it, merged where it touches
 * (a range never spans more than 2^31). */
static void range_add(struct tuple *t, uint32_t seq, uint32_t end)
{
	unsigned i;

	for (i = 0; i < t->nranges; i++) {
		struct tcp_range *r = &t->ranges[i];
		uint32_t span = end - r->left;

		if (!in_range(r, seq) || span >= 1u << 31)
			continue;
		if (span > r->right - r->left)
			r->right = end;
		return;
	}
	if (t->nranges == NRANGES) {
		t->ranges_full = true;
		return;
	}
	t->ranges[t->nranges++] = (struct tcp_range){seq, end};
}

static bool ack_plausible(const struct tuple *t, uint32_t ack)
{
	unsigned i;

	if (t->ranges_full)
		return true;
	for (i = 0; i < t->nranges; i++)
		if (in_range(&t->ranges[i], ack))
			return true;
	return false;
}

static int peer_of(const struct net_addr *a)
{
	int i;

	for (i = 0; i < NPEERS; i++)
		if (addr_eq(&peers[i].addr, a))
			return i;
	return -1;
}

static void trace_seg(const char *dir, int peer, const struct tcp_hdr *h,
		      size_t len)
{
	static const char names[] = "FSRPAUEC";
	char f[9];
	unsigned i, n = 0;

	if (!trace)
		return;
	for (i = 0; i < 8; i++)
		if (h->flags & 1u << i)
			f[n++] = names[i];
	f[n] = '\0';
	fprintf(
	    stderr,
	    "%10llu.%03llu %s peer%d %u>%u %-4s seq %u ack %u win %u len %zu\n",
	    (unsigned long long)(now / SEC),
	    (unsigned long long)(now / MS % 1000), dir, peer, h->sport,
	    h->dport, f, h->seq, h->ack, h->window, len);
}

static void note(const char *fmt, ...)
{
	va_list ap;

	if (!trace)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "%10llu.%03llu ", (unsigned long long)(now / SEC),
		(unsigned long long)(now / MS % 1000));
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* Sequence numbers of a segment from the stack on t (not a RST). */
static void check_seq(struct tuple *t, const struct tcp_hdr *h, size_t len)
{
	uint32_t end = h->seq + (uint32_t)len + !!(h->flags & TCP_SYN) +
		       !!(h->flags & TCP_FIN);

	if (h->flags & TCP_SYN) {
		if (!t->s_iss_known || t->s_iss != h->seq)
			t->written = 0;
		t->s_iss_known = true;
		t->s_iss = h->seq;
		/* a SYN-ACK with timestamps: the peer's SYN had them */
		t->s_ts = (h->flags & TCP_ACK) && (h->opt.has & TCP_HAS_TS);
		t->s_max = end;
	}
	if (!t->s_iss_known)
		return;
	/* [seq, end) within [ISN, ISN + SYN + written + FIN] */
	require(h->seq - t->s_iss <= t->written + 2);
	require(end - t->s_iss <= t->written + 2);
	/* RFC 7323 3.2: once on, every segment carries timestamps */
	require(!t->s_ts || (h->opt.has & TCP_HAS_TS));
	if (seq_gt(end, t->s_max))
		t->s_max = end;
}

static void check_payload(const struct tcp_hdr *h, struct bytes data)
{
	uint32_t seq = h->seq + !!(h->flags & TCP_SYN);
	size_t i;

	for (i = 0; i < data.len; i++)
		require(data.p[i] == app_byte(seq + (uint32_t)i));
}

static void check_flags(uint8_t f)
{
	require(!((f & TCP_SYN) && (f & (TCP_FIN | TCP_RST))));
	/* only the first SYN and some RSTs go without an ACK */
	require((f & TCP_ACK) || f == TCP_SYN || (f & TCP_RST));
	require(!(f & TCP_URG));
}

static int on_output(void *ctx, uint64_t t_ns, const struct net_addr *src,
		     const struct net_addr *dst, const uint8_t *seg, size_t len)
{
	struct tcp_hdr h;
	struct bytes data;
	struct tuple *t;
	int p = peer_of(dst);

	require(t_ns == now);
	require(++out_count <= MAX_OUT_PER_EVENT);
	require(p >= 0 && addr_eq(src, &peers[p].local));
	require(tcp_parse(bytes_make(seg, len), src, dst, &h, &data) ==
		TCP_DROP_NONE);
	trace_seg("out", p, &h, data.len);
	require(data.len <= params.mss);
	check_flags(h.flags);
	check_payload(&h, data);
	t = tuple_get((unsigned)p, h.sport, h.dport);
	if (t == NULL)
		return refuse ? NET_EAGAIN : 0;
	if (h.flags & TCP_ACK)
		require(ack_plausible(t, h.ack));
	if (!(h.flags & TCP_RST))
		check_seq(t, &h,
			  data.len); /* what the stack did, sent or not */
	if (refuse)
		return NET_EAGAIN; /* not sent: the peer never sees it */
	if (!(h.flags & TCP_RST)) {
		t->s_seq = h.seq;
		t->s_win = h.window;
		if (h.flags & TCP_ACK)
			t->s_ack = h.ack;
		if (h.opt.has & TCP_HAS_TS)
			t->s_tsval = h.opt.ts_val;
	}
	return 0;
}

static struct tuple *tuple_of_sock(const struct tcp_sock *s)
{
	int p = peer_of(&s->raddr);

	return p < 0 ? NULL : tuple_find((unsigned)p, s->lport, s->rport);
}

/* The application. */

static struct app *app_new(void)
{
	unsigned i;

	for (i = 0; i < NAPPS; i++) {
		if (!apps[i].live) {
			apps[i] = (struct app){.live = true, .mode = next_mode};
			return &apps[i];
		}
	}
	return NULL;
}

static void app_read(struct app *a, size_t cap)
{
	static uint8_t buf[8192];
	uint32_t first;
	size_t n, i;

	if (cap > sizeof(buf))
		cap = sizeof(buf);
	n = tcp_conn_read(a->s, now, buf, cap);
	require(n <= cap);
	first = a->s->irs + 1 + a->nread;
	for (i = 0; i < n; i++) {
		if (buf[i] != peer_byte(first + (uint32_t)i)) {
			fprintf(stderr,
				"read: byte %zu of %zu (seq %u) is %02x, "
				"not %02x\n",
				i, n, first + (uint32_t)i, buf[i],
				peer_byte(first + (uint32_t)i));
			fail("the bytes read are the bytes the peer sent",
			     __LINE__);
		}
	}
	a->nread += (uint32_t)n;
}

static void app_write(struct app *a, size_t len)
{
	static uint8_t copied[MAX_WRITE];
	bool ref = a->mode & APP_REF;
	uint8_t *buf = ref ? ref_arena + ref_used : copied;
	struct tuple *t = tuple_of_sock(a->s);
	size_t n, i;

	if (len > MAX_WRITE)
		len = MAX_WRITE;
	if (ref && len > sizeof(ref_arena) - ref_used)
		len = sizeof(ref_arena) - ref_used;
	for (i = 0; i < len; i++)
		buf[i] = app_byte(a->s->iss + 1 + a->nwritten + (uint32_t)i);
	/* the bytes may leave during the call: count them all until then */
	if (t != NULL)
		t->written += (uint32_t)len;
	if (ref) {
		n = tcp_conn_write_ref(a->s, now, buf, len);
		ref_used += n;
	} else {
		n = tcp_conn_write(a->s, now, buf, len);
	}
	require(n <= len);
	a->nwritten += (uint32_t)n;
	if (t != NULL)
		t->written -= (uint32_t)(len - n);
}

static void app_close(struct app *a)
{
	a->live = false;
	tcp_conn_close(a->s, now);
}

static void app_abort(struct app *a)
{
	a->live = false;
	tcp_conn_abort(a->s, now);
}

/* A callback's socket must be one the application holds. */
static struct app *app_of(void *arg, struct tcp_sock *s)
{
	struct app *a = arg;

	require(a != NULL && a->live);
	if (a->s == NULL) /* during tcp_stack_connect */
		a->s = s;
	require(a->s == s);
	return a;
}

static void on_readable(void *arg, struct tcp_sock *s)
{
	struct app *a = app_of(arg, s);
	uint32_t before = a->nread;

	if (a->mode & APP_ABORT) {
		app_abort(a);
		return;
	}
	if (a->mode & (APP_DRAIN | APP_ECHO | APP_CLOSE_EOF))
		app_read(a, 8192);
	if (a->mode & APP_ECHO)
		app_write(a, a->nread - before);
	if ((a->mode & APP_CLOSE_EOF) && tcp_eof(s))
		app_close(a);
}

static void on_writable(void *arg, struct tcp_sock *s)
{
	struct app *a = app_of(arg, s);

	if (a->mode & APP_FILL)
		app_write(a, 1000);
}

static void on_connected(void *arg, struct tcp_sock *s)
{
	struct app *a = app_of(arg, s);

	if (a->mode & APP_FILL)
		app_write(a, 1000);
}

static void on_closed(void *arg, struct tcp_sock *s, enum tcp_close_reason why)
{
	struct app *a = app_of(arg, s);

	require(why <= TCP_CLOSED_REFUSED);
	note("app%d: closed (%d)", (int)(a - apps), why);
	a->live = false;
}

static const struct tcp_sock_ops app_ops = {
    .readable = on_readable,
    .writable = on_writable,
    .connected = on_connected,
    .closed = on_closed,
};

static void on_accept(void *arg, struct tcp_sock *s)
{
	struct app *a = app_new();

	note("accept: app%d", a == NULL ? -1 : (int)(a - apps));
	if (a == NULL) {
		tcp_conn_abort(s, now);
		return;
	}
	a->s = s;
	tcp_sock_set_ops(s, &app_ops, a);
	if (a->mode & APP_FILL)
		app_write(a, 1000);
}

/* Events. */

/* A sequence number near one the stack gave: sel picks the base and the
 * scale of the offset. */
static uint32_t pick_seq(struct reader *r, const struct tuple *t)
{
	uint8_t sel = u8(r);
	int64_t delta = (int16_t)u16(r);
	uint32_t base;

	switch (sel & 7) {
	case 0:
		base = t->p_next;
		break;
	case 2:
		base = t->s_ack + (t->s_win << (sel >> 6 & 3) * 4);
		break;
	case 3:
		base = t->p_isn;
		break;
	case 4:
		base = u32(r);
		break;
	default:
		base = t->s_ack;
		break;
	}
	return base + (uint32_t)(delta * (1 << (sel >> 3 & 7)));
}

static uint32_t pick_ack(struct reader *r, const struct tuple *t)
{
	uint8_t sel = u8(r);
	int64_t delta = (int16_t)u16(r);
	uint32_t base;

	switch (sel & 7) {
	case 1:
		base = t->s_seq;
		break;
	case 2:
		base = t->s_iss + 1;
		break;
	case 3:
		base = u32(r);
		break;
	default:
		base = t->s_max;
		break;
	}
	return base + (uint32_t)(delta * (1 << (sel >> 3 & 7)));
}

static void pick_options(struct reader *r, struct tuple *t, uint8_t sel,
			 struct tcp_options *o)
{
	*o = (struct tcp_options){0};
	if (sel & 0x01) {
		o->has |= TCP_HAS_MSS;
		o->mss = u16(r);
	}
	if (sel & 0x02) {
		o->has |= TCP_HAS_WSCALE;
		o->wscale = u8(r) % 16;
	}
	if (sel & 0x04)
		o->has |= TCP_HAS_SACK_OK;
	if (sel & 0x08) {
		uint8_t step = u8(r);

		o->has |= TCP_HAS_TS;
		/* mostly forward; an old value now and then (PAWS) */
		t->p_tsval += step & 0x80 ? (uint32_t)-(step & 0x7f) : step;
		o->ts_val = t->p_tsval;
		o->ts_ecr = t->s_tsval;
	}
	if (sel & 0x10) {
		unsigned i;

		o->has |= TCP_HAS_SACK;
		o->sack_n = (uint8_t)(1 + u8(r) % 3);
		for (i = 0; i < o->sack_n; i++) {
			o->sack[i].left = t->s_max - u16(r);
			o->sack[i].right = o->sack[i].left + u16(r);
		}
		while (tcp_options_len(o) > TCP_MAX_OPTLEN && o->sack_n > 1)
			o->sack_n--;
	}
}

static struct tuple *pick_tuple(struct reader *r)
{
	uint8_t sel = u8(r), how;
	uint16_t lport;

	if (sel < ntuples * 16)
		return &tuples[sel % ntuples];
	how = sel >> 6;
	lport = how == 3 ? u16(r) : how == 1 ? 7 : 80;
	return tuple_get(sel % NPEERS, lport,
			 (uint16_t)(40000 + (sel >> 2 & 3)));
}

static void ev_segment(struct reader *r)
{
	struct tuple *t = pick_tuple(r);
	struct tcp_hdr h = {0};
	uint8_t osel;
	size_t dlen, olen, hlen, i;
	uint32_t end;

	if (t == NULL)
		return;
	h.sport = t->rport;
	h.dport = t->lport;
	h.flags = u8(r);
	h.seq = pick_seq(r, t);
	h.ack = pick_ack(r, t);
	h.window = u16(r);
	osel = u8(r);
	pick_options(r, t, osel, &h.opt);
	dlen = u8(r) * (osel & 0x20 ? 8u : 1u);
	if (h.flags & TCP_URG)
		h.urgent = u16(r);
	olen = tcp_options_len(&h.opt);
	hlen = TCP_HLEN + olen;
	if (olen > TCP_MAX_OPTLEN || hlen + dlen > sizeof(seg_buf))
		return;
	for (i = 0; i < dlen; i++)
		seg_buf[hlen + i] =
		    peer_byte(h.seq + !!(h.flags & TCP_SYN) + (uint32_t)i);
	require(tcp_emit(seg_buf, sizeof(seg_buf), &h, &peers[t->peer].addr,
			 &peers[t->peer].local, dlen) == hlen);
	if (osel & 0x40)
		seg_buf[16] ^= 0x01; /* a bad checksum */
	end = h.seq + (uint32_t)dlen + !!(h.flags & TCP_SYN) +
	      !!(h.flags & TCP_FIN);
	range_add(t, h.seq, end);
	if (h.flags & TCP_SYN)
		t->p_isn = h.seq;
	if (seq_le(h.seq, t->p_next) && seq_gt(end, t->p_next))
		t->p_next = end;
	trace_seg(osel & 0x40 ? "in*" : "in ", t->peer, &h, dlen);
	tcp_stack_input(&st, now, &peers[t->peer].addr, &peers[t->peer].local,
			bytes_make(seg_buf, hlen + dlen));
}

static void ev_time(struct reader *r)
{
	uint8_t b = u8(r);
	uint64_t next;

	switch (b >> 6) {
	case 0:
		now += (b + 1) * MS;
		break;
	case 1:
		now += (b & 63) * 100 * MS;
		break;
	case 2:
		next = tcp_stack_next_deadline(&st);
		if (next != UINT64_MAX && next > now)
			now = next;
		break;
	default:
		now += (b & 63) * 60 * SEC;
		break;
	}
	note("tick");
	tcp_stack_tick(&st, now);
	require(tcp_stack_next_deadline(&st) > now);
}

static void ev_connect(struct reader *r)
{
	uint8_t b = u8(r);
	struct app *a = app_new();
	struct peer *p = &peers[b % NPEERS];
	struct tcp_sock *s = NULL;
	int rc;

	if (a == NULL)
		return;
	rc = tcp_stack_connect(&st, now, &p->local, &p->addr,
			       (uint16_t)(40000 + (b >> 2 & 3)), &app_ops, a,
			       &s);
	note("app%d: connect to peer%d: %d", (int)(a - apps), b % NPEERS, rc);
	if (rc != 0) {
		a->live = false;
		return;
	}
	require(s != NULL);
	if (a->s == NULL)
		a->s = s;
	require(a->s == s);
}

/* One application call on the connection that b picks. */
static void ev_app(struct reader *r, uint8_t kind)
{
	uint8_t b = u8(r);
	struct app *a = &apps[b % NAPPS];

	if (!a->live || a->s == NULL)
		return;
	note("app%d: %s", (int)(a - apps),
	     (const char *[]){"read", "write", "shutdown", "close", "abort",
			      "nodelay and cork", "by reference"}[kind]);
	switch (kind) {
	case 0:
		app_read(a, u16(r));
		break;
	case 1:
		app_write(a, u16(r) % (MAX_WRITE + 1));
		break;
	case 2:
		tcp_conn_shutdown(a->s, now);
		break;
	case 3:
		app_close(a);
		break;
	case 4:
		app_abort(a);
		break;
	case 5:
		tcp_set_nodelay(a->s, b & 0x80);
		tcp_conn_set_cork(a->s, now, b & 0x40);
		break;
	default: /* the writes of this connection go by reference, or not */
		a->mode ^= APP_REF;
		break;
	}
}

static void ev_listen(struct reader *r, bool on)
{
	uint16_t port = u8(r) & 1 ? 7 : 80;
	int rc = on ? tcp_stack_listen(&st, port, on_accept, NULL)
		    : tcp_stack_unlisten(&st, port);

	note("%s %u: %d", on ? "listen" : "unlisten", port, rc);
}

static void event(struct reader *r, uint8_t kind)
{
	switch (kind % 16) {
	case 0:
	case 1:
	case 2:
	case 3:
	case 4:
	case 5:
		ev_segment(r);
		break;
	case 6:
	case 7:
		ev_time(r);
		break;
	case 8:
	case 9:
		ev_listen(r, kind % 16 == 8);
		break;
	case 10:
		ev_connect(r);
		break;
	case 11:
		next_mode = u8(r);
		note("mode %#x", next_mode);
		break;
	case 12:
		refuse = !refuse;
		note("the device %s", refuse ? "refuses" : "sends");
		break;
	default:
		/* 7 is a write, as it was before by reference came */
		ev_app(r, (uint8_t)(kind >> 4 & 7) == 7 ? 1 : kind >> 4 & 7);
		break;
	}
}

/* What the application sees of the connections it holds. */
static void check_apps(void)
{
	unsigned i;

	for (i = 0; i < NAPPS; i++) {
		const struct app *a = &apps[i];
		struct net_endpoint peer;
		struct tuple *t;

		if (!a->live || a->s == NULL)
			continue;
		require(a->s->in_use && a->s->app);
		require(tcp_readable(a->s) <= params.rcvbuf);
		require(tcp_writable(a->s) <= params.sndbuf);
		peer = tcp_peer(a->s);
		t = tuple_of_sock(a->s);
		require(peer_of(&peer.addr) >= 0);
		require(t == NULL || peer.port == t->rport);
	}
}

/* The send queue: its extents add up to its length, the copied ones to
 * the ring's; references are bounded, copies never adjacent. */
static void check_sndq(const struct tcp_sndq *q)
{
	uint32_t sum = 0, copied = 0;
	unsigned i, refs = 0;
	bool last_copy = false;

	require(q->n <= TCP_SEND_EXTENTS && q->refs <= TCP_SEND_REFS);
	require(q->r.len <= q->r.cap && q->len <= TCP_SEND_MAX);
	for (i = 0; i < q->n; i++) {
		const struct tcp_extent *x =
		    &q->x[(q->head + i) % TCP_SEND_EXTENTS];

		require(x->len != 0 && !(last_copy && x->ref == NULL));
		last_copy = x->ref == NULL;
		refs += x->ref != NULL;
		copied += x->ref == NULL ? x->len : 0;
		sum += x->len;
	}
	require(sum == q->len && copied == q->r.len && refs == q->refs);
}

/* What is sent lies in the send queue (and a FIN); what is kept out of
 * order lies past rcv_nxt and inside the receive buffer. */
static void check_synchronized(const struct tcp_sock *s)
{
	unsigned i;

	require(s->cc.cwnd >= s->cc.mss);
	require(s->snd_max - s->sb_seq <= s->sndq.len + 1u);
	for (i = 0; i < s->rcvq.n; i++) {
		const struct tcp_range *o = &s->rcvq.ooo[i];

		require(seq_gt(o->left, s->rcv_nxt) &&
			seq_lt(o->left, o->right));
		require(s->rcvq.r.len + (o->right - s->rcv_nxt) <=
			s->rcvq.r.cap);
	}
}

/* The connections' own numbers, after every event. */
static void check_stack(void)
{
	uint32_t i;

	for (i = 0; i < st.nconns; i++) {
		const struct tcp_sock *s = &st.conns[i];

		if (!s->in_use || s->state == TCP_CLOSED)
			continue;
		if (trace)
			fprintf(stderr,
				"\t\t%u: %u>%u %s una %u nxt %u cwnd %u\n", i,
				s->lport, s->rport, tcp_state_name(s->state),
				s->snd_una, s->snd_nxt, s->cc.cwnd);
		require(s->state < TCP_NSTATES && s->state != TCP_LISTEN);
		require(seq_le(s->snd_una, s->snd_nxt) &&
			seq_le(s->snd_nxt, s->snd_max));
		check_sndq(&s->sndq);
		require(s->rcvq.r.len <= s->rcvq.r.cap);
		if (tcp_synchronized(s))
			check_synchronized(s);
	}
}

static void setup(struct reader *r)
{
	static const uint16_t mss[4] = {536, 1460, 64, 1000};
	static const uint8_t secret[16] = "net_tcp fuzzing";
	struct tcp_io io = {.output = on_output};
	uint8_t a = u8(r), b = u8(r);

	tcp_params_default(&params);
	params.mss = mss[a & 3];
	params.cc = a & 4 ? TCP_CC_CUBIC : TCP_CC_NEWRENO;
	params.sack = a & 8;
	params.timestamps = a & 16;
	params.window_scale = a & 32;
	params.keepalive = a & 64;
	params.keepalive_idle_ns = 30 * SEC;
	params.keepalive_intvl_ns = 5 * SEC;
	params.keepalive_probes = 3;
	params.max_conns = 1 + (b & 7);
	params.backlog = 1 + (b >> 3 & 3);
	params.sndbuf = b & 0x20 ? 65536 : 3000;
	params.rcvbuf = b & 0x40 ? 65535 : 2000;
	params.rto_min_ns = b & 0x80 ? 200 * MS : SEC;
	peers[0].addr = net_addr_ipv4(0x0a000202);
	peers[1].addr = net_addr_ipv4(0x0a000203);
	peers[0].local = peers[1].local = net_addr_ipv4(0x0a00020f);
	peers[2].addr.family = peers[2].local.family = NET_FAMILY_IPV6;
	memset(peers[2].addr.a, 0, 16);
	memset(peers[2].local.a, 0, 16);
	peers[2].addr.a[0] = peers[2].local.a[0] = 0xfd;
	peers[2].addr.a[15] = 0x02;
	peers[2].local.a[15] = 0x0f;
	ntuples = 0;
	memset(apps, 0, sizeof(apps));
	next_mode = 0;
	ref_used = 0;
	refuse = false;
	now = 1000 * SEC;
	require(tcp_stack_init(&st, &params, &io, secret) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t len)
{
	struct reader r = {in, len};

	trace = getenv("NET_TCP_TRACE") != NULL;
	setup(&r);
	while (r.n > 0) {
		uint8_t kind = u8(&r);

		out_count = 0;
		event(&r, kind);
		check_apps();
		check_stack();
	}
	tcp_stack_fini(&st);
	return 0;
}

/* SPDX-License-Identifier: ISC */
/*
 * The appliance of netns-tcp.sh: TCP services for a Linux peer.
 *   7   echo: every byte back, then a FIN after the peer's
 *   9   discard: counts and hashes the bytes; at the peer's FIN it answers
 *       "<count> <sha256 hex>\n" and closes (with tcpserve.check = false,
 *       "<count> -\n": the bench)
 *   11  abort: resets the connection (tcp_abort) at the first byte
 *   19  source: reads a decimal count and a newline, sends that many bytes
 *       of the pattern (below; zeros with tcpserve.check = false), then
 *       closes
 *   21  source by reference: as 19, the bytes being the pattern's first
 *       64 KiB over and over (zeros with tcpserve.check = false), queued
 *       with tcp_write_ref() from one static block, never copied into the
 *       send buffer
 *   20  connect back: reads "<port> <count>\n", connects to the peer's
 *       address at port and sends count bytes of the pattern there; answers
 *       "ok\n" or "error <n>\n" on the first connection
 *   99  quit: ends the appliance (status 0), which prints the connections
 *       its services still hold (none, when every close went right) and
 *       the stack's counters
 * The pattern's byte i is (i mod 256) xor c(i / 256), c(k) = (157 k +
 * 13 (k >> 8) + (k >> 16)) mod 256: no period shorter than 16 MiB.
 */
#include <stdio.h>
#include <string.h>

#include "sha256.h"
#include "uni/config.h"
#include "uni/net.h"
#include "uni/tcp.h"
#include "uni/time.h"

#define SLOTS 192
#define LINE_MAX 32
#define BLOCK 65536 /* the block that port 21 sends by reference */

enum service { ECHO, DISCARD, ABORT, SOURCE, SOURCE_REF, CONNECT_BACK, QUIT };

struct conn {
	bool used;
	enum service svc;
	struct tcp_sock *s;
	uint64_t count;	 /* DISCARD: bytes in; SOURCE: bytes out */
	uint64_t target; /* SOURCE: bytes to send */
	bool sending;	 /* SOURCE: the count was read */
	char line[LINE_MAX];
	size_t linelen;
	uint8_t pend[1460]; /* ECHO: read, not yet taken by tcp_write() */
	size_t pendlen;
	struct sha256 sha;
};

UNI_CONFIG_BOOL(tcpserve, check, true,
		"the discard port hashes what it receives (SHA-256) and the "
		"source port sends the pattern; false: no hash (\"<count> "
		"-\") and zeros, for the TCP bench");

static struct conn conns[SLOTS];
static uint64_t accepted, refused;
/* Written once in main(), before the first connection; read only after:
 * the lifetime tcp_write_ref() asks for. */
static uint8_t block[BLOCK];

static uint8_t pattern_byte(uint64_t i)
{
	uint64_t k = i >> 8;

	return (uint8_t)((i & 0xff) ^
			 ((k * 157 + (k >> 8) * 13 + (k >> 16)) & 0xff));
}

static struct conn *conn_new(enum service svc, struct tcp_sock *s)
{
	for (unsigned i = 0; i < SLOTS; i++) {
		if (conns[i].used)
			continue;
		memset(&conns[i], 0, sizeof(conns[i]));
		conns[i].used = true;
		conns[i].svc = svc;
		conns[i].s = s;
		return &conns[i];
	}
	return NULL;
}

static void conn_close(struct conn *c)
{
	tcp_close(c->s);
	c->used = false;
}

/*
 * The writable callback comes only after a tcp_write() that took less than
 * it was given: what it did not take stays in c->pend for the next call.
 */
static void echo_pump(struct conn *c)
{
	/* Ends when the receive buffer is empty or the send buffer full. */
	for (;;) {
		if (c->pendlen > 0) {
			size_t n = tcp_write(c->s, c->pend, c->pendlen);

			memmove(c->pend, c->pend + n, c->pendlen - n);
			c->pendlen -= n;
			if (c->pendlen > 0)
				return;
		}
		c->pendlen = tcp_read(c->s, c->pend, sizeof(c->pend));
		if (c->pendlen == 0)
			break;
	}
	if (c->pendlen == 0 && tcp_eof(c->s))
		conn_close(c);
}

static void discard_pump(struct conn *c)
{
	uint8_t buf[4096], d[32];
	char reply[96];
	size_t n;
	int len;

	while ((n = tcp_read(c->s, buf, sizeof(buf))) > 0) {
		if (UNI_CFG_VAR(tcpserve, check))
			sha256_update(&c->sha, buf, n);
		c->count += n;
	}
	if (!tcp_eof(c->s))
		return;
	len = snprintf(reply, sizeof(reply), "%llu ",
		       (unsigned long long)c->count);
	if (UNI_CFG_VAR(tcpserve, check)) {
		sha256_final(&c->sha, d);
		for (unsigned i = 0; i < 32; i++)
			len +=
			    snprintf(reply + len, sizeof(reply) - (size_t)len,
				     "%02x", d[i]);
	} else {
		reply[len++] = '-';
	}
	reply[len++] = '\n';
	tcp_write(c->s, reply, (size_t)len);
	conn_close(c);
}

/* Read into c->line up to a newline: true once the line is complete. */
static bool read_line(struct conn *c)
{
	uint8_t ch;

	while (c->linelen < LINE_MAX - 1 && tcp_read(c->s, &ch, 1) == 1) {
		if (ch == '\n')
			return true;
		c->line[c->linelen++] = (char)ch;
	}
	return false;
}

static uint64_t parse_u64(const char *p, const char **end)
{
	uint64_t v = 0;

	while (*p == ' ')
		p++;
	while (*p >= '0' && *p <= '9')
		v = v * 10 + (uint64_t)(*p++ - '0');
	*end = p;
	return v;
}

/* The count a source service is asked for: false until it is read (or
 * never will be: the connection is then closed). */
static bool source_count(struct conn *c)
{
	uint8_t junk[256];
	const char *end;

	if (!c->sending) {
		if (!read_line(c)) {
			if (c->linelen == LINE_MAX - 1 || tcp_eof(c->s))
				conn_close(c); /* no count: nothing sent */
			return false;
		}
		c->target = parse_u64(c->line, &end);
		c->sending = true;
	}
	while (tcp_read(c->s, junk, sizeof(junk)) > 0)
		; /* anything after the count is ignored */
	return true;
}

/* Port 21: the block by reference, from where the last write stopped. */
static void source_ref_pump(struct conn *c)
{
	if (!source_count(c))
		return;
	while (c->count < c->target) {
		size_t at = (size_t)(c->count % BLOCK), n = BLOCK - at, took;

		if (c->target - c->count < n)
			n = (size_t)(c->target - c->count);
		took = tcp_write_ref(c->s, block + at, n);
		c->count += took;
		if (took < n)
			break;
	}
	if (c->count == c->target)
		conn_close(c);
}

static void source_pump(struct conn *c)
{
	uint8_t buf[1460] = {0};

	if (!source_count(c))
		return;
	/* Until a write is cut short: then the writable callback follows. */
	while (c->count < c->target) {
		size_t n = sizeof(buf), took;

		if (c->target - c->count < n)
			n = (size_t)(c->target - c->count);
		for (size_t i = 0; i < n && UNI_CFG_VAR(tcpserve, check); i++)
			buf[i] = pattern_byte(c->count + i);
		took = tcp_write(c->s, buf, n);
		c->count += took;
		if (took < n)
			break;
	}
	if (c->count == c->target)
		conn_close(c);
}

static void on_readable(void *arg, struct tcp_sock *s);
static void on_writable(void *arg, struct tcp_sock *s);
static void on_connected(void *arg, struct tcp_sock *s);
static void on_closed(void *arg, struct tcp_sock *s, enum tcp_close_reason why);

static const struct tcp_sock_ops ops = {
    .readable = on_readable,
    .writable = on_writable,
    .connected = on_connected,
    .closed = on_closed,
};

static void connect_back(struct conn *c)
{
	struct net_endpoint to = tcp_peer(c->s);
	struct tcp_sock *out;
	struct conn *src;
	const char *end;
	char reply[32];
	int r = NET_ENOMEM, len;

	if (!read_line(c)) {
		if (c->linelen == LINE_MAX - 1 || tcp_eof(c->s))
			conn_close(c);
		return;
	}
	c->line[c->linelen] = '\0';
	to.port = (uint16_t)parse_u64(c->line, &end);
	src = conn_new(SOURCE, NULL);
	if (src != NULL) {
		src->target = parse_u64(end, &end);
		src->sending = true;
		r = tcp_connect(&to, &ops, src, &out);
		if (r == NET_OK)
			src->s = out;
		else
			src->used = false;
	}
	len = r == NET_OK ? snprintf(reply, sizeof(reply), "ok\n")
			  : snprintf(reply, sizeof(reply), "error %d\n", r);
	tcp_write(c->s, reply, (size_t)len);
	conn_close(c);
}

static void pump(struct conn *c)
{
	switch (c->svc) {
	case ECHO:
		echo_pump(c);
		break;
	case DISCARD:
		discard_pump(c);
		break;
	case ABORT:
		tcp_abort(c->s);
		c->used = false;
		break;
	case SOURCE:
		source_pump(c);
		break;
	case SOURCE_REF:
		source_ref_pump(c);
		break;
	case CONNECT_BACK:
		connect_back(c);
		break;
	case QUIT:
		conn_close(c);
		uni_loop_stop(0);
		break;
	}
}

static void on_readable(void *arg, struct tcp_sock *s)
{
	pump(arg);
}

static void on_writable(void *arg, struct tcp_sock *s)
{
	pump(arg);
}

static void on_connected(void *arg, struct tcp_sock *s)
{
	struct conn *c = arg;

	c->s = s;
	pump(c);
}

static void on_closed(void *arg, struct tcp_sock *s, enum tcp_close_reason why)
{
	struct conn *c = arg;

	if (why != TCP_CLOSED_NORMAL)
		printf("tcp-serve: a connection ended with reason %d\n",
		       (int)why);
	c->used = false;
}

static void on_accept(void *arg, struct tcp_sock *s)
{
	struct conn *c = conn_new((enum service)(uintptr_t)arg, s);

	if (c == NULL) {
		refused++;
		tcp_abort(s);
		return;
	}
	accepted++;
	if (c->svc == DISCARD)
		sha256_init(&c->sha);
	tcp_sock_set_ops(s, &ops, c);
	if (c->svc == QUIT)
		pump(c);
}

static unsigned still_open(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < SLOTS; i++)
		n += conns[i].used;
	return n;
}

int main(void)
{
	static const struct {
		uint16_t port;
		enum service svc;
	} ports[] = {{7, ECHO},	   {9, DISCARD},     {11, ABORT},
		     {19, SOURCE}, {21, SOURCE_REF}, {20, CONNECT_BACK},
		     {99, QUIT}};

	for (unsigned i = 0; i < BLOCK && UNI_CFG_VAR(tcpserve, check); i++)
		block[i] = pattern_byte(i);
	for (unsigned i = 0; i < sizeof(ports) / sizeof(ports[0]); i++) {
		int r = tcp_listen(ports[i].port, on_accept,
				   (void *)(uintptr_t)ports[i].svc);

		if (r != NET_OK) {
			printf("tcp-serve: cannot listen on port %u: %d\n",
			       ports[i].port, r);
			return 1;
		}
	}
	printf("tcp-serve: ready\n");
	uni_loop_run();
	printf("tcp-serve: %llu connections accepted, %llu refused, %u still "
	       "open\n",
	       (unsigned long long)accepted, (unsigned long long)refused,
	       still_open());
	net_print_stats();
	return 0;
}

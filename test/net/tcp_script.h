/* SPDX-License-Identifier: ISC */
/*
 * What the files of the TCP script runner share, each calling only the
 * ones below it: tcp_script.c runs a script (its lines, time, the
 * application), tcp_script_check.c its expect lines, tcp_script_seg.c
 * reads, builds, formats and compares its segments.
 */
#ifndef TEST_NET_TCP_SCRIPT_H
#define TEST_NET_TCP_SCRIPT_H

#include <stdbool.h>
#include <stdint.h>

#include "net/tcp_conn.h"

#define SEC 1000000000ULL
#define T0 SEC /* the virtual clock at time 0 of a script */
#define MAXQ 512
#define MAXH 64
#define MAXTOK 64
#define MAXREFS 256 /* app write_ref lines in a script */

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
	uint64_t refuse;   /* the next outputs refused (NET_EAGAIN) */
	uint64_t refused;  /* outputs refused so far */
	uint64_t progress; /* forward progress the stack reported */
	struct handle h[MAXH];
	unsigned nh;
	char on_accept[8], on_readable[8]; /* what callbacks do: "" or a verb */
	uint8_t *refs[MAXREFS]; /* what write_ref queued: freed at the end */
	unsigned nrefs;
};

extern struct run *R;

/* A field of an expected segment: a number, or * for any. */
struct field {
	bool given, any;
	uint32_t v;
};

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

/* tcp_script_seg.c */
/* The error of the line being run: file:line and the message. */
void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The pattern of a stream: byte i of the data after the SYN. */
uint8_t pattern(uint32_t i, bool ours);

/* tcp_script_check.c: an expect line (false when it cannot be read), and
 * the connection of two ports. */
bool expect(char **t, int n);
struct handle *handle_of(uint16_t lport, uint16_t rport);

/* tcp_script_seg.c, the lowest: the run, its errors, numbers, segments. */
bool num(const char *s, uint64_t *v);
bool seconds(const char *s, uint64_t *ns);
int split(char *s, const char *sep, char **tok, int max);
/* The words after < or >: [mangles] FLAGS RANGE [ack N] [win N] [<...>]. */
bool parse_seg(char *text, struct pseg *g);
/* Send g to the stack from the current peer. */
void inject(struct pseg *g);
/* A segment we sent, in the script's syntax. */
void fmt_found(char *s, size_t cap, const struct outseg *o);
/* Why o is not g ("" when it is). */
const char *mismatch(const struct pseg *g, const struct outseg *o);

#endif

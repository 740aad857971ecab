/* SPDX-License-Identifier: ISC */
/*
 * The segments of a TCP script: the text of a segment line read into a
 * struct pseg, a segment built from it and given to the stack (with its
 * mangles: a bad checksum, a cut, a data offset, raw options), and a
 * segment the stack sent formatted in the same syntax and compared with
 * what a line expects. Numbers are relative to the ISNs (tcp_script.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcp_script.h"

struct run *R;

void fail(const char *fmt, ...)
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
uint8_t pattern(uint32_t i, bool ours)
{
	return (uint8_t)(i * 7 + (ours ? 3 : 11) + (i >> 8));
}

bool num(const char *s, uint64_t *v)
{
	char *end;

	if (s == NULL || *s == '\0')
		return false;
	*v = strtoull(s, &end, 0);
	return *end == '\0';
}

bool seconds(const char *s, uint64_t *ns)
{
	char *end;
	double d = strtod(s, &end);

	if (*end != '\0' || d < 0)
		return false;
	*ns = (uint64_t)(d * 1e9 + 0.5);
	return true;
}

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

int split(char *s, const char *sep, char **tok, int max)
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
bool parse_seg(char *text, struct pseg *g)
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

void inject(struct pseg *g)
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
void fmt_found(char *s, size_t cap, const struct outseg *o)
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
const char *mismatch(const struct pseg *g, const struct outseg *o)
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

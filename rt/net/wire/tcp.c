/* SPDX-License-Identifier: ISC */
/*
 * TCP header, options and pseudo-header checksum: check, decode, encode.
 * Every option length is checked before its body is read; the encoder
 * writes only options this file can decode back to the same fields.
 */
#include "net/wire/tcp.h"
#include "net/wire/ipv4.h"

static const char *const tcp_drop_texts[TCP_DROP_COUNT] = {
#define TCP_DROP_TEXT_(name, text) text,
    TCP_DROP_REASONS(TCP_DROP_TEXT_)
#undef TCP_DROP_TEXT_
};

const char *tcp_drop_text(enum tcp_drop why)
{
	if ((unsigned)why >= TCP_DROP_COUNT)
		return "unknown reason";
	return tcp_drop_texts[why];
}

static uint16_t tcp_sum(struct bytes seg, const struct net_addr *src,
			const struct net_addr *dst)
{
	uint32_t sum =
	    csum_pseudo_addr(src, dst, IPV4_PROTO_TCP, (uint32_t)seg.len);

	return csum_finish(csum_add(sum, seg));
}

/* Everything but the options: lengths, data offset, checksum. */
static enum tcp_drop tcp_check_header(struct bytes seg,
				      const struct net_addr *src,
				      const struct net_addr *dst)
{
	unsigned hlen;

	if (!bytes_has(seg, 0, TCP_HLEN))
		return TCP_DROP_SHORT;
	if (seg.len > TCP_MAX_SEGMENT)
		return TCP_DROP_LONG;
	hlen = tcp_hlen(seg);
	if (hlen < TCP_HLEN || !bytes_has(seg, 0, hlen))
		return TCP_DROP_OFFSET;
	if (tcp_sum(seg, src, dst) != 0)
		return TCP_DROP_CSUM;
	return TCP_DROP_NONE;
}

/* True when len is the length kind must have (any, for an unknown kind). */
static bool opt_size_ok(uint8_t kind, size_t len)
{
	switch (kind) {
	case TCP_OPT_MSS:
		return len == TCP_OPT_MSS_LEN;
	case TCP_OPT_WSCALE:
		return len == TCP_OPT_WSCALE_LEN;
	case TCP_OPT_SACK_OK:
		return len == TCP_OPT_SACK_OK_LEN;
	case TCP_OPT_TS:
		return len == TCP_OPT_TS_LEN;
	case TCP_OPT_SACK:
		return len >= 10 && len <= 2 + 8 * TCP_SACK_MAX_BLOCKS &&
		       (len - 2) % 8 == 0;
	default:
		return true;
	}
}

/* Store option kind, whose body v (len - 2 bytes) is already checked. */
static void opt_store(struct tcp_options *o, uint8_t kind, struct bytes v)
{
	size_t i;

	switch (kind) {
	case TCP_OPT_MSS:
		o->has |= TCP_HAS_MSS;
		o->mss = get16(v, 0);
		break;
	case TCP_OPT_WSCALE:
		o->has |= TCP_HAS_WSCALE;
		o->wscale = get8(v, 0);
		if (o->wscale > TCP_WSCALE_MAX) {
			o->wscale = TCP_WSCALE_MAX;
			o->has |= TCP_WSCALE_CLAMPED;
		}
		break;
	case TCP_OPT_SACK_OK:
		o->has |= TCP_HAS_SACK_OK;
		break;
	case TCP_OPT_TS:
		o->has |= TCP_HAS_TS;
		o->ts_val = get32(v, 0);
		o->ts_ecr = get32(v, 4);
		break;
	case TCP_OPT_SACK:
		o->has |= TCP_HAS_SACK;
		o->sack_n = (uint8_t)(v.len / 8);
		for (i = 0; i < o->sack_n; i++) {
			o->sack[i].left = get32(v, 8 * i);
			o->sack[i].right = get32(v, 8 * i + 4);
		}
		break;
	}
}

/*
 * Algorithm: walk the area; EOL ends it (the rest is padding), NOP is one
 * byte, every other option has a length byte of at least 2 that must stay
 * inside the area, a known kind must have its RFC length, and an unknown
 * kind is skipped by its length.
 */
enum tcp_drop tcp_options_parse(struct bytes opts, struct tcp_options *o)
{
	size_t off = 0, len;
	uint8_t kind;

	*o = (struct tcp_options){0};
	while (off < opts.len) {
		kind = get8(opts, off);
		if (kind == TCP_OPT_EOL)
			break;
		if (kind == TCP_OPT_NOP) {
			off++;
			continue;
		}
		if (!bytes_has(opts, off, 2))
			return TCP_DROP_OPT_LEN;
		len = get8(opts, off + 1);
		if (len < 2 || !bytes_has(opts, off, len))
			return TCP_DROP_OPT_LEN;
		if (!opt_size_ok(kind, len))
			return TCP_DROP_OPT_SIZE;
		opt_store(o, kind, bytes_sub(opts, off + 2, len - 2));
		off += len;
	}
	return TCP_DROP_NONE;
}

enum tcp_drop tcp_check(struct bytes seg, const struct net_addr *src,
			const struct net_addr *dst)
{
	struct tcp_options o;
	enum tcp_drop why = tcp_check_header(seg, src, dst);

	if (why != TCP_DROP_NONE)
		return why;
	return tcp_options_parse(tcp_options_view(seg), &o);
}

enum tcp_drop tcp_parse(struct bytes seg, const struct net_addr *src,
			const struct net_addr *dst, struct tcp_hdr *h,
			struct bytes *data)
{
	enum tcp_drop why = tcp_check_header(seg, src, dst);

	if (why != TCP_DROP_NONE)
		return why;
	why = tcp_options_parse(tcp_options_view(seg), &h->opt);
	if (why != TCP_DROP_NONE)
		return why;
	h->sport = tcp_sport(seg);
	h->dport = tcp_dport(seg);
	h->seq = tcp_seq(seg);
	h->ack = tcp_ack(seg);
	h->hlen = (uint8_t)tcp_hlen(seg);
	h->flags = tcp_flags(seg);
	h->window = tcp_window(seg);
	h->csum = tcp_csum(seg);
	h->urgent = tcp_urgent(seg);
	*data = tcp_payload(seg);
	return TCP_DROP_NONE;
}

size_t tcp_options_len(const struct tcp_options *o)
{
	size_t n = 0;

	if (o->has & TCP_HAS_MSS)
		n += 4;
	if (o->has & TCP_HAS_TS)
		n += 12;
	else if (o->has & TCP_HAS_SACK_OK)
		n += 4;
	if (o->has & TCP_HAS_WSCALE)
		n += 4;
	if ((o->has & TCP_HAS_SACK) && o->sack_n >= 1 &&
	    o->sack_n <= TCP_SACK_MAX_BLOCKS)
		n += 4 + 8u * o->sack_n;
	return n;
}

/* Two NOPs, or SACK-permitted when it rides in front of timestamps. */
static uint8_t *put_ts(uint8_t *p, const struct tcp_options *o)
{
	bool sack_ok = o->has & TCP_HAS_SACK_OK;

	*p++ = sack_ok ? TCP_OPT_SACK_OK : TCP_OPT_NOP;
	*p++ = sack_ok ? TCP_OPT_SACK_OK_LEN : TCP_OPT_NOP;
	*p++ = TCP_OPT_TS;
	*p++ = TCP_OPT_TS_LEN;
	put32(p, o->ts_val);
	put32(p + 4, o->ts_ecr);
	return p + 8;
}

static uint8_t *put_sack(uint8_t *p, const struct tcp_options *o)
{
	size_t i;

	*p++ = TCP_OPT_NOP;
	*p++ = TCP_OPT_NOP;
	*p++ = TCP_OPT_SACK;
	*p++ = (uint8_t)(2 + 8 * o->sack_n);
	for (i = 0; i < o->sack_n; i++, p += 8) {
		put32(p, o->sack[i].left);
		put32(p + 4, o->sack[i].right);
	}
	return p;
}

/* Write the options of o at p, aligned to 4 by construction. */
static void put_options(uint8_t *p, const struct tcp_options *o)
{
	static const uint8_t nop_sack_ok[4] = {
	    TCP_OPT_NOP, TCP_OPT_NOP, TCP_OPT_SACK_OK, TCP_OPT_SACK_OK_LEN};

	if (o->has & TCP_HAS_MSS) {
		p[0] = TCP_OPT_MSS;
		p[1] = TCP_OPT_MSS_LEN;
		put16(p + 2, o->mss);
		p += 4;
	}
	if (o->has & TCP_HAS_TS) {
		p = put_ts(p, o);
	} else if (o->has & TCP_HAS_SACK_OK) {
		for (size_t i = 0; i < 4; i++)
			*p++ = nop_sack_ok[i];
	}
	if (o->has & TCP_HAS_WSCALE) {
		p[0] = TCP_OPT_NOP;
		p[1] = TCP_OPT_WSCALE;
		p[2] = TCP_OPT_WSCALE_LEN;
		p[3] = o->wscale > TCP_WSCALE_MAX ? TCP_WSCALE_MAX : o->wscale;
		p += 4;
	}
	if ((o->has & TCP_HAS_SACK) && o->sack_n >= 1 &&
	    o->sack_n <= TCP_SACK_MAX_BLOCKS)
		put_sack(p, o);
}

size_t tcp_emit(uint8_t *buf, size_t cap, const struct tcp_hdr *h,
		const struct net_addr *src, const struct net_addr *dst,
		size_t data_len)
{
	size_t olen = tcp_options_len(&h->opt), hlen = TCP_HLEN + olen;

	if (olen > TCP_MAX_OPTLEN || cap < hlen || data_len > cap - hlen ||
	    data_len > TCP_MAX_SEGMENT - hlen)
		return 0;
	put16(buf, h->sport);
	put16(buf + 2, h->dport);
	put32(buf + 4, h->seq);
	put32(buf + 8, h->ack);
	buf[12] = (uint8_t)(hlen / 4 << 4);
	buf[13] = h->flags;
	put16(buf + 14, h->window);
	put16(buf + 16, 0);
	put16(buf + 18, h->urgent);
	put_options(buf + TCP_HLEN, &h->opt);
	put16(buf + 16, tcp_sum(bytes_make(buf, hlen + data_len), src, dst));
	return hlen;
}

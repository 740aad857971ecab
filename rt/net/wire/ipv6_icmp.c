/* SPDX-License-Identifier: ISC */
/* ICMPv6 and Neighbor Discovery messages: check, decode, encode. */
#include <string.h>

#include "net/wire/csum.h"
#include "net/wire/ipv6_icmp.h"

static struct net_addr addr6(const uint8_t a[IPV6_ALEN])
{
	struct net_addr n = {.family = NET_FAMILY_IPV6};

	memcpy(n.a, a, IPV6_ALEN);
	return n;
}

static uint16_t icmp6_sum(struct bytes msg, const uint8_t src[IPV6_ALEN],
			  const uint8_t dst[IPV6_ALEN])
{
	struct net_addr s = addr6(src), d = addr6(dst);
	uint32_t sum =
	    csum_pseudo_addr(&s, &d, IPV6_NH_ICMPV6, (uint32_t)msg.len);

	return csum_finish(csum_add(sum, msg));
}

enum net_drop icmp6_check(struct bytes b, const uint8_t src[IPV6_ALEN],
			  const uint8_t dst[IPV6_ALEN])
{
	if (!bytes_has(b, 0, 4))
		return NET_DROP_ICMP6_SHORT;
	if (icmp6_sum(b, src, dst) != 0)
		return NET_DROP_ICMP6_CSUM;
	return NET_DROP_NONE;
}

enum net_drop icmp6_parse(struct bytes b, const uint8_t src[IPV6_ALEN],
			  const uint8_t dst[IPV6_ALEN], struct icmp6_hdr *h,
			  struct bytes *data)
{
	enum net_drop why = icmp6_check(b, src, dst);

	if (why != NET_DROP_NONE)
		return why;
	h->type = get8(b, 0);
	h->code = get8(b, 1);
	h->id = bytes_has(b, 4, 2) ? get16(b, 4) : 0;
	h->seq = bytes_has(b, 6, 2) ? get16(b, 6) : 0;
	*data = b.len >= ICMP6_HLEN ? bytes_from(b, ICMP6_HLEN)
				    : bytes_from(b, b.len);
	return NET_DROP_NONE;
}

void icmp6_set_csum(uint8_t *msg, size_t len, const uint8_t src[IPV6_ALEN],
		    const uint8_t dst[IPV6_ALEN])
{
	put16(msg + 2, 0);
	put16(msg + 2, icmp6_sum(bytes_make(msg, len), src, dst));
}

size_t icmp6_emit(uint8_t *buf, size_t cap, const struct icmp6_hdr *h,
		  const uint8_t src[IPV6_ALEN], const uint8_t dst[IPV6_ALEN],
		  size_t data_len)
{
	if (cap < ICMP6_HLEN || data_len > cap - ICMP6_HLEN)
		return 0;
	buf[0] = h->type;
	buf[1] = h->code;
	put16(buf + 4, h->id);
	put16(buf + 6, h->seq);
	icmp6_set_csum(buf, ICMP6_HLEN + data_len, src, dst);
	return ICMP6_HLEN + data_len;
}

size_t icmp6_error_emit(uint8_t *buf, size_t cap, uint8_t type, uint8_t code,
			uint32_t param, const uint8_t src[IPV6_ALEN],
			const uint8_t dst[IPV6_ALEN], struct bytes dgram)
{
	size_t n = dgram.len;
	struct icmp6_hdr h = {.type = type,
			      .code = code,
			      .id = (uint16_t)(param >> 16),
			      .seq = (uint16_t)param};

	if (cap < ICMP6_HLEN)
		return 0;
	if (n > ICMP6_ERROR_MAX - ICMP6_HLEN)
		n = ICMP6_ERROR_MAX - ICMP6_HLEN;
	if (n > cap - ICMP6_HLEN)
		n = cap - ICMP6_HLEN;
	memmove(buf + ICMP6_HLEN, dgram.p, n);
	return icmp6_emit(buf, cap, &h, src, dst, n);
}

size_t nd_opts_offset(uint8_t type)
{
	switch (type) {
	case ICMP6_ND_RS:
		return ND_RS_LEN;
	case ICMP6_ND_RA:
		return ND_RA_LEN;
	default:
		return ND_NS_LEN; /* NS, NA */
	}
}

enum net_drop nd_check(struct bytes msg, uint8_t type)
{
	size_t off = nd_opts_offset(type);

	if (!bytes_has(msg, 0, off))
		return NET_DROP_ND_SHORT;
	while (off < msg.len) {
		size_t len;

		if (!bytes_has(msg, off, 2))
			return NET_DROP_ND_OPTION;
		len = 8 * (size_t)get8(msg, off + 1);
		if (len == 0 || !bytes_has(msg, off, len))
			return NET_DROP_ND_OPTION;
		off += len;
	}
	return NET_DROP_NONE;
}

bool nd_opt_next(struct bytes msg, size_t *off, struct nd_opt *o)
{
	size_t len;

	if (*off >= msg.len || !bytes_has(msg, *off, 2))
		return false;
	len = 8 * (size_t)get8(msg, *off + 1);
	if (len == 0 || !bytes_has(msg, *off, len))
		return false;
	o->type = get8(msg, *off);
	o->body = bytes_sub(msg, *off + 2, len - 2);
	*off += len;
	return true;
}

bool nd_prefix_parse(struct bytes body, struct nd_prefix *p)
{
	/* the body of a 32-octet option: 30 octets */
	if (!bytes_has(body, 0, ND_PREFIX_LEN - 2))
		return false;
	p->plen = get8(body, 0);
	p->flags = get8(body, 1);
	p->valid = get32(body, 2);
	p->preferred = get32(body, 6);
	memcpy(p->prefix, body.p + 14, IPV6_ALEN);
	return true;
}

static size_t lladdr_opt(uint8_t *p, uint8_t type, const uint8_t *lladdr)
{
	p[0] = type;
	p[1] = 1;
	memcpy(p + 2, lladdr, 6);
	return 8;
}

size_t nd_emit(uint8_t *buf, size_t cap, uint8_t type, uint8_t flags,
	       const uint8_t target[IPV6_ALEN], const uint8_t *lladdr)
{
	size_t len = ND_NS_LEN + (lladdr != NULL ? 8 : 0);

	if (cap < len)
		return 0;
	memset(buf, 0, ND_NS_LEN);
	buf[0] = type;
	buf[4] = type == ICMP6_ND_NA ? flags : 0;
	memcpy(buf + 8, target, IPV6_ALEN);
	if (lladdr != NULL)
		lladdr_opt(buf + ND_NS_LEN,
			   type == ICMP6_ND_NA ? ND_OPT_TGT_LLADDR
					       : ND_OPT_SRC_LLADDR,
			   lladdr);
	return len;
}

size_t nd_rs_emit(uint8_t *buf, size_t cap, const uint8_t *lladdr)
{
	size_t len = ND_RS_LEN + (lladdr != NULL ? 8 : 0);

	if (cap < len)
		return 0;
	memset(buf, 0, ND_RS_LEN);
	buf[0] = ICMP6_ND_RS;
	if (lladdr != NULL)
		lladdr_opt(buf + ND_RS_LEN, ND_OPT_SRC_LLADDR, lladdr);
	return len;
}

size_t mldv2_report_emit(uint8_t *buf, size_t cap,
			 const uint8_t (*groups)[IPV6_ALEN], unsigned n)
{
	size_t len = MLDV2_REPORT_HLEN + (size_t)n * MLDV2_RECORD_LEN;

	if (cap < len || n > 0xffff)
		return 0;
	memset(buf, 0, len);
	buf[0] = ICMP6_MLDV2_REPORT;
	put16(buf + 6, (uint16_t)n);
	for (unsigned i = 0; i < n; i++) {
		uint8_t *r = buf + MLDV2_REPORT_HLEN + i * MLDV2_RECORD_LEN;

		r[0] = MLDV2_CHANGE_TO_EXCLUDE;
		memcpy(r + 4, groups[i], IPV6_ALEN);
	}
	return len;
}

/* SPDX-License-Identifier: ISC */
/* UDP header and pseudo-header checksum: check, decode, encode. */
#include "net/wire/udp.h"
#include "net/wire/csum.h"
#include "net/wire/ipv4.h"
#include "uni/net.h"

static uint16_t udp_sum(struct bytes dgram, uint32_t src, uint32_t dst)
{
	uint32_t sum =
	    csum_pseudo(src, dst, IPV4_PROTO_UDP, (uint16_t)dgram.len);

	return csum_finish(csum_add(sum, dgram));
}

enum net_drop udp_check(struct bytes b, uint32_t src, uint32_t dst)
{
	uint16_t len;

	if (!bytes_has(b, 0, UDP_HLEN))
		return NET_DROP_UDP_SHORT;
	len = get16(b, 4);
	if (len < UDP_HLEN || !bytes_has(b, 0, len))
		return NET_DROP_UDP_LEN;
	if (get16(b, 6) != 0 && udp_sum(bytes_sub(b, 0, len), src, dst) != 0)
		return NET_DROP_UDP_CSUM;
	return NET_DROP_NONE;
}

enum net_drop udp_parse(struct bytes b, uint32_t src, uint32_t dst,
			struct udp_hdr *h, struct bytes *data)
{
	enum net_drop why = udp_check(b, src, dst);

	if (why != NET_DROP_NONE)
		return why;
	h->sport = get16(b, 0);
	h->dport = get16(b, 2);
	h->len = get16(b, 4);
	*data = bytes_sub(b, UDP_HLEN, (size_t)h->len - UDP_HLEN);
	return NET_DROP_NONE;
}

size_t udp_emit(uint8_t *buf, size_t cap, uint32_t src, uint32_t dst,
		uint16_t sport, uint16_t dport, size_t data_len)
{
	size_t len = UDP_HLEN + data_len;
	uint16_t sum;

	if (cap < UDP_HLEN || data_len > cap - UDP_HLEN || len > 0xffff)
		return 0;
	put16(buf, sport);
	put16(buf + 2, dport);
	put16(buf + 4, (uint16_t)len);
	put16(buf + 6, 0);
	sum = udp_sum(bytes_make(buf, len), src, dst);
	put16(buf + 6, sum == 0 ? 0xffff : sum);
	return UDP_HLEN;
}

static uint16_t udp_sum_addr(struct bytes dgram, const struct net_addr *src,
			     const struct net_addr *dst)
{
	uint32_t sum =
	    csum_pseudo_addr(src, dst, IPV4_PROTO_UDP, (uint32_t)dgram.len);

	return csum_finish(csum_add(sum, dgram));
}

enum net_drop udp_parse_addr(struct bytes b, const struct net_addr *src,
			     const struct net_addr *dst, struct udp_hdr *h,
			     struct bytes *data)
{
	uint16_t len;

	if (!bytes_has(b, 0, UDP_HLEN))
		return NET_DROP_UDP_SHORT;
	len = get16(b, 4);
	if (len < UDP_HLEN || !bytes_has(b, 0, len))
		return NET_DROP_UDP_LEN;
	if (get16(b, 6) == 0
		? src->family == NET_FAMILY_IPV6
		: udp_sum_addr(bytes_sub(b, 0, len), src, dst) != 0)
		return NET_DROP_UDP_CSUM;
	h->sport = get16(b, 0);
	h->dport = get16(b, 2);
	h->len = len;
	*data = bytes_sub(b, UDP_HLEN, (size_t)len - UDP_HLEN);
	return NET_DROP_NONE;
}

size_t udp_emit_addr(uint8_t *buf, size_t cap, const struct net_addr *src,
		     const struct net_addr *dst, uint16_t sport, uint16_t dport,
		     size_t data_len)
{
	size_t len = UDP_HLEN + data_len;
	uint16_t sum;

	if (cap < UDP_HLEN || data_len > cap - UDP_HLEN || len > 0xffff)
		return 0;
	put16(buf, sport);
	put16(buf + 2, dport);
	put16(buf + 4, (uint16_t)len);
	put16(buf + 6, 0);
	sum = udp_sum_addr(bytes_make(buf, len), src, dst);
	put16(buf + 6, sum == 0 ? 0xffff : sum);
	return UDP_HLEN;
}

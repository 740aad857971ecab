/* SPDX-License-Identifier: ISC */
/* The Internet checksum (RFC 1071), computed bytewise in 32-bit sums. */
#include "net/wire/csum.h"

static uint32_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

uint32_t csum_add(uint32_t sum, struct bytes b)
{
	size_t i;

	sum = fold(sum);
	for (i = 0; i + 1 < b.len; i += 2) {
		sum += (uint32_t)(b.p[i] << 8 | b.p[i + 1]);
		if (sum >> 24)
			sum = fold(sum);
	}
	if (i < b.len)
		sum += (uint32_t)b.p[i] << 8;
	return fold(sum);
}

uint32_t csum_add16(uint32_t sum, uint16_t v)
{
	return fold(fold(sum) + v);
}

uint16_t csum_finish(uint32_t sum)
{
	return (uint16_t)~fold(sum);
}

uint32_t csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto, uint16_t len)
{
	uint32_t sum = 0;

	sum = csum_add16(sum, (uint16_t)(src >> 16));
	sum = csum_add16(sum, (uint16_t)src);
	sum = csum_add16(sum, (uint16_t)(dst >> 16));
	sum = csum_add16(sum, (uint16_t)dst);
	sum = csum_add16(sum, proto);
	return csum_add16(sum, len);
}

uint32_t csum_pseudo_addr(const struct net_addr *src,
			  const struct net_addr *dst, uint8_t proto,
			  uint32_t len)
{
	size_t alen = src->family == NET_FAMILY_IPV6 ? 16 : 4;
	uint32_t sum;

	sum = csum_add(0, bytes_make(src->a, alen));
	sum = csum_add(sum, bytes_make(dst->a, alen));
	sum = csum_add16(sum, (uint16_t)(len >> 16));
	sum = csum_add16(sum, (uint16_t)len);
	return csum_add16(sum, proto);
}

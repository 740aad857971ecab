/* SPDX-License-Identifier: ISC */
/* Ethernet II header: check, decode, encode. */
#include <string.h>

#include "net/wire/eth.h"

const uint8_t eth_broadcast[ETH_ALEN] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

enum net_drop eth_check(struct bytes f)
{
	if (!bytes_has(f, 0, ETH_HLEN))
		return NET_DROP_ETH_SHORT;
	return NET_DROP_NONE;
}

enum net_drop eth_parse(struct bytes f, struct eth_hdr *h,
			struct bytes *payload)
{
	enum net_drop why = eth_check(f);

	if (why != NET_DROP_NONE)
		return why;
	memcpy(h->dst, f.p, ETH_ALEN);
	memcpy(h->src, f.p + ETH_ALEN, ETH_ALEN);
	h->type = eth_type(f);
	*payload = bytes_from(f, ETH_HLEN);
	return NET_DROP_NONE;
}

size_t eth_emit(uint8_t *buf, size_t cap, const struct eth_hdr *h)
{
	if (cap < ETH_HLEN)
		return 0;
	memcpy(buf, h->dst, ETH_ALEN);
	memcpy(buf + ETH_ALEN, h->src, ETH_ALEN);
	put16(buf + 12, h->type);
	return ETH_HLEN;
}

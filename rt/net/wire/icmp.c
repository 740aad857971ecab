/* SPDX-License-Identifier: ISC */
/* ICMP header and checksum: check, decode, encode; error messages. */
#include <string.h>

#include "net/wire/csum.h"
#include "net/wire/icmp.h"
#include "net/wire/ipv4.h"

enum net_drop icmp_check(struct bytes b)
{
	if (!bytes_has(b, 0, ICMP_HLEN))
		return NET_DROP_ICMP_SHORT;
	if (csum_of(b) != 0)
		return NET_DROP_ICMP_CSUM;
	return NET_DROP_NONE;
}

enum net_drop icmp_parse(struct bytes b, struct icmp_hdr *h, struct bytes *data)
{
	enum net_drop why = icmp_check(b);

	if (why != NET_DROP_NONE)
		return why;
	h->type = get8(b, 0);
	h->code = get8(b, 1);
	h->id = get16(b, 4);
	h->seq = get16(b, 6);
	*data = bytes_from(b, ICMP_HLEN);
	return NET_DROP_NONE;
}

size_t icmp_emit(uint8_t *buf, size_t cap, const struct icmp_hdr *h,
		 size_t data_len)
{
	if (cap < ICMP_HLEN || data_len > cap - ICMP_HLEN)
		return 0;
	buf[0] = h->type;
	buf[1] = h->code;
	put16(buf + 2, 0);
	put16(buf + 4, h->id);
	put16(buf + 6, h->seq);
	put16(buf + 2, csum_of(bytes_make(buf, ICMP_HLEN + data_len)));
	return ICMP_HLEN;
}

bool icmp_type_is_error(uint8_t type)
{
	switch (type) {
	case 3:	 /* destination unreachable */
	case 4:	 /* source quench */
	case 5:	 /* redirect */
	case 11: /* time exceeded */
	case 12: /* parameter problem */
		return true;
	default:
		return false;
	}
}

size_t icmp_error_emit(uint8_t *buf, size_t cap, uint8_t type, uint8_t code,
		       struct bytes dgram)
{
	struct icmp_hdr h = {.type = type, .code = code};
	size_t hlen, quote;

	if (!bytes_has(dgram, 0, IPV4_MIN_HLEN))
		return 0;
	hlen = ipv4_hlen(dgram);
	if (hlen < IPV4_MIN_HLEN || hlen > dgram.len)
		return 0;
	quote = dgram.len - hlen < ICMP_QUOTE_DATA ? dgram.len
						   : hlen + ICMP_QUOTE_DATA;
	if (cap < ICMP_HLEN || quote > cap - ICMP_HLEN)
		return 0;
	memmove(buf + ICMP_HLEN, dgram.p, quote);
	return icmp_emit(buf, cap, &h, quote) + quote;
}

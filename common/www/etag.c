/* SPDX-License-Identifier: ISC */
/* Entity-tags (www/etag.h): FNV-1a 64 over the bytes, and the size. */
#include "www/etag.h"

/* v in hex at out, 16 digits, or without leading zeros when trim. */
static char *put_hex(char *out, uint64_t v, int trim)
{
	static const char hex[] = "0123456789abcdef";
	int i = 15;

	while (trim && i > 0 && (v >> (i * 4)) == 0)
		i--;
	for (; i >= 0; i--)
		*out++ = hex[(v >> (i * 4)) & 15];
	return out;
}

void www_etag_of(const uint8_t *data, uint64_t size, char out[WWW_ETAG_SIZE])
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a 64, offset basis */
	char *p = out;

	for (uint64_t i = 0; i < size; i++) {
		h ^= data[i];
		h *= 0x100000001b3ull; /* the FNV 64-bit prime */
	}
	*p++ = '"';
	p = put_hex(p, size, 1);
	*p++ = '-';
	p = put_hex(p, h, 0);
	*p++ = '"';
	*p = '\0';
}

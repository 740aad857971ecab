/* SPDX-License-Identifier: ISC */
/*
 * A gzip member (RFC 1952) made at build time, with zlib: raw deflate at
 * level 9 (the best), framed by a header written here rather than by zlib,
 * so that nothing of the build machine or the time gets in: ID1 ID2 CM=8,
 * FLG 0 (no name, no comment), MTIME 0, XFL 2 (the best compression), OS 3
 * (Unix, as "gzip -n" writes it on Linux); then the CRC-32 and the length
 * modulo 2^32, little-endian. The same bytes and the same zlib give the
 * same member.
 */
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "data/data.h"

#define GZ_HEADER 10
#define GZ_TRAILER 8

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

uint8_t *unilink_gzip(const uint8_t *in, size_t n, size_t *out_len)
{
	static const uint8_t header[GZ_HEADER] = {0x1f, 0x8b, 8, 0, 0,
						  0,	0,    0, 2, 3};
	z_stream z;
	uint8_t *out;
	size_t cap;
	int rc;

	memset(&z, 0, sizeof(z));
	/* windowBits -15: raw deflate, the header and trailer are ours;
	   memLevel 9: the most memory, the best ratio. */
	if (deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) !=
	    Z_OK) {
		unilink_error("gzip: zlib could not start: %s",
			      z.msg != NULL ? z.msg : "out of memory");
		return NULL;
	}
	cap = GZ_HEADER + deflateBound(&z, (uLong)n) + GZ_TRAILER;
	out = unilink_xmalloc(cap);
	memcpy(out, header, GZ_HEADER);
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)n;
	z.next_out = out + GZ_HEADER;
	z.avail_out = (uInt)(cap - GZ_HEADER - GZ_TRAILER);
	rc = deflate(&z, Z_FINISH);
	if (rc != Z_STREAM_END) {
		unilink_error("gzip: zlib could not deflate %zu bytes: %s", n,
			      z.msg != NULL ? z.msg : "no room");
		deflateEnd(&z);
		free(out);
		return NULL;
	}
	*out_len = GZ_HEADER + z.total_out;
	deflateEnd(&z);
	put_le32(out + *out_len, (uint32_t)crc32(0L, in, (uInt)n));
	put_le32(out + *out_len + 4, (uint32_t)n);
	*out_len += GZ_TRAILER;
	return out;
}

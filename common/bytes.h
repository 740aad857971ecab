/* SPDX-License-Identifier: ISC */
/*
 * Byte views over untrusted buffers, the one view of every wire format (the
 * network stack in the image, DNS messages and zone blobs in the image and
 * in the host's zone compiler). A struct bytes is a pointer and a length;
 * sub-views never reach past their parent. The big-endian readers take an
 * offset that the caller's *_check() has already proven in bounds;
 * bytes_sub() and bytes_has() are how a check proves it.
 */
#ifndef UNI_COMMON_BYTES_H
#define UNI_COMMON_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bytes {
	const uint8_t *p;
	size_t len;
};

static inline struct bytes bytes_make(const void *p, size_t len)
{
	struct bytes b = {p, len};

	return b;
}

/* True when [off, off+n) lies inside b (written to not overflow). */
static inline bool bytes_has(struct bytes b, size_t off, size_t n)
{
	return off <= b.len && n <= b.len - off;
}

/* The view [off, off+n) of b, or an empty view when it is out of bounds. */
static inline struct bytes bytes_sub(struct bytes b, size_t off, size_t n)
{
	if (!bytes_has(b, off, n))
		return bytes_make(b.p, 0);
	return bytes_make(b.p + off, n);
}

/* Everything from off to the end of b (empty when off is past it). */
static inline struct bytes bytes_from(struct bytes b, size_t off)
{
	if (off > b.len)
		return bytes_make(b.p, 0);
	return bytes_make(b.p + off, b.len - off);
}

static inline uint8_t get8(struct bytes b, size_t off)
{
	return b.p[off];
}

static inline uint16_t get16(struct bytes b, size_t off)
{
	return (uint16_t)(b.p[off] << 8 | b.p[off + 1]);
}

static inline uint32_t get32(struct bytes b, size_t off)
{
	return (uint32_t)b.p[off] << 24 | (uint32_t)b.p[off + 1] << 16 |
	       (uint32_t)b.p[off + 2] << 8 | b.p[off + 3];
}

/* Writers into a buffer the emitter has sized itself. */
static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif

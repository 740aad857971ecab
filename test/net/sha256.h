/* SPDX-License-Identifier: ISC */
/*
 * SHA-256 (FIPS 180-4), for the TCP test appliance to report a digest of
 * the bytes it received, which the Linux side compares with its own.
 */
#ifndef TEST_NET_SHA256_H
#define TEST_NET_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t len; /* bytes hashed so far */
	uint8_t block[64];
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t len);
void sha256_final(struct sha256 *c, uint8_t out[32]);

#endif

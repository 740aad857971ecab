/* SPDX-License-Identifier: ISC */
/*
 * The strong entity-tag of a file of web content (RFC 9110 8.8.3), from its
 * bytes: "\"<size>-<hash>\"", the size in hex without leading zeros and a
 * 64-bit FNV-1a hash of the bytes in 16 hex digits, e.g.
 * "\"109-2dbae602e26d7a6a\"". The build computes it once per file (and per
 * gzip variant) and the image serves it from the table the build wrote
 * (www/index.h); the same content gives the same tag in every build.
 */
#ifndef WWW_ETAG_H
#define WWW_ETAG_H

#include <stdint.h>

#define WWW_ETAG_SIZE 36 /* '"' 16 hex '-' 16 hex '"' and a NUL */

/* The entity-tag of data[0..size), with its quotes, NUL-terminated. */
void www_etag_of(const uint8_t *data, uint64_t size, char out[WWW_ETAG_SIZE]);

#endif

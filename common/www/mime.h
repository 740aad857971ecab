/* SPDX-License-Identifier: ISC */
/*
 * The media type of a file of web content, by the extension of its name.
 * The build and the image share the one table: the types labelled
 * "charset=utf-8" are the ones whose content the build checks is UTF-8.
 */
#ifndef WWW_MIME_H
#define WWW_MIME_H

#include <stddef.h>

/*
 * The Content-Type for name[0..len) (a path; its last segment's extension,
 * compared without case), "application/octet-stream" when the extension
 * is unknown or missing.
 */
const char *www_mime_type(const char *name, size_t len);

/* 1 when www_mime_type() labels name charset=utf-8, else 0. */
int www_mime_is_utf8(const char *name, size_t len);

/*
 * 1 when the build makes a gzip variant of such a file (www.gzip): the
 * types labelled charset=utf-8 (text, JSON, JavaScript, SVG, XML),
 * application/wasm and image/vnd.microsoft.icon; else 0 (images, fonts
 * and archives are compressed already).
 */
int www_mime_is_compressible(const char *name, size_t len);

#endif

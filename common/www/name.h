/* SPDX-License-Identifier: ISC */
/*
 * What a file's name in a web tree may be: the URL path it is served at,
 * "/" followed by segments separated by single slashes, no "." or ".."
 * segment, no control character, no backslash, UTF-8, at most
 * WWW_PATH_MAX bytes. The build refuses other names; the image checks the
 * table it was given against the same rule.
 */
#ifndef WWW_NAME_H
#define WWW_NAME_H

#include <stddef.h>

#define WWW_PATH_MAX 1024 /* bytes of a URL path, decoded */

/* 0 when name[0..len) is a valid name, else -1 and *why says what. */
int www_name_check(const char *name, size_t len, const char **why);

#endif

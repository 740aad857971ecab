/* SPDX-License-Identifier: ISC */
/*
 * What the build knows of each file of a web tree, so that the server does
 * no work per request that could be done once: a table parallel to the
 * tree's uni_data_set (file i of the set is entry i here), written by the
 * www-tree data kind (link/data/data_www_index.c) as
 * uni_www_index_<section>_<key> beside uni_data_<section>_<key>. The data
 * set keeps the layout every data kind shares (uni/data.h); this table is
 * the www-tree kind's own.
 *
 * Per file:
 *   etag           the strong ETag (www/etag.h), with its quotes
 *   last_modified  seconds since 1970: the file's mtime at build time,
 *                  clamped to SOURCE_DATE_EPOCH when that is set; -1: none
 *   head           the 200 head of the file as http_head_write() writes
 *                  it (www/http_response.h), with the Date at
 *                  HTTP_HEAD_DATE_AT left as a stub and no Connection
 *                  field: that goes at head_split; head_len bytes
 *   gz             its gzip variant (a NAME.gz of the tree, or one the
 *                  build made with zlib), or NULL; then gz_size bytes,
 *                  gz_etag and the head of the variant, gz_head; a file
 *                  with a variant has "Vary: Accept-Encoding" in both heads
 *
 * This layout is shared by the command that writes it and the image that
 * reads it; data_www_index.c checks its own against it.
 */
#ifndef WWW_INDEX_H
#define WWW_INDEX_H

#include <stdint.h>

#include "uni/data.h"

struct www_file_info {
	const char *etag;
	int64_t last_modified;
	const char *head;
	uint32_t head_len, head_split;
	const uint8_t *gz;
	uint64_t gz_size;
	const char *gz_etag;
	const char *gz_head;
	uint32_t gz_head_len, gz_head_split;
};

/* The table of one web tree: set is the tree it describes. */
struct www_index {
	const struct uni_data_set *set;
	const struct www_file_info *files; /* set->count entries */
	uint64_t count;
};

/* The build's gzip keys (rt/www/config.c declares them with these). */
#define WWW_GZIP_DEFAULT 1	       /* www.gzip */
#define WWW_GZIP_MIN_SIZE_DEFAULT 1024 /* www.gzip_min_size, bytes */
#define WWW_GZIP_MIN_SIZE_MAX 16777216 /* the largest file, 16 MiB */
/* A variant is kept when it is at most 95% of the file (saves >= 5%). */
#define WWW_GZIP_KEEP_NUM 19
#define WWW_GZIP_KEEP_DEN 20

#define WWW_INDEX_VAR(sec, key) uni_www_index_##sec##_##key
#define WWW_INDEX_EXTERN(sec, key)                                             \
	extern const struct www_index WWW_INDEX_VAR(sec, key)

#endif

/* SPDX-License-Identifier: ISC */
/*
 * The table of www/index.h for a tree built in memory, as the build makes
 * it (link/data/data_www_meta.c): the ETag of each file and of its
 * variant, one Last-Modified, and the 200 heads by http_head_template().
 * gz[i] is file i's gzip variant (a NAME.gz of the tree or "made"), or
 * NULL. For the native tests and the bench.
 */
#ifndef TEST_WWW_MEMO_INDEX_H
#define TEST_WWW_MEMO_INDEX_H

#include <stdlib.h>
#include <string.h>

#include "www/http_response.h"
#include "www/index.h"

struct memo_gz {
	const uint8_t *p;
	uint64_t size;
};

static inline char *memo_head(const struct http_reply *r, uint32_t *len,
			      uint32_t *split)
{
	char buf[HTTP_HEAD_OUT_MAX];
	size_t n = http_head_template(r, buf, sizeof(buf), split);
	char *h = malloc(n + 1);

	if (n == 0 || h == NULL)
		abort();
	memcpy(h, buf, n);
	h[n] = '\0';
	*len = (uint32_t)n;
	return h;
}

/* Fills *ix (its files malloc'ed) for set; gz may be NULL (no variants). */
static inline void memo_index_build(struct www_index *ix,
				    const struct uni_data_set *set,
				    const struct memo_gz *gz,
				    int64_t last_modified)
{
	struct www_file_info *fi = calloc(set->count + 1, sizeof(*fi));

	if (fi == NULL)
		abort();
	for (uint64_t i = 0; i < set->count; i++) {
		const struct uni_data_file *f = &set->files[i];
		char *etag = malloc(WWW_ETAG_SIZE), *gz_etag;
		struct http_reply r;
		int vary = gz != NULL && gz[i].p != NULL;

		www_etag_of(f->data, f->size, etag);
		fi[i].etag = etag;
		fi[i].last_modified = last_modified;
		http_reply_file(&r, f->name, f->data, f->size, etag,
				last_modified, 0, vary);
		fi[i].head = memo_head(&r, &fi[i].head_len, &fi[i].head_split);
		if (!vary)
			continue;
		gz_etag = malloc(WWW_ETAG_SIZE);
		www_etag_of(gz[i].p, gz[i].size, gz_etag);
		fi[i].gz = gz[i].p;
		fi[i].gz_size = gz[i].size;
		fi[i].gz_etag = gz_etag;
		http_reply_file(&r, f->name, gz[i].p, gz[i].size, gz_etag,
				last_modified, 1, 1);
		fi[i].gz_head =
		    memo_head(&r, &fi[i].gz_head_len, &fi[i].gz_head_split);
	}
	ix->set = set;
	ix->files = fi;
	ix->count = set->count;
}

static inline void memo_index_free(struct www_index *ix)
{
	for (uint64_t i = 0; i < ix->count; i++) {
		free((char *)(uintptr_t)ix->files[i].etag);
		free((char *)(uintptr_t)ix->files[i].head);
		free((char *)(uintptr_t)ix->files[i].gz_etag);
		free((char *)(uintptr_t)ix->files[i].gz_head);
	}
	free((void *)(uintptr_t)ix->files);
}

#endif

/* SPDX-License-Identifier: ISC */
/*
 * The www-tree kind's table in the image: uni_www_index_<section>_<key>, a
 * struct www_index (www/index.h) whose entry i describes file i of
 * uni_data_<section>_<key>. ETags and heads are private strings, a gzip
 * variant the build made is a private byte array, and a NAME.gz of the
 * tree is the same array as that file's, not a copy. A key without files
 * gets a table of none. Nothing refers to the table but the server, so an
 * image that does not serve the tree drops it with everything it points
 * to.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "www/index.h"

/* The initializers below are struct www_file_info and www_index on the
   targets the command builds for (64-bit pointers). */
#define AT(s, f, o)                                                            \
	_Static_assert(offsetof(struct s, f) == (o),                           \
		       "data_www_index.c "                                     \
		       "writes " #s "." #f " at " #o)
AT(www_file_info, etag, 0);
AT(www_file_info, last_modified, 8);
AT(www_file_info, head, 16);
AT(www_file_info, head_len, 24);
AT(www_file_info, head_split, 28);
AT(www_file_info, gz, 32);
AT(www_file_info, gz_size, 40);
AT(www_file_info, gz_etag, 48);
AT(www_file_info, gz_head, 56);
AT(www_file_info, gz_head_len, 64);
AT(www_file_info, gz_head_split, 68);
_Static_assert(sizeof(struct www_file_info) == 72, "www_file_info: 72 bytes");
AT(www_index, set, 0);
AT(www_index, files, 8);
AT(www_index, count, 16);
_Static_assert(sizeof(struct www_index) == 24, "www_index: 24 bytes");

static LLVMValueRef str_var(LLVMModuleRef m, const char *prefix,
			    const char *what, size_t i, const char *s)
{
	char name[512];

	snprintf(name, sizeof(name), "%s.%s.%zu", prefix, what, i);
	return unilink_data_bytes_global(m, name, s, strlen(s), 1);
}

/* One struct www_file_info. */
static LLVMValueRef info(LLVMModuleRef m, LLVMTypeRef ty, const char *prefix,
			 size_t i, const struct data_www_file *w,
			 LLVMValueRef *data_vars)
{
	LLVMContextRef ctx = LLVMGetModuleContext(m);
	LLVMTypeRef i32 = LLVMInt32TypeInContext(ctx);
	LLVMTypeRef i64 = LLVMInt64TypeInContext(ctx);
	LLVMValueRef null = LLVMConstNull(LLVMPointerTypeInContext(ctx, 0));
	LLVMValueRef v[11];
	char name[512];

	v[0] = str_var(m, prefix, "etag", i, w->etag);
	v[1] = LLVMConstInt(i64, (unsigned long long)w->last_modified, 1);
	v[2] = str_var(m, prefix, "head", i, w->head);
	v[3] = LLVMConstInt(i32, w->head_len, 0);
	v[4] = LLVMConstInt(i32, w->head_split, 0);
	v[5] = v[7] = v[8] = null;
	v[6] = LLVMConstInt(i64, 0, 0);
	v[9] = v[10] = LLVMConstInt(i32, 0, 0);
	if (w->gz != NULL) {
		snprintf(name, sizeof(name), "%s.gz.%zu", prefix, i);
		v[5] = w->gz_sibling >= 0 ? data_vars[w->gz_sibling]
					  : unilink_data_bytes_global(
						m, name, w->gz, w->gz_size, 0);
		v[6] = LLVMConstInt(i64, w->gz_size, 0);
		v[7] = str_var(m, prefix, "gz_etag", i, w->gz_etag);
		v[8] = str_var(m, prefix, "gz_head", i, w->gz_head);
		v[9] = LLVMConstInt(i32, w->gz_head_len, 0);
		v[10] = LLVMConstInt(i32, w->gz_head_split, 0);
	}
	return LLVMConstStructInContext(ctx, v, 11, 0);
}

void unilink_www_define_index(LLVMModuleRef m, const struct data_set *set,
			      LLVMValueRef set_var, LLVMValueRef *data_vars)
{
	LLVMContextRef ctx = LLVMGetModuleContext(m);
	LLVMTypeRef p = LLVMPointerTypeInContext(ctx, 0);
	LLVMTypeRef i32 = LLVMInt32TypeInContext(ctx);
	LLVMTypeRef i64 = LLVMInt64TypeInContext(ctx);
	LLVMTypeRef ty = LLVMStructTypeInContext(
	    ctx, (LLVMTypeRef[]){p, i64, p, i32, i32, p, i64, p, p, i32, i32},
	    11, 0);
	size_t n = set->www != NULL ? set->n : 0;
	LLVMValueRef *v = unilink_xmalloc((n + 1) * sizeof(*v));
	LLVMValueRef files = LLVMConstNull(p), g, idx[3];
	char name[512], prefix[512];

	snprintf(name, sizeof(name), "uni_www_index_%s_%s", set->section,
		 set->key);
	snprintf(prefix, sizeof(prefix), "uni_www_index.%s.%s", set->section,
		 set->key);
	for (size_t i = 0; i < n; i++)
		v[i] = info(m, ty, prefix, i, &set->www->files[i], data_vars);
	if (n > 0) {
		files = LLVMAddGlobal(m, LLVMArrayType2(ty, n), prefix);
		LLVMSetInitializer(files, LLVMConstArray2(ty, v, n));
		LLVMSetGlobalConstant(files, 1);
		LLVMSetLinkage(files, LLVMPrivateLinkage);
		LLVMSetAlignment(files, 8);
	}
	idx[0] = set_var;
	idx[1] = files;
	idx[2] = LLVMConstInt(i64, n, 0);
	g = LLVMAddGlobal(
	    m, LLVMStructTypeInContext(ctx, (LLVMTypeRef[]){p, p, i64}, 3, 0),
	    name);
	LLVMSetInitializer(g, LLVMConstStructInContext(ctx, idx, 3, 0));
	LLVMSetGlobalConstant(g, 1);
	LLVMSetAlignment(g, 8);
	free(v);
}

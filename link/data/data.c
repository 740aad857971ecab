/* SPDX-License-Identifier: ISC */
/*
 * Data compiled into the image, on the linked module (the hook of the
 * build pipeline, before any variant is made, so specialised and generic
 * images carry the same data).
 *
 * Algorithm: collect the descriptors in the section "uni_data"
 * (rt/include/uni/data.h: section, name, kind), read by the passes' ABI
 * reader (passes/unilink_abi.h); for each, load the files that its key
 * names in the configuration (data_load.c). Then build a small module
 * "uni-data" that defines every uni_data_<section>_<key> (an array of struct
 * uni_data_file and one constant byte array per file, all in .rodata), tag it
 * as the component "data" for the size report and link it into the module,
 * where it resolves the application's extern declarations. Last, drop the
 * descriptors from llvm.compiler.used and delete them, so that they do not
 * reach the image. A key that names no files gets an empty set (count 0).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Linker.h>

#include "bitcode/bitcode.h"
#include "data/data.h"
#include "unilink_abi.h"

#define DATA_SECTION UNI_SECTION_DATA

/* The initializers below are struct uni_data_file and uni_data_set. */
#define FIELD_IS(s, f, t)                                                      \
	_Static_assert(_Generic(((struct s *)0)->f, t: 1, default: 0),         \
		       "data.c writes " #s "." #f " as " #t)
_Static_assert(UNI_DATA_FILE_NFIELDS == 3 && UNI_DATA_SET_NFIELDS == 2,
	       "data.c writes 3 fields per file and 2 per set");
FIELD_IS(uni_data_file, name, const char *);
FIELD_IS(uni_data_file, data, const uint8_t *);
FIELD_IS(uni_data_file, size, uint64_t);
FIELD_IS(uni_data_set, files, const struct uni_data_file *);
FIELD_IS(uni_data_set, count, uint64_t);

/* The descriptor's three strings, into set; -1 after a message. */
static int read_descriptor(LLVMValueRef desc, struct data_set *set)
{
	struct unilink_data_desc d;
	char err[UNILINK_ABI_ERR];

	if (unilink_abi_data_key(desc, &d, err) < 0) {
		unilink_abi_data_key_free(&d);
		unilink_error("%s", err);
		return -1;
	}
	set->section = d.section;
	set->key = d.name;
	set->kind = d.kind;
	return 0;
}

static LLVMTypeRef ptr_ty(LLVMContextRef ctx)
{
	return LLVMPointerTypeInContext(ctx, 0);
}

/* { name, data, size }: one struct uni_data_file. */
static LLVMValueRef file_entry(LLVMModuleRef m, const char *prefix, size_t i,
			       const struct data_file *f, LLVMValueRef *data)
{
	LLVMContextRef ctx = LLVMGetModuleContext(m);
	char gname[512];
	LLVMValueRef v[UNI_DATA_FILE_NFIELDS];

	snprintf(gname, sizeof(gname), "%s.name.%zu", prefix, i);
	v[UNI_DATA_FILE_name] =
	    unilink_data_bytes_global(m, gname, f->name, strlen(f->name), 1);
	snprintf(gname, sizeof(gname), "%s.file.%zu", prefix, i);
	v[UNI_DATA_FILE_data] = *data =
	    unilink_data_bytes_global(m, gname, f->bytes, f->size, 0);
	v[UNI_DATA_FILE_size] =
	    LLVMConstInt(LLVMInt64TypeInContext(ctx), f->size, 0);
	return LLVMConstStructInContext(ctx, v, UNI_DATA_FILE_NFIELDS, 0);
}

/* uni_data_<sec>_<key> = { files, count } with its files (and for a
   www-tree, its table: data_www_index.c). */
static void define_set(LLVMModuleRef m, const struct data_set *set)
{
	LLVMContextRef ctx = LLVMGetModuleContext(m);
	LLVMTypeRef i64 = LLVMInt64TypeInContext(ctx);
	LLVMTypeRef fty = LLVMStructTypeInContext(
	    ctx, (LLVMTypeRef[]){ptr_ty(ctx), ptr_ty(ctx), i64}, 3, 0);
	LLVMValueRef *entries =
	    unilink_xmalloc((set->n + 1) * sizeof(*entries));
	LLVMValueRef *data = unilink_xmalloc((set->n + 1) * sizeof(*data));
	LLVMValueRef v[UNI_DATA_SET_NFIELDS], files, g;
	char name[512], prefix[512];

	snprintf(name, sizeof(name), "uni_data_%s_%s", set->section, set->key);
	snprintf(prefix, sizeof(prefix), "uni_data.%s.%s", set->section,
		 set->key);
	for (size_t i = 0; i < set->n; i++)
		entries[i] = file_entry(m, prefix, i, &set->files[i], &data[i]);
	v[UNI_DATA_SET_files] = LLVMConstNull(ptr_ty(ctx));
	if (set->n > 0) {
		files = LLVMAddGlobal(m, LLVMArrayType2(fty, set->n), prefix);
		LLVMSetInitializer(files,
				   LLVMConstArray2(fty, entries, set->n));
		LLVMSetGlobalConstant(files, 1);
		LLVMSetLinkage(files, LLVMPrivateLinkage);
		LLVMSetAlignment(files, 8);
		v[UNI_DATA_SET_files] = files;
	}
	v[UNI_DATA_SET_count] = LLVMConstInt(i64, set->n, 0);
	g = LLVMAddGlobal(m,
			  LLVMStructTypeInContext(
			      ctx, (LLVMTypeRef[]){ptr_ty(ctx), i64}, 2, 0),
			  name);
	LLVMSetInitializer(
	    g, LLVMConstStructInContext(ctx, v, UNI_DATA_SET_NFIELDS, 0));
	LLVMSetGlobalConstant(g, 1);
	LLVMSetAlignment(g, 8);
	if (strcmp(set->kind, "www-tree") == 0)
		unilink_www_define_index(m, set, g, data);
	free(entries);
	free(data);
}

/* The module of the definitions, linked into m (which it consumes); a
   copy into *defs when defs is not NULL. */
static int link_definitions(LLVMModuleRef m, const struct data_set *sets,
			    size_t n, LLVMModuleRef *defs)
{
	LLVMModuleRef d = LLVMModuleCreateWithNameInContext(
	    "uni-data", LLVMGetModuleContext(m));

	LLVMSetTarget(d, LLVMGetTarget(m));
	LLVMSetDataLayout(d, LLVMGetDataLayoutStr(m));
	LLVMSetSourceFileName(d, "uni-data", 8);
	for (size_t i = 0; i < n; i++)
		define_set(d, &sets[i]);
	/*
	 * The copy (`unilink data`'s object) without the size report's
	 * component tags: in a plain LTO link they would keep ConstantMerge
	 * from merging its strings as the command's pipeline does.
	 */
	if (defs != NULL)
		*defs = LLVMCloneModule(d);
	unilink_tag_module(d, "data");
	if (LLVMLinkModules2(m, d)) {
		unilink_error("linking the embedded data failed: a "
			      "uni_data_<section>_<key> symbol is defined "
			      "twice or with another type");
		return -1;
	}
	return 0;
}

static int delete_data_descriptors(LLVMModuleRef m, LLVMValueRef *descs,
				   size_t n)
{
	bool *kept = unilink_xmalloc((n + 1) * sizeof(*kept));
	int rc = 0;
	size_t len;

	unilink_abi_delete(m, descs, n, kept);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (kept[i]) {
			const char *name = LLVMGetValueName2(descs[i], &len);

			unilink_error("%.*s in section " DATA_SECTION ": "
				      "expected only llvm.used to refer to "
				      "it, found a use in the program",
				      (int)len, name);
			rc = -1;
		}
	}
	free(kept);
	return rc;
}

static size_t total_bytes(const struct data_set *sets, size_t n, size_t *files)
{
	size_t bytes = 0;

	*files = 0;
	for (size_t i = 0; i < n; i++) {
		*files += sets[i].n;
		for (size_t j = 0; j < sets[i].n; j++)
			bytes += sets[i].files[j].size;
	}
	return bytes;
}

static void stage_line(double t, const struct data_set *sets, size_t n)
{
	char what[256];
	size_t files, bytes = total_bytes(sets, n, &files), made = 0, zb = 0;
	int len;

	for (size_t i = 0; i < n; i++)
		if (sets[i].www != NULL) {
			made += sets[i].www->made;
			zb += sets[i].www->made_bytes;
		}
	len =
	    snprintf(what, sizeof(what), "%zu key%s, %zu file%s, %zu bytes", n,
		     n == 1 ? "" : "s", files, files == 1 ? "" : "s", bytes);
	if (made > 0)
		snprintf(what + len, sizeof(what) - (size_t)len,
			 ", %zu gzip variant%s made, %zu bytes", made,
			 made == 1 ? "" : "s", zb);
	unilink_stage("data", t, what);
}

/* The node count of a blob (common/dns/zone.h), checked when compiled. */
uint64_t unilink_data_zone_names(const struct data_set *set)
{
	uint64_t n = 0;

	if (strcmp(set->kind, "dns-zone") != 0)
		return 0;
	for (size_t i = 0; i < set->n; i++) {
		const uint8_t *p = set->files[i].bytes;

		if (set->files[i].size >= 12)
			n += (uint64_t)p[8] << 24 | (uint64_t)p[9] << 16 |
			     (uint64_t)p[10] << 8 | p[11];
	}
	return n;
}

int unilink_data_embed(LLVMModuleRef m, const struct unilink_conf *c,
		       uint64_t *zone_names, LLVMModuleRef *defs)
{
	size_t n;
	LLVMValueRef *descs = unilink_abi_collect(m, DATA_SECTION, &n);
	struct data_set *sets;
	double t = unilink_now();
	int rc = 0;

	*zone_names = 0;
	if (defs != NULL)
		*defs = NULL;
	if (n == 0) {
		free(descs);
		return 0;
	}
	sets = unilink_xmalloc(n * sizeof(*sets));
	memset(sets, 0, n * sizeof(*sets));
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct data_scope scope;

		rc = read_descriptor(descs[i], &sets[i]);
		sets[i].conf = c;
		if (rc == 0)
			rc = unilink_data_scope(c, sets[i].section, sets[i].key,
						&scope);
		if (rc == 0)
			rc = unilink_data_load(
			    &sets[i], c->dir,
			    unilink_conf_get(c, sets[i].section, sets[i].key,
					     ""),
			    &scope);
	}
	if (rc == 0)
		rc = link_definitions(m, sets, n, defs);
	if (rc == 0)
		rc = delete_data_descriptors(m, descs, n);
	if (rc == 0)
		stage_line(t, sets, n);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0)
			*zone_names += unilink_data_zone_names(&sets[i]);
		unilink_data_set_free(&sets[i]);
	}
	free(sets);
	free(descs);
	return rc;
}

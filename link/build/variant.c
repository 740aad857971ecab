/* SPDX-License-Identifier: ISC */
/*
 * One variant of an image, from the linked module: specialised (the
 * passes, then LLVM's pipeline) or generic (LLVM's pipeline only), then
 * codegen, the two links, the image checks and the files beside the image.
 * For `unilink why`, the specialised variant records the module's
 * reference graph before the passes, after them and at the end.
 */
#include <stdio.h>
#include <string.h>

#include <llvm-c/Core.h>

#include "build/build.h"
#include "build/memory.h"
#include "codegen/codegen.h"
#include "report/sizes.h"
#include "report/why.h"
#include "run/note.h"
#include "run/run.h"
#include "specialise/specialise.h"
#include "unilink_abi.h"

/*
 * A generic build still refuses a bad configuration: unless the specialised
 * variant of this build folded it already, fold a throwaway copy. Its
 * module keeps every protocol but not their API lists, which are only for
 * protocol-prune: they go to metadata as in a specialised build, so that
 * they keep no API function in the image.
 */
static int generic(struct build *b, LLVMModuleRef m)
{
	char err[UNILINK_ABI_ERR];
	LLVMModuleRef copy;
	int rc;

	if (!b->config_folded) {
		copy = LLVMCloneModule(m);
		rc = unilink_config_fold(copy, b->conf.config, UNILINK_FORCE,
					 b->conf.report);
		LLVMDisposeModule(copy);
		if (rc < 0)
			return -1;
		b->config_folded = 1;
	}
	if (unilink_abi_detach_apis(m, err) < 0) {
		unilink_error("%s", err);
		return -1;
	}
	return 0;
}

static int specialise(struct build *b, struct variant *v, LLVMModuleRef m)
{
	v->why = unilink_why_new();
	unilink_why_snapshot(v->why, m, WHY_BEFORE);
	if (unilink_specialize_passes(m, b->conf.config, UNILINK_WHOLE_PROGRAM,
				      b->conf.report) < 0)
		return -1;
	b->config_folded = 1;
	unilink_why_snapshot(v->why, m, WHY_PASSES);
	unilink_why_set_events(v->why, unilink_report_json(b->conf.report));
	return 0;
}

/* Passes and LLVM's pipeline: the module of variant v, or NULL. */
LLVMModuleRef unilink_variant_module(struct build *b, struct variant *v)
{
	LLVMModuleRef m = LLVMCloneModule(b->linked);
	double t = unilink_now();
	char what[256];
	int rc;

	if (v->specialised)
		rc = specialise(b, v, m);
	else
		rc = generic(b, m);
	if (rc == 0)
		rc = unilink_optimize(m, b->tm);
	if (rc < 0) {
		LLVMDisposeModule(m);
		return NULL;
	}
	if (v->why != NULL)
		unilink_why_snapshot(v->why, m, WHY_FINAL);
	snprintf(what, sizeof(what), "%s: %s%s",
		 v->specialised ? "specialised" : "generic",
		 v->specialised ? "unilink-specialize, " : "",
		 unilink_pipeline_text());
	unilink_stage("passes", t, what);
	return m;
}

static int emit(struct build *b, struct variant *v, LLVMModuleRef m,
		const char *obj)
{
	double t = unilink_now();
	int rc;

	v->symmap = unilink_symmap_from_module(m);
	rc = unilink_codegen(m, b->tm, obj);
	if (rc == 0)
		unilink_stage("codegen", t, obj);
	return rc;
}

/* appliance.platform after the configuration rules ("kvm" by default). */
const char *unilink_build_platform(const struct build *b)
{
	const char *p =
	    unilink_config_get(b->conf.config, "appliance", "platform");

	return p != NULL ? p : "kvm";
}

/*
 * Linked into tmp, in the temporary folder, and checked there: a PVH
 * image, or for appliance.platform = linux a static Linux executable.
 */
static int link_and_check(struct build *b, struct variant *v, const char *obj,
			  const char *tmp)
{
	const char *platform = unilink_build_platform(b);
	int hosted = !strcmp(platform, "linux");
	double t = unilink_now();

	if (unilink_link(&b->paths, hosted, obj, b->tmpdir, tmp) < 0 ||
	    unilink_check_image(tmp, platform) < 0)
		return -1;
	unilink_stage("link", t, v->image);
	return 0;
}

/*
 * The VM's memory for image: auto, or the configured size if it fits;
 * then what the run note in the image says (run/note.h), written in place.
 */
static int size_memory(struct build *b, struct variant *v, const char *image)
{
	struct uni_mem_need need;
	struct run_note note = {0};
	char parts[512];

	if (unilink_memory_size(b, image, v->sizes, &v->memory_mib, &need,
				&note) < 0)
		return -1;
	uni_mem_describe(&need, parts, sizeof(parts));
	snprintf(v->memory_need, sizeof(v->memory_need), "%llu MiB: %s",
		 (unsigned long long)need.mib, parts);
	if (unilink_describe_note(b, v, &note) < 0)
		return -1;
	return unilink_note_write(image, &note);
}

/*
 * After everything that reads the DWARF or the symbol table (the sizes,
 * the memory need): the debug file split off, the image packed and checked
 * again, the shipped file measured, then both moved into place.
 */
static int ship(struct build *b, struct variant *v, const char *tmp)
{
	char debug[4200], tmpdebug[4200];
	const char *base;

	unilink_sibling(v->image, ".debug", debug, sizeof(debug));
	base = strrchr(debug, '/');
	snprintf(tmpdebug, sizeof(tmpdebug), "%s/%s", b->tmpdir,
		 base != NULL ? base + 1 : debug);
	if (unilink_split_debug(&b->paths, tmp, tmpdebug) < 0 ||
	    unilink_pack_image(tmp) < 0 ||
	    unilink_check_image(tmp, unilink_build_platform(b)) < 0 ||
	    unilink_sizes_file(v->sizes, tmp) < 0)
		return -1;
	if (unilink_install(tmp, v->image) < 0 ||
	    unilink_install(tmpdebug, debug) < 0)
		return -1;
	return 0;
}

int unilink_variant_build(struct build *b, struct variant *v)
{
	LLVMModuleRef m = unilink_variant_module(b, v);
	char obj[4200], tmp[4200];
	int rc;

	if (m == NULL)
		return -1;
	snprintf(obj, sizeof(obj), "%s/%s.o", b->tmpdir,
		 v->specialised ? "specialised" : "generic");
	snprintf(tmp, sizeof(tmp), "%s/%s.elf", b->tmpdir,
		 v->specialised ? "specialised" : "generic");
	rc = emit(b, v, m, obj);
	LLVMDisposeModule(m);
	if (rc < 0 || link_and_check(b, v, obj, tmp) < 0)
		return -1;
	/*
	 * Measured and sized in the temporary folder, then moved to its place
	 * whole: a link, a check or a memory size that fails leaves the
	 * previous image as it was.
	 */
	v->sizes = unilink_sizes_read(tmp, v->symmap);
	if (v->sizes == NULL || size_memory(b, v, tmp) < 0 ||
	    ship(b, v, tmp) < 0)
		return -1;
	if (v->why != NULL && unilink_why_save(v->why, v->image) < 0)
		return -1;
	return unilink_describe(b, v);
}

void unilink_variant_free(struct variant *v)
{
	unilink_symmap_free(v->symmap);
	unilink_sizes_free(v->sizes);
	unilink_why_free(v->why);
	memset(v, 0, sizeof(*v));
}

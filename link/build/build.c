/* SPDX-License-Identifier: ISC */
/*
 * `unilink build CONFIG`: the pipeline of issue #4 §3, one progress line
 * per stage. compile (clang-19) -> bitcode link (LLVMLinkModules2) ->
 * passes (the specialisation passes, then LLVM's pipeline) -> codegen ->
 * link (ld.lld-19, twice) and the image checks -> report. The specialised
 * image is the default; the generic one (no passes: every driver and
 * protocol kept, configuration read at boot) is built with --generic, and
 * also beside the specialised one as the size report's baseline.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <llvm-c/Core.h>

#include "bitcode/bitcode.h"
#include "build/build.h"
#include "codegen/codegen.h"
#include "data/data.h"
#include "report/report.h"
#include "run/note.h"
#include "specialise/specialise.h"

/* The image path; its folder must exist and be writable before we build. */
static int default_image(struct build *b)
{
	char dir[4096], *slash;

	if (b->opts->output != NULL)
		snprintf(b->image, sizeof(b->image), "%s", b->opts->output);
	else
		snprintf(b->image, sizeof(b->image), "%s.elf", b->conf.name);
	snprintf(dir, sizeof(dir), "%s", b->image);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else
		slash[slash == dir] = '\0';
	if (access(dir, W_OK) == 0)
		return 0;
	unilink_error("cannot write the image %s: the folder %s %s", b->image,
		      dir,
		      errno == ENOENT ? "does not exist" : strerror(errno));
	return -1;
}

/* The outputs of one image (itself and the files beside it). */
static int image_outputs(const char *image, const char *what, int why)
{
	static const char *const beside[] = {".why", ".debug", ".xl.cfg",
					     ".qemu.sh", ".libvirt.xml"};
	char path[4200];

	if (unilink_output_image(image, what) < 0)
		return -1;
	for (size_t i = why ? 0 : 1; i < sizeof(beside) / sizeof(beside[0]);
	     i++) {
		unilink_sibling(image, beside[i], path, sizeof(path));
		if (unilink_output_add(path, "the file beside the image") < 0)
			return -1;
	}
	return 0;
}

/*
 * What the build will write, and what it reads so far (the configuration
 * and the sources; data files are checked as they are read): none of the
 * outputs may be an input, before any work.
 */
static int declare_outputs(struct build *b)
{
	const struct unilink_opts *o = b->opts;
	char gen[4200];
	const char *what = o->output != NULL ? "-o" : "the image";

	unilink_outputs_reset();
	if (!o->generic && image_outputs(b->image, what, 1) < 0)
		return -1;
	if (o->generic && image_outputs(b->image, what, 0) < 0)
		return -1;
	unilink_sibling(b->image, ".generic.elf", gen, sizeof(gen));
	if (!o->generic && o->report != REPORT_NONE &&
	    image_outputs(gen, "the generic image", 0) < 0)
		return -1;
	if (o->report != REPORT_NONE && o->report_file != NULL &&
	    unilink_output_add(o->report_file, "--report-file") < 0)
		return -1;
	if (unilink_input_check(b->conf.path, "the configuration") < 0)
		return -1;
	for (int i = 0; i < b->conf.nsources; i++)
		if (unilink_input_check(b->conf.sources[i], "the source") < 0)
			return -1;
	return unilink_outputs_replace_images_only();
}

int unilink_build_begin(struct build *b, const struct unilink_opts *o)
{
	memset(b, 0, sizeof(*b));
	b->opts = o;
	unilink_verbose = o->verbose;
	unilink_quiet = o->quiet;
	unilink_set_opt_level(o->opt_level);
	if (unilink_find_paths(&b->paths) < 0 ||
	    unilink_check_paths(&b->paths) < 0)
		return -1;
	if (unilink_conf_load(&b->conf, o) < 0 || default_image(b) < 0)
		return -1;
	/* why and config-reference write no image */
	if ((!strcmp(o->command, "build") || !strcmp(o->command, "run")) &&
	    declare_outputs(b) < 0)
		return -1;
	unilink_tmpdir_template(b->tmpdir, sizeof(b->tmpdir), "unilink");
	if (mkdtemp(b->tmpdir) == NULL) {
		unilink_error("cannot create a temporary folder %s: %s",
			      b->tmpdir, strerror(errno));
		b->tmpdir[0] = '\0';
		return -1;
	}
	if (!o->keep_temps)
		unilink_temp_add(b->tmpdir, 1);
	b->ctx = LLVMContextCreate();
	b->tm = unilink_target_machine();
	return b->tm == NULL ? -1 : 0;
}

void unilink_build_end(struct build *b)
{
	for (int i = 0; i < b->nobjs; i++)
		free(b->objs[i]);
	unilink_variant_free(&b->spec);
	unilink_variant_free(&b->gen);
	if (b->linked != NULL)
		LLVMDisposeModule(b->linked);
	if (b->data_defs != NULL)
		LLVMDisposeModule(b->data_defs);
	if (b->tm != NULL)
		LLVMDisposeTargetMachine(b->tm);
	if (b->ctx != NULL)
		LLVMContextDispose(b->ctx);
	unilink_outputs_reset();
	if (b->tmpdir[0] && !b->opts->keep_temps) {
		unilink_remove_dir(b->tmpdir);
		unilink_temp_forget(b->tmpdir);
	} else if (b->tmpdir[0])
		unilink_note("temporary files kept in %s", b->tmpdir);
	unilink_conf_free(&b->conf);
}

static int stage_compile(struct build *b)
{
	double t = unilink_now();
	char what[256];

	b->nobjs = b->conf.nsources;
	if (unilink_compile(&b->conf, &b->paths, b->tmpdir, b->objs) < 0)
		return -1;
	snprintf(what, sizeof(what), "%d C file%s of %s", b->nobjs,
		 b->nobjs == 1 ? "" : "s", b->conf.name);
	unilink_stage("compile", t, what);
	return 0;
}

static int stage_bitcode_link(struct build *b)
{
	double t = unilink_now();

	b->linked =
	    unilink_bitcode_link(b->ctx, b->paths.archive, b->objs, b->nobjs);
	if (b->linked == NULL)
		return -1;
	unilink_stage("bitcode link", t, "library OS archive + application");
	return 0;
}

/* Compile and link: the module every variant starts from. */
int unilink_build_front(struct build *b)
{
	static const struct run_note placeholder = {.platform = "kvm"};

	if (stage_compile(b) < 0 || stage_bitcode_link(b) < 0)
		return -1;
	/*
	 * The rules between keys (the platform maps the drivers) once, here:
	 * the configuration is then marked resolved, config-fold of either
	 * variant folds it as it is, and the boot command line of a generic
	 * image and the files beside the image carry the same result.
	 */
	if (unilink_config_resolve(b->conf.config, b->linked, b->conf.report) <
	    0)
		return -1;
	if (unilink_data_embed(b->linked, &b->conf, &b->zone_names,
			       b->keep_data ? &b->data_defs : NULL) < 0)
		return -1;
	/* Its values are written into each image once it is measured. */
	unilink_note_add(b->linked, &placeholder);
	return 0;
}

static int build_variants(struct build *b)
{
	const struct unilink_opts *o = b->opts;
	int want_gen = o->generic || o->report != REPORT_NONE;

	if (!o->generic) {
		b->spec.specialised = 1;
		snprintf(b->spec.image, sizeof(b->spec.image), "%s", b->image);
		if (unilink_variant_build(b, &b->spec) < 0)
			return -1;
	}
	if (want_gen) {
		b->gen.specialised = 0;
		if (o->generic)
			snprintf(b->gen.image, sizeof(b->gen.image), "%s",
				 b->image);
		else
			unilink_sibling(b->image, ".generic.elf", b->gen.image,
					sizeof(b->gen.image));
		if (unilink_variant_build(b, &b->gen) < 0)
			return -1;
	}
	return 0;
}

int unilink_cmd_build(const struct unilink_opts *o)
{
	struct build b;
	int rc = -1;

	if (o->input == NULL) {
		unilink_error("build expects a configuration file "
			      "(configs/NAME/NAME.conf)");
		return 2;
	}
	if (unilink_build_begin(&b, o) == 0 && unilink_build_front(&b) == 0 &&
	    build_variants(&b) == 0 && unilink_build_report(&b) == 0)
		rc = 0;
	unilink_build_end(&b);
	return rc == 0 ? 0 : 1;
}

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
#include <signal.h>
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

/* The temporary folder of the build under way, removed on SIGINT/TERM. */
static const char *active_tmpdir;

static void on_signal(int sig)
{
	if (active_tmpdir != NULL)
		unilink_remove_dir(active_tmpdir);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void watch_signals(const char *tmpdir)
{
	active_tmpdir = tmpdir;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
}

int unilink_build_begin(struct build *b, const struct unilink_opts *o)
{
	memset(b, 0, sizeof(*b));
	b->opts = o;
	unilink_verbose = o->verbose;
	unilink_quiet = o->quiet;
	if (unilink_find_paths(&b->paths) < 0 ||
	    unilink_check_paths(&b->paths) < 0)
		return -1;
	if (unilink_conf_load(&b->conf, o) < 0 || default_image(b) < 0)
		return -1;
	unilink_tmpdir_template(b->tmpdir, sizeof(b->tmpdir), "unilink");
	if (mkdtemp(b->tmpdir) == NULL) {
		unilink_error("cannot create a temporary folder in /tmp");
		return -1;
	}
	if (!o->keep_temps)
		watch_signals(b->tmpdir);
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
	if (b->tm != NULL)
		LLVMDisposeTargetMachine(b->tm);
	if (b->ctx != NULL)
		LLVMContextDispose(b->ctx);
	active_tmpdir = NULL;
	if (b->tmpdir[0] && !b->opts->keep_temps)
		unilink_remove_dir(b->tmpdir);
	else if (b->tmpdir[0])
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
	if (unilink_data_embed(b->linked, &b->conf, &b->zone_names) < 0)
		return -1;
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

/* SPDX-License-Identifier: ISC */
/*
 * The commands that build before they act: `unilink run CONFIG` builds the
 * image into a temporary folder and boots it; `unilink why CONFIG SYMBOL`
 * builds the specialised module and explains from it; `unilink
 * config-reference [CONFIG]` links the library OS (and the appliance) and
 * writes the reference of what it declares. Given an IMAGE, run and why go
 * straight to their room (run/, report/). Only the commands call the
 * build's stages: nothing in a room below calls back up here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Core.h>

#include "bitcode/bitcode.h"
#include "build/build.h"
#include "cli/cli.h"
#include "config/config.h"
#include "report/why.h"
#include "run/run.h"

/*
 * Before building a configuration: a KVM that cannot run the guest is
 * refused now, not after the build; --platform P builds it with
 * appliance.platform = P (an override, so the drivers follow: see
 * passes/config_rules.c).
 */
static int early_checks(const struct unilink_opts *o, struct unilink_opts *bo)
{
	static char define[64];
	const char *env = getenv("UNILINK_ACCEL");
	const char *accel = o->accel ? o->accel : env && *env ? env : "tcg";

	if ((o->platform == NULL || (strcmp(o->platform, "xen") != 0 &&
				     strcmp(o->platform, "linux") != 0)) &&
	    unilink_check_accel(accel) < 0)
		return -1;
	if (o->platform == NULL)
		return 0;
	if (bo->ndefines == UNILINK_MAX_DEFINES) {
		unilink_error(
		    "too many -D options (at most %d with --platform)",
		    UNILINK_MAX_DEFINES - 1);
		return -1;
	}
	snprintf(define, sizeof(define), "appliance.platform=%s", o->platform);
	bo->defines[bo->ndefines++] = define;
	return 0;
}

static int is_config(const char *path)
{
	size_t n = strlen(path);

	return n > 5 && strcmp(path + n - 5, ".conf") == 0;
}

int unilink_cmd_run(const struct unilink_opts *o)
{
	struct unilink_opts bo = *o;
	char dir[4096], image[4200];
	int rc;

	if (o->input == NULL) {
		unilink_error("run expects a configuration or an image");
		return 2;
	}
	if (!is_config(o->input))
		return unilink_run_image(o, o->input);
	if (early_checks(o, &bo) < 0)
		return 2;
	unilink_tmpdir_template(dir, sizeof(dir), "unilink-run");
	if (mkdtemp(dir) == NULL) {
		unilink_error("cannot create a temporary folder %s", dir);
		return 126;
	}
	if (!o->keep_temps)
		unilink_temp_add(dir, 1);
	snprintf(image, sizeof(image), "%s/image.elf", dir);
	bo.output = image;
	bo.report = REPORT_NONE;
	rc = unilink_cmd_build(&bo) != 0 ? 2 : 0;
	bo.ndefines = 0;
	if (rc == 0)
		rc = unilink_run_image(&bo, image);
	if (!o->keep_temps) {
		unilink_remove_dir(dir);
		unilink_temp_forget(dir);
	}
	return rc;
}

static int is_image(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && strcmp(path + n - 4, ".elf") == 0;
}

static int why_config(const struct unilink_opts *o)
{
	struct build b;
	struct variant v = {.specialised = 1};
	LLVMModuleRef m = NULL;
	int rc = 2;

	if (unilink_build_begin(&b, o) == 0 && unilink_build_front(&b) == 0)
		m = unilink_variant_module(&b, &v);
	if (m != NULL) {
		rc = unilink_why_explain(v.why, o->symbol);
		LLVMDisposeModule(m);
	}
	unilink_variant_free(&v);
	unilink_build_end(&b);
	return rc;
}

int unilink_cmd_why(const struct unilink_opts *o)
{
	if (o->input == NULL || o->symbol == NULL) {
		unilink_error("why expects CONFIG|IMAGE SYMBOL");
		return 2;
	}
	if (!is_image(o->input))
		return why_config(o);
	return unilink_why_image(o->input, o->symbol);
}

static LLVMModuleRef libos_only(struct build *b, struct unilink_opts *o)
{
	memset(b, 0, sizeof(*b));
	b->opts = o;
	if (unilink_find_paths(&b->paths) < 0 ||
	    unilink_check_paths(&b->paths) < 0)
		return NULL;
	b->ctx = LLVMContextCreate();
	b->linked = unilink_bitcode_link(b->ctx, b->paths.archive, NULL, 0);
	return b->linked;
}

int unilink_cmd_reference(const struct unilink_opts *o)
{
	struct unilink_opts lo = *o;
	struct build b;
	FILE *f = stdout;
	int rc = 1;

	lo.quiet = 1;
	lo.report = REPORT_NONE;
	if (o->input ? unilink_build_begin(&b, &lo) == 0 &&
			   unilink_build_front(&b) == 0
		     : libos_only(&b, &lo) != NULL) {
		if (o->output && (f = fopen(o->output, "w")) == NULL)
			unilink_error("cannot write %s", o->output);
		else {
			rc = unilink_write_reference(f, b.linked) < 0 ? 1 : 0;
			if (f != stdout && fclose(f) != 0)
				rc = 1;
		}
	}
	unilink_build_end(&b);
	return rc;
}

/* SPDX-License-Identifier: ISC */
/*
 * `unilink data CONFIG [-o FILE]`: what a plain clang-19 + ld.lld-19 link
 * of an appliance needs besides its objects and `unilink ldflags` (issue
 * #12 §2, docs/getting-started.md): the data sets the configuration names
 * (zones, web trees), compiled and validated as `unilink build` does, and
 * the image's run note (run/note.h), in one LLVM bitcode object, as
 * `clang-19 -flto -c` writes them: ld.lld-19 links it in its LTO with the
 * library OS and the application, where the data's constants fold into the
 * code as they do in `unilink build` (NAME.data.o by default; FILE.bc is
 * the same, for a link that names bitcode files as such).
 *
 * The note's memory inputs are what the command's own build of the same
 * configuration measures (the parts of the library OS the image keeps), so
 * `unilink data` builds the specialised image once in a temporary folder
 * (or the generic one with --generic), as `unilink run CONFIG` does, and
 * copies its note. The definitions are the very module that build linked.
 * Exit status: 0, or 2 for any error (usage, configuration, data).
 */
#include <stdio.h>
#include <string.h>

#include <llvm-c/BitWriter.h>
#include <llvm-c/Core.h>

#include "build/build.h"
#include "cli/cli.h"
#include "run/note.h"

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n > m && strcmp(s + n - m, suffix) == 0;
}

/* FILE (-o), else NAME.data.o; no input of the build may be it. */
static int declare_output(struct build *b, const char *o, char *out,
			  size_t size)
{
	if (o != NULL)
		snprintf(out, size, "%s", o);
	else
		snprintf(out, size, "%s.data.o", b->conf.name);
	if (!ends_with(out, ".o") && !ends_with(out, ".bc")) {
		unilink_error("-o expects FILE.o or FILE.bc (LLVM bitcode "
			      "either way), found '%s'",
			      out);
		return -1;
	}
	unilink_outputs_reset();
	if (unilink_output_add(out, "-o") < 0 ||
	    unilink_input_check(b->conf.path, "the configuration") < 0)
		return -1;
	for (int i = 0; i < b->conf.nsources; i++)
		if (unilink_input_check(b->conf.sources[i], "the source") < 0)
			return -1;
	return 0;
}

/* The image of the command, built in the temporary folder, and its note. */
static int measure(struct build *b, int generic, struct run_note *note)
{
	struct variant *v = &b->spec;

	v->specialised = !generic;
	snprintf(v->image, sizeof(v->image), "%s/image.elf", b->tmpdir);
	if (unilink_variant_build(b, v) < 0)
		return -1;
	if (unilink_note_read(v->image, note) != 1) {
		unilink_error("%s: the build left no run note in it", v->image);
		return -1;
	}
	return 0;
}

/* The data module (an empty one without data keys) with the note. */
static LLVMModuleRef data_module(struct build *b, const struct run_note *n)
{
	LLVMModuleRef m = b->data_defs;

	b->data_defs = NULL;
	if (m == NULL) {
		m = LLVMModuleCreateWithNameInContext("uni-data", b->ctx);
		LLVMSetTarget(m, LLVMGetTarget(b->linked));
		LLVMSetDataLayout(m, LLVMGetDataLayoutStr(b->linked));
	}
	unilink_note_add(m, n);
	return m;
}

/* m into out, whole: written in the temporary folder, then moved. */
static int write_module(struct build *b, LLVMModuleRef m, const char *out)
{
	char tmp[4200];

	snprintf(tmp, sizeof(tmp), "%s/data.bc", b->tmpdir);
	if (unilink_write_lto_bitcode(m, tmp) != 0) {
		unilink_error("cannot write the bitcode %s", tmp);
		return -1;
	}
	return unilink_install(tmp, out);
}

int unilink_cmd_data(const struct unilink_opts *o)
{
	struct unilink_opts bo = *o;
	struct build b;
	struct run_note note;
	LLVMModuleRef m = NULL;
	char out[4096];
	int rc = -1;

	if (o->input == NULL) {
		unilink_error("data expects a configuration file "
			      "(configs/NAME/NAME.conf)");
		return 2;
	}
	bo.output = NULL;
	bo.report = REPORT_NONE;
	if (unilink_build_begin(&b, &bo) == 0 &&
	    declare_output(&b, o->output, out, sizeof(out)) == 0) {
		b.keep_data = 1;
		if (unilink_build_front(&b) == 0 &&
		    measure(&b, o->generic, &note) == 0)
			m = data_module(&b, &note);
	}
	if (m != NULL) {
		rc = write_module(&b, m, out);
		LLVMDisposeModule(m);
	}
	if (rc == 0 && !o->quiet)
		fprintf(stderr, "  %-12s %s\n", "data", out);
	unilink_build_end(&b);
	return rc == 0 ? 0 : 2;
}

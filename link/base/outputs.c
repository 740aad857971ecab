/* SPDX-License-Identifier: ISC */
/*
 * Nothing a build reads is overwritten by what it writes: the outputs of a
 * build (the image, the generic image, the files beside each, the report
 * file) are declared here before any work, and every input (the
 * configuration, each source, each data file, each file a zone
 * $INCLUDEs) is checked against them as it is read, before anything is
 * written. Two names are the same file when they resolve to the same
 * device and inode (a hard link, a symbolic link, "./x" and "x"), or, for
 * an output that does not exist yet, to the same resolved path. Outputs
 * are checked against each other the same way, and an image replaces only
 * an image (a file that begins with the ELF magic).
 */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/base.h"

#define OUTPUT_MAX 16

struct file_id {
	int exists;
	dev_t dev;
	ino_t ino;
	char resolved[PATH_MAX];
};

static struct output {
	char path[PATH_MAX]; /* as given */
	char what[160];	     /* "-o", "the generic image", ... */
	int image;
	struct file_id id;
} outputs[OUTPUT_MAX];
static int noutputs;

/*
 * The identity of path: its device and inode when it exists; its resolved
 * path (the folder resolved, then the last name) in any case.
 */
static void identify(const char *path, struct file_id *id)
{
	char dir[PATH_MAX], base[PATH_MAX], real[PATH_MAX];
	struct stat st;

	memset(id, 0, sizeof(*id));
	if (stat(path, &st) == 0) {
		id->exists = 1;
		id->dev = st.st_dev;
		id->ino = st.st_ino;
	}
	if (realpath(path, id->resolved) != NULL)
		return;
	snprintf(dir, sizeof(dir), "%s", path);
	snprintf(base, sizeof(base), "%s", path);
	if (realpath(dirname(dir), real) == NULL)
		snprintf(id->resolved, sizeof(id->resolved), "%s", path);
	else
		snprintf(id->resolved, sizeof(id->resolved), "%s/%s", real,
			 basename(base));
}

static int same_file(const struct file_id *a, const struct file_id *b)
{
	if (a->exists && b->exists)
		return a->dev == b->dev && a->ino == b->ino;
	return strcmp(a->resolved, b->resolved) == 0;
}

static const struct output *find_output(const struct file_id *id)
{
	for (int i = 0; i < noutputs; i++)
		if (same_file(&outputs[i].id, id))
			return &outputs[i];
	return NULL;
}

/* "-o out.elf", "the generic image out.generic.elf" */
static const char *name_of(const struct output *o, char *buf, size_t size)
{
	char shown[UNILINK_SHOW_MAX];

	snprintf(buf, size, "%s %s", o->what, unilink_show(shown, o->path));
	return buf;
}

/*
 * An image output replaces only an image: a file already there that does
 * not begin with the ELF magic (a source, a header, a configuration, a
 * zone, notes) is not something an earlier build wrote.
 */
static int replaces_image_only(const char *path, const char *what)
{
	char shown[UNILINK_SHOW_MAX], magic[4] = {0};
	struct stat st;
	FILE *f;

	if (stat(path, &st) != 0)
		return 0;
	if (!S_ISREG(st.st_mode)) {
		unilink_error("%s %s: expected a new name or an image of an "
			      "earlier build, found %s",
			      what, unilink_show(shown, path),
			      S_ISDIR(st.st_mode) ? "a directory"
						  : "a special file");
		return -1;
	}
	f = fopen(path, "rb");
	if (f != NULL &&
	    (fread(magic, 1, 4, f) != 4 || memcmp(magic, "\177ELF", 4) != 0)) {
		fclose(f);
		unilink_error("%s %s would overwrite a file that is not an "
			      "image (it does not begin with the ELF magic); "
			      "expected a new name or an image of an earlier "
			      "build",
			      what, unilink_show(shown, path));
		return -1;
	}
	if (f != NULL)
		fclose(f);
	return 0;
}

int unilink_output_image(const char *path, const char *what)
{
	if (unilink_output_add(path, what) < 0)
		return -1;
	outputs[noutputs - 1].image = 1;
	return 0;
}

int unilink_outputs_replace_images_only(void)
{
	for (int i = 0; i < noutputs; i++)
		if (outputs[i].image &&
		    replaces_image_only(outputs[i].path, outputs[i].what) < 0)
			return -1;
	return 0;
}

void unilink_outputs_reset(void)
{
	noutputs = 0;
}

int unilink_output_add(const char *path, const char *what)
{
	struct output *o;
	const struct output *old;

	if (noutputs == OUTPUT_MAX)
		return 0;
	o = &outputs[noutputs];
	o->image = 0;
	snprintf(o->path, sizeof(o->path), "%s", path);
	snprintf(o->what, sizeof(o->what), "%s", what);
	identify(path, &o->id);
	old = find_output(&o->id);
	if (old != NULL) {
		char a[UNILINK_SHOW_MAX + 200], b[UNILINK_SHOW_MAX + 200];

		unilink_error("%s is also %s; expected each output to be a "
			      "file of its own",
			      name_of(o, a, sizeof(a)),
			      name_of(old, b, sizeof(b)));
		return -1;
	}
	noutputs++;
	return 0;
}

int unilink_input_check(const char *path, const char *what)
{
	char buf[UNILINK_SHOW_MAX + 200], shown[UNILINK_SHOW_MAX];
	struct file_id id;
	const struct output *o;

	if (noutputs == 0)
		return 0;
	identify(path, &id);
	o = find_output(&id);
	if (o == NULL)
		return 0;
	unilink_error("%s would overwrite %s %s; expected an output that is "
		      "none of the inputs of the build",
		      name_of(o, buf, sizeof(buf)), what,
		      unilink_show(shown, path));
	return -1;
}

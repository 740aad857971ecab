/* SPDX-License-Identifier: ISC */
/*
 * Files and folders that several rooms name the same way: the files beside
 * an image ("out/NAME.elf" -> "out/NAME.why", ".qemu.sh", ...), and the
 * temporary folders of a build or a run, created from one template (and
 * removed by signals.c), and the outputs, each written whole or not at
 * all: into a temporary file beside it, renamed over it when complete, so
 * that a failed or interrupted build leaves the previous output as it was.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base.h"

/* "$TMPDIR/NAME-XXXXXX" (/tmp without TMPDIR), for mkdtemp. */
void unilink_tmpdir_template(char *out, size_t size, const char *name)
{
	const char *t = getenv("TMPDIR");

	snprintf(out, size, "%s/%s-XXXXXX", t && t[0] ? t : "/tmp", name);
}

/* "out/hello.elf" -> "out/hello" + suffix */
void unilink_sibling(const char *image, const char *suffix, char *out,
		     size_t size)
{
	size_t n = strlen(image);

	if (n > 4 && strcmp(image + n - 4, ".elf") == 0)
		n -= 4;
	snprintf(out, size, "%.*s%s", (int)n, image, suffix);
}

/* The permissions a new file gets here: mode less the umask. */
static mode_t creation_mode(mode_t mode)
{
	mode_t mask = umask(022);

	umask(mask);
	return mode & ~mask;
}

int unilink_out_open(struct unilink_out *o, const char *path)
{
	char dir[PATH_MAX], base[PATH_MAX];
	int fd;

	struct stat st;

	snprintf(dir, sizeof(dir), "%s", path);
	snprintf(base, sizeof(base), "%s", path);
	snprintf(o->path, sizeof(o->path), "%s", path);
	o->tmp[0] = '\0';
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* /dev/stdout, a FIFO: written as it is, never replaced */
		o->f = fopen(path, "w");
		if (o->f != NULL)
			return 0;
		unilink_error("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	snprintf(o->tmp, sizeof(o->tmp), "%s/.%s.unilink-XXXXXX", dirname(dir),
		 basename(base));
	fd = mkstemp(o->tmp);
	if (fd >= 0)
		unilink_temp_add(o->tmp, 0);
	o->f = fd < 0 ? NULL : fdopen(fd, "w");
	if (o->f != NULL && fchmod(fd, creation_mode(0666)) == 0)
		return 0;
	unilink_error("cannot write %s: %s", path, strerror(errno));
	if (fd >= 0)
		unilink_out_abort(o);
	return -1;
}

void unilink_out_abort(struct unilink_out *o)
{
	if (o->f != NULL)
		fclose(o->f);
	o->f = NULL;
	if (o->tmp[0] == '\0')
		return;
	unlink(o->tmp);
	unilink_temp_forget(o->tmp);
}

int unilink_out_commit(struct unilink_out *o)
{
	int bad = ferror(o->f);

	if (fclose(o->f) != 0 || bad) {
		o->f = NULL;
		unilink_error("cannot write %s: %s", o->path,
			      bad ? "write error" : strerror(errno));
		unilink_out_abort(o);
		return -1;
	}
	o->f = NULL;
	if (o->tmp[0] == '\0')
		return 0;
	if (rename(o->tmp, o->path) != 0) {
		unilink_error("cannot write %s: %s", o->path, strerror(errno));
		unilink_out_abort(o);
		return -1;
	}
	unilink_temp_forget(o->tmp);
	return 0;
}

/* Copies the file from into o, keeping its permission bits. */
static int copy_into(const char *from, struct unilink_out *o)
{
	char buf[65536];
	struct stat st;
	size_t n;
	FILE *in = fopen(from, "rb");

	if (in == NULL || fstat(fileno(in), &st) != 0) {
		unilink_error("cannot read %s: %s", from, strerror(errno));
		if (in != NULL)
			fclose(in);
		return -1;
	}
	fchmod(fileno(o->f), st.st_mode & 07777);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, o->f) != n)
			break;
	n = ferror(in);
	fclose(in);
	return n ? -1 : 0;
}

int unilink_install(const char *from, const char *to)
{
	struct unilink_out o;

	if (rename(from, to) == 0)
		return 0;
	if (errno != EXDEV) {
		unilink_error("cannot write %s: %s", to, strerror(errno));
		return -1;
	}
	if (unilink_out_open(&o, to) < 0)
		return -1;
	if (copy_into(from, &o) < 0) {
		unilink_out_abort(&o);
		return -1;
	}
	return unilink_out_commit(&o);
}

int unilink_write_file(const char *path, const char *data, size_t len)
{
	struct unilink_out o;

	if (unilink_out_open(&o, path) < 0)
		return -1;
	fwrite(data, 1, len, o.f);
	return unilink_out_commit(&o);
}

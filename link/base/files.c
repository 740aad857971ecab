/* SPDX-License-Identifier: ISC */
/*
 * Files and folders that several rooms name the same way: the files beside
 * an image ("out/NAME.elf" -> "out/NAME.why", ".qemu.sh", ...), and the
 * temporary folders of a build or a run, created from one template and
 * removed with what they hold.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/base.h"

/* Remove a temporary folder of ours and the files in it. */
void unilink_remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4600];

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

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

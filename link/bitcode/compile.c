/* SPDX-License-Identifier: ISC */
/*
 * Compiling the application's C sources to LLVM bitcode with clang-19
 * (fork/exec), with the same freestanding flags as the library OS: the list
 * is generated from cmake/LibOS.cmake into unilink_build_config.h, so the
 * command and CMake cannot drift apart.
 */
#include <stdio.h>
#include <string.h>

#include "bitcode/bitcode.h"
#include "unilink_build_config.h"

static const char *const freestanding[] = {UNILINK_CFLAGS, NULL};

/* "dir/name.c" -> "TMP/NNN-name.bc" */
static char *object_path(const char *tmpdir, int i, const char *src)
{
	const char *base = strrchr(src, '/');
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s/%03d-%s.bc", tmpdir, i,
		 base ? base + 1 : src);
	return unilink_strdup(buf);
}

static int compile_one(const struct unilink_paths *p, const char *src,
		       const char *obj)
{
	const char *argv[64];
	int n = 0, rc;

	argv[n++] = p->clang;
	for (int i = 0; freestanding[i] != NULL; i++)
		argv[n++] = freestanding[i];
	argv[n++] = "-O2";
	argv[n++] = "-flto";
	argv[n++] = "-I";
	argv[n++] = p->include;
	if (p->rt[0]) {
		argv[n++] = "-I";
		argv[n++] = p->rt;
	}
	if (p->common[0]) {
		argv[n++] = "-I";
		argv[n++] = p->common;
	}
	if (p->top[0]) {
		argv[n++] = "-I";
		argv[n++] = p->top;
	}
	argv[n++] = "-isystem";
	argv[n++] = p->libc;
	argv[n++] = "-isystem";
	argv[n++] = p->xen;
	argv[n++] = "-c";
	argv[n++] = src;
	argv[n++] = "-o";
	argv[n++] = obj;
	argv[n] = NULL;
	rc = unilink_run_cmd(argv);
	if (rc != 0) {
		unilink_error("compiling %s failed (%s exited with status %d)",
			      src, p->clang, rc);
		return -1;
	}
	return 0;
}

int unilink_compile(const struct unilink_conf *c, const struct unilink_paths *p,
		    const char *tmpdir, char **objs)
{
	for (int i = 0; i < c->nsources; i++) {
		objs[i] = object_path(tmpdir, i, c->sources[i]);
		if (compile_one(p, c->sources[i], objs[i]) < 0)
			return -1;
	}
	return 0;
}

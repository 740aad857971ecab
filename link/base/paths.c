/* SPDX-License-Identifier: ISC */
/*
 * Where the command finds the library OS (bitcode archive, assembly objects,
 * linker script, headers) and the tools it runs. Next to the executable in
 * the build tree (build/bin/unilink, build/lib/...) or in an installed
 * prefix (bin/unilink, lib/unilink/..., share/unilink/pvh.ld,
 * include/unilink/...).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/base.h"
#include "unilink_build_config.h"

static int exists(const char *path)
{
	return access(path, R_OK) == 0;
}

/* The folder above the one that holds the executable. */
static int exe_root(char *root, size_t size)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	if (n <= 0)
		return -1;
	exe[n] = '\0';
	for (int i = 0; i < 2; i++) {
		slash = strrchr(exe, '/');
		if (slash == NULL)
			return -1;
		*slash = '\0';
	}
	snprintf(root, size, "%s", exe[0] ? exe : "/");
	return 0;
}

static void installed(struct unilink_paths *p, const char *root)
{
	snprintf(p->archive, sizeof(p->archive),
		 "%s/lib/unilink/libunilink-os.a", root);
	snprintf(p->asm_obj, sizeof(p->asm_obj),
		 "%s/lib/unilink/unilink-libos-asm.o", root);
	snprintf(p->plugin, sizeof(p->plugin),
		 "%s/lib/unilink/unilink-passes.so", root);
	snprintf(p->ldscript, sizeof(p->ldscript), "%s/share/unilink/pvh.ld",
		 root);
	snprintf(p->hosted_ldscript, sizeof(p->hosted_ldscript),
		 "%s/share/unilink/hosted.ld", root);
	snprintf(p->hosted_asm_obj, sizeof(p->hosted_asm_obj),
		 "%s/lib/unilink/unilink-hosted-asm.o", root);
	snprintf(p->include, sizeof(p->include), "%s/include/unilink", root);
	snprintf(p->libc, sizeof(p->libc), "%s/include/unilink/libc", root);
	snprintf(p->xen, sizeof(p->xen), "%s/include/unilink/xen-public", root);
	p->rt[0] = '\0';
	p->common[0] = '\0';
	p->top[0] = '\0';
}

static void build_tree(struct unilink_paths *p, const char *root)
{
	snprintf(p->archive, sizeof(p->archive), "%s/lib/libunilink-os.a",
		 root);
	snprintf(p->asm_obj, sizeof(p->asm_obj), "%s/lib/unilink-libos-asm.o",
		 root);
	snprintf(p->plugin, sizeof(p->plugin), "%s/lib/unilink-passes.so",
		 root);
	snprintf(p->ldscript, sizeof(p->ldscript), "%s/link/pvh.ld",
		 UNILINK_SOURCE_DIR);
	snprintf(p->hosted_ldscript, sizeof(p->hosted_ldscript),
		 "%s/link/hosted.ld", UNILINK_SOURCE_DIR);
	snprintf(p->hosted_asm_obj, sizeof(p->hosted_asm_obj),
		 "%s/lib/unilink-hosted-asm.o", root);
	snprintf(p->include, sizeof(p->include), "%s/rt/include",
		 UNILINK_SOURCE_DIR);
	snprintf(p->libc, sizeof(p->libc), "%s/rt/include/libc",
		 UNILINK_SOURCE_DIR);
	snprintf(p->rt, sizeof(p->rt), "%s/rt", UNILINK_SOURCE_DIR);
	snprintf(p->common, sizeof(p->common), "%s/common", UNILINK_SOURCE_DIR);
	snprintf(p->top, sizeof(p->top), "%s", UNILINK_SOURCE_DIR);
	snprintf(p->xen, sizeof(p->xen), "%s", UNILINK_XEN_INCLUDE);
}

static const char *tool(const char *env, const char *def)
{
	const char *v = getenv(env);

	return v != NULL && v[0] ? v : def;
}

int unilink_find_paths(struct unilink_paths *p)
{
	char root[PATH_MAX], probe[PATH_MAX + 64];

	memset(p, 0, sizeof(*p));
	if (exe_root(root, sizeof(root)) < 0) {
		unilink_error("cannot find the unilink executable's folder");
		return -1;
	}
	snprintf(probe, sizeof(probe), "%s/share/unilink/pvh.ld", root);
	if (exists(probe))
		installed(p, root);
	else
		build_tree(p, root);
	p->clang = tool("UNILINK_CLANG", UNILINK_CLANG);
	p->lld = tool("UNILINK_LLD", UNILINK_LLD);
	p->objcopy = tool("UNILINK_OBJCOPY", UNILINK_OBJCOPY);
	p->qemu = tool("UNILINK_QEMU", UNILINK_QEMU);
	return 0;
}

/* Complain about a missing part of the library OS. */
int unilink_check_paths(const struct unilink_paths *p)
{
	const char *need[] = {p->archive, p->asm_obj, p->ldscript,
			      p->hosted_ldscript, p->hosted_asm_obj};

	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		if (!exists(need[i])) {
			unilink_error("the library OS is incomplete: expected "
				      "%s, found nothing (build the "
				      "unilink_libos target first)",
				      need[i]);
			return -1;
		}
	}
	return 0;
}

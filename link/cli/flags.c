/* SPDX-License-Identifier: ISC */
/*
 * `unilink cflags` and `unilink ldflags`: the flags that build an appliance
 * with nothing but clang-19 driver invocations, as llvm-config does for
 * LLVM. cflags compiles an app source to bitcode like the command does;
 * ldflags links it with the library OS archive (every member: the passes
 * and LTO remove what is unused), its assembly objects, the linker script
 * and the passes plugin in ld.lld's full LTO (configuration through the
 * UNILINK_CONFIG environment variable).
 *
 *   clang-19 $(unilink cflags) -c main.c -o main.o
 *   UNILINK_CONFIG=app.conf clang-19 $(unilink ldflags) main.o -o app.elf
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "unilink_build_config.h"

static const char *const cflags[] = {UNILINK_CFLAGS, NULL};
static const char *const ldflags[] = {UNILINK_LDFLAGS, NULL};

static void print_cflags(const struct unilink_paths *p)
{
	for (int i = 0; cflags[i] != NULL; i++)
		printf("%s ", cflags[i]);
	printf("-O2 -flto -I%s ", p->include);
	if (p->rt[0])
		printf("-I%s ", p->rt);
	if (p->common[0])
		printf("-I%s ", p->common);
	if (p->top[0])
		printf("-I%s ", p->top);
	/* Joined, so that a tool that drops repeated words (CMake's options)
	   keeps both. */
	printf("-isystem%s -isystem%s\n", p->libc, p->xen);
}

/* The link goes through clang's Linux driver, which runs ld.lld itself. */
static void print_ldflags(const struct unilink_paths *p)
{
	printf("--target=x86_64-linux-gnu -flto -fuse-ld=lld --ld-path=%s "
	       "-nostdlib -static ",
	       p->lld);
	for (int i = 0; ldflags[i] != NULL; i++) {
		if (ldflags[i + 1] != NULL && !strcmp(ldflags[i], "-z")) {
			printf("-Wl,-z,%s ", ldflags[i + 1]);
			i++;
		} else {
			printf("-Wl,%s ", ldflags[i]);
		}
	}
	printf("-Wl,--load-pass-plugin=%s -Wl,-T,%s -Wl,--whole-archive %s "
	       "-Wl,--no-whole-archive %s\n",
	       p->plugin, p->ldscript, p->archive, p->asm_obj);
}

int unilink_cmd_flags(const struct unilink_opts *o, int link)
{
	struct unilink_paths p;

	if (unilink_find_paths(&p) < 0)
		return 2;
	if (link)
		print_ldflags(&p);
	else
		print_cflags(&p);
	return 0;
}

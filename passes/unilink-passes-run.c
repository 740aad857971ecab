/* SPDX-License-Identifier: ISC */
/*
 * unilink-passes-run: the in-process use of the pass library (what the
 * unilink command does) on one IR file, for tests and measurements:
 *   unilink-passes-run [-c FILE] [-D section.key=value]... [-p PASS]
 *                      [-O LEVEL] [-k SYMBOL]... [-r REPORT] [-f] [-w]
 *                      -o OUT.{ll,bc} IN.{ll,bc}
 * PASS is config-fold, driver-prune, protocol-prune, passes (the three) or
 * specialize (the three and LLVM's pipeline, the default). -f forces a
 * pass to run again; -w tells the passes the module is the whole program
 * (specialize always does). Exit status 0, or 1 with the errors on
 * stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <llvm-c/BitWriter.h>
#include <llvm-c/Core.h>
#include <llvm-c/IRReader.h>

#include "unilink_passes.h"

struct args {
	const char *config, *pass, *level, *report, *out, *in;
	const char *defines[64], *keep[64];
	int ndefines, nkeep;
	unsigned flags;
};

static int usage(void)
{
	fputs("usage: unilink-passes-run [-c FILE] [-D section.key=value]... "
	      "[-p PASS] [-O LEVEL] [-k SYMBOL]... [-r REPORT] [-f] [-w] "
	      "-o OUT IN\n",
	      stderr);
	return 2;
}

static void print(void *ctx, enum unilink_severity sev, const char *pass,
		  const char *text)
{
	static const char *const kind[] = {"remark", "warning", "error"};

	(void)ctx;
	fprintf(stderr, "unilink-%s: %s: %s\n", pass, kind[sev], text);
}

static int parse_args(int argc, char **argv, struct args *a)
{
	int c;

	a->pass = "specialize";
	while ((c = getopt(argc, argv, "c:D:p:O:k:r:fwo:")) != -1) {
		if (c == 'c')
			a->config = optarg;
		else if (c == 'D' && a->ndefines < 63)
			a->defines[a->ndefines++] = optarg;
		else if (c == 'p')
			a->pass = optarg;
		else if (c == 'O')
			a->level = optarg;
		else if (c == 'k' && a->nkeep < 63)
			a->keep[a->nkeep++] = optarg;
		else if (c == 'r')
			a->report = optarg;
		else if (c == 'f')
			a->flags |= UNILINK_FORCE;
		else if (c == 'w')
			a->flags |= UNILINK_WHOLE_PROGRAM;
		else if (c == 'o')
			a->out = optarg;
		else
			return -1;
	}
	if (optind + 1 != argc || a->out == NULL)
		return -1;
	a->in = argv[optind];
	return 0;
}

static LLVMModuleRef read_module(LLVMContextRef ctx, const char *path)
{
	LLVMMemoryBufferRef buf;
	LLVMModuleRef m;
	char *msg = NULL;

	if (LLVMCreateMemoryBufferWithContentsOfFile(path, &buf, &msg) ||
	    LLVMParseIRInContext(ctx, buf, &m, &msg)) {
		fprintf(stderr, "unilink-passes-run: %s: %s\n", path,
			msg ? msg : "cannot read");
		LLVMDisposeMessage(msg);
		return NULL;
	}
	return m;
}

static int write_module(LLVMModuleRef m, const char *path)
{
	size_t len = strlen(path);
	char *msg = NULL;

	if (len > 3 && strcmp(path + len - 3, ".ll") == 0) {
		if (LLVMPrintModuleToFile(m, path, &msg) == 0)
			return 0;
	} else if (LLVMWriteBitcodeToFile(m, path) == 0) {
		return 0;
	}
	fprintf(stderr, "unilink-passes-run: cannot write %s: %s\n", path,
		msg ? msg : "error");
	LLVMDisposeMessage(msg);
	return -1;
}

static int run(const struct args *a, LLVMModuleRef m,
	       const struct unilink_config *c, struct unilink_report *r)
{
	struct unilink_pipeline p = {.opt_level = a->level, .keep = a->keep};

	if (strcmp(a->pass, "config-fold") == 0)
		return unilink_config_fold(m, c, a->flags, r);
	if (strcmp(a->pass, "driver-prune") == 0)
		return unilink_driver_prune(m, c, a->flags, r);
	if (strcmp(a->pass, "protocol-prune") == 0)
		return unilink_protocol_prune(m, c, a->flags, r);
	if (strcmp(a->pass, "passes") == 0)
		return unilink_specialize_passes(m, c, a->flags, r);
	if (strcmp(a->pass, "specialize") == 0)
		return unilink_specialize(m, c, &p, a->flags, r);
	fprintf(stderr, "unilink-passes-run: unknown pass %s\n", a->pass);
	return -1;
}

static int load_config(const struct args *a, struct unilink_config *c,
		       struct unilink_report *r)
{
	int i, rc = 0;

	if (a->config != NULL)
		rc = unilink_config_load_file(c, a->config, r);
	for (i = 0; i < a->ndefines; i++)
		rc |= unilink_config_define(c, a->defines[i], r);
	return rc;
}

static void write_report(const struct args *a, struct unilink_report *r)
{
	FILE *f;

	if (a->report == NULL)
		return;
	f = fopen(a->report, "w");
	if (f == NULL)
		return;
	fputs(unilink_report_json(r), f);
	fclose(f);
}

int main(int argc, char **argv)
{
	struct args a = {0};
	LLVMContextRef ctx;
	LLVMModuleRef m;
	struct unilink_config *c;
	struct unilink_report *r;
	int rc = 1;

	if (parse_args(argc, argv, &a) < 0)
		return usage();
	ctx = LLVMContextCreate();
	m = read_module(ctx, a.in);
	c = unilink_config_new();
	r = unilink_report_new(print, NULL);
	if (m != NULL && load_config(&a, c, r) == 0 && run(&a, m, c, r) >= 0 &&
	    write_module(m, a.out) == 0)
		rc = 0;
	write_report(&a, r);
	unilink_report_free(r);
	unilink_config_free(c);
	if (m != NULL)
		LLVMDisposeModule(m);
	LLVMContextDispose(ctx);
	return rc;
}

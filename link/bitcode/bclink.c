/* SPDX-License-Identifier: ISC */
/*
 * The bitcode link: every member of the library OS archive and every
 * object of the application, each parsed in-process, tagged with its
 * component (component.c) and linked into one module with LLVMLinkModules2.
 * The whole library OS is linked; the passes and globaldce remove what the
 * appliance does not use. Order is the archive's, then the app's sorted
 * sources, so two builds link the same module.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/BitReader.h>
#include <llvm-c/Linker.h>

#include "bitcode/bitcode.h"

struct link_state {
	LLVMContextRef ctx;
	LLVMModuleRef dest;
	const char *what; /* the archive or object, for messages */
};

/* Parse bitcode; NULL after a message naming the file. */
static LLVMModuleRef parse(struct link_state *s, const char *data, size_t size,
			   const char *name)
{
	LLVMMemoryBufferRef buf =
	    LLVMCreateMemoryBufferWithMemoryRangeCopy(data, size, name);
	LLVMModuleRef m = NULL;

	if (LLVMParseBitcodeInContext2(s->ctx, buf, &m)) {
		unilink_error("%s: %s is not LLVM bitcode (expected an object "
			      "compiled with -flto)",
			      s->what, name);
		m = NULL;
	}
	LLVMDisposeMemoryBuffer(buf);
	return m;
}

/* Link m; app: whether it is one of the application's objects. */
static int link_one(struct link_state *s, LLVMModuleRef m, const char *name,
		    int app)
{
	size_t len;
	const char *src = LLVMGetSourceFileName(m, &len);
	char component[160], source[4096];

	snprintf(source, sizeof(source), "%.*s", (int)len, src);
	unilink_component_of(source, app, component, sizeof(component));
	unilink_tag_module(m, component);
	if (LLVMLinkModules2(s->dest, m)) {
		unilink_error("%s: linking %s (%s) failed: a symbol is "
			      "defined twice or with different types",
			      s->what, name, source);
		return -1;
	}
	return 0;
}

static int member(void *ctx, const struct ar_member *am)
{
	struct link_state *s = ctx;
	LLVMModuleRef m = parse(s, am->data, am->size, am->name);

	return m == NULL ? -1 : link_one(s, m, am->name, 0);
}

static int link_archive(struct link_state *s, const char *archive)
{
	size_t len;
	char *data = unilink_read_file(archive, &len);
	int rc;

	if (data == NULL)
		return -1;
	s->what = archive;
	rc = unilink_ar_each(data, len, archive, member, s);
	free(data);
	return rc;
}

static int link_object(struct link_state *s, const char *path)
{
	size_t len;
	char *data = unilink_read_file(path, &len);
	LLVMModuleRef m;

	if (data == NULL)
		return -1;
	s->what = path;
	m = parse(s, data, len, path);
	free(data);
	return m == NULL ? -1 : link_one(s, m, path, 1);
}

LLVMModuleRef unilink_bitcode_link(LLVMContextRef ctx, const char *archive,
				   char **objs, int nobjs)
{
	struct link_state s = {ctx, NULL, NULL};

	s.dest = LLVMModuleCreateWithNameInContext("unilink", ctx);
	if (link_archive(&s, archive) < 0)
		goto fail;
	for (int i = 0; i < nobjs; i++)
		if (link_object(&s, objs[i]) < 0)
			goto fail;
	LLVMSetSourceFileName(s.dest, "unilink", 7);
	unilink_component_fixup(s.dest);
	return s.dest;
fail:
	LLVMDisposeModule(s.dest);
	return NULL;
}

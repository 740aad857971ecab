/* SPDX-License-Identifier: ISC */
/*
 * Which component a function or object belongs to, for the size report:
 * the application's objects -> "app"; generated data -> "data";
 * drivers/NAME... -> "driver:NAME"; rt/net/PROTO... (and rt/net/wire/PROTO.c,
 * and a protocol's other files rt/net/PROTO_PART.c) -> "protocol:PROTO";
 * rt/dns/, rt/http/, rt/www/, rt/openflow/ -> "server:dns", "server:http",
 * "server:www", "server:openflow"; the
 * rest of rt/ -> "rt". common/ (code compiled into the image and into the
 * command) counts as rt/ does: common/dns/ -> "server:dns", common/www/
 * -> "server:www", common/config/ -> "rt". The component is decided
 * from each bitcode module's source file before modules are linked, and is
 * kept on every global object as !unilink.component metadata, so it
 * survives linking and optimisation (inlined code counts for its caller).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bitcode/bitcode.h"
#include "unilink_abi.h"

#define COMPONENT_KIND "unilink.component"

/* The first path element of s (up to a character of stop), as out. */
static void first_element(const char *s, const char *stop, char *out,
			  size_t size)
{
	size_t n = strcspn(s, stop);

	if (n >= size)
		n = size - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* The last occurrence of needle in s, or NULL. */
static const char *last_of(const char *s, const char *needle)
{
	const char *hit = NULL, *p = s;

	while ((p = strstr(p, needle)) != NULL)
		hit = p++;
	return hit;
}

/* A file of the image's code: under rt/ or common/. */
static int in_image_code(const char *source)
{
	return last_of(source, "/rt/") != NULL ||
	       last_of(source, "/common/") != NULL;
}

/* rt/dns/, rt/http/, rt/www/ (or common/dns/, ...): the servers. */
static const char *server_of(const char *source)
{
	static const char *const servers[] = {"dns", "http", "www", "openflow"};
	static const char *const tops[] = {"rt", "common"};
	char dir[32];

	for (size_t i = 0; i < sizeof(servers) / sizeof(servers[0]); i++)
		for (size_t t = 0; t < sizeof(tops) / sizeof(tops[0]); t++) {
			snprintf(dir, sizeof(dir), "/%s/%s/", tops[t],
				 servers[i]);
			if (last_of(source, dir) != NULL)
				return servers[i];
		}
	return NULL;
}

void unilink_component_of(const char *source, int app, char *out, size_t size)
{
	const char *p;
	char name[128];

	if (strstr(source, ".data.") || strstr(source, "uni-data")) {
		snprintf(out, size, "data");
	} else if (app) {
		snprintf(out, size, "app");
	} else if ((p = last_of(source, "/drivers/")) != NULL) {
		first_element(p + 9, "/.", name, sizeof(name));
		snprintf(out, size, "driver:%s", name);
	} else if ((p = last_of(source, "/rt/net/")) != NULL) {
		p += 8;
		if (!strncmp(p, "wire/", 5))
			p += 5;
		first_element(p, "/._", name, sizeof(name));
		snprintf(out, size, "protocol:%s", name);
	} else if ((p = server_of(source)) != NULL) {
		snprintf(out, size, "server:%s", p);
	} else if (in_image_code(source)) {
		snprintf(out, size, "rt");
	} else {
		snprintf(out, size, "app");
	}
}

static unsigned kind_id(LLVMContextRef ctx)
{
	return LLVMGetMDKindIDInContext(ctx, COMPONENT_KIND,
					strlen(COMPONENT_KIND));
}

static void tag(LLVMValueRef g, LLVMContextRef ctx, LLVMMetadataRef md)
{
	if (LLVMIsDeclaration(g))
		return;
	LLVMGlobalSetMetadata(g, kind_id(ctx), md);
}

void unilink_tag_module(LLVMModuleRef m, const char *component)
{
	LLVMContextRef ctx = LLVMGetModuleContext(m);
	LLVMMetadataRef str =
	    LLVMMDStringInContext2(ctx, component, strlen(component));
	LLVMMetadataRef md = LLVMMDNodeInContext2(ctx, &str, 1);

	for (LLVMValueRef f = LLVMGetFirstFunction(m); f;
	     f = LLVMGetNextFunction(f))
		tag(f, ctx, md);
	for (LLVMValueRef g = LLVMGetFirstGlobal(m); g;
	     g = LLVMGetNextGlobal(g))
		tag(g, ctx, md);
}

void unilink_tag_value(LLVMValueRef g, const char *component)
{
	LLVMContextRef ctx = LLVMGetModuleContext(LLVMGetGlobalParent(g));
	LLVMMetadataRef str =
	    LLVMMDStringInContext2(ctx, component, strlen(component));

	tag(g, ctx, LLVMMDNodeInContext2(ctx, &str, 1));
}

void unilink_untag_value(LLVMValueRef g)
{
	LLVMGlobalEraseMetadata(
	    g, kind_id(LLVMGetModuleContext(LLVMGetGlobalParent(g))));
}

const char *unilink_component_tag(LLVMValueRef g, char *buf, size_t size)
{
	LLVMContextRef ctx = LLVMGetModuleContext(LLVMGetGlobalParent(g));
	unsigned kind = kind_id(ctx);
	size_t n = 0;
	LLVMValueMetadataEntry *e = LLVMGlobalCopyAllMetadata(g, &n);
	const char *found = NULL;

	for (size_t i = 0; i < n && found == NULL; i++) {
		LLVMValueRef node, op;
		unsigned len;
		const char *s;

		if (LLVMValueMetadataEntriesGetKind(e, i) != kind)
			continue;
		node = LLVMMetadataAsValue(
		    ctx, LLVMValueMetadataEntriesGetMetadata(e, i));
		LLVMGetMDNodeOperands(node, &op);
		s = LLVMGetMDString(op, &len);
		if (s != NULL) {
			snprintf(buf, size, "%.*s", (int)len, s);
			found = buf;
		}
	}
	if (e != NULL)
		LLVMDisposeValueMetadataEntries(e);
	return found;
}

/* Whether name is the registered name of a UNI_PROTOCOL descriptor of m. */
static int is_protocol(LLVMModuleRef m, const char *name)
{
	size_t n;
	LLVMValueRef *g = unilink_abi_collect(m, UNI_SECTION_PROTOCOLS, &n);
	struct unilink_protocol_desc d;
	char err[UNILINK_ABI_ERR];
	int found = 0;

	for (size_t i = 0; i < n && !found; i++) {
		found = unilink_abi_protocol(g[i], &d, err) == 0 &&
			strcmp(d.name, name) == 0;
		unilink_abi_protocol_free(&d);
	}
	free(g);
	return found;
}

static void fixup_one(LLVMModuleRef m, LLVMValueRef g, LLVMMetadataRef net)
{
	char buf[160];
	const char *c = unilink_component_tag(g, buf, sizeof(buf));

	if (c && !strncmp(c, "protocol:", 9) && !is_protocol(m, c + 9))
		LLVMGlobalSetMetadata(g, kind_id(LLVMGetModuleContext(m)), net);
}

/*
 * rt/net/ also holds the stack's shared parts (the interface, checksums,
 * its config keys): a file is a protocol only when a protocol of that name
 * is registered with UNI_PROTOCOL; the others are "net".
 */
void unilink_component_fixup(LLVMModuleRef m)
{
	LLVMContextRef ctx = LLVMGetModuleContext(m);
	LLVMMetadataRef str = LLVMMDStringInContext2(ctx, "net", 3);
	LLVMMetadataRef net = LLVMMDNodeInContext2(ctx, &str, 1);

	for (LLVMValueRef f = LLVMGetFirstFunction(m); f;
	     f = LLVMGetNextFunction(f))
		fixup_one(m, f, net);
	for (LLVMValueRef g = LLVMGetFirstGlobal(m); g;
	     g = LLVMGetNextGlobal(g))
		fixup_one(m, g, net);
}

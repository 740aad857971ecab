/* SPDX-License-Identifier: ISC */
/*
 * IR helpers shared by the passes: finding descriptors by section, reading
 * constant strings and struct fields, rebuilding llvm.used and
 * llvm.compiler.used, deleting a global without leaving a dead constant that
 * still points at it, and the !unilink.* named metadata.
 *
 * Invariant: a global is only deleted once nothing live uses it; dead
 * constant users (an old used-array) are first pointed at poison, because
 * the C API has no removeDeadConstantUsers() and deleting a global that has
 * uses leaves dangling operands behind.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void vals_push(struct vals *a, LLVMValueRef v)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 16;
		a->v = xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	a->v[a->n++] = v;
}

bool vals_has(const struct vals *a, LLVMValueRef v)
{
	size_t i;

	for (i = 0; a != NULL && i < a->n; i++)
		if (a->v[i] == v)
			return true;
	return false;
}

void vals_free(struct vals *a)
{
	free(a->v);
	a->v = NULL;
	a->n = a->cap = 0;
}

void collect_section(LLVMModuleRef m, const char *name, struct vals *out)
{
	LLVMValueRef g;
	const char *sec;

	for (g = LLVMGetFirstGlobal(m); g != NULL; g = LLVMGetNextGlobal(g)) {
		sec = LLVMGetSection(g);
		if (sec != NULL && strcmp(sec, name) == 0)
			vals_push(out, g);
	}
}

LLVMValueRef const_base_global(LLVMValueRef v)
{
	while (v != NULL && LLVMIsAConstantExpr(v) &&
	       (LLVMGetConstOpcode(v) == LLVMBitCast ||
		LLVMGetConstOpcode(v) == LLVMAddrSpaceCast))
		v = LLVMGetOperand(v, 0);
	if (v != NULL && LLVMIsAGlobalValue(v))
		return v;
	return NULL;
}

/* The byte offset of a constant GEP into a string, or -1. */
static long gep_offset(LLVMValueRef gep)
{
	LLVMTypeRef t = LLVMGetGEPSourceElementType(gep);
	unsigned n = (unsigned)LLVMGetNumOperands(gep);
	LLVMValueRef last = LLVMGetOperand(gep, n - 1);

	if (!LLVMIsAConstantInt(last))
		return -1;
	if (n == 2 && LLVMGetTypeKind(t) == LLVMIntegerTypeKind &&
	    LLVMGetIntTypeWidth(t) == 8)
		return (long)LLVMConstIntGetSExtValue(last);
	if (n == 3 && LLVMGetTypeKind(t) == LLVMArrayTypeKind &&
	    LLVMIsAConstantInt(LLVMGetOperand(gep, 1)) &&
	    LLVMConstIntGetZExtValue(LLVMGetOperand(gep, 1)) == 0)
		return (long)LLVMConstIntGetSExtValue(last);
	return -1;
}

/* The bytes of a string global's initializer up to the first NUL. */
static char *global_cstring(LLVMValueRef g, long offset)
{
	LLVMValueRef init = LLVMGetInitializer(g);
	const char *s;
	size_t len, n;

	if (init == NULL || offset < 0)
		return NULL;
	if (LLVMIsAConstantAggregateZero(init))
		return xstrdup("");
	if (!LLVMIsAConstantDataSequential(init) || !LLVMIsConstantString(init))
		return NULL;
	s = LLVMGetAsString(init, &len);
	if ((size_t)offset > len)
		return NULL;
	s += offset;
	len -= (size_t)offset;
	for (n = 0; n < len && s[n] != '\0'; n++)
		;
	return xstrndup(s, n);
}

char *const_cstring(LLVMValueRef v, bool *ok)
{
	LLVMValueRef base;
	char *s;

	*ok = true;
	if (v == NULL || LLVMIsNull(v))
		return NULL;
	base = const_base_global(v);
	if (base != NULL && LLVMIsAGlobalVariable(base))
		s = global_cstring(base, 0);
	else if (LLVMIsAConstantExpr(v) &&
		 LLVMGetConstOpcode(v) == LLVMGetElementPtr &&
		 (base = const_base_global(LLVMGetOperand(v, 0))) != NULL &&
		 LLVMIsAGlobalVariable(base))
		s = global_cstring(base, gep_offset(v));
	else
		s = NULL;
	*ok = s != NULL;
	return s;
}

bool has_live_use(LLVMValueRef v, const struct vals *ignore)
{
	LLVMUseRef u;
	LLVMValueRef user;

	for (u = LLVMGetFirstUse(v); u != NULL; u = LLVMGetNextUse(u)) {
		user = LLVMGetUser(u);
		if (LLVMIsAInstruction(user))
			return true;
		if (LLVMIsAGlobalValue(user)) {
			if (!vals_has(ignore, user))
				return true;
			continue;
		}
		if (has_live_use(user, ignore))
			return true;
	}
	return false;
}

/* Replace the appending array name by one holding elems (none: no array). */
static void used_rebuild(LLVMModuleRef m, LLVMValueRef old, const char *name,
			 LLVMTypeRef elty, const struct vals *elems)
{
	LLVMTypeRef aty = LLVMArrayType2(elty, elems->n);
	LLVMValueRef g;

	if (old != NULL)
		LLVMSetValueName2(old, "unilink.old.used", 16);
	if (elems->n > 0) {
		g = LLVMAddGlobal(m, aty, name);
		LLVMSetLinkage(g, LLVMAppendingLinkage);
		LLVMSetSection(g, "llvm.metadata");
		LLVMSetInitializer(g,
				   LLVMConstArray2(elty, elems->v, elems->n));
	}
	if (old != NULL)
		LLVMDeleteGlobal(old);
}

/* The elements of an appending array, minus those whose global is in gone. */
static bool used_elements(LLVMValueRef g, const struct vals *gone,
			  struct vals *keep)
{
	LLVMValueRef init = g != NULL ? LLVMGetInitializer(g) : NULL;
	LLVMValueRef el;
	bool dropped = false;
	int i, n;

	if (init == NULL || !LLVMIsAConstantArray(init))
		return false;
	n = LLVMGetNumOperands(init);
	for (i = 0; i < n; i++) {
		el = LLVMGetOperand(init, i);
		if (vals_has(gone, const_base_global(el)))
			dropped = true;
		else
			vals_push(keep, el);
	}
	return dropped;
}

static LLVMTypeRef ptr_type(LLVMModuleRef m)
{
	return LLVMPointerTypeInContext(LLVMGetModuleContext(m), 0);
}

void used_remove(LLVMModuleRef m, const struct vals *gone)
{
	static const char *const arrays[] = {"llvm.used", "llvm.compiler.used"};
	struct vals keep = {0};
	LLVMValueRef g;
	size_t i;

	for (i = 0; i < 2; i++) {
		g = LLVMGetNamedGlobal(m, arrays[i]);
		keep.n = 0;
		if (used_elements(g, gone, &keep))
			used_rebuild(m, g, arrays[i], ptr_type(m), &keep);
	}
	vals_free(&keep);
}

void used_add(LLVMModuleRef m, const char *array, const struct vals *add)
{
	LLVMValueRef g = LLVMGetNamedGlobal(m, array);
	struct vals all = {0};
	size_t i;

	used_elements(g, NULL, &all);
	for (i = 0; i < add->n; i++)
		vals_push(&all, add->v[i]);
	used_rebuild(m, g, array, ptr_type(m), &all);
	vals_free(&all);
}

bool delete_global(LLVMValueRef g)
{
	if (has_live_use(g, NULL))
		return false;
	if (LLVMGetFirstUse(g) != NULL)
		LLVMReplaceAllUsesWith(g, LLVMGetPoison(LLVMTypeOf(g)));
	LLVMDeleteGlobal(g);
	return true;
}

size_t delete_descriptors(LLVMModuleRef m, const struct vals *descs, bool *kept)
{
	size_t i, n = 0;
	bool k;

	used_remove(m, descs);
	for (i = 0; i < descs->n; i++) {
		k = !delete_global(descs->v[i]);
		n += k;
		if (kept != NULL)
			kept[i] = k;
	}
	return n;
}

/* Operand i of a named metadata node's MDNode operand as a string. */
static char *md_operand_string(LLVMValueRef node, unsigned i)
{
	unsigned n = LLVMGetMDNodeNumOperands(node), len;
	LLVMValueRef *ops;
	const char *s;
	char *out = NULL;

	if (i >= n)
		return NULL;
	ops = xcalloc(n, sizeof(*ops));
	LLVMGetMDNodeOperands(node, ops);
	s = ops[i] != NULL ? LLVMGetMDString(ops[i], &len) : NULL;
	if (s != NULL)
		out = xstrndup(s, len);
	free(ops);
	return out;
}

/* The operands of named metadata name; *n of them, to be freed. */
static LLVMValueRef *named_md(LLVMModuleRef m, const char *name, unsigned *n)
{
	LLVMValueRef *ops;

	*n = LLVMGetNamedMetadataNumOperands(m, name);
	ops = xcalloc(*n, sizeof(*ops));
	if (*n > 0)
		LLVMGetNamedMetadataOperands(m, name, ops);
	return ops;
}

static void add_md_strings(LLVMModuleRef m, const char *name,
			   const char *const *strs, unsigned n)
{
	LLVMContextRef ctx = LLVMGetModuleContext(m);
	LLVMMetadataRef mds[4];
	unsigned i;

	for (i = 0; i < n && i < 4; i++)
		mds[i] = LLVMMDStringInContext2(ctx, strs[i], strlen(strs[i]));
	LLVMAddNamedMetadataOperand(
	    m, name,
	    LLVMMetadataAsValue(ctx, LLVMMDNodeInContext2(ctx, mds, n)));
}

/*
 * !unilink.specialized: one node !{pass, scope, hash} per run that changed
 * or decided the module. A node of one operand (an older plugin) is a
 * whole-program run of an unknown configuration.
 */
size_t pass_records(LLVMModuleRef m, struct pass_record **out)
{
	unsigned n, i;
	LLVMValueRef *ops = named_md(m, "unilink.specialized", &n);
	struct pass_record *p = xcalloc(n, sizeof(*p));
	size_t k = 0;

	for (i = 0; i < n; i++) {
		p[k].pass = md_operand_string(ops[i], 0);
		if (p[k].pass == NULL)
			continue;
		p[k].scope = md_operand_string(ops[i], 1);
		p[k].hash = md_operand_string(ops[i], 2);
		if (p[k].scope == NULL)
			p[k].scope = xstrdup(SCOPE_PROGRAM);
		k++;
	}
	free(ops);
	*out = p;
	return k;
}

void pass_records_free(struct pass_record *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(p[i].pass);
		free(p[i].scope);
		free(p[i].hash);
	}
	free(p);
}

void mark_pass_run(LLVMModuleRef m, const char *pass, const char *scope,
		   const char *hash)
{
	const char *strs[3] = {pass, scope, hash};
	struct pass_record *p;
	size_t n = pass_records(m, &p), i;
	bool found = false;

	for (i = 0; i < n && !found; i++)
		found = strcmp(p[i].pass, pass) == 0 &&
			strcmp(p[i].scope, scope) == 0 && p[i].hash != NULL &&
			strcmp(p[i].hash, hash) == 0;
	pass_records_free(p, n);
	if (!found)
		add_md_strings(m, "unilink.specialized", strs, 3);
}

void config_record(LLVMModuleRef m, const char *key, const char *value,
		   const char *origin, const char *global)
{
	const char *strs[4] = {key, value, origin, global};

	add_md_strings(m, "unilink.config", strs, 4);
}

size_t config_records(LLVMModuleRef m, struct folded_key **out)
{
	unsigned n, i;
	LLVMValueRef *ops = named_md(m, "unilink.config", &n);
	struct folded_key *f = xcalloc(n, sizeof(*f));
	size_t k = 0;

	for (i = 0; i < n; i++) {
		f[k].key = md_operand_string(ops[i], 0);
		f[k].value = md_operand_string(ops[i], 1);
		f[k].origin = md_operand_string(ops[i], 2);
		f[k].global = md_operand_string(ops[i], 3);
		if (f[k].key != NULL && f[k].value != NULL) {
			k++;
			continue;
		}
		free(f[k].key);
		free(f[k].value);
		free(f[k].origin);
		free(f[k].global);
	}
	free(ops);
	*out = f;
	return k;
}

void config_records_free(struct folded_key *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(f[i].key);
		free(f[i].value);
		free(f[i].origin);
		free(f[i].global);
	}
	free(f);
}

/* SPDX-License-Identifier: ISC */
/*
 * Liveness of a module's global values, for protocol-prune: which
 * functions and globals are reachable from the roots, and which of them a
 * live value refers to. A reference is any operand of an instruction of a
 * live function in a block that can run (reachable.c), anything in a live
 * global's initializer or an alias's aliasee, followed through constant
 * expressions and aggregates.
 *
 * Roots: the members of the appending arrays (llvm.used,
 * llvm.compiler.used, llvm.global_ctors ...) except the "tables" (the
 * descriptors being decided); and, unless the module is a whole program
 * (it will be internalized keeping only llvm.used), every externally
 * visible definition that is not a table.
 *
 * Membership of llvm.used keeps a value live but is not a reference, and a
 * table's initializer makes its targets live without referring to them:
 * "referenced" means that live code names the value.
 *
 * Invariant: live and referenced only grow; adding a root propagates at
 * once, so the sets are always closed under references.
 *
 * The reference walker underneath (unilink_references, public) is also
 * the one that draws `unilink why`'s reference graph.
 */
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"

/* g is live; counts: a live value (not a table, not llvm.used) names it. */
static void mark(struct live *l, LLVMValueRef g, bool counts)
{
	if (counts)
		valset_add(&l->referenced, g);
	if (valset_add(&l->live, g))
		vals_push(&l->work, g);
}

/*
 * The reference walker: fn for every global value that c names, directly
 * or inside constants (each constant is entered once per seen set).
 */
static void refs_constant(LLVMValueRef c, struct valset *seen,
			  unilink_ref_fn fn, void *ctx)
{
	int i, n;

	if (c == NULL)
		return;
	if (LLVMIsAGlobalValue(c)) {
		fn(ctx, c);
		return;
	}
	if (!LLVMIsAConstant(c) || !valset_add(seen, c))
		return;
	n = LLVMGetNumOperands(c);
	for (i = 0; i < n; i++)
		refs_constant(LLVMGetOperand(c, i), seen, fn, ctx);
}

static void refs_function(LLVMValueRef fn_, struct valset *seen,
			  unilink_ref_fn fn, void *ctx)
{
	struct valset runs = {0};
	LLVMBasicBlockRef bb;
	LLVMValueRef in;
	int i, n;

	if (LLVMHasPersonalityFn(fn_))
		refs_constant(LLVMGetPersonalityFn(fn_), seen, fn, ctx);
	reachable_blocks(fn_, &runs);
	for (bb = LLVMGetFirstBasicBlock(fn_); bb != NULL;
	     bb = LLVMGetNextBasicBlock(bb)) {
		if (!valset_has(&runs, LLVMBasicBlockAsValue(bb)))
			continue; /* cannot run: its references do not count */
		for (in = LLVMGetFirstInstruction(bb); in != NULL;
		     in = LLVMGetNextInstruction(in)) {
			n = LLVMGetNumOperands(in);
			for (i = 0; i < n; i++)
				refs_constant(LLVMGetOperand(in, i), seen, fn,
					      ctx);
		}
	}
	valset_free(&runs);
}

/* What g refers to: its code, its initializer or its aliasee. */
static void refs_global(LLVMValueRef g, struct valset *seen, unilink_ref_fn fn,
			void *ctx)
{
	if (LLVMIsAFunction(g))
		refs_function(g, seen, fn, ctx);
	else if (LLVMIsAGlobalVariable(g))
		refs_constant(LLVMGetInitializer(g), seen, fn, ctx);
	else if (LLVMIsAGlobalAlias(g))
		refs_constant(LLVMAliasGetAliasee(g), seen, fn, ctx);
}

void unilink_references(LLVMValueRef g, unilink_ref_fn fn, void *ctx)
{
	struct valset seen = {0};

	refs_global(g, &seen, fn, ctx);
	valset_free(&seen);
}

/* A walk of liveness: what it finds is live, and referenced if counts. */
struct marking {
	struct live *l;
	bool counts;
};

static void mark_ref(void *ctx, LLVMValueRef g)
{
	struct marking *mk = ctx;

	mark(mk->l, g, mk->counts);
}

/* What the live value g refers to. */
static void walk(struct live *l, LLVMValueRef g)
{
	struct marking mk = {l, !vals_has(l->tables, g)};

	refs_global(g, &l->walked[mk.counts], mark_ref, &mk);
}

/* The global values constant c names, as roots (not references). */
static void walk_constant(struct live *l, LLVMValueRef c, bool counts)
{
	struct marking mk = {l, counts};

	refs_constant(c, &l->walked[counts], mark_ref, &mk);
}

static void propagate(struct live *l)
{
	while (l->work.n > 0)
		walk(l, l->work.v[--l->work.n]);
}

/* The members of an appending array are roots, except the tables. */
static void root_array(struct live *l, LLVMValueRef arr)
{
	LLVMValueRef init = LLVMGetInitializer(arr), el;
	int i, n;

	if (init == NULL || !LLVMIsAConstantArray(init))
		return;
	n = LLVMGetNumOperands(init);
	for (i = 0; i < n; i++) {
		el = LLVMGetOperand(init, i);
		if (!vals_has(l->tables, const_base_global(el)))
			walk_constant(l, el, false);
	}
}

/* A definition that code outside the module may use. */
static bool exported(LLVMValueRef g)
{
	switch (LLVMGetLinkage(g)) {
	case LLVMInternalLinkage:
	case LLVMPrivateLinkage:
	case LLVMLinkOnceAnyLinkage:
	case LLVMLinkOnceODRLinkage:
	case LLVMAvailableExternallyLinkage:
	case LLVMAppendingLinkage:
		return false;
	default:
		return !LLVMIsDeclaration(g);
	}
}

static void root_value(struct live *l, LLVMValueRef g, bool whole_program)
{
	if (LLVMGetLinkage(g) == LLVMAppendingLinkage)
		root_array(l, g);
	else if (!whole_program && exported(g) && !vals_has(l->tables, g))
		mark(l, g, false);
}

void live_init(struct live *l, LLVMModuleRef m, const struct vals *tables,
	       bool whole_program)
{
	LLVMValueRef g;

	*l = (struct live){.tables = tables};
	for (g = LLVMGetFirstGlobal(m); g != NULL; g = LLVMGetNextGlobal(g))
		root_value(l, g, whole_program);
	for (g = LLVMGetFirstFunction(m); g != NULL; g = LLVMGetNextFunction(g))
		root_value(l, g, whole_program);
	for (g = LLVMGetFirstGlobalAlias(m); g != NULL;
	     g = LLVMGetNextGlobalAlias(g))
		root_value(l, g, whole_program);
	propagate(l);
}

void live_add(struct live *l, LLVMValueRef g)
{
	mark(l, g, false);
	propagate(l);
}

bool live_has(const struct live *l, LLVMValueRef g)
{
	return valset_has(&l->live, g);
}

bool live_referenced(const struct live *l, LLVMValueRef g)
{
	return valset_has(&l->referenced, g);
}

void live_free(struct live *l)
{
	valset_free(&l->live);
	valset_free(&l->referenced);
	valset_free(&l->walked[0]);
	valset_free(&l->walked[1]);
	vals_free(&l->work);
}

/* The global values whose body or initializer uses v, added to out. */
static void referrers_of(LLVMValueRef v, struct valset *seen, struct vals *out)
{
	LLVMUseRef u;
	LLVMValueRef user, owner;

	for (u = LLVMGetFirstUse(v); u != NULL; u = LLVMGetNextUse(u)) {
		user = LLVMGetUser(u);
		owner = NULL;
		if (LLVMIsAInstruction(user))
			owner = LLVMGetBasicBlockParent(
			    LLVMGetInstructionParent(user));
		else if (LLVMIsAGlobalValue(user))
			owner = user;
		else if (valset_add(seen, user))
			referrers_of(user, seen, out);
		if (owner != NULL && !vals_has(out, owner))
			vals_push(out, owner);
	}
}

void live_referrers(const struct live *l, LLVMValueRef g, bool live,
		    struct vals *out)
{
	struct vals all = {0};
	struct valset seen = {0};
	size_t i;

	referrers_of(g, &seen, &all);
	for (i = 0; i < all.n; i++)
		if (LLVMGetLinkage(all.v[i]) != LLVMAppendingLinkage &&
		    !vals_has(l->tables, all.v[i]) &&
		    live_has(l, all.v[i]) == live)
			vals_push(out, all.v[i]);
	valset_free(&seen);
	vals_free(&all);
}

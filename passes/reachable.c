/* SPDX-License-Identifier: ISC */
/*
 * The blocks of a function that can run once the configuration is folded.
 * config-fold makes a key's global constant but leaves its loads and
 * branches for the optimiser, so `if (UNI_CFG_VAR(dns, tcp)) tcp_listen()`
 * still names tcp_listen in a block that can never run. protocol-prune
 * decides before the optimiser, so liveness asks here which blocks are
 * reachable from the entry when a conditional branch on a condition that
 * folds to a constant follows only its taken edge.
 *
 * The folding is deliberately small: integer constants, loads of constant
 * globals with an integer initializer, casts (trunc, zext, sext), integer
 * compares and xor. Anything else is "unknown" and both edges count, so a
 * block is skipped only when it provably cannot run.
 */
#include <stdbool.h>
#include <stdint.h>

#include "internal.h"

#define FOLD_DEPTH 8 /* how far back a condition is followed */

/* v as a constant integer (sign-extended into *out), if it folds to one. */
static bool fold_int(LLVMValueRef v, int64_t *out, int depth)
{
	LLVMValueRef p, init;
	int64_t a, b;
	unsigned bits;

	if (v == NULL || depth > FOLD_DEPTH)
		return false;
	if (LLVMIsAConstantInt(v)) {
		*out = LLVMConstIntGetSExtValue(v);
		return true;
	}
	if (!LLVMIsAInstruction(v) ||
	    LLVMGetTypeKind(LLVMTypeOf(v)) != LLVMIntegerTypeKind)
		return false;
	bits = LLVMGetIntTypeWidth(LLVMTypeOf(v));
	if (bits > 64)
		return false;
	switch (LLVMGetInstructionOpcode(v)) {
	case LLVMLoad:
		p = LLVMGetOperand(v, 0);
		if (!LLVMIsAGlobalVariable(p) || !LLVMIsGlobalConstant(p) ||
		    LLVMGetVolatile(v))
			return false;
		init = LLVMGetInitializer(p);
		if (init == NULL || !LLVMIsAConstantInt(init) ||
		    LLVMTypeOf(init) != LLVMTypeOf(v))
			return false;
		*out = LLVMConstIntGetSExtValue(init);
		return true;
	case LLVMTrunc:
	case LLVMSExt:
		if (!fold_int(LLVMGetOperand(v, 0), &a, depth + 1))
			return false;
		if (bits < 64) /* keep the low bits, sign-extended */
			a = (int64_t)((uint64_t)a << (64 - bits)) >>
			    (64 - bits);
		*out = a;
		return true;
	case LLVMZExt: {
		LLVMValueRef src = LLVMGetOperand(v, 0);
		unsigned sb = LLVMGetIntTypeWidth(LLVMTypeOf(src));

		if (!fold_int(src, &a, depth + 1))
			return false;
		*out =
		    sb >= 64 ? a : (int64_t)((uint64_t)a & ((1ULL << sb) - 1));
		return true;
	}
	case LLVMXor:
		if (!fold_int(LLVMGetOperand(v, 0), &a, depth + 1) ||
		    !fold_int(LLVMGetOperand(v, 1), &b, depth + 1))
			return false;
		*out = a ^ b;
		if (bits < 64)
			*out = (int64_t)((uint64_t)*out << (64 - bits)) >>
			       (64 - bits);
		return true;
	case LLVMICmp: {
		uint64_t ua, ub, mask;
		LLVMValueRef l = LLVMGetOperand(v, 0);
		unsigned ob;

		if (LLVMGetTypeKind(LLVMTypeOf(l)) != LLVMIntegerTypeKind ||
		    !fold_int(l, &a, depth + 1) ||
		    !fold_int(LLVMGetOperand(v, 1), &b, depth + 1))
			return false;
		ob = LLVMGetIntTypeWidth(LLVMTypeOf(l));
		mask = ob >= 64 ? UINT64_MAX : (1ULL << ob) - 1;
		ua = (uint64_t)a & mask;
		ub = (uint64_t)b & mask;
		switch (LLVMGetICmpPredicate(v)) {
		case LLVMIntEQ:
			*out = ua == ub;
			break;
		case LLVMIntNE:
			*out = ua != ub;
			break;
		case LLVMIntUGT:
			*out = ua > ub;
			break;
		case LLVMIntUGE:
			*out = ua >= ub;
			break;
		case LLVMIntULT:
			*out = ua < ub;
			break;
		case LLVMIntULE:
			*out = ua <= ub;
			break;
		case LLVMIntSGT:
			*out = a > b;
			break;
		case LLVMIntSGE:
			*out = a >= b;
			break;
		case LLVMIntSLT:
			*out = a < b;
			break;
		case LLVMIntSLE:
			*out = a <= b;
			break;
		default:
			return false;
		}
		*out = *out ? -1 : 0; /* an i1 true, sign-extended */
		return true;
	}
	default:
		return false;
	}
}

void reachable_blocks(LLVMValueRef fn, struct valset *out)
{
	struct vals work = {0};
	LLVMBasicBlockRef bb;
	LLVMValueRef term, v;
	int64_t c;
	unsigned i, n;
	int taken;

	if (LLVMCountBasicBlocks(fn) == 0)
		return;
	v = LLVMBasicBlockAsValue(LLVMGetEntryBasicBlock(fn));
	valset_add(out, v);
	vals_push(&work, v);
	while (work.n > 0) {
		bb = LLVMValueAsBasicBlock(work.v[--work.n]);
		term = LLVMGetBasicBlockTerminator(bb);
		if (term == NULL)
			continue;
		n = LLVMGetNumSuccessors(term);
		taken = -1; /* successor 0 of a br is its true edge */
		if (LLVMGetInstructionOpcode(term) == LLVMBr &&
		    LLVMIsConditional(term) &&
		    fold_int(LLVMGetCondition(term), &c, 0))
			taken = c != 0 ? 0 : 1;
		for (i = 0; i < n; i++) {
			if (taken >= 0 && (int)i != taken)
				continue;
			v = LLVMBasicBlockAsValue(LLVMGetSuccessor(term, i));
			if (valset_add(out, v))
				vals_push(&work, v);
		}
	}
	vals_free(&work);
}

/* SPDX-License-Identifier: ISC */
/*
 * A set of LLVM values (functions, globals, blocks as values): open
 * addressing on the pointer, grown at half full. The passes' liveness and
 * the reachable blocks of a function both keep their sets here.
 */
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"

static size_t slot_of(LLVMValueRef v, size_t cap)
{
	uintptr_t h = (uintptr_t)v;

	h ^= h >> 17;
	h *= (uintptr_t)0x9e3779b97f4a7c15ULL;
	return (size_t)(h >> 7) & (cap - 1);
}

static void valset_grow(struct valset *s)
{
	LLVMValueRef *old = s->slot;
	size_t oldcap = s->cap, i, j;

	s->cap = oldcap ? 2 * oldcap : 256;
	s->slot = xcalloc(s->cap, sizeof(*s->slot));
	for (i = 0; i < oldcap; i++) {
		if (old[i] == NULL)
			continue;
		for (j = slot_of(old[i], s->cap); s->slot[j] != NULL;
		     j = (j + 1) & (s->cap - 1))
			;
		s->slot[j] = old[i];
	}
	free(old);
}

bool valset_add(struct valset *s, LLVMValueRef v)
{
	size_t j;

	if (2 * (s->n + 1) > s->cap)
		valset_grow(s);
	for (j = slot_of(v, s->cap); s->slot[j] != NULL;
	     j = (j + 1) & (s->cap - 1))
		if (s->slot[j] == v)
			return false;
	s->slot[j] = v;
	s->n++;
	return true;
}

bool valset_has(const struct valset *s, LLVMValueRef v)
{
	size_t j;

	if (s->cap == 0)
		return false;
	for (j = slot_of(v, s->cap); s->slot[j] != NULL;
	     j = (j + 1) & (s->cap - 1))
		if (s->slot[j] == v)
			return true;
	return false;
}

void valset_free(struct valset *s)
{
	free(s->slot);
	s->slot = NULL;
	s->n = s->cap = 0;
}

/* SPDX-License-Identifier: ISC */
/*
 * Symbol names and backtraces. The function table is the one uni-symtab
 * embedded at link time (boot/symtab_format.h); in the first link of an
 * image it is empty and names print as "?". A backtrace follows the
 * frame-pointer chain (the library OS is built with frame pointers), and
 * trusts a frame only if it lies inside one of the stacks.
 */
#include <stdbool.h>
#include <stdio.h>

#include "boot/internal.h"
#include "boot/symtab_format.h"
#include "uni/boot.h"

#define BACKTRACE_MAX_FRAMES 32

static const struct uni_symtab_header *symtab_header(void)
{
	const struct uni_symtab_header *h =
	    (const struct uni_symtab_header *)__uni_symtab_start;
	uint64_t avail = (uint64_t)(__uni_symtab_end - __uni_symtab_start);

	if (avail < sizeof(*h) || h->magic != UNI_SYMTAB_MAGIC)
		return NULL;
	if (avail < sizeof(*h) +
			(uint64_t)h->count * sizeof(struct uni_symtab_entry) +
			h->strings_size)
		return NULL;
	return h;
}

/* The last entry whose address is <= addr, or NULL. */
static const struct uni_symtab_entry *
symtab_find(const struct uni_symtab_header *h, uint64_t addr)
{
	const struct uni_symtab_entry *e =
	    (const struct uni_symtab_entry *)(h + 1);
	uint32_t lo = 0, hi = h->count;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (e[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo == 0 ? NULL : &e[lo - 1];
}

/* Out of line: Os inlined the search into both of its callers. */
__attribute__((noinline)) const char *uni_symbol_name(uint64_t addr,
						      uint64_t *offset)
{
	const struct uni_symtab_header *h = symtab_header();
	const struct uni_symtab_entry *e;
	const char *strings;

	*offset = 0;
	if (h == NULL || (e = symtab_find(h, addr)) == NULL)
		return "?";
	if (addr - e->addr >= e->size && e->size != 0)
		return "?";
	if (e->name >= h->strings_size)
		return "?";
	strings =
	    (const char *)((const struct uni_symtab_entry *)(h + 1) + h->count);
	*offset = addr - e->addr;
	return strings + e->name;
}

struct stack_range {
	const char *name;
	const char *guard, *bottom, *top;
};

static const struct stack_range stacks[] = {
    {"boot", uni_boot_stack_guard, uni_boot_stack_bottom, uni_boot_stack_top},
    {"exception", uni_trap_stack_guard, uni_trap_stack_bottom,
     uni_trap_stack_top},
};

#define NR_STACKS (sizeof(stacks) / sizeof(stacks[0]))

const char *uni_stack_guard_name(uint64_t addr)
{
	unsigned i;

	for (i = 0; i < NR_STACKS; i++) {
		uint64_t g = (uint64_t)(uintptr_t)stacks[i].guard;

		if (addr >= g && addr < g + UNI_GUARD_SIZE)
			return stacks[i].name;
	}
	return NULL;
}

bool uni_stack_contains(uint64_t addr, uint64_t len)
{
	unsigned i;

	for (i = 0; i < NR_STACKS; i++) {
		uint64_t b = (uint64_t)(uintptr_t)stacks[i].bottom;
		uint64_t t = (uint64_t)(uintptr_t)stacks[i].top;

		if (addr >= b && addr <= t && len <= t - addr)
			return true;
	}
	return false;
}

/* pc is exact (a faulting RIP) or a return address (after the call). */
static void print_frame(unsigned n, uint64_t pc, bool is_return)
{
	uint64_t off;
	const char *name = uni_symbol_name(is_return ? pc - 1 : pc, &off);

	if (is_return)
		off++;
	printf("  #%-2u %#018llx %s+0x%llx\n", n, (unsigned long long)pc, name,
	       (unsigned long long)off);
}

void uni_backtrace_from(uint64_t pc, uint64_t fp)
{
	unsigned n = 0;

	printf("backtrace:\n");
	if (pc != 0)
		print_frame(n++, pc, false);
	for (; n < BACKTRACE_MAX_FRAMES; n++) {
		const uint64_t *frame = (const uint64_t *)(uintptr_t)fp;

		if (fp == 0 || fp % 8 != 0 || !uni_stack_contains(fp, 16))
			return;
		if (frame[1] == 0)
			return;
		print_frame(n, frame[1], true);
		if (frame[0] <= fp)
			return; /* frames only go up the stack */
		fp = frame[0];
	}
	printf("  ... (more than %u frames)\n", BACKTRACE_MAX_FRAMES);
}

void uni_backtrace(uint64_t fp)
{
	uni_backtrace_from(0, fp);
}

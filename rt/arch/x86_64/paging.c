/* SPDX-License-Identifier: ISC */
/*
 * The page tables: an identity map built from the image layout and the
 * memory map. Usable RAM is RW- and no-execute, in the largest pages that
 * fit (1 GiB where the CPU has them, 2 MiB, 4 KiB at the edges); the image
 * by segment: text R-X, rodata R--, data and bss RW-, in 2 MiB pages too
 * where a whole large page has one right, so the tables do not grow with
 * the image; page 0 and the stack guard pages are not mapped at all.
 * Nothing is writable and executable.
 *
 * Every table comes from one pool of contiguous pages that the page
 * allocator hands out at boot, sized from the memory map by
 * uni_pt_pages_bound() (common/mem), so any image that fits in memory can
 * be mapped. uni_seal() makes the pool read-only, with the section
 * .uni_sealed (the IDT). After the seal CR0.WP makes read-only mean
 * read-only for the kernel too, and uni_map() refuses to change anything.
 */
#include <stdbool.h>
#include <string.h>

#include "boot/internal.h"
#include "hosted/hosted.h"
#include "mem/pt_bound.h"
#include "uni/boot.h"
#include "uni/cpu.h"
#include "uni/mm.h"
#include "uni/paging.h"

#define PAGE_SIZE 4096ULL
#define LARGE_SIZE (2ULL << 20)
#define HUGE_SIZE (1ULL << 30)
#define PML4E_SIZE (512ULL << 30)
#define PT_ENTRIES 512
/* The early map of entry.S: what the new tables may be written through. */
#define EARLY_MAP_END (4ULL << 30)

#define PTE_P (1ULL << 0)
#define PTE_W (1ULL << 1)
#define PTE_PWT (1ULL << 3)
#define PTE_PCD (1ULL << 4)
#define PTE_PS (1ULL << 7)
#define PTE_NX (1ULL << 63)
#define PTE_ADDR 0x000ffffffffff000ULL
#define PTE_LOW_FLAGS 0xfffULL

#define MSR_EFER 0xc0000080
#define EFER_NXE (1ULL << 11)
#define CR0_WP (1ULL << 16)
#define CPUID_EXT_PAGE1GB (1u << 26)

typedef uint64_t pt_page[PT_ENTRIES];

static pt_page *pool;
static uint64_t pool_pages, pool_used;
static uint64_t *pml4;
static uint64_t nx;	/* PTE_NX when EFER.NXE is on (entry.S), else 0 */
static bool huge_pages; /* the CPU has 1 GiB pages */
static bool sealed;

static uint64_t *pt_alloc(void)
{
	uint64_t *t;

	if (pool_used == pool_pages)
		uni_panic("page tables: all %llu pages of the pool are in use, "
			  "more than uni_pt_pages_bound() allows for this "
			  "memory map",
			  (unsigned long long)pool_pages);
	t = pool[pool_used++];
	memset(t, 0, sizeof(pt_page));
	return t;
}

static unsigned pt_index(uint64_t addr, unsigned shift)
{
	return (addr >> shift) & (PT_ENTRIES - 1);
}

/*
 * Replace a large page (size 2 MiB in a page directory, 1 GiB in a PDPT) by
 * a table of 512 smaller pages with the same rights.
 */
static uint64_t *split_large(uint64_t *e, uint64_t size)
{
	uint64_t step = size / PT_ENTRIES;
	uint64_t base = *e & PTE_ADDR & ~(size - 1);
	uint64_t flags = (*e & PTE_LOW_FLAGS & ~PTE_PS) | (*e & PTE_NX);
	uint64_t *t = pt_alloc();
	unsigned i;

	if (step != PAGE_SIZE)
		flags |= PTE_PS;
	for (i = 0; i < PT_ENTRIES; i++)
		t[i] = (base + i * step) | flags;
	*e = (uint64_t)(uintptr_t)t | PTE_P | PTE_W;
	return t;
}

/* The table entry *e (covering size bytes) points to, created if absent. */
static uint64_t *next_table(uint64_t *e, uint64_t size)
{
	uint64_t *t;

	if (*e & PTE_P)
		return *e & PTE_PS ? split_large(e, size)
				   : (uint64_t *)(uintptr_t)(*e & PTE_ADDR);
	t = pt_alloc();
	/* Upper levels allow everything; the last level decides. */
	*e = (uint64_t)(uintptr_t)t | PTE_P | PTE_W;
	return t;
}

/* The entries for addr at each level (the levels above are created). */
static uint64_t *pdpte_for(uint64_t addr)
{
	uint64_t *t = next_table(&pml4[pt_index(addr, 39)], PML4E_SIZE);

	return &t[pt_index(addr, 30)];
}

static uint64_t *pde_for(uint64_t addr)
{
	uint64_t *t = next_table(pdpte_for(addr), HUGE_SIZE);

	return &t[pt_index(addr, 21)];
}

static uint64_t *pte_for(uint64_t addr)
{
	uint64_t *t = next_table(pde_for(addr), LARGE_SIZE);

	return &t[pt_index(addr, 12)];
}

static bool fits(uint64_t a, uint64_t end, uint64_t size)
{
	return a % size == 0 && end - a >= size;
}

/* Make *e a large page at a, unless it already points to a table. */
static bool set_large(uint64_t *e, uint64_t a, uint64_t bits)
{
	if ((*e & PTE_P) && !(*e & PTE_PS))
		return false;
	*e = a | bits | PTE_PS;
	return true;
}

/*
 * Map the pages of [start, end) (end page-aligned) to themselves with the
 * given entry bits; with large_ok, in the largest pages that fit. An
 * unaligned start means its page: the low bits of an entry are flags.
 */
static void map_range(uint64_t start, uint64_t end, uint64_t bits,
		      bool large_ok)
{
	uint64_t a = start & ~(PAGE_SIZE - 1);

	while (a < end) {
		if (large_ok && huge_pages && fits(a, end, HUGE_SIZE) &&
		    set_large(pdpte_for(a), a, bits)) {
			a += HUGE_SIZE;
		} else if (large_ok && fits(a, end, LARGE_SIZE) &&
			   set_large(pde_for(a), a, bits)) {
			a += LARGE_SIZE;
		} else {
			*pte_for(a) = a | bits;
			a += PAGE_SIZE;
		}
	}
}

static uint64_t addr_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void map_ram(void)
{
	unsigned i;

	for (i = 0; i < uni_boot.nr_ram; i++) {
		uint64_t start = uni_boot.ram[i].base;
		uint64_t end = start + uni_boot.ram[i].size;

		start = (start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
		end &= ~(PAGE_SIZE - 1);
		if (start < PAGE_SIZE)
			start = PAGE_SIZE; /* page 0 stays unmapped */
		if (start < end)
			map_range(start, end, PTE_P | PTE_W | nx, true);
	}
}

/* Large pages inside each segment: the table count stays bounded. */
static void map_image(void)
{
	map_range(addr_of(__text_start), addr_of(__text_end), PTE_P, true);
	/* The rodata segment starts with the Xen notes, at __text_end. */
	map_range(addr_of(__text_end), addr_of(__rodata_end), PTE_P | nx, true);
	map_range(addr_of(__data_start), addr_of(__image_end),
		  PTE_P | PTE_W | nx, true);
	*pte_for(addr_of(uni_boot_stack_guard)) = 0;
	*pte_for(addr_of(uni_trap_stack_guard)) = 0;
}

/*
 * The pool, from the page allocator (the first free run, just past the
 * image); it is written through the early map, so it must lie below 4 GiB.
 */
static void pool_alloc(void)
{
	uint64_t end;

	pool_pages =
	    uni_pt_pages_bound(uni_boot.ram, uni_boot.nr_ram, huge_pages);
	/* pt_alloc() clears each table as it takes it. */
	pool = uni_page_alloc_uncleared(pool_pages);
	if (pool == NULL)
		uni_panic("page tables: no free run of %llu pages (%llu KiB) "
			  "for the tables of %llu KiB of RAM",
			  (unsigned long long)pool_pages,
			  (unsigned long long)(pool_pages * PAGE_SIZE >> 10),
			  (unsigned long long)(uni_boot.ram_total >> 10));
	end = addr_of(pool) + pool_pages * PAGE_SIZE;
	if (end > EARLY_MAP_END)
		uni_panic("page tables: the pool ends at %#llx, past the "
			  "early map (4 GiB)",
			  (unsigned long long)end);
}

void uni_paging_init(void)
{
	nx = rdmsr(MSR_EFER) & EFER_NXE ? PTE_NX : 0;
	huge_pages = cpuid(0x80000001, 0).edx & CPUID_EXT_PAGE1GB;
	pool_alloc();
	pml4 = pt_alloc();
	map_ram();
	map_image();
	write_cr3(addr_of(pml4));
}

static uint64_t map_bits(unsigned flags)
{
	uint64_t bits = PTE_P;

	if (flags & UNI_MAP_W)
		bits |= PTE_W;
	if (!(flags & UNI_MAP_X))
		bits |= nx;
	if (flags & UNI_MAP_UC)
		bits |= PTE_PCD | PTE_PWT;
	return bits;
}

int uni_map(uint64_t phys, uint64_t size, unsigned flags)
{
	uint64_t start = phys & ~(PAGE_SIZE - 1);
	uint64_t end = phys + size;

	if (sealed)
		uni_panic("uni_map(%#llx, %#llx): refused, the image is sealed "
			  "(no mapping may change after uni_seal)",
			  (unsigned long long)phys, (unsigned long long)size);
	if ((flags & UNI_MAP_W) && (flags & UNI_MAP_X))
		uni_panic("uni_map(%#llx, %#llx): writable and executable "
			  "together is refused (W^X)",
			  (unsigned long long)phys, (unsigned long long)size);
	if (pml4 == NULL)
		uni_panic("uni_map(%#llx, %#llx): called before "
			  "uni_paging_init",
			  (unsigned long long)phys, (unsigned long long)size);
	if (size == 0 || end < phys || end > UINT64_MAX - PAGE_SIZE)
		uni_panic("uni_map(%#llx, %#llx): the range is empty or wraps",
			  (unsigned long long)phys, (unsigned long long)size);
	end = (end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	map_range(start, end, map_bits(flags), false);
	write_cr3(read_cr3());
	return 0;
}

void uni_seal(void)
{
	uint64_t a, pool_end = addr_of(pool) + pool_pages * PAGE_SIZE;

	if (uni_boot_hosted()) {
		uni_hosted_seal(); /* a process has no page tables of its own */
		sealed = true;
		return;
	}
	for (a = addr_of(__uni_sealed_start); a < addr_of(__uni_sealed_end);
	     a += PAGE_SIZE)
		*pte_for(a) = a | PTE_P | nx;
	/* Tables taken here come from the pool, which this loop covers. */
	for (a = addr_of(pool); a < pool_end; a += PAGE_SIZE)
		*pte_for(a) = a | PTE_P | nx;
	write_cr0(read_cr0() | CR0_WP);
	write_cr3(read_cr3());
	sealed = true;
}

void uni_paging_counts(uint64_t *used, uint64_t *pool)
{
	*used = pool_used;
	*pool = pool_pages;
}

bool uni_paging_is_table(uint64_t addr)
{
	return pool != NULL && addr >= addr_of(pool) &&
	       addr - addr_of(pool) < pool_pages * PAGE_SIZE;
}

bool uni_sealed(void)
{
	return sealed;
}

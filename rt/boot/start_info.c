/* SPDX-License-Identifier: ISC */
/*
 * Reading the PVH start info (struct hvm_start_info, Xen's public header).
 * The loader is trusted to have put it below 4 GiB (all the early map
 * covers), but nothing else is taken on trust: the magic is checked, the
 * memory map and the command line are bounded and copied into uni_boot, so
 * the memory they came from may be reused.
 */
#include <stdint.h> /* before Xen's headers, which need it */
#include <stdio.h>
#include <string.h>
#include <xen/arch-x86/hvm/start_info.h>
#include <xen/xen.h>

#include "boot/internal.h"
#include "uni/boot.h"

#define EARLY_MAP_LIMIT (4ULL << 30)
#define CMDLINE_MAX 4096
#define MEMMAP_MAX_ENTRIES 128

static char cmdline[CMDLINE_MAX];

/* A physical range the early 4 GiB identity map covers, or stop. */
static const void *early_ptr(uint64_t paddr, uint64_t size, const char *what)
{
	if (paddr == 0 || paddr >= EARLY_MAP_LIMIT ||
	    size > EARLY_MAP_LIMIT - paddr)
		uni_panic("PVH start info: %s at %#llx (+%#llx) is not in the "
			  "first 4 GiB",
			  what, (unsigned long long)paddr,
			  (unsigned long long)size);
	return (const void *)(uintptr_t)paddr;
}

static void read_cmdline(uint64_t paddr)
{
	const char *s;
	size_t n;

	uni_boot.cmdline = cmdline;
	if (paddr == 0)
		return;
	s = early_ptr(paddr, 1, "the command line");
	n = strnlen(s, CMDLINE_MAX);
	if (n == CMDLINE_MAX)
		uni_panic("PVH start info: the command line is longer than "
			  "%d bytes",
			  CMDLINE_MAX - 1);
	memcpy(cmdline, s, n + 1);
}

static void add_ram(uint64_t base, uint64_t size)
{
	if (size == 0)
		return;
	if (uni_boot.nr_ram == UNI_MAX_RAM_RANGES) {
		printf("boot: memory map: more than %d RAM ranges; ignoring "
		       "%#llx (+%#llx)\n",
		       UNI_MAX_RAM_RANGES, (unsigned long long)base,
		       (unsigned long long)size);
		return;
	}
	uni_boot.ram[uni_boot.nr_ram].base = base;
	uni_boot.ram[uni_boot.nr_ram].size = size;
	uni_boot.nr_ram++;
	uni_boot.ram_total += size;
}

/* Entry i of a memory map; only RAM (type 1 in both formats) is kept. */
static void add_ram_entry(uint64_t addr, uint64_t size, uint32_t type,
			  unsigned i)
{
	if (type != XEN_HVM_MEMMAP_TYPE_RAM)
		return;
	if (addr + size < addr)
		uni_panic("memory map entry %u wraps: %#llx (+%#llx)", i,
			  (unsigned long long)addr, (unsigned long long)size);
	add_ram(addr, size);
}

/* Xen's PVH dom0 gets start info version 0: ask the hypervisor instead. */
static void read_xen_memmap(void)
{
	static struct uni_e820_entry e[MEMMAP_MAX_ENTRIES];
	int i, n;

	n = uni_xen_memory_map(e, MEMMAP_MAX_ENTRIES);
	if (n < 0)
		uni_panic("Xen: XENMEM_memory_map failed with error %d", n);
	for (i = 0; i < n; i++)
		add_ram_entry(e[i].addr, e[i].size, e[i].type, (unsigned)i);
}

static void read_memmap(const struct hvm_start_info *si)
{
	const struct hvm_memmap_table_entry *e;
	uint32_t i;

	if (si->memmap_entries > MEMMAP_MAX_ENTRIES)
		uni_panic("PVH start info: %u memory map entries, at most %d "
			  "expected",
			  si->memmap_entries, MEMMAP_MAX_ENTRIES);
	e = early_ptr(si->memmap_paddr, si->memmap_entries * sizeof(*e),
		      "the memory map");
	for (i = 0; i < si->memmap_entries; i++)
		add_ram_entry(e[i].addr, e[i].size, e[i].type, i);
}

static void read_ram(const struct hvm_start_info *si)
{
	if (si->version >= 1 && si->memmap_entries > 0)
		read_memmap(si);
	else if (uni_boot_platform() == UNI_PLATFORM_XEN)
		read_xen_memmap();
	else
		uni_panic("PVH start info version %u has no memory map "
			  "(version 1 or later with entries expected)",
			  si->version);
	if (uni_boot.nr_ram == 0)
		uni_panic("PVH memory map: no RAM in it");
}

void uni_boot_read_start_info(uint32_t paddr)
{
	const struct hvm_start_info *si =
	    early_ptr(paddr, sizeof(*si), "struct hvm_start_info");

	if (si->magic != XEN_HVM_START_MAGIC_VALUE)
		uni_panic("PVH start info at %#x: magic %#x, expected %#x",
			  paddr, si->magic, XEN_HVM_START_MAGIC_VALUE);
	uni_boot.xen_initial_domain = (si->flags & SIF_INITDOMAIN) != 0;
	read_cmdline(si->cmdline_paddr);
	read_ram(si);
	uni_boot.rsdp_paddr = si->rsdp_paddr;
	uni_boot.nr_modules = si->nr_modules;
	uni_boot.modlist_paddr = si->modlist_paddr;
}

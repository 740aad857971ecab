/* SPDX-License-Identifier: ISC */
/*
 * The Xen hypercall page, the domain's memory map for loaders that give
 * none, and the way out of a Xen domain: SCHEDOP_shutdown with
 * SHUTDOWN_poweroff for status 0 and SHUTDOWN_crash for anything else (Xen
 * has no exit status; the toolstack sees the reason).
 * Hypercall i is the 32-byte slot i of the page; arguments in %rdi, %rsi.
 */
#include <stdbool.h>
#include <stdint.h> /* before Xen's headers, which need it */
#include <xen/memory.h>
#include <xen/sched.h>
#include <xen/xen.h>

#include "boot/internal.h"
#include "uni/boot.h"
#include "uni/cpu.h"

#define HYPERCALL_SLOT_SIZE 32

extern char uni_xen_hypercall_page[];

static bool hypercall_page_ready;

void uni_xen_hypercall_init(void)
{
	struct cpuid_regs r;

	/* Not in an image specialised for kvm: nor is the page then. */
	if (!uni_boot_xen_possible())
		return;
	r = cpuid(uni_boot.xen_cpuid_base + 2, 0);
	/* eax: number of hypercall pages, ebx: the MSR to write them to. */
	if (r.eax < 1)
		return;
	wrmsr(r.ebx, (uint64_t)(uintptr_t)uni_xen_hypercall_page);
	hypercall_page_ready = true;
}

static long hypercall2(unsigned op, uint64_t a1, uint64_t a2)
{
	void *fn = uni_xen_hypercall_page + op * HYPERCALL_SLOT_SIZE;
	long ret;

	__asm__ volatile(
	    "call *%[fn]"
	    : "=a"(ret), "+D"(a1), "+S"(a2)
	    : [fn] "r"(fn)
	    /* Debug builds of Xen poison unused argument registers. */
	    : "memory", "rcx", "rdx", "r8", "r10", "r11");
	return ret;
}

int uni_xen_memory_map(struct uni_e820_entry *buf, unsigned max)
{
	struct xen_memory_map map = {.nr_entries = max};
	long rc;

	if (!uni_boot_xen_possible() || !hypercall_page_ready)
		return -1;
	set_xen_guest_handle(map.buffer, buf);
	rc = hypercall2(__HYPERVISOR_memory_op, XENMEM_memory_map,
			(uint64_t)(uintptr_t)&map);
	if (rc < 0)
		return (int)rc;
	return map.nr_entries <= max ? (int)map.nr_entries : (int)max;
}

void uni_xen_shutdown(int status)
{
	struct sched_shutdown arg = {
	    .reason = status == 0 ? SHUTDOWN_poweroff : SHUTDOWN_crash,
	};

	while (uni_boot_xen_possible() && hypercall_page_ready)
		hypercall2(__HYPERVISOR_sched_op, SCHEDOP_shutdown,
			   (uint64_t)(uintptr_t)&arg);
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* SPDX-License-Identifier: ISC */
/*
 * Hypercalls for the Xen drivers, through the hypercall page that boot
 * installed (rt/arch/x86_64/xen.c): slot op of the page, arguments in %rdi,
 * %rsi, %rdx. Plus the two small requests every driver needs: HVM
 * parameters and placing one of Xen's frames in our physical map.
 */
#include <stdint.h>

#include <xen/hvm/hvm_op.h>
#include <xen/memory.h>

#include "uni/boot.h"
#include "uni/xen.h"

#define HYPERCALL_SLOT_SIZE 32

/* Defined by rt/arch/x86_64/hypercall.S; filled by Xen at boot. */
extern char uni_xen_hypercall_page[];

long uni_xen_hypercall(unsigned op, uint64_t a1, uint64_t a2, uint64_t a3)
{
	void *fn;
	long ret;

	if (!uni_boot_xen_possible() || uni_boot.platform != UNI_PLATFORM_XEN)
		return -1;
	fn = uni_xen_hypercall_page + op * HYPERCALL_SLOT_SIZE;
	__asm__ volatile(
	    "call *%[fn]"
	    : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3)
	    : [fn] "r"(fn)
	    /* Debug builds of Xen poison unused argument registers. */
	    : "memory", "rcx", "r8", "r10", "r11");
	return ret;
}

int uni_xen_hvm_param_get(uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = {.domid = DOMID_SELF, .index = index};

	if (uni_xen_hypercall(__HYPERVISOR_hvm_op, HVMOP_get_param,
			      (uint64_t)(uintptr_t)&p, 0) != 0)
		return UNI_XEN_EIO;
	*value = p.value;
	return UNI_XEN_OK;
}

int uni_xen_hvm_param_set(uint32_t index, uint64_t value)
{
	struct xen_hvm_param p = {
	    .domid = DOMID_SELF, .index = index, .value = value};

	if (uni_xen_hypercall(__HYPERVISOR_hvm_op, HVMOP_set_param,
			      (uint64_t)(uintptr_t)&p, 0) != 0)
		return UNI_XEN_EIO;
	return UNI_XEN_OK;
}

int uni_xen_add_to_physmap(unsigned space, uint64_t idx, uint64_t gfn)
{
	struct xen_add_to_physmap a = {
	    .domid = DOMID_SELF, .space = space, .idx = idx, .gpfn = gfn};

	if (uni_xen_hypercall(__HYPERVISOR_memory_op, XENMEM_add_to_physmap,
			      (uint64_t)(uintptr_t)&a, 0) != 0)
		return UNI_XEN_EIO;
	return UNI_XEN_OK;
}

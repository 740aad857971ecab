/* SPDX-License-Identifier: ISC */
/*
 * The harness's own minimal PVH guest, independent of unilink's library OS:
 * it proves that xl create, console capture (the PV console ring and port
 * 0xe9) and exit reasons work. 32-bit, paging off, as PVH enters; it finds
 * Xen's CPUID leaves, installs the hypercall page, writes a line to port
 * 0xe9 and one to the PV console ring, waits (bounded) until xenconsoled
 * has read it, and ends with SCHEDOP_shutdown(GUEST_REASON).
 */
/* Without it the headers select the pre-3.0.4 hypercalls (sched_op_compat). */
#define __XEN_INTERFACE_VERSION__ 0x00040e00

#include <stddef.h>
#include <stdint.h>

#include <xen/arch-x86/cpuid.h>
#include <xen/elfnote.h>
#include <xen/event_channel.h>
#include <xen/hvm/hvm_op.h>
#include <xen/hvm/params.h>
#include <xen/io/console.h>
#include <xen/sched.h>
#include <xen/xen.h>

#ifndef GUEST_REASON
#define GUEST_REASON SHUTDOWN_poweroff
#endif

#define STR_(x) #x
#define STR(x) STR_(x)

extern char hypercall_page[4096];

/* The PVH entry: a stack, then C. Xen passes start_info in %ebx. */
__asm__(".section .text.entry, \"ax\"\n"
	".code32\n"
	".globl pvh_start\n"
	"pvh_start:\n"
	"	cld\n"
	"	mov $stack_top, %esp\n"
	"	call guest_main\n"
	"1:	hlt\n"
	"	jmp 1b\n"
	".section .bss.stack, \"aw\", @nobits\n"
	".balign 16\n"
	"	.skip 8192\n"
	"stack_top:\n"
	".section .bss.hypercall, \"aw\", @nobits\n"
	".balign 4096\n"
	".globl hypercall_page\n"
	"hypercall_page:\n"
	"	.skip 4096\n");

/* The ELF note that tells Xen where PVH enters (32-bit physical address). */
__asm__(".pushsection .note.Xen, \"a\", @note\n"
	".balign 4\n"
	".long 4, 4, " STR(XEN_ELFNOTE_PHYS32_ENTRY) "\n"
						     ".asciz \"Xen\"\n"
						     ".balign 4\n"
						     ".long pvh_start\n"
						     ".balign 4\n"
						     ".popsection\n");

static void cpuid(uint32_t leaf, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(0));
}

static void e9_puts(const char *s)
{
	for (; *s != '\0'; s++)
		__asm__ volatile("outb %0, $0xe9" : : "a"(*s));
}

static void e9_hex(const char *what, uint32_t v)
{
	char buf[11] = "0x";
	for (int i = 0; i < 8; i++)
		buf[2 + i] = "0123456789abcdef"[(v >> (28 - 4 * i)) & 0xf];
	buf[10] = '\0';
	e9_puts(what);
	e9_puts(buf);
	e9_puts("\n");
}

/* 32-bit hypercall ABI: number via the page, arguments in ebx and ecx. */
static long hypercall2(unsigned nr, unsigned long a1, unsigned long a2)
{
	long ret;
	__asm__ volatile("call *%[entry]"
			 : "=a"(ret), "+b"(a1), "+c"(a2)
			 : [entry] "r"(hypercall_page + nr * 32)
			 : "memory");
	return ret;
}

/* The first Xen CPUID base, or 0. */
static uint32_t xen_cpuid_base(void)
{
	uint32_t r[4];
	for (uint32_t b = XEN_CPUID_FIRST_LEAF; b < 0x40010000; b += 0x100) {
		cpuid(b, r);
		if (r[1] == XEN_CPUID_SIGNATURE_EBX &&
		    r[2] == XEN_CPUID_SIGNATURE_ECX &&
		    r[3] == XEN_CPUID_SIGNATURE_EDX && r[0] - b >= 2)
			return b;
	}
	return 0;
}

static long shutdown(unsigned reason)
{
	struct sched_shutdown s = {.reason = reason};
	return hypercall2(__HYPERVISOR_sched_op, SCHEDOP_shutdown,
			  (uintptr_t)&s);
}

static uint64_t hvm_param(uint32_t index)
{
	struct xen_hvm_param p = {.domid = DOMID_SELF, .index = index};
	if (hypercall2(__HYPERVISOR_hvm_op, HVMOP_get_param, (uintptr_t)&p))
		return 0;
	return p.value;
}

/* Write s to the PV console ring and wait (bounded) until it is read. */
static int console_puts(const char *s)
{
	uint64_t pfn = hvm_param(HVM_PARAM_CONSOLE_PFN);
	struct evtchn_send send = {
	    .port = (evtchn_port_t)hvm_param(HVM_PARAM_CONSOLE_EVTCHN)};
	if (pfn == 0 || pfn >= (1ull << 20))
		return -1;
	volatile struct xencons_interface *c =
	    (volatile struct xencons_interface *)(uintptr_t)(pfn << 12);
	XENCONS_RING_IDX prod = c->out_prod;
	for (; *s != '\0'; s++, prod++)
		c->out[MASK_XENCONS_IDX(prod, c->out)] = *s;
	__asm__ volatile("sfence" ::: "memory");
	c->out_prod = prod;
	hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_send,
		   (uintptr_t)&send);
	for (unsigned long spin = 0; spin < 400000000ul; spin++)
		if (c->out_cons == prod)
			return 0;
	return -1;
}

__attribute__((used)) void guest_main(void)
{
	uint32_t r[4];
	uint32_t base = xen_cpuid_base();
	e9_puts("pvh-guest: hello on port 0xe9\n");
	if (base == 0) {
		e9_puts("pvh-guest: no Xen CPUID leaves\n");
		return;
	}
	cpuid(base + 2, r);
	e9_hex("pvh-guest: hypercall page MSR ", r[1]);
	__asm__ volatile("wrmsr"
			 :
			 : "c"(r[1]), "a"((uint32_t)(uintptr_t)hypercall_page),
			   "d"(0));
	if (console_puts("pvh-guest: hello on the PV console\n") != 0)
		e9_puts("pvh-guest: the PV console did not take the line\n");
	e9_puts("pvh-guest: shutting down\n");
	e9_hex("pvh-guest: SCHEDOP_shutdown returned ",
	       (uint32_t)shutdown(GUEST_REASON));
}

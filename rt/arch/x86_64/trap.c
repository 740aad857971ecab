/* SPDX-License-Identifier: ISC */
/*
 * CPU exceptions. uni_trap_init() completes the GDT with a TSS whose IST1
 * is the exception stack, and loads an IDT whose vectors 0-31 run on IST1
 * (so that even a stack overflow can be reported) and 32-255 on the current
 * stack. Every exception is fatal: uni_trap() prints its name, vector, error
 * code, RIP, CR2, the registers and a backtrace, then ends the VM with
 * UNI_EXIT_CRASH. A fault while doing so prints one raw line and exits.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "arch/x86_64/idt_layout.h"
#include "arch/x86_64/trap.h"
#include "boot/internal.h"
#include "uni/boot.h"
#include "uni/cpu.h"
#include "uni/paging.h"

#define GDT_CODE64 0x08
#define GDT_TSS 0x18
#define GDT_TSS_INDEX 3
#define IDT_VECTORS 256
#define NR_EXCEPTIONS 32
#define GATE_INTERRUPT 0x8e /* present, ring 0, 64-bit interrupt gate */
#define TSS_AVAILABLE 0x89  /* present, 64-bit TSS, available */
#define IST_EXCEPTIONS 1

#define PF_P (1u << 0) /* the page was present: a protection fault */
#define PF_W (1u << 1) /* a write */
#define PF_U (1u << 2) /* from user mode */
#define PF_I (1u << 4) /* an instruction fetch */
#define VECTOR_PF 14

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
};

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct table_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern uint64_t uni_gdt[];
extern const char uni_isr_text[]; /* idt.S */

static struct tss tss;

/* Read-only once the image is sealed (section .uni_sealed). */
__attribute__((section(".uni_sealed"),
	       aligned(4096))) static struct idt_gate idt[IDT_VECTORS];

static void tss_load(void)
{
	uint64_t base = (uint64_t)(uintptr_t)&tss;
	uint64_t limit = sizeof(tss) - 1;

	tss.ist[IST_EXCEPTIONS - 1] = (uint64_t)(uintptr_t)uni_trap_stack_top;
	tss.iomap_base = sizeof(tss);
	uni_gdt[GDT_TSS_INDEX] = (limit & 0xffff) | (base & 0xffffff) << 16 |
				 (uint64_t)TSS_AVAILABLE << 40 |
				 ((limit >> 16) & 0xf) << 48 |
				 ((base >> 24) & 0xff) << 56;
	uni_gdt[GDT_TSS_INDEX + 1] = base >> 32;
	__asm__ volatile("ltr %w0" : : "r"(GDT_TSS) : "memory");
}

static void idt_set(unsigned v, uint64_t handler, uint8_t ist)
{
	idt[v] = (struct idt_gate){
	    .offset_lo = handler & 0xffff,
	    .selector = GDT_CODE64,
	    .ist = ist,
	    .type = GATE_INTERRUPT,
	    .offset_mid = (handler >> 16) & 0xffff,
	    .offset_hi = handler >> 32,
	};
}

/* The entry stub of vector v (idt_layout.h). */
static uint64_t isr_stub(unsigned v)
{
	uint64_t at = (uint64_t)(uintptr_t)uni_isr_text;

	if (v < NR_EXCEPTIONS)
		return at + v / ISR_EXC_PER_GROUP * ISR_EXC_GROUP +
		       v % ISR_EXC_PER_GROUP * ISR_EXC_STUB;
	v -= NR_EXCEPTIONS;
	return at + ISR_EXC_AREA + v / ISR_IRQ_PER_GROUP * ISR_IRQ_GROUP +
	       v % ISR_IRQ_PER_GROUP * ISR_IRQ_STUB;
}

void uni_trap_init(void)
{
	struct table_ptr p = {sizeof(idt) - 1, (uint64_t)(uintptr_t)idt};
	unsigned v;

	tss_load();
	for (v = 0; v < IDT_VECTORS; v++)
		idt_set(v, isr_stub(v), v < NR_EXCEPTIONS ? IST_EXCEPTIONS : 0);
	__asm__ volatile("lidt %0" : : "m"(p) : "memory");
}

/* The names of the exceptions; NULL for the reserved vectors. */
static const char *const exception_names[NR_EXCEPTIONS] = {
    "Divide error (#DE)",
    "Debug (#DB)",
    "Non-maskable interrupt (NMI)",
    "Breakpoint (#BP)",
    "Overflow (#OF)",
    "BOUND range exceeded (#BR)",
    "Invalid opcode (#UD)",
    "Device not available (#NM)",
    "Double fault (#DF)",
    "Coprocessor segment overrun",
    "Invalid TSS (#TS)",
    "Segment not present (#NP)",
    "Stack-segment fault (#SS)",
    "General protection fault (#GP)",
    "Page fault (#PF)",
    [16] = "x87 floating-point error (#MF)",
    "Alignment check (#AC)",
    "Machine check (#MC)",
    "SIMD floating-point exception (#XM)",
    "Virtualization exception (#VE)",
    "Control protection exception (#CP)",
    [28] = "Hypervisor injection exception (#HV)",
    "VMM communication exception (#VC)",
    "Security exception (#SX)",
};

static bool in_range(uint64_t a, const char *start, const char *end)
{
	return a >= (uint64_t)(uintptr_t)start && a < (uint64_t)(uintptr_t)end;
}

static const char *access_kind(uint64_t err)
{
	if (err & PF_I)
		return "instruction fetch";
	return err & PF_W ? "write" : "read";
}

/* One line saying what the page fault means, before the raw dump. */
static void explain_page_fault(uint64_t err, uint64_t cr2)
{
	const char *stack = uni_stack_guard_name(cr2);
	bool prot = err & PF_P, write = err & PF_W;

	if (stack != NULL)
		printf("stack overflow: the %s stack ran into its guard page "
		       "(%s at 0x%llx)\n",
		       stack, access_kind(err), (unsigned long long)cr2);
	else if (!prot && cr2 < 4096)
		printf("null pointer dereference: %s at 0x%llx\n",
		       access_kind(err), (unsigned long long)cr2);
	else if (prot && write && in_range(cr2, __text_start, __text_end))
		printf("write to sealed text at 0x%llx: the image is sealed\n",
		       (unsigned long long)cr2);
	else if (prot && write && uni_paging_is_table(cr2))
		printf("write to sealed page tables at 0x%llx: the image is "
		       "sealed\n",
		       (unsigned long long)cr2);
	else if (prot && write &&
		 in_range(cr2, __uni_sealed_start, __uni_sealed_end))
		printf("write to the sealed IDT at 0x%llx: the image is "
		       "sealed\n",
		       (unsigned long long)cr2);
	else if (prot && write && in_range(cr2, __rodata_start, __rodata_end))
		printf("write to read-only data at 0x%llx\n",
		       (unsigned long long)cr2);
	else if (prot && (err & PF_I))
		printf("execution of a no-execute page at 0x%llx\n",
		       (unsigned long long)cr2);
	else if (!prot)
		printf("%s of unmapped memory at 0x%llx\n", access_kind(err),
		       (unsigned long long)cr2);
}

/* The general registers in the order of the dump, three to a row. */
#define GPR(name, field) {name, offsetof(struct uni_trap_frame, field)}
static const struct {
	char name[4];
	uint8_t offset;
} gprs[] = {
    GPR("RAX", rax), GPR("RBX", rbx), GPR("RCX", rcx), GPR("RDX", rdx),
    GPR("RSI", rsi), GPR("RDI", rdi), GPR("RBP", rbp), GPR("R8", r8),
    GPR("R9", r9),   GPR("R10", r10), GPR("R11", r11), GPR("R12", r12),
    GPR("R13", r13), GPR("R14", r14), GPR("R15", r15),
};
#define NR_GPRS (sizeof(gprs) / sizeof(gprs[0]))

static void print_registers(const struct uni_trap_frame *f, uint64_t cr2)
{
	const char *fn, *frame = (const char *)f;
	uint64_t off;
	unsigned i;

	fn = uni_symbol_name(f->rip, &off);
	printf("  RIP %016llx (%s+0x%llx)  CS 0x%llx  RFLAGS 0x%llx\n",
	       (unsigned long long)f->rip, fn, (unsigned long long)off,
	       (unsigned long long)f->cs, (unsigned long long)f->rflags);
	printf("  RSP %016llx  SS 0x%llx  CR2 0x%llx",
	       (unsigned long long)f->rsp, (unsigned long long)f->ss,
	       (unsigned long long)cr2);
	/* A hosted image (a process) cannot read CR3. */
	if (!uni_boot_hosted())
		printf("  CR3 0x%llx", (unsigned long long)read_cr3());
	for (i = 0; i < NR_GPRS; i++)
		printf("%s  %-3s %016llx", i % 3 == 0 ? "\n" : "", gprs[i].name,
		       *(const unsigned long long *)(frame + gprs[i].offset));
	printf("\n");
}

static void print_exception(const struct uni_trap_frame *f, uint64_t cr2)
{
	const char *name = exception_names[f->vector % NR_EXCEPTIONS];
	uint64_t err = f->error_code;

	printf("\n*** CPU exception: %s, vector %llu, error code 0x%llx",
	       name != NULL ? name : "Reserved exception",
	       (unsigned long long)f->vector, (unsigned long long)err);
	if (f->vector == VECTOR_PF)
		printf(" [P=%d W=%d U=%d I=%d]", !!(err & PF_P), !!(err & PF_W),
		       !!(err & PF_U), !!(err & PF_I));
	printf("\n");
	if (f->vector == VECTOR_PF)
		explain_page_fault(err, cr2);
}

/* A fault while reporting a fault: one raw line, no printf. */
static void nested_trap(const struct uni_trap_frame *f)
{
	uni_raw_puts("\n*** nested CPU exception, vector ");
	uni_raw_puthex(f->vector);
	uni_raw_puts(" at RIP ");
	uni_raw_puthex(f->rip);
	uni_raw_puts(", while reporting an exception; giving up\n");
	uni_exit(UNI_EXIT_CRASH);
}

__attribute__((used, retain)) void uni_trap(struct uni_trap_frame *f)
{
	uni_trap_report(f, read_cr2());
}

void uni_trap_report(const struct uni_trap_frame *f, uint64_t cr2)
{
	static bool in_trap;

	if (in_trap)
		nested_trap(f);
	in_trap = true;
	print_exception(f, cr2);
	print_registers(f, cr2);
	uni_backtrace_from(f->rip, f->rbp);
	uni_exit(UNI_EXIT_CRASH);
}

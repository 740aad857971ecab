/* SPDX-License-Identifier: ISC */
/* Thin wrappers over x86_64 instructions; no state, no policy. */
#ifndef UNI_CPU_H
#define UNI_CPU_H

#include <stdint.h>

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;

	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr"
			 :
			 : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			 : "memory");
}

static inline uint64_t read_cr0(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline void write_cr0(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static inline uint64_t read_cr2(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_cr3(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline void write_cr3(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory");
}

static inline uint64_t read_cr4(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr4(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static inline void cpu_irq_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}

static inline void cpu_irq_disable(void)
{
	__asm__ volatile("cli" : : : "memory");
}

/* Enable interrupts and halt in one step, so a pending wake-up is not lost. */
static inline void cpu_irq_enable_and_halt(void)
{
	__asm__ volatile("sti; hlt" : : : "memory");
}

static inline void cpu_pause(void)
{
	__asm__ volatile("pause");
}

/*
 * Memory barriers, for memory shared with another CPU, a hypervisor or a
 * device (Xen rings, virtqueues, pvclock pages: write-back RAM). x86-64 is
 * TSO: loads are not reordered with loads, stores not with stores, and a
 * store not with an earlier load; the one reordering is a later load passing
 * an earlier store to another address (store->load). So, as Linux's
 * virt_mb()/virt_rmb()/virt_wmb() on x86:
 *   cpu_mb()      every earlier access before every later one: mfence. The
 *                 one to use where a store is followed by a load that must
 *                 see the other side's reaction (publish an index, then read
 *                 the other side's event or flags).
 *   cpu_rmb()     earlier loads before later loads: the compiler only.
 *   cpu_wmb()     earlier stores before later stores: the compiler only.
 *   cpu_barrier() the compiler only, for a load before a store (read an
 *                 index, then write what it allows), which TSO keeps.
 * sfence and lfence add nothing for ordinary loads and stores to write-back
 * memory (they order non-temporal stores and write-combining memory, which
 * no driver uses). Device registers are uncached and ordered by the CPU.
 */
static inline void cpu_barrier(void)
{
	__asm__ volatile("" : : : "memory");
}

static inline void cpu_mb(void)
{
	__asm__ volatile("mfence" : : : "memory");
}

static inline void cpu_rmb(void)
{
	cpu_barrier();
}

static inline void cpu_wmb(void)
{
	cpu_barrier();
}

#endif

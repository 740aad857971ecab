/* SPDX-License-Identifier: ISC */
/*
 * clock_gettime through the vDSO the kernel maps into every process (its
 * ELF header is at the auxiliary vector's AT_SYSINFO_EHDR): a call into
 * it reads the clock without entering the kernel. The symbol is found in
 * the vDSO's dynamic symbol table (DT_HASH gives the symbol count). When
 * there is no vDSO (or no such symbol), the system call does the same.
 */
#include <stdbool.h>
#include <string.h>

#include <linux/auxvec.h>
#include <linux/elf.h>
#include <linux/time_types.h>

#include "hosted/hosted.h"
#include "hosted/sys.h"
#include "uni/boot.h"

typedef int (*vdso_clock_fn)(int clock, struct __kernel_timespec *ts);

static vdso_clock_fn vdso_clock_gettime;

/* The load bias and dynamic section of the vDSO image at base, or false. */
static bool vdso_dynamic(const uint8_t *base, uint64_t *bias,
			 const Elf64_Dyn **dyn)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
	const Elf64_Phdr *ph;
	bool have_load = false;

	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64)
		return false;
	ph = (const Elf64_Phdr *)(base + eh->e_phoff);
	*dyn = NULL;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD && !have_load) {
			*bias = (uint64_t)(uintptr_t)base + ph[i].p_offset -
				ph[i].p_vaddr;
			have_load = true;
		} else if (ph[i].p_type == PT_DYNAMIC) {
			*dyn = (const Elf64_Dyn *)(base + ph[i].p_offset);
		}
	}
	return have_load && *dyn != NULL;
}

static void *vdso_lookup(const uint8_t *base, const char *name)
{
	const Elf64_Sym *sym = NULL;
	const uint32_t *hash = NULL;
	const char *str = NULL;
	const Elf64_Dyn *dyn;
	uint64_t bias;

	if (!vdso_dynamic(base, &bias, &dyn))
		return NULL;
	for (; dyn->d_tag != DT_NULL; dyn++) {
		if (dyn->d_tag == DT_SYMTAB)
			sym = (const Elf64_Sym *)(bias + dyn->d_un.d_ptr);
		else if (dyn->d_tag == DT_STRTAB)
			str = (const char *)(bias + dyn->d_un.d_ptr);
		else if (dyn->d_tag == DT_HASH)
			hash = (const uint32_t *)(bias + dyn->d_un.d_ptr);
	}
	if (sym == NULL || str == NULL || hash == NULL)
		return NULL;
	/* DT_HASH: nbucket, nchain; nchain is the number of symbols. */
	for (uint32_t i = 0; i < hash[1]; i++)
		if (ELF64_ST_TYPE(sym[i].st_info) == STT_FUNC &&
		    sym[i].st_shndx != SHN_UNDEF &&
		    strcmp(str + sym[i].st_name, name) == 0)
			return (void *)(uintptr_t)(bias + sym[i].st_value);
	return NULL;
}

void uni_hosted_vdso_init(const uint64_t *auxv)
{
	for (; auxv[0] != AT_NULL; auxv += 2)
		if (auxv[0] == AT_SYSINFO_EHDR && auxv[1] != 0)
			vdso_clock_gettime = (vdso_clock_fn)vdso_lookup(
			    (const uint8_t *)(uintptr_t)auxv[1],
			    "__vdso_clock_gettime");
}

bool uni_hosted_have_vdso(void)
{
	return vdso_clock_gettime != NULL;
}

uint64_t uni_hosted_clock_ns(int clock)
{
	struct __kernel_timespec ts;
	long r;

	if (vdso_clock_gettime != NULL)
		r = vdso_clock_gettime(clock, &ts);
	else
		r = sys_call3(__NR_clock_gettime, clock, (long)&ts, 0);
	if (r != 0)
		uni_panic("clock_gettime(%d): error %ld", clock, -r);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

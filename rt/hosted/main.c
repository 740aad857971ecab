/* SPDX-License-Identifier: ISC */
/*
 * The boot sequence of the hosted platform, from _start (linux_entry.S,
 * on the boot stack) to main(): the steps of rt/boot/boot.c with what a
 * process has instead of a machine. The arguments are the boot command
 * line (a generic image reads its settings from them, as from the PVH
 * command line); RAM is an arena of appliance.memory mapped anonymous and
 * unreserved (pages cost memory only once touched); main()'s return value
 * is the process's exit status (exit_group).
 */
#include <stdio.h>
#include <string.h>

#include <linux/mman.h>

#include "boot/internal.h"
#include "config/reader.h"
#include "hosted/hosted.h"
#include "hosted/sys.h"
#include "uni/abi.h"
#include "uni/boot.h"
#include "uni/config.h"
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/driver.h"
#include "uni/mm.h"
#include "uni/paging.h"
#include "uni/time.h"

#define MIB (1024ULL * 1024)
/* appliance.memory = auto: the arena reserved (touched pages only count). */
#define AUTO_ARENA_MIB 1024ULL
#define CMDLINE_SIZE 4096

UNI_CONFIG_EXTERN_STRING(appliance, memory);

/* The TSC at _start, which linux_entry.S writes (so kept, not internal). */
__attribute__((used, retain)) uint64_t uni_hosted_entry_tsc;

static char cmdline[CMDLINE_SIZE];

/* argv[1..] joined by spaces: the boot command line. */
static void join_args(long argc, char **argv)
{
	size_t n = 0, len;

	for (long i = 1; i < argc; i++) {
		len = strlen(argv[i]);
		if (n + len + 2 > sizeof(cmdline)) {
			printf("boot: the arguments are longer than the %d "
			       "bytes of a boot command line\n",
			       CMDLINE_SIZE - 1);
			uni_exit(UNI_EXIT_FAILURE);
		}
		if (n > 0)
			cmdline[n++] = ' ';
		memcpy(cmdline + n, argv[i], len);
		n += len;
	}
	cmdline[n] = '\0';
	uni_boot.cmdline = cmdline;
}

/* appliance.memory in MiB: "64", "64M", "64MiB", "2G", "2GiB"; 0 for auto. */
static uint64_t memory_mib(const char *v)
{
	uint64_t n = 0;

	if (strcmp(v, "auto") == 0)
		return 0;
	while (*v >= '0' && *v <= '9' && n <= 65536)
		n = n * 10 + (uint64_t)(*v++ - '0');
	if (strcmp(v, "G") == 0 || strcmp(v, "GiB") == 0)
		return n * 1024;
	if (*v == '\0' || strcmp(v, "M") == 0 || strcmp(v, "MiB") == 0)
		return n;
	printf("boot: appliance.memory: expected auto or a size (64, 64M, "
	       "2G), found '%s'\n",
	       UNI_CFG_VAR(appliance, memory));
	uni_exit(UNI_EXIT_FAILURE);
}

/* The arena the page allocator manages: the process's RAM. */
static void map_arena(void)
{
	uint64_t mib = memory_mib(UNI_CFG_VAR(appliance, memory));
	uint64_t bytes = (mib != 0 ? mib : AUTO_ARENA_MIB) * MIB;
	long p = sys_call6(__NR_mmap, 0, (long)bytes, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p < 0 && p > -4096)
		uni_panic("boot: mmap of a %llu MiB arena: error %ld",
			  (unsigned long long)(bytes / MIB), -p);
	uni_boot.ram[0].base = (uint64_t)p;
	uni_boot.ram[0].size = bytes;
	uni_boot.nr_ram = 1;
	uni_boot.ram_total = bytes;
}

/* The auxiliary vector, after argv's and envp's NULLs. */
static const uint64_t *auxv_of(uint64_t *sp)
{
	uint64_t *p = sp + 1 + sp[0] + 1;

	while (*p != 0)
		p++;
	return p + 1;
}

UNI_PLATFORM_ENTRY("linux")
__attribute__((noreturn)) void uni_hosted_main(uint64_t *sp);

UNI_PLATFORM_ENTRY("linux") void uni_hosted_main(uint64_t *sp)
{
	uni_boot.tsc_at_entry = uni_hosted_entry_tsc;
	uni_boot.platform = UNI_PLATFORM_LINUX;
	uni_boot.image_start = (uint64_t)(uintptr_t)__image_start;
	uni_boot.image_end = (uint64_t)(uintptr_t)__image_end;
	uni_console_early_init();
	uni_hosted_traps_init();
	uni_hosted_vdso_init(auxv_of(sp));
	join_args((long)sp[0], (char **)(sp + 1));
	if (uni_config_boot_read(uni_boot.cmdline) < 0)
		uni_exit(UNI_EXIT_FAILURE);
	map_arena();
	uni_mm_init();
	uni_hosted_time_init();
	uni_drivers_init();
	uni_seal();

	uni_boot.tsc_at_main = rdtsc();
	uni_exit(main());
}

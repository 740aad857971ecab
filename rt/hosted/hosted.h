/* SPDX-License-Identifier: ISC */
/*
 * The hosted platform (appliance.platform = linux): the same appliance as
 * a static Linux executable. rt/hosted replaces what the PVH boot path
 * does with what Linux gives a process: argv for the boot command line, an
 * mmap'd arena for RAM, clock_gettime for time, poll() for the halt,
 * signals for CPU exceptions, mprotect for the seal, exit_group for the
 * exit. The drivers are drivers/linux (stdio console, TAP network card).
 * The shared code (console, loop, clock, exit) calls in here when
 * uni_boot_hosted() is true (uni/boot.h).
 */
#ifndef UNI_HOSTED_H
#define UNI_HOSTED_H

#include <stdbool.h>
#include <stdint.h>

/* vdso.c: find __vdso_clock_gettime in the auxiliary vector's vDSO. */
void uni_hosted_vdso_init(const uint64_t *auxv);
bool uni_hosted_have_vdso(void);
/* clock_gettime(clock) in nanoseconds (vDSO, else the system call). */
uint64_t uni_hosted_clock_ns(int clock);

/*
 * time.c: calibrate the TSC against CLOCK_MONOTONIC, start uni_now_ns()
 * there, set the wall clock.
 */
void uni_hosted_time_init(void);

/*
 * wait.c: the halt of the event loop. A driver registers the file
 * descriptors it reads; uni_hosted_wait() sleeps in ppoll() until one is
 * readable or the clock reaches deadline_ns (UINT64_MAX: no deadline).
 */
int uni_hosted_watch_fd(int fd);
void uni_hosted_wait(uint64_t deadline_ns);

/* traps.c: guard pages and the fault handlers (SIGSEGV, SIGBUS, ...). */
void uni_hosted_traps_init(void);

/* seal.c: the seal of a hosted image (uni_seal() calls it). */
void uni_hosted_seal(void);

#endif

/* SPDX-License-Identifier: ISC */
/*
 * The ways out of the VM. On QEMU the status is written to the
 * isa-debug-exit port (QEMU then exits with (status << 1) | 1); on Xen the
 * domain shuts down (poweroff for 0, crash otherwise). Xen's dom0, which
 * owns the I/O ports, runs only in the test set-up of Xen inside QEMU: it
 * writes the port first, so that QEMU ends with the status. A QEMU
 * without isa-debug-exit (a libvirt domain) is powered off through ACPI
 * S5 when its tables say how (acpi.c sets uni_exit_poweroff); the status is
 * printed first, as nothing else carries it. If nothing works the CPU halts for
 * good. A hosted image (a process) ends with exit_group and writes raw
 * output to standard error. uni_panic() prints its message and a backtrace
 * first. Raw output writes the UART (and Xen's port 0xe9) byte by byte, for the
 * moments when the console or printf may be what failed.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "boot/internal.h"
#include "hosted/sys.h"
#include "uni/boot.h"
#include "uni/console.h"
#include "uni/cpu.h"

#define ISA_DEBUG_EXIT_PORT 0xf4
#define COM1 0x3f8
#define COM1_LSR (COM1 + 5)
#define LSR_THR_EMPTY 0x20
#define XEN_DEBUG_PORT 0xe9
#define RAW_SPIN_LIMIT 10000

/*
 * "exit status 0x..." where nothing else carries the status: port 0xe9
 * on Xen (`xl dmesg` with guest_loglvl=all), the UART under QEMU without
 * isa-debug-exit.
 */
static void exit_line(int status)
{
	uni_raw_puts("exit status ");
	uni_raw_puthex((uint64_t)(unsigned)status);
	uni_raw_puts("\n");
}

void (*uni_exit_poweroff)(void);

void uni_exit(int status)
{
	if (uni_boot_hosted())
		uni_sys_exit(status);
	cpu_irq_disable();
	uni_console_release(); /* boot output still held back */
	if (status != 0 && uni_boot_platform() == UNI_PLATFORM_XEN)
		exit_line(status); /* Xen's crash reason has no number */
	if (uni_boot_platform() == UNI_PLATFORM_XEN) {
		if (uni_boot.xen_initial_domain)
			outl(ISA_DEBUG_EXIT_PORT, (uint32_t)status);
		uni_xen_shutdown(status);
	}
	outl(ISA_DEBUG_EXIT_PORT, (uint32_t)status);
	if (status != 0)
		exit_line(status);
	if (uni_exit_poweroff != NULL)
		uni_exit_poweroff();
	for (;;)
		__asm__ volatile("cli; hlt");
}

static void raw_putc(char c)
{
	unsigned spins = 0;

	if (uni_boot_hosted()) {
		(void)uni_sys_write_all(2, &c, 1);
		return;
	}
	if (uni_boot_platform() == UNI_PLATFORM_XEN) {
		outb(XEN_DEBUG_PORT, (uint8_t)c);
		return;
	}
	while (!(inb(COM1_LSR) & LSR_THR_EMPTY) && spins < RAW_SPIN_LIMIT)
		spins++;
	outb(COM1, (uint8_t)c);
}

void uni_raw_puts(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\n' && !uni_boot_hosted())
			raw_putc('\r');
		raw_putc(*s);
	}
}

void uni_raw_puthex(uint64_t v)
{
	static const char digits[] = "0123456789abcdef";
	char buf[19];
	int i;

	buf[0] = '0';
	buf[1] = 'x';
	for (i = 0; i < 16; i++)
		buf[2 + i] = digits[(v >> (60 - 4 * i)) & 0xf];
	buf[18] = '\0';
	uni_raw_puts(buf);
}

void uni_panic(const char *fmt, ...)
{
	static bool panicking;
	va_list ap;

	if (!uni_boot_hosted())
		cpu_irq_disable();
	uni_console_release();
	if (panicking) {
		uni_raw_puts("\npanic while panicking; giving up\n");
		uni_exit(UNI_EXIT_CRASH);
	}
	panicking = true;
	printf("\npanic: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	uni_backtrace((uint64_t)(uintptr_t)__builtin_frame_address(0));
	uni_exit(UNI_EXIT_CRASH);
}

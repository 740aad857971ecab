/* SPDX-License-Identifier: ISC */
/*
 * The console: a list of backends, each given every byte written. Early
 * output goes to the 16550 UART, or on Xen to port 0xe9 (the hypervisor's
 * debug port, shown by `xl dmesg`) until the PV console driver registers.
 * The UART is reached through the driver table, never called directly, so
 * that when the driver-prune pass removes the "uart" descriptor no
 * reference to the driver's code is left.
 *
 * Under QEMU (kvm platform) boot holds its output back: each byte through
 * the UART is a port write into QEMU's device model, and under TCG the
 * first printf of a boot costs more in code translation than the steps it
 * reports. The bytes are kept in held[] and the lines given to
 * uni_console_defer() are formatted only at the release, which comes with
 * the appliance's first wait in the event loop (nothing left to do), exit,
 * panic, or its first write after the TSC boot.c gives (50 ms after main()
 * begins: an appliance that never waits): the first useful work is not
 * delayed, and the output keeps its order. A held buffer that fills is
 * written out at once. console.hold_boot = false turns this off, for a
 * boot that hangs before anything releases the buffer.
 */
#include <stdbool.h>

#include "uni/boot.h"
#include "uni/config.h"
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/driver.h"

#define XEN_DEBUG_PORT 0xe9
#define HELD_SIZE 4096

UNI_CONFIG_EXTERN_BOOL(console, hold_boot); /* appliance.c */

static struct uni_console *consoles;
static struct uni_console xen_debug_console;

static bool holding, boot_done;
static uint64_t release_tsc;
static char held[HELD_SIZE];
static size_t held_len;
static struct uni_console_deferred *deferred;
static struct uni_console_deferred **deferred_tail = &deferred;

void uni_console_register(struct uni_console *c)
{
	struct uni_console **pp = &consoles;

	/* A real console (the Xen PV console) replaces port 0xe9. */
	if (uni_boot_xen_possible() && c != &xen_debug_console)
		uni_console_unregister(&xen_debug_console);
	while (*pp != NULL) {
		if (*pp == c)
			return; /* already registered */
		pp = &(*pp)->next;
	}
	c->next = NULL;
	*pp = c;
}

void uni_console_unregister(struct uni_console *c)
{
	struct uni_console **pp = &consoles;

	while (*pp != NULL && *pp != c)
		pp = &(*pp)->next;
	if (*pp != NULL)
		*pp = c->next;
	c->next = NULL;
}

static void write_out(const char *buf, size_t len)
{
	struct uni_console *c;

	for (c = consoles; c != NULL; c = c->next)
		c->write(buf, len);
}

/*
 * Write out what is held: the bytes, and each deferred line formatted at
 * its place among them (output goes straight out while this runs).
 */
static void drain(void)
{
	struct uni_console_deferred *d;
	size_t done = 0;

	holding = false;
	while ((d = deferred) != NULL) {
		deferred = d->next;
		if (deferred == NULL)
			deferred_tail = &deferred;
		write_out(held + done, d->at - done);
		done = d->at;
		d->print(d->arg);
	}
	write_out(held + done, held_len - done);
	held_len = 0;
}

static void hold_bytes(const char *buf, size_t len)
{
	if (len > HELD_SIZE - held_len) {
		drain();
		holding = true;
		if (len > HELD_SIZE) {
			write_out(buf, len);
			return;
		}
	}
	__builtin_memcpy(held + held_len, buf, len);
	held_len += len;
}

void uni_console_write(const char *buf, size_t len)
{
	if (holding && boot_done && rdtsc() > release_tsc)
		uni_console_release();
	if (holding)
		hold_bytes(buf, len);
	else
		write_out(buf, len);
}

void uni_console_hold(void)
{
	if (!UNI_CFG_VAR(console, hold_boot))
		return;
	holding = true;
	boot_done = false;
}

void uni_console_defer(struct uni_console_deferred *d)
{
	if (!holding) {
		d->print(d->arg);
		return;
	}
	d->at = held_len;
	d->next = NULL;
	*deferred_tail = d;
	deferred_tail = &d->next;
}

void uni_console_boot_done(uint64_t tsc)
{
	boot_done = true;
	release_tsc = tsc;
}

void uni_console_release(void)
{
	if (holding)
		drain();
}

static void xen_debug_write(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		outb(XEN_DEBUG_PORT, (uint8_t)buf[i]);
}

static struct uni_console xen_debug_console = {
    .name = "xen-debug-port",
    .write = xen_debug_write,
};

/*
 * Bring up the console driver that serves this platform (by its
 * descriptor: the uart on kvm) ahead of the others, if it is there.
 */
static void early_uart(void)
{
	const struct uni_driver *d;

	for (d = __start_uni_drivers; d < __stop_uni_drivers; d++) {
		if (d->class != UNI_DRIVER_CONSOLE ||
		    (d->platforms & (1u << uni_boot_platform())) == 0)
			continue;
		if (d->probe() == UNI_DRIVER_OK)
			(void)d->init();
	}
}

void uni_console_early_init(void)
{
	if (uni_boot_platform() == UNI_PLATFORM_XEN)
		uni_console_register(&xen_debug_console);
	else
		early_uart();
}

/* SPDX-License-Identifier: ISC */
/*
 * The console: a list of backends, each given every byte written. Early
 * output goes to the 16550 UART, or on Xen to port 0xe9 (the hypervisor's
 * debug port, shown by `xl dmesg`) until the PV console driver registers.
 * The UART is reached through the driver table, never called directly, so
 * that when the driver-prune pass removes the "uart" descriptor no
 * reference to the driver's code is left.
 */
#include <stdbool.h>

#include "uni/boot.h"
#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/driver.h"

#define XEN_DEBUG_PORT 0xe9

static struct uni_console *consoles;
static struct uni_console xen_debug_console;

void uni_console_register(struct uni_console *c)
{
	struct uni_console **pp = &consoles;

	/* A real console (the Xen PV console) replaces port 0xe9. */
	if (c != &xen_debug_console)
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

void uni_console_write(const char *buf, size_t len)
{
	struct uni_console *c;

	for (c = consoles; c != NULL; c = c->next)
		c->write(buf, len);
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
		    (d->platforms & (1u << uni_boot.platform)) == 0)
			continue;
		if (d->probe() == UNI_DRIVER_OK)
			(void)d->init();
	}
}

void uni_console_early_init(void)
{
	if (uni_boot.platform == UNI_PLATFORM_XEN)
		uni_console_register(&xen_debug_console);
	else
		early_uart();
}

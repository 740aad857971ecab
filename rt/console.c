/* SPDX-License-Identifier: ISC */
/*
 * The console: a list of backends, each given every byte written. Early
 * output goes to the 16550 UART, or on Xen to port 0xe9 (the hypervisor's
 * debug port, shown by `xl dmesg`) until the PV console driver registers.
 */
#include <stdbool.h>

#include "../drivers/uart16550.h"
#include "uni/boot.h"
#include "uni/console.h"
#include "uni/cpu.h"

#define XEN_DEBUG_PORT 0xe9

static struct uni_console *consoles;

void uni_console_register(struct uni_console *c)
{
	struct uni_console **pp = &consoles;

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

void uni_console_early_init(void)
{
	if (uni_boot.platform == UNI_PLATFORM_XEN)
		uni_console_register(&xen_debug_console);
	else
		(void)uni_uart_early_init();
}

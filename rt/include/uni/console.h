/* SPDX-License-Identifier: ISC */
/*
 * The console: every output goes through uni_console_write(), which hands
 * the bytes to each registered backend (the UART, port 0xe9 on Xen before
 * the PV console is up, the PV console). printf() and friends are in
 * <stdio.h> of rt/include/libc and end here.
 */
#ifndef UNI_CONSOLE_H
#define UNI_CONSOLE_H

#include <stddef.h>

struct uni_console {
	const char *name;
	void (*write)(const char *buf, size_t len);
	struct uni_console *next;
};

/* Add a backend (kept for the life of the VM; c must be static). */
void uni_console_register(struct uni_console *c);

/* Remove a backend, for early consoles replaced by a better one. */
void uni_console_unregister(struct uni_console *c);

void uni_console_write(const char *buf, size_t len);

/* Set up the console that boot uses before drivers are initialised. */
void uni_console_early_init(void);

#endif

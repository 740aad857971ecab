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
#include <stdint.h>

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

/*
 * Boot output held back (console.c): from uni_console_hold() the bytes
 * written are kept in a buffer, and a line given to uni_console_defer()
 * is not even formatted, until uni_console_release() writes them all out
 * in order: at the event loop's first wait, exit, panic, or the first
 * write once the TSC has passed what uni_console_boot_done() was given.
 */
struct uni_console_deferred {
	void (*print)(const void *arg);
	const void *arg;
	size_t at; /* its place in the held bytes (console.c) */
	struct uni_console_deferred *next;
};

void uni_console_hold(void);

/* d->print(d->arg) now, or at the release when output is held (d static). */
void uni_console_defer(struct uni_console_deferred *d);

void uni_console_boot_done(uint64_t release_tsc);

void uni_console_release(void);

#endif

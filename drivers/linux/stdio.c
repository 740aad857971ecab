/* SPDX-License-Identifier: ISC */
/*
 * The console of the hosted platform: standard output (file descriptor
 * 1), written with write(2) until every byte is out. It is the console
 * driver of appliance.platform = linux (console.driver = stdio; the
 * configuration rules map uart and xencons to it there).
 */
#include <stdbool.h>

#include "hosted/sys.h"
#include "uni/boot.h"
#include "uni/console.h"
#include "uni/driver.h"

#define STDOUT_FD 1

static bool stdio_up;

static void stdio_write(const char *buf, size_t len)
{
	/* Nowhere to report a failed console write; the bytes are lost. */
	(void)uni_sys_write_all(STDOUT_FD, buf, len);
}

static struct uni_console stdio_console = {
    .name = "stdio",
    .write = stdio_write,
};

static int stdio_probe(void)
{
	return uni_boot_hosted() ? UNI_DRIVER_OK : UNI_DRIVER_ABSENT;
}

static int stdio_init(void)
{
	if (!stdio_up)
		uni_console_register(&stdio_console);
	stdio_up = true;
	return UNI_DRIVER_OK;
}

UNI_DRIVER(stdio, "stdio", UNI_DRIVER_CONSOLE, UNI_DRIVER_ON_LINUX, stdio_probe,
	   stdio_init);

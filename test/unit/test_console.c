/* SPDX-License-Identifier: ISC */
/*
 * The console (rt/console.c) and the printf family on top of it
 * (rt/lib/stdio.c, compiled with its libc names renamed to uni_t_*): the
 * backend list, the fan-out of every byte, the choice of the early console
 * by platform (the UART found through the driver table), and printf output
 * longer than its line buffer.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "uni/boot.h"
#include "uni/config.h"
#include "uni/console.h"
#include "uni/driver.h"
#include "unit.h"

UNIT_COUNTERS;

int uni_t_printf(const char *fmt, ...);
int uni_t_vprintf(const char *fmt, va_list ap);
int uni_t_snprintf(char *buf, size_t size, const char *fmt, ...);
int uni_t_puts(const char *s);
int uni_t_putchar(int c);

/* What console.c needs from the rest of the library OS: boot information
 * and a driver table, here with a fake "uart" and two drivers the early
 * console must not touch. */
struct uni_boot_info uni_boot;

/* A generic image's answers (rt/boot/platform.c): the platform found. */
enum uni_platform uni_boot_platform(void)
{
	return (enum uni_platform)uni_boot.platform;
}

bool uni_boot_xen_possible(void)
{
	return true;
}

/* console.hold_boot (rt/appliance.c) at its default. */
bool UNI_CFG_VAR(console, hold_boot) = true;
static unsigned uart_probes, uart_inits, other_calls;
static bool uart_absent;

static int uart_probe(void)
{
	uart_probes++;
	return uart_absent ? UNI_DRIVER_ABSENT : UNI_DRIVER_OK;
}

static int uart_init(void)
{
	uart_inits++;
	return UNI_DRIVER_OK;
}

static int other(void)
{
	other_calls++;
	return UNI_DRIVER_OK;
}

UNI_DRIVER(fake_net, "uart", UNI_DRIVER_NET, UNI_DRIVER_ON_KVM, other, other);
UNI_DRIVER(fake_uart, "uart", UNI_DRIVER_CONSOLE, UNI_DRIVER_ON_KVM, uart_probe,
	   uart_init);
UNI_DRIVER(fake_cons, "xencons", UNI_DRIVER_CONSOLE, UNI_DRIVER_ON_XEN, other,
	   other);

struct sink {
	struct uni_console con;
	char text[2048];
	size_t len;
	size_t total; /* bytes written, kept or not */
	unsigned calls;
};

static struct sink sinks[3];

#define SINK_WRITE(i)                                                          \
	static void write##i(const char *buf, size_t len)                      \
	{                                                                      \
		struct sink *s = &sinks[i];                                    \
		if (s->len + len < sizeof(s->text)) {                          \
			memcpy(s->text + s->len, buf, len);                    \
			s->len += len;                                         \
		}                                                              \
		s->total += len;                                               \
		s->calls++;                                                    \
	}
SINK_WRITE(0)
SINK_WRITE(1)
SINK_WRITE(2)

static void reset_sinks(void)
{
	void (*fns[3])(const char *, size_t) = {write0, write1, write2};
	int i;

	for (i = 0; i < 3; i++) {
		uni_console_unregister(&sinks[i].con);
		memset(&sinks[i], 0, sizeof(sinks[i]));
		sinks[i].con.name = "sink";
		sinks[i].con.write = fns[i];
	}
}

static bool got(int i, const char *want)
{
	return sinks[i].len == strlen(want) &&
	       memcmp(sinks[i].text, want, sinks[i].len) == 0;
}

static void test_backends(void)
{
	reset_sinks();
	uni_console_write("lost", 4); /* no backend: dropped */
	uni_console_register(&sinks[0].con);
	uni_console_register(&sinks[1].con);
	uni_console_register(&sinks[1].con); /* twice: still once */
	uni_console_write("ab", 2);
	CHECK(got(0, "ab") && got(1, "ab") && sinks[1].calls == 1,
	      "both backends get every byte once");
	uni_console_register(&sinks[2].con);
	uni_console_unregister(&sinks[1].con); /* from the middle */
	uni_console_write("c", 1);
	CHECK(got(0, "abc") && got(1, "ab") && got(2, "c"),
	      "unregistered backends get nothing");
	uni_console_unregister(&sinks[0].con); /* the head */
	uni_console_unregister(&sinks[0].con); /* not there: harmless */
	uni_console_write("d", 1);
	CHECK(got(0, "abc") && got(2, "cd"), "after removing the head");
	uni_console_register(&sinks[1].con);
	uni_console_write("e", 1);
	CHECK(got(1, "abe") && got(2, "cde"), "registered again");
}

static void test_printf(void)
{
	char want[600];
	int n;

	reset_sinks();
	uni_console_register(&sinks[0].con);
	n = uni_t_printf("x=%d s=%s %#x\n", -5, "str", 255u);
	CHECK(n == 16 && got(0, "x=-5 s=str 0xff\n"), "printf: %d \"%.*s\"", n,
	      (int)sinks[0].len, sinks[0].text);
	CHECK(sinks[0].calls == 1, "one console write for a short printf");
	reset_sinks();
	uni_console_register(&sinks[0].con);
	n = uni_t_printf("%300d|%-250s|", 7, "left");
	snprintf(want, sizeof(want), "%300d|%-250s|", 7, "left");
	CHECK(n == 552 && got(0, want), "a printf longer than the buffer");
	CHECK(sinks[0].calls >= 5, "comes out in pieces (%u writes)",
	      sinks[0].calls);
	reset_sinks();
	uni_console_register(&sinks[0].con);
	CHECK(uni_t_puts("line") >= 0 && uni_t_putchar('!') == '!' &&
		  uni_t_putchar(0x1ff) == 0xff,
	      "puts and putchar return values");
	CHECK(got(0, "line\n!\xff"), "puts adds a newline");
	n = uni_t_snprintf(want, 4, "%s", "truncated");
	CHECK(n == 9 && strcmp(want, "tru") == 0, "snprintf wrapper");
}

static void test_early_init(void)
{
	struct uni_console *xen;

	reset_sinks();
	uni_console_register(&sinks[0].con);
	uni_boot.platform = UNI_PLATFORM_KVM;
	uni_console_early_init();
	CHECK(uart_probes == 1 && uart_inits == 1 && other_calls == 0,
	      "off Xen the console driver \"uart\" comes up early, alone "
	      "(%u probes, %u inits, %u others)",
	      uart_probes, uart_inits, other_calls);
	CHECK(sinks[0].con.next == NULL, "no debug-port console off Xen");
	uart_absent = true;
	uni_console_early_init();
	CHECK(uart_probes == 2 && uart_inits == 1,
	      "an absent UART is probed, not initialised");
	uni_boot.platform = UNI_PLATFORM_XEN;
	uni_console_early_init();
	xen = sinks[0].con.next;
	CHECK(uart_probes == 2 && other_calls == 0, "no driver on Xen");
	CHECK(xen != NULL && strcmp(xen->name, "xen-debug-port") == 0,
	      "on Xen the debug port is the early console (%s)",
	      xen != NULL ? xen->name : "none");
	if (xen != NULL)
		uni_console_unregister(xen); /* port I/O cannot run here */
}

static void print_arg(const void *arg)
{
	uni_t_printf("<%s>", (const char *)arg);
}

static void test_hold(void)
{
	static struct uni_console_deferred d1 = {.print = print_arg,
						 .arg = "1"};
	static struct uni_console_deferred d2 = {.print = print_arg,
						 .arg = "2"};
	static struct uni_console_deferred d3 = {.print = print_arg,
						 .arg = "3"};
	static char big[5000];
	size_t i;

	reset_sinks();
	uni_console_register(&sinks[0].con);
	uni_console_hold();
	uni_console_write("a", 1);
	uni_console_defer(&d1);
	uni_console_write("b", 1);
	uni_console_defer(&d2);
	uni_console_defer(&d3);
	uni_t_printf("c%d", 4);
	CHECK(sinks[0].len == 0, "nothing written while held (%zu bytes)",
	      sinks[0].len);
	uni_console_boot_done(UINT64_MAX); /* no deadline in this test */
	uni_console_write("d", 1);
	CHECK(sinks[0].len == 0, "main's writes held too");
	uni_console_release();
	CHECK(got(0, "a<1>b<2><3>c4d"),
	      "released in order, deferred lines in their places: \"%.*s\"",
	      (int)sinks[0].len, sinks[0].text);
	uni_console_release();	/* a second time: nothing */
	uni_console_defer(&d1); /* not held: at once */
	uni_console_write("e", 1);
	CHECK(got(0, "a<1>b<2><3>c4d<1>e"), "not held after the release");

	reset_sinks();
	uni_console_register(&sinks[0].con);
	uni_console_hold();
	uni_console_defer(&d1);
	uni_console_boot_done(0); /* the deadline has passed */
	uni_console_write("f", 1);
	CHECK(got(0, "<1>f"), "a write after the deadline releases");

	reset_sinks();
	uni_console_register(&sinks[0].con);
	uni_console_hold();
	for (i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 26);
	uni_console_write("x", 1);
	uni_console_defer(&d2);
	uni_console_write(big, 4000);
	CHECK(sinks[0].total == 0, "4001 bytes fit");
	uni_console_write(big, 200); /* does not fit: what is held goes out */
	CHECK(sinks[0].total == 4004 && got(0, "x<2>"),
	      "a full buffer is written out (%zu bytes)", sinks[0].total);
	uni_console_write(big, sizeof(big)); /* larger than the buffer */
	CHECK(sinks[0].total == 4004 + 200 + sizeof(big),
	      "larger than the buffer: the held 200, then it, written through "
	      "(%zu bytes)",
	      sinks[0].total);
	uni_console_release();
	CHECK(sinks[0].total == 4004 + 200 + sizeof(big), "nothing left held");
}

int main(void)
{
	test_backends();
	test_printf();
	test_early_init();
	test_hold();
	return unit_summary();
}

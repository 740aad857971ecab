/* SPDX-License-Identifier: ISC */
/*
 * The 16550 UART at COM1 (0x3f8), polled: a console backend that writes
 * "\r\n" for "\n", programmed for 115200 8N1 without interrupts. The
 * console brings it up early through the driver table
 * (uni_console_early_init); the walk of all drivers later finds it up
 * already, and initialising it again does nothing.
 */
#include <stdbool.h>

#include "uni/console.h"
#include "uni/cpu.h"
#include "uni/driver.h"

#define COM1 0x3f8

/* Register offsets from the base port. */
#define REG_DATA 0 /* THR on write; DLL with DLAB */
#define REG_IER 1  /* interrupt enable; DLM with DLAB */
#define REG_FCR 2  /* FIFO control */
#define REG_LCR 3  /* line control */
#define REG_MCR 4  /* modem control */
#define REG_LSR 5  /* line status */
#define REG_SCRATCH 7

#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS 0x03
#define LSR_THR_EMPTY 0x20

/* Polls of LSR before a byte is sent anyway (a stuck UART must not hang us). */
#define TX_SPIN_LIMIT 100000

static bool uart_up;

/* A UART keeps what is written to its scratch register; no device reads 0xff.
 */
static bool uart_present(void)
{
	outb(COM1 + REG_SCRATCH, 0x5a);
	if (inb(COM1 + REG_SCRATCH) != 0x5a)
		return false;
	outb(COM1 + REG_SCRATCH, 0xa5);
	return inb(COM1 + REG_SCRATCH) == 0xa5;
}

static void uart_putc(char c)
{
	unsigned spins = 0;

	while (!(inb(COM1 + REG_LSR) & LSR_THR_EMPTY) && spins < TX_SPIN_LIMIT)
		spins++;
	outb(COM1 + REG_DATA, (uint8_t)c);
}

static void uart_write(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			uart_putc('\r');
		uart_putc(buf[i]);
	}
}

static struct uni_console uart_console = {
    .name = "uart",
    .write = uart_write,
};

/* 115200 baud (divisor 1), 8N1, FIFOs on, interrupts off. */
static void uart_program(void)
{
	outb(COM1 + REG_IER, 0x00);
	outb(COM1 + REG_LCR, LCR_DLAB);
	outb(COM1 + REG_DATA, 1);
	outb(COM1 + REG_IER, 0);
	outb(COM1 + REG_LCR, LCR_8N1);
	outb(COM1 + REG_FCR, FCR_ENABLE_CLEAR);
	outb(COM1 + REG_MCR, MCR_DTR_RTS);
}

static int uart_probe(void)
{
	return uart_up || uart_present() ? UNI_DRIVER_OK : UNI_DRIVER_ABSENT;
}

static int uart_init(void)
{
	if (uart_up)
		return UNI_DRIVER_OK;
	if (!uart_present())
		return UNI_DRIVER_FAILED;
	uart_program();
	uni_console_register(&uart_console);
	uart_up = true;
	return UNI_DRIVER_OK;
}

UNI_DRIVER(uart, "uart", UNI_DRIVER_CONSOLE, UNI_DRIVER_ON_KVM, uart_probe,
	   uart_init);

/* SPDX-License-Identifier: ISC */
/* The 16550 UART at COM1 (0x3f8) as a console backend (uart16550.c). */
#ifndef UNI_DRIVERS_UART16550_H
#define UNI_DRIVERS_UART16550_H

/*
 * Program COM1 (115200 8N1, no interrupts) and register it as a console.
 * Returns 0, or -1 when no UART answers at COM1. Calling it again is harmless.
 */
int uni_uart_early_init(void);

#endif

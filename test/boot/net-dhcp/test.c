/* SPDX-License-Identifier: ISC */
/*
 * The UDP loop of net-static, with net0's address, mask and gateway taken
 * from QEMU's DHCP server (net0.dhcp=true) instead of the configuration.
 */
#define LOOP_PORT 47018 /* hostfwd=udp:127.0.0.1:47018-:7 */
#include "../net-static/udp_loop.c"

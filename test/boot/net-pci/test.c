/* SPDX-License-Identifier: ISC */
/*
 * The UDP loop of net-static over virtio-pci on QEMU q35 (a transitional
 * virtio-net-pci device, driven through its modern capabilities).
 */
#define LOOP_PORT 47019 /* hostfwd=udp:127.0.0.1:47019-:7 */
#include "../net-static/udp_loop.c"

/* SPDX-License-Identifier: ISC */
/*
 * Xen's shared rings (xen/io/ring.h) with the barriers of uni/cpu.h: the
 * public header leaves xen_mb(), xen_rmb() and xen_wmb() to its includer.
 * Include this before any xen/io/ header that declares a ring.
 */
#ifndef UNI_XEN_RING_H
#define UNI_XEN_RING_H

#include "uni/cpu.h"

#define xen_mb() cpu_mb()
#define xen_rmb() cpu_rmb()
#define xen_wmb() cpu_wmb()
#include <xen/io/ring.h>

#endif

/* SPDX-License-Identifier: ISC */
/* The wall clock from Xen's shared_info (wallclock.c), for evtchn.c. */
#ifndef UNI_XEN_WALLCLOCK_H
#define UNI_XEN_WALLCLOCK_H

#include <xen/xen.h>

/* Sets the wall clock (uni_time_wall_set) from the mapped shared_info. */
void xen_wallclock_take(volatile struct shared_info *s);

#endif

/* SPDX-License-Identifier: ISC */
/* assert() stops the VM with the failed expression, file and line. */
#ifndef UNI_LIBC_ASSERT_H
#define UNI_LIBC_ASSERT_H

#include "uni/boot.h"

#define assert(e)                                                              \
	((e) ? (void)0                                                         \
	     : uni_panic("assertion failed: %s at %s:%d", #e, __FILE__,        \
			 __LINE__))

#endif

/* SPDX-License-Identifier: ISC */
/* exit() and abort(): the libc ways out, which end the VM. */
#include <stdlib.h>

#include "uni/boot.h"

void exit(int status)
{
	uni_exit(status);
}

void abort(void)
{
	uni_panic("abort() called");
}

/* SPDX-License-Identifier: ISC */
/*
 * Ends at once with status 3: on Xen any status but 0 shuts the domain
 * down with the crash reason, which xen.libvirt reads back from libvirt.
 */
#include <stdio.h>

int main(void)
{
	printf("failing: exiting with status 3\n");
	return 3;
}

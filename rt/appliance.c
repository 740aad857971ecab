/* SPDX-License-Identifier: ISC */
/*
 * The configuration keys every appliance has: what it is built for, the
 * console it talks through, and where its data may come from. The unilink
 * command reads appliance.* to write the xl configuration and the QEMU
 * command line, and data.allow_outside when it reads the files that data
 * keys name (link/data/data_scope.c); the driver-prune pass keeps the
 * console driver named by console.driver.
 */
#include "uni/config.h"
#include "uni/driver.h"

/* In the order of UNI_PLATFORM_NAMES (the drivers' platform bits). */
enum { PLATFORM_KVM, PLATFORM_XEN, PLATFORM_LINUX };

UNI_CONFIG_ENUM(appliance, platform, PLATFORM_KVM,
		"the platform the image is built for", UNI_PLATFORM_NAMES);
UNI_CONFIG_STRING(appliance, memory, "auto",
		  "memory of the VM (xl configuration, QEMU -m; on linux the "
		  "arena the executable maps): auto (what the image needs, "
		  "computed at build time) or a size of 8 MiB to 64 GiB: 64, "
		  "64M, 64MiB, 2G; a size below the need fails the build");
UNI_CONFIG_STRING(console, driver, "uart",
		  "the console driver: uart (16550, kvm), xencons (Xen PV "
		  "console) or stdio (standard output, linux)");
UNI_CONFIG_BOOL(console, hold_boot, true,
		"under QEMU, hold boot output back until the appliance first "
		"waits, exits or panics (a port write per byte costs more than "
		"the steps it reports); false writes each line at once, to see "
		"where a boot that hangs stopped");
UNI_CONFIG_BOOL(data, allow_outside, false,
		"let data keys name files outside the configuration's folder "
		"(absolute paths, '..', symbolic links out of it); a path "
		"given with -D may be anywhere");

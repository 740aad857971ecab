/* SPDX-License-Identifier: ISC */
/*
 * The configuration keys every appliance has: what it is built for and the
 * console it talks through. The unilink command reads appliance.* to write
 * the xl configuration and the QEMU command line; the driver-prune pass
 * keeps the console driver named by console.driver.
 */
#include "uni/config.h"
#include "uni/driver.h"

/* In the order of UNI_PLATFORM_NAMES (the drivers' platform bits). */
enum { PLATFORM_KVM, PLATFORM_XEN };

UNI_CONFIG_ENUM(appliance, platform, PLATFORM_KVM,
		"the platform the image is built for", UNI_PLATFORM_NAMES);
UNI_CONFIG_INT(appliance, memory, 64, 8, 65536,
	       "memory of the VM in MiB (xl configuration, QEMU -m)");
UNI_CONFIG_STRING(
    console, driver, "uart",
    "the console driver: uart (16550, kvm) or xencons (Xen PV console)");

/* SPDX-License-Identifier: ISC */
/*
 * Driver registration: one flat UNI_DRIVER() per driver places a descriptor in
 * the "uni_drivers" section (UNI_SECTION_DRIVERS); boot walks the section in
 * link order, calls probe and, when it finds the device, init. The
 * unilink-driver-prune pass deletes the descriptors of drivers the
 * configuration does not name (see passes/), which leaves their code
 * unreferenced.
 *
 * A configuration enables a driver by naming it as the value of a key called
 * "driver" in any section (console.driver = uart, net0.driver = virtio-net).
 *
 * This layout is the ABI read back by passes/abi_read.c; the field list
 * below is its only definition.
 */
#ifndef UNI_DRIVER_H
#define UNI_DRIVER_H

#include <stdint.h>

#include "uni/abi.h"
#include "uni/boot.h"

enum uni_driver_class {
	UNI_DRIVER_CONSOLE = 1,
	UNI_DRIVER_NET = 2,
	UNI_DRIVER_BLOCK = 3,
	UNI_DRIVER_PLATFORM = 4,
};
/* The class names, class 1 first (boot's messages, the reference). */
#define UNI_DRIVER_CLASS_NAMES "console", "net", "block", "platform"

/* What probe and init return. */
enum uni_driver_result {
	UNI_DRIVER_OK = 0,	/* probe: device present; init: ready */
	UNI_DRIVER_ABSENT = 1,	/* probe: no such device here */
	UNI_DRIVER_FAILED = -1, /* init: the device is present but unusable */
};

/*
 * The platforms a driver serves, a bit each: bit i is platform i of enum
 * uni_platform (uni/boot.h) and the i-th name of UNI_PLATFORM_NAMES, which
 * is also the list of appliance.platform's values (rt/appliance.c). The
 * configuration rules map a driver key naming a driver of the other
 * platform to the driver of the same class that serves the configured one
 * (uart <-> xencons <-> stdio, virtio-net <-> netfront <-> tap).
 */
enum uni_driver_platforms {
	UNI_DRIVER_ON_KVM = 1 << UNI_PLATFORM_KVM,
	UNI_DRIVER_ON_XEN = 1 << UNI_PLATFORM_XEN,
	UNI_DRIVER_ON_LINUX = 1 << UNI_PLATFORM_LINUX,
};
#define UNI_PLATFORM_NAMES "kvm", "xen", "linux"

typedef int (*uni_driver_fn)(void);

/*
 * The descriptor, written once: this list generates struct uni_driver and
 * enum uni_driver_field (UNI_DRIVER_name = 0, ...) for passes/abi_read.c.
 *   name       as named in the configuration: "uart"
 *   class      enum uni_driver_class
 *   platforms  enum uni_driver_platforms bits: the platforms it serves
 *   probe, init
 */
#define UNI_DRIVER_FIELDS(X, P)                                                \
	X(P, const char *, name)                                               \
	X(P, uint32_t, class)                                                  \
	X(P, uint32_t, platforms)                                              \
	X(P, uni_driver_fn, probe)                                             \
	X(P, uni_driver_fn, init)

struct uni_driver {
	UNI_DRIVER_FIELDS(UNI_ABI_MEMBER, UNI_DRIVER)
};

enum uni_driver_field {
	UNI_DRIVER_FIELDS(UNI_ABI_INDEX, UNI_DRIVER) UNI_DRIVER_NFIELDS
};

#define UNI_DRIVER(ident, drvname, drvclass, drvplatforms, probefn, initfn)    \
	UNI_ABI_DESCRIPTOR(UNI_SECTION_DRIVERS)                                \
	static const struct uni_driver uni_driver_##ident = {                  \
	    .name = drvname,                                                   \
	    .class = drvclass,                                                 \
	    .platforms = drvplatforms,                                         \
	    .probe = probefn,                                                  \
	    .init = initfn,                                                    \
	}

extern const struct uni_driver __start_uni_drivers[] __attribute__((weak));
extern const struct uni_driver __stop_uni_drivers[] __attribute__((weak));

/* Probe and initialise every registered driver; returns how many are up. */
int uni_drivers_init(void);

#endif

/* SPDX-License-Identifier: ISC */
/*
 * Driver registration: one flat UNI_DRIVER() per driver places a descriptor in
 * the "uni_drivers" section; boot walks the section in link order, calls probe
 * and, when it finds the device, init. The unilink-driver-prune pass deletes
 * the descriptors of drivers the configuration does not name (see passes/),
 * which leaves their code unreferenced.
 *
 * A configuration enables a driver by naming it as the value of a key called
 * "driver" in any section (console.driver = uart, net0.driver = virtio-net).
 *
 * This layout is an ABI shared with passes/: change both together.
 */
#ifndef UNI_DRIVER_H
#define UNI_DRIVER_H

#include <stdint.h>

enum uni_driver_class {
	UNI_DRIVER_CONSOLE = 1,
	UNI_DRIVER_NET = 2,
	UNI_DRIVER_BLOCK = 3,
	UNI_DRIVER_PLATFORM = 4,
};

/* What probe and init return. */
enum uni_driver_result {
	UNI_DRIVER_OK = 0,      /* probe: device present; init: ready */
	UNI_DRIVER_ABSENT = 1,  /* probe: no such device here */
	UNI_DRIVER_FAILED = -1, /* init: the device is present but unusable */
};

struct uni_driver {
	const char *name;  /* as named in the configuration: "uart" */
	uint32_t class;    /* enum uni_driver_class */
	int (*probe)(void);
	int (*init)(void);
};

#define UNI_DRIVER(ident, drvname, drvclass, probefn, initfn)                   \
	__attribute__((used, section("uni_drivers"), aligned(8)))              \
	static const struct uni_driver uni_driver_##ident = {                 \
		.name = drvname,                                               \
		.class = drvclass,                                             \
		.probe = probefn,                                              \
		.init = initfn,                                                \
	}

extern const struct uni_driver __start_uni_drivers[] __attribute__((weak));
extern const struct uni_driver __stop_uni_drivers[] __attribute__((weak));

/* Probe and initialise every registered driver; returns how many are up. */
int uni_drivers_init(void);

#endif

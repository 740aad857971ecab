/* SPDX-License-Identifier: ISC */
/*
 * The driver walk: every descriptor in the "uni_drivers" section, in link
 * order (consoles before the rest), is probed and, when its device is
 * present, initialised; a driver that does not serve the platform the
 * image runs on is not probed (a generic image has every driver). One
 * line is printed per driver brought up, and one per driver that failed.
 */
#include <stdbool.h>
#include <stdio.h>

#include "uni/boot.h"
#include "uni/console.h"
#include "uni/driver.h"

/* "driver NAME: CLASS up" lines, deferred while boot output is held. */
#define UP_LINES 16

static const char *class_name(uint32_t class)
{
	static const char *const names[] = {UNI_DRIVER_CLASS_NAMES};

	if (class >= 1 && class <= sizeof(names) / sizeof(names[0]))
		return names[class - 1];
	return "unknown class";
}

static void print_up(const void *arg)
{
	const struct uni_driver *d = arg;

	printf("driver %s: %s up\n", d->name, class_name(d->class));
}

static void report_up(const struct uni_driver *d)
{
	static struct uni_console_deferred lines[UP_LINES];
	static unsigned used;

	if (used == UP_LINES) {
		print_up(d); /* after the deferred ones: the order holds */
		return;
	}
	lines[used].print = print_up;
	lines[used].arg = d;
	uni_console_defer(&lines[used++]);
}

/* Probe d and initialise it; true when it is up. */
static bool bring_up(const struct uni_driver *d)
{
	int r;

	if ((d->platforms & (1u << uni_boot_platform())) == 0)
		return false;
	r = d->probe != NULL ? d->probe() : UNI_DRIVER_OK;
	if (r == UNI_DRIVER_ABSENT)
		return false;
	if (r != UNI_DRIVER_OK) {
		printf("driver %s: probe: expected OK (0) or ABSENT (1), "
		       "got %d\n",
		       d->name, r);
		return false;
	}
	r = d->init != NULL ? d->init() : UNI_DRIVER_OK;
	if (r != UNI_DRIVER_OK) {
		printf("driver %s: init failed (%d): the device is present "
		       "but unusable\n",
		       d->name, r);
		return false;
	}
	report_up(d);
	return true;
}

int uni_drivers_init(void)
{
	const struct uni_driver *d;
	int up = 0;

	/* Consoles first, so that the others' messages reach them. */
	for (d = __start_uni_drivers; d < __stop_uni_drivers; d++)
		if (d->class == UNI_DRIVER_CONSOLE)
			up += bring_up(d);
	for (d = __start_uni_drivers; d < __stop_uni_drivers; d++)
		if (d->class != UNI_DRIVER_CONSOLE)
			up += bring_up(d);
	return up;
}

/* SPDX-License-Identifier: ISC */
/*
 * The configuration room: the appliance configuration read through the
 * passes API (conf.c), the keys a module declares (keys.h, keys.c) and the
 * configuration reference written from them (reference.c).
 */
#ifndef UNILINK_CONFIG_H
#define UNILINK_CONFIG_H

#include <stdio.h>

#include <llvm-c/Core.h>

#include "base/base.h"
#include "unilink_passes.h"

/* conf.c: the appliance configuration through the passes API. */
struct unilink_conf {
	struct unilink_config *config;
	struct unilink_report *report;
	char path[4096]; /* the configuration file */
	char dir[4096];	 /* its folder */
	char name[256];	 /* NAME of configs/NAME/NAME.conf */
	const char *sources[UNILINK_MAX_SOURCES];
	int nsources;
};

int unilink_conf_load(struct unilink_conf *c, const struct unilink_opts *o);
void unilink_conf_free(struct unilink_conf *c);
const char *unilink_conf_get(const struct unilink_conf *c, const char *sec,
			     const char *key, const char *def);

/*
 * reference.c: the configuration reference of m's keys, drivers and
 * protocols; -1 when a descriptor could not be read (after a message).
 */
int unilink_write_reference(FILE *f, LLVMModuleRef m);

#endif

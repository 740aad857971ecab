/* SPDX-License-Identifier: ISC */
/* The configuration keys a module declares; see keys.c. */
#ifndef UNILINK_KEYS_H
#define UNILINK_KEYS_H

#include <stdint.h>

#include <llvm-c/Core.h>

struct keyinfo {
	char section[64], name[64];
	char help[512], deftext[128];
	char names[512];  /* enum: "uart, xencons" */
	char source[256]; /* the component that declares it */
	int64_t min, max;
	uint32_t type;
};

struct keylist {
	struct keyinfo *k;
	int n;
};

/*
 * Every UNI_CONFIG_* descriptor of m, sorted by section and name; -1 after
 * a message for a descriptor that is not a struct uni_config_key (the
 * others are still read).
 */
int unilink_keys_read(LLVMModuleRef m, struct keylist *out);
void unilink_keys_free(struct keylist *l);
const char *unilink_key_type_name(uint32_t type);

#endif

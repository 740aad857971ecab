/* SPDX-License-Identifier: ISC */
/*
 * The image ABI read back from IR: the one module (abi_read.c) that turns
 * the descriptors rt/include/uni/ places in their sections (config keys,
 * drivers, protocols and their APIs, data keys) into plain C structs, for
 * the passes and for the unilink command. The layouts and section names
 * come from rt/include/uni/ (one field list per descriptor); abi_read.c is
 * tied to them by static assertions, and a descriptor whose initializer
 * does not have the fields of that list is an error naming the expected
 * and the found number of fields, never skipped.
 *
 * Every reader returns 0, or -1 with a message in err (a descriptor that
 * is not what its section promises). Strings are copies owned by the
 * struct; LLVMValueRefs point into the module.
 */
#ifndef UNILINK_ABI_H
#define UNILINK_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <llvm-c/Core.h>

#include "uni/config.h"
#include "uni/data.h"
#include "uni/driver.h"
#include "uni/protocol.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Room for one reader's message. */
#define UNILINK_ABI_ERR 512

/* The descriptor globals of section in m, in module order; *n of them. */
LLVMValueRef *unilink_abi_collect(LLVMModuleRef m, const char *section,
				  size_t *n);

/* struct uni_config_key. */
struct unilink_config_desc {
	LLVMValueRef desc;
	LLVMValueRef var;	   /* the config global */
	char *section, *name;	   /* never NULL */
	char *help, *default_text; /* NULL when the pointer is null */
	int64_t min, max;
	char **names;  /* UNI_CFG_ENUM: NULL-terminated; else NULL */
	uint32_t type; /* enum uni_config_type, checked */
};

int unilink_abi_config_key(LLVMValueRef desc, struct unilink_config_desc *out,
			   char err[UNILINK_ABI_ERR]);
void unilink_abi_config_key_free(struct unilink_config_desc *d);

/* struct uni_driver. */
struct unilink_driver_desc {
	LLVMValueRef desc;
	char *name;
	uint32_t class;	    /* enum uni_driver_class */
	uint32_t platforms; /* enum uni_driver_platforms bits */
	LLVMValueRef probe, init;
};

int unilink_abi_driver(LLVMValueRef desc, struct unilink_driver_desc *out,
		       char err[UNILINK_ABI_ERR]);
void unilink_abi_driver_free(struct unilink_driver_desc *d);

/* One group of a protocol's API: one of fns must be referenced. */
struct unilink_api_group {
	LLVMValueRef *fns;
	size_t n;
};

/* struct uni_protocol, with its struct uni_protocol_api when it has one. */
struct unilink_protocol_desc {
	LLVMValueRef desc;
	char *name;
	uint32_t kind, number;
	LLVMValueRef input;	 /* the handler function, or NULL */
	LLVMValueRef enabled_by; /* the bool config global, or NULL */
	LLVMValueRef off_by;	 /* the string config global ("off"), or NULL */
	bool has_api;		 /* an API list was found */
	struct unilink_api_group *groups; /* none: never pruned */
	size_t ngroups;
};

int unilink_abi_protocol(LLVMValueRef desc, struct unilink_protocol_desc *out,
			 char err[UNILINK_ABI_ERR]);
/*
 * Move the protocols' API lists (the struct uni_protocol_api objects of
 * section UNI_SECTION_PROTOCOL_API) out of the program into the named
 * metadata !unilink.protocol.api, one node !{descriptor, fn, ...,
 * !"group", fn, ...} each, and delete the objects: in metadata a function
 * is named without being kept alive or referenced. Every pass does this
 * first, and so does a generic build. -1 (nothing changed) for an object
 * that is not a struct uni_protocol_api of functions.
 */
int unilink_abi_detach_apis(LLVMModuleRef m, char err[UNILINK_ABI_ERR]);
/*
 * The API objects still in m and the arrays of functions they point to
 * (before unilink_abi_detach_apis): what a reference graph of the program
 * leaves out. *n of them, to be freed.
 */
LLVMValueRef *unilink_abi_api_globals(LLVMModuleRef m, size_t *n);
/*
 * Attach to each of descs[0..n) its API from !unilink.protocol.api (after
 * unilink_abi_detach_apis); -1 for a protocol with two API lists.
 */
int unilink_abi_protocol_apis(LLVMModuleRef m,
			      struct unilink_protocol_desc *descs, size_t n,
			      char err[UNILINK_ABI_ERR]);
void unilink_abi_protocol_free(struct unilink_protocol_desc *d);

/* struct uni_data_key. */
struct unilink_data_desc {
	LLVMValueRef desc;
	char *section, *name, *kind;
};

int unilink_abi_data_key(LLVMValueRef desc, struct unilink_data_desc *out,
			 char err[UNILINK_ABI_ERR]);
void unilink_abi_data_key_free(struct unilink_data_desc *d);

/*
 * Drop descs[0..n) from llvm.used and llvm.compiler.used and delete them;
 * a descriptor the program still uses for real is kept (kept[i], which may
 * be NULL). Returns how many were kept.
 */
size_t unilink_abi_delete(LLVMModuleRef m, LLVMValueRef *descs, size_t n,
			  bool *kept);

/* "bool", "int", "string", "enum", "ipv4", "mac" (common/config/value.c). */
const char *unilink_abi_type_name(uint32_t type);
/* The driver bit of platform name ("kvm": UNI_DRIVER_ON_KVM), 0: none. */
uint32_t unilink_abi_platform_bit(const char *name);
/* The name of one platform bit, or NULL. */
const char *unilink_abi_platform_name(uint32_t bit);
/* "console", ... (UNI_DRIVER_CLASS_NAMES), or NULL for an unknown class. */
const char *unilink_abi_class_name(uint32_t class);
/* "EtherType", ... (UNI_PROTO_KIND_NAMES), or NULL for an unknown kind. */
const char *unilink_abi_kind_name(uint32_t kind);

#ifdef __cplusplus
}
#endif

#endif

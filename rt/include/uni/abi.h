/* SPDX-License-Identifier: ISC */
/*
 * How the image ABI is written down once. Each descriptor that crosses from
 * rt/ to passes/ and the unilink command (struct uni_config_key,
 * uni_driver, uni_protocol, uni_protocol_api, uni_data_key) is one field
 * list,
 *
 *   #define UNI_DRIVER_FIELDS(X, P) X(P, const char *, name) ...
 *
 * from which the header generates both the C struct (UNI_ABI_MEMBER) and
 * the enum of field indices (UNI_ABI_INDEX: P_name = 0, 1, ...) that the
 * reader in passes/abi_read.c uses to read the descriptor back from IR.
 * The struct, the enum and the section name therefore cannot disagree.
 */
#ifndef UNI_ABI_H
#define UNI_ABI_H

/* One member of a descriptor struct. */
#define UNI_ABI_MEMBER(prefix, type, field) type field;
/* The index of that member in the struct: prefix_field. */
#define UNI_ABI_INDEX(prefix, type, field) prefix##_##field,

/*
 * The attributes of a descriptor: in its section, 8-aligned so that the
 * section is an array, and `used` so that it stays until a pass decides.
 */
#define UNI_ABI_DESCRIPTOR(sectionname)                                        \
	__attribute__((used, section(sectionname), aligned(8)))

/* The sections the descriptors live in (C identifiers: the linker gives
 * __start_<name>/__stop_<name>, which the declarations below spell out). */
#define UNI_SECTION_CONFIG "uni_config"
#define UNI_SECTION_DRIVERS "uni_drivers"
#define UNI_SECTION_PROTOCOLS "uni_protocols"
#define UNI_SECTION_DATA "uni_data"
#define UNI_SECTION_PROTOCOL_API "uni_protocol_api"

/*
 * A platform's entry point, called only by assembly (uni_hosted_main from
 * _start of the hosted platform): kept by llvm.used, and placed in the text
 * section UNI_SECTION_PLATFORM_ENTRY "_" followed by the platforms it
 * serves joined by "_" (".text.uni_platform_linux"). The driver-prune pass
 * drops the entries that do not serve appliance.platform from llvm.used,
 * so that their boot paths leave the image. (The PVH entry, uni_boot_main,
 * stays in every image: the Xen notes that name the PVH entry keep it
 * linked, hosted images too.)
 */
#define UNI_SECTION_PLATFORM_ENTRY ".text.uni_platform"
#define UNI_PLATFORM_ENTRY(platforms)                                          \
	__attribute__((used, retain,                                           \
		       section(UNI_SECTION_PLATFORM_ENTRY "_" platforms)))

#endif

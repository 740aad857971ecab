/* SPDX-License-Identifier: ISC */
/*
 * Data compiled into the image: files that a configuration key names (a DNS
 * zone, a tree of web content) become constant data with an index, the way
 * Mirage's crunch does it.
 *
 *   UNI_CONFIG_DATA(dns, zone, "dns-zone", "zone files to serve");
 *
 * declares the string key dns.zone (the paths, separated by blanks or commas,
 * relative to the configuration file) and the data set uni_data_dns_zone. The
 * unilink command reads the "uni_data" descriptors, loads and validates the
 * named files by kind at build time (content that does not parse fails the
 * build with its own file:line), and links in a generated definition of
 * uni_data_<section>_<key>. The files are fixed at build time, in generic
 * images too.
 *
 * The kinds: "raw" (each named file as it is), "dns-zone" (each named zone
 * compiled to the blob of common/dns/zone.h), "www-tree" (one named
 * directory; each regular file below it is one uni_data_file whose name is
 * its URL path, e.g. "/css/site.css", content as it is, sorted bytewise by
 * name: rt/www/tree.h, docs/www.md).
 *
 * This layout is the ABI read back by passes/abi_read.c (for the command's
 * data stage); the field list below is its only definition.
 */
#ifndef UNI_DATA_H
#define UNI_DATA_H

#include <stddef.h>
#include <stdint.h>

#include "uni/abi.h"
#include "uni/config.h"

/*
 * A data set as the command writes it (link/data/data.c builds these
 * initializers; its static assertions check them against these lists):
 *   name   the path as the configuration gave it (www-tree: the URL path)
 *   data   the content, in the kind's compiled form
 *   size   its length in bytes
 */
#define UNI_DATA_FILE_FIELDS(X, P)                                             \
	X(P, const char *, name)                                               \
	X(P, const uint8_t *, data)                                            \
	X(P, uint64_t, size)

struct uni_data_file {
	UNI_DATA_FILE_FIELDS(UNI_ABI_MEMBER, UNI_DATA_FILE)
};

enum uni_data_file_field {
	UNI_DATA_FILE_FIELDS(UNI_ABI_INDEX, UNI_DATA_FILE) UNI_DATA_FILE_NFIELDS
};

#define UNI_DATA_SET_FIELDS(X, P)                                              \
	X(P, const struct uni_data_file *, files)                              \
	X(P, uint64_t, count)

struct uni_data_set {
	UNI_DATA_SET_FIELDS(UNI_ABI_MEMBER, UNI_DATA_SET)
};

enum uni_data_set_field {
	UNI_DATA_SET_FIELDS(UNI_ABI_INDEX, UNI_DATA_SET) UNI_DATA_SET_NFIELDS
};

/*
 * The descriptor the command looks for, written once: this list generates
 * struct uni_data_key and enum uni_data_key_field (UNI_DATA_KEY_section =
 * 0, ...) for passes/abi_read.c.
 *   section, name  the string key section.name that names the files
 *   kind           "dns-zone", "www-tree", "raw"
 */
#define UNI_DATA_KEY_FIELDS(X, P)                                              \
	X(P, const char *, section)                                            \
	X(P, const char *, name)                                               \
	X(P, const char *, kind)

struct uni_data_key {
	UNI_DATA_KEY_FIELDS(UNI_ABI_MEMBER, UNI_DATA_KEY)
};

enum uni_data_key_field {
	UNI_DATA_KEY_FIELDS(UNI_ABI_INDEX, UNI_DATA_KEY) UNI_DATA_KEY_NFIELDS
};

#define UNI_DATA_VAR(sec, key) uni_data_##sec##_##key

#define UNI_CONFIG_DATA(sec, key, datakind, help)                              \
	UNI_CONFIG_STRING(sec, key, "", help);                                 \
	UNI_ABI_DESCRIPTOR(UNI_SECTION_DATA)                                   \
	static const struct uni_data_key uni_datadesc_##sec##_##key = {        \
	    .section = #sec,                                                   \
	    .name = #key,                                                      \
	    .kind = datakind,                                                  \
	};                                                                     \
	extern const struct uni_data_set UNI_DATA_VAR(sec, key)

#define UNI_DATA_EXTERN(sec, key)                                              \
	extern const struct uni_data_set UNI_DATA_VAR(sec, key)

#endif

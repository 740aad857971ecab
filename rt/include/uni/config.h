/* SPDX-License-Identifier: ISC */
/*
 * Typed configuration keys. Every tunable of the library OS or of an
 * application is declared once, with UNI_CONFIG_*(section, name, ...), which
 * defines the global uni_cfg_<section>_<name> and a descriptor in the
 * "uni_config" section. The generic image's boot reader walks the descriptors
 * and writes the globals from the command line; the unilink-config-fold pass
 * gives each global its configured value, makes it constant and deletes the
 * descriptor, so loads fold and the reader becomes dead code.
 *
 * The program only reads a config global. A direct store to one is refused by
 * config-fold; the boot reader writes through the descriptor's var pointer.
 *
 * This layout is the ABI read back by passes/abi_read.c; the field list
 * below is its only definition.
 */
#ifndef UNI_CONFIG_H
#define UNI_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uni/abi.h"

enum uni_config_type {
	UNI_CFG_BOOL = 1,   /* bool */
	UNI_CFG_INT = 2,    /* int64_t, within [min, max] */
	UNI_CFG_STRING = 3, /* const char * */
	UNI_CFG_ENUM = 4,   /* int32_t: index into names[] */
	UNI_CFG_IPV4 = 5, /* struct uni_ipv4_prefix: "a.b.c.d" or "a.b.c.d/n" */
	UNI_CFG_MAC = 6,  /* struct uni_mac: "xx:xx:xx:xx:xx:xx" */
};

/* An IPv4 address with an optional prefix length (32 when none is given). */
struct uni_ipv4_prefix {
	uint8_t addr[4];
	uint8_t len;
};

struct uni_mac {
	uint8_t b[6];
};

/*
 * The descriptor of one key, written once: this list generates struct
 * uni_config_key and enum uni_config_key_field (UNI_CONFIG_KEY_section = 0,
 * ...), which the reader in passes/abi_read.c uses.
 *   section, name   the key is section.name
 *   help            one line for the configuration reference
 *   default_text    the default as written in the source
 *   var             the config global
 *   min, max        UNI_CFG_INT only
 *   names           UNI_CFG_ENUM only, NULL-terminated
 *   type            enum uni_config_type
 */
#define UNI_CONFIG_KEY_FIELDS(X, P)                                            \
	X(P, const char *, section)                                            \
	X(P, const char *, name)                                               \
	X(P, const char *, help)                                               \
	X(P, const char *, default_text)                                       \
	X(P, void *, var)                                                      \
	X(P, int64_t, min)                                                     \
	X(P, int64_t, max)                                                     \
	X(P, const char *const *, names)                                       \
	X(P, uint32_t, type)

struct uni_config_key {
	UNI_CONFIG_KEY_FIELDS(UNI_ABI_MEMBER, UNI_CONFIG_KEY)
};

enum uni_config_key_field {
	UNI_CONFIG_KEY_FIELDS(UNI_ABI_INDEX, UNI_CONFIG_KEY)
	    UNI_CONFIG_KEY_NFIELDS
};

#define UNI_CFG_VAR(sec, key) uni_cfg_##sec##_##key

/*
 * The descriptor is a static in the UNI_SECTION_CONFIG section marked used (so
 * it is in llvm.compiler.used until config-fold deletes it). The section name
 * is a C identifier, so the linker provides
 * __start_uni_config/__stop_uni_config.
 */
#define UNI_CONFIG_DESC_(sec, key, ty, deftext, lo, hi, nm, helptext)          \
	UNI_ABI_DESCRIPTOR(UNI_SECTION_CONFIG)                                 \
	static const struct uni_config_key uni_cfgdesc_##sec##_##key = {       \
	    .section = #sec,                                                   \
	    .name = #key,                                                      \
	    .help = helptext,                                                  \
	    .default_text = deftext,                                           \
	    .var = &UNI_CFG_VAR(sec, key),                                     \
	    .min = (lo),                                                       \
	    .max = (hi),                                                       \
	    .names = (nm),                                                     \
	    .type = (ty),                                                      \
	}

#define UNI_CONFIG_BOOL(sec, key, def, help)                                   \
	bool UNI_CFG_VAR(sec, key) = (def);                                    \
	UNI_CONFIG_DESC_(sec, key, UNI_CFG_BOOL, #def, 0, 1, NULL, help)

#define UNI_CONFIG_INT(sec, key, def, lo, hi, help)                            \
	_Static_assert((lo) <= (def) && (def) <= (hi),                         \
		       "default of " #sec "." #key " out of range");           \
	int64_t UNI_CFG_VAR(sec, key) = (def);                                 \
	UNI_CONFIG_DESC_(sec, key, UNI_CFG_INT, #def, lo, hi, NULL, help)

#define UNI_CONFIG_STRING(sec, key, def, help)                                 \
	const char *UNI_CFG_VAR(sec, key) = (def);                             \
	UNI_CONFIG_DESC_(sec, key, UNI_CFG_STRING, def, 0, 0, NULL, help)

/*
 * A string key whose value is a list of IPv4 and IPv6 prefixes separated by
 * commas ("10.0.0.0/8,2001:db8::/32,192.0.2.1"; "" is the empty list),
 * checked wherever a value is parsed, so that a bad prefix fails the build
 * (or the generic image's boot) naming the key and the text. The image
 * reads the list with uni_ip_list_next() (common/config/value.h). Its
 * descriptor is a string key's whose min is UNI_CFG_STR_IP_LIST (0 for any
 * string).
 */
#define UNI_CFG_STR_IP_LIST 1
#define UNI_CONFIG_IP_LIST(sec, key, def, help)                                \
	const char *UNI_CFG_VAR(sec, key) = (def);                             \
	UNI_CONFIG_DESC_(sec, key, UNI_CFG_STRING, def, UNI_CFG_STR_IP_LIST,   \
			 0, NULL, help)

/*
 * A string key whose value is "auto", "off" or "static ADDR/LEN" with an
 * IPv6 address (net0.ipv6), checked wherever a value is parsed; the image
 * reads it with uni_ipv6_mode_parse() (common/config/value.h).
 */
#define UNI_CFG_STR_IPV6_MODE 3
#define UNI_CONFIG_IPV6_MODE(sec, key, def, help)                              \
	const char *UNI_CFG_VAR(sec, key) = (def);                             \
	UNI_CONFIG_DESC_(sec, key, UNI_CFG_STRING, def, UNI_CFG_STR_IPV6_MODE, \
			 0, NULL, help)

/*
 * A string key whose value is an IPv4 address a.b.c.d or a.b.c.d/len (the
 * forms of an ipv4 key) or "off" (net0.ipv4: no IPv4 on the interface),
 * checked wherever a value is parsed; the image reads it with
 * uni_ipv4_mode_parse() (common/config/value.h). A string, not an ipv4
 * key, so that protocol-prune's off_by can name it.
 */
#define UNI_CFG_STR_IPV4_MODE 4
#define UNI_CONFIG_IPV4_MODE(sec, key, def, help)                              \
	const char *UNI_CFG_VAR(sec, key) = (def);                             \
	UNI_CONFIG_DESC_(sec, key, UNI_CFG_STRING, def, UNI_CFG_STR_IPV4_MODE, \
			 0, NULL, help)

/*
 * UNI_CONFIG_WORD_LIST(dns, rrl_whitelist, "", "help", "nxdomain", "error"):
 * a string key whose value is a list of the given words separated by
 * commas or blanks ("" is the empty list), checked wherever a value is
 * parsed, so that an unknown word fails the build naming the key. Its
 * descriptor is a string key's whose min is UNI_CFG_STR_WORDS and whose
 * names are the words.
 */
#define UNI_CFG_STR_WORDS 2
#define UNI_CONFIG_WORD_LIST(sec, key, def, help, ...)                         \
	static const char *const uni_cfgnames_##sec##_##key[] = {__VA_ARGS__,  \
								 NULL};        \
	const char *UNI_CFG_VAR(sec, key) = (def);                             \
	UNI_CONFIG_DESC_(sec, key, UNI_CFG_STRING, def, UNI_CFG_STR_WORDS, 0,  \
			 uni_cfgnames_##sec##_##key, help)

/*
 * UNI_CONFIG_ENUM(console, driver, 0, "help", "uart", "xencons"): the value
 * is the index of the name; def is an index (use a C enum that lists the
 * names in the same order).
 */
#define UNI_CONFIG_ENUM(sec, key, def, help, ...)                              \
	static const char *const uni_cfgnames_##sec##_##key[] = {__VA_ARGS__,  \
								 NULL};        \
	int32_t UNI_CFG_VAR(sec, key) = (def);                                 \
	UNI_CONFIG_DESC_(sec, key, UNI_CFG_ENUM, #def, 0,                      \
			 sizeof(uni_cfgnames_##sec##_##key) /                  \
				 sizeof(uni_cfgnames_##sec##_##key[0]) -       \
			     2,                                                \
			 uni_cfgnames_##sec##_##key, help)

/* def is a string: "10.0.0.2/24"; a, b, c, d, len give it as numbers. */
#define UNI_CONFIG_IPV4(sec, key, a, b, c, d, len, help)                       \
	struct uni_ipv4_prefix UNI_CFG_VAR(sec, key) = {{a, b, c, d}, len};    \
	UNI_CONFIG_DESC_(sec, key, UNI_CFG_IPV4,                               \
			 #a "." #b "." #c "." #d "/" #len, 0, 32, NULL, help)

#define UNI_CONFIG_MAC(sec, key, b0, b1, b2, b3, b4, b5, help)                 \
	struct uni_mac UNI_CFG_VAR(sec, key) = {{b0, b1, b2, b3, b4, b5}};     \
	UNI_CONFIG_DESC_(sec, key, UNI_CFG_MAC,                                \
			 #b0 ":" #b1 ":" #b2 ":" #b3 ":" #b4 ":" #b5, 0, 0,    \
			 NULL, help)

/* Declarations for files that read a key defined elsewhere. */
#define UNI_CONFIG_EXTERN_BOOL(sec, key) extern bool UNI_CFG_VAR(sec, key)
#define UNI_CONFIG_EXTERN_INT(sec, key) extern int64_t UNI_CFG_VAR(sec, key)
#define UNI_CONFIG_EXTERN_STRING(sec, key)                                     \
	extern const char *UNI_CFG_VAR(sec, key)
#define UNI_CONFIG_EXTERN_ENUM(sec, key) extern int32_t UNI_CFG_VAR(sec, key)
#define UNI_CONFIG_EXTERN_IPV4(sec, key)                                       \
	extern struct uni_ipv4_prefix UNI_CFG_VAR(sec, key)
#define UNI_CONFIG_EXTERN_MAC(sec, key)                                        \
	extern struct uni_mac UNI_CFG_VAR(sec, key)

/* The descriptor table as the linker lays it out (empty when all folded). */
extern const struct uni_config_key __start_uni_config[] __attribute__((weak));
extern const struct uni_config_key __stop_uni_config[] __attribute__((weak));

#endif

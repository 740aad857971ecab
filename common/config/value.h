/* SPDX-License-Identifier: ISC */
/*
 * Parsing one configuration value against its key's type. Pure code with no
 * I/O and no libc: the boot-time reader in rt/ and the config-fold pass in
 * passes/ compile this same file, so a value means the same thing in a
 * generic and in a specialised image.
 */
#ifndef UNI_CONFIG_VALUE_H
#define UNI_CONFIG_VALUE_H

#include <stddef.h>
#include <stdint.h>

#include "uni/config.h"

union uni_config_value {
	bool b;
	int64_t i;
	int32_t e; /* enum index */
	struct {
		const char *p; /* points into the parsed text, not terminated */
		size_t len;
	} s;
	struct uni_ipv4_prefix ipv4;
	struct uni_mac mac;
};

/* Parse text[0..len) as a value of key k. Returns 0, or -1 when it is not. */
int uni_config_parse_value(const struct uni_config_key *k, const char *text,
			   size_t len, union uni_config_value *out);

/*
 * Describe what key k accepts ("an integer in [1, 4096]", "one of: uart,
 * xencons") into buf (always NUL-terminated); returns buf.
 */
char *uni_config_expected(const struct uni_config_key *k, char *buf,
			  size_t size);

/* A prefix of either family: family 4 (addr[0..4)) or 6 (addr[0..16)). */
struct uni_ip_prefix {
	uint8_t family;
	uint8_t addr[16]; /* network order */
	uint8_t len;	  /* 0-32 or 0-128 */
};

/*
 * The next prefix of a list that passed the check of UNI_CFG_STR_IP_LIST
 * keys (text[*pos..len)): 1 with *out set and *pos moved past it, 0 at the
 * end of the list, -1 when the list is malformed.
 */
int uni_ip_list_next(const char *text, size_t len, size_t *pos,
		     struct uni_ip_prefix *out);

/*
 * The value of an UNI_CFG_STR_IPV4_MODE key (net0.ipv4): *off when it is
 * "off", else the address and length in *out. Returns 0, or -1 when the
 * text is neither "off" nor an ipv4 value.
 */
int uni_ipv4_mode_parse(const char *t, size_t len, bool *off,
			struct uni_ipv4_prefix *out);

/*
 * The value of an UNI_CFG_STR_IPV6_MODE key (net0.ipv6): *mode one of
 * below, and for static the address (network order) and prefix length.
 * Returns 0, or -1 when the text is none of "auto", "off", "static
 * ADDR/LEN".
 */
enum { UNI_IPV6_OFF, UNI_IPV6_AUTO, UNI_IPV6_STATIC };
int uni_ipv6_mode_parse(const char *t, size_t len, int *mode, uint8_t addr[16],
			uint8_t *plen);

/* The name of a type: "bool", "int", "string", "enum", "ipv4", "mac". */
const char *uni_config_type_name(uint32_t type);

#endif

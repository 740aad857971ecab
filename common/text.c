/* SPDX-License-Identifier: ISC */
/*
 * The MAC address parser of text.h, compiled into the image (the config
 * reader, netfront) and into the host tools (the config-fold pass) alike.
 * No libc: the image's libc and the host's may both link next to it.
 */
#include "common/text.h"

static bool is_one_of(char c, const char *set)
{
	for (; *set != '\0'; set++)
		if (*set == c)
			return true;
	return false;
}

int uni_mac_parse(const char *t, size_t len, const char *seps, uint8_t out[6])
{
	int i, hi, lo;

	if (len != 17 || !is_one_of(t[2], seps))
		return -1;
	for (i = 0; i < 6; i++) {
		if (i > 0 && t[3 * i - 1] != t[2])
			return -1;
		hi = uni_hex_digit(t[3 * i]);
		lo = uni_hex_digit(t[3 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

/* SPDX-License-Identifier: ISC */
/*
 * Keys on the command line override the defaults: every key of this test
 * is given a value other than its default in the expect file.
 */
#include <stdbool.h>
#include <string.h>

#include "uni/config.h"
#include "uni/test.h"

enum { MODE_SLOW, MODE_FAST };

UNI_CONFIG_INT(cmdline, answer, 1, -1000, 1000, "an integer key");
UNI_CONFIG_BOOL(cmdline, flag, false, "a boolean key");
UNI_CONFIG_STRING(cmdline, word, "default", "a string key");
UNI_CONFIG_ENUM(cmdline, mode, MODE_SLOW, "an enum key", "slow", "fast");
UNI_CONFIG_IPV4(cmdline, addr, 10, 0, 0, 2, 24, "an address key");

void test_main(void)
{
	const struct uni_ipv4_prefix *a = &UNI_CFG_VAR(cmdline, addr);

	if (UNI_CFG_VAR(cmdline, answer) != -42)
		test_fail("cmdline.answer is %lld, the command line gave -42",
			  (long long)UNI_CFG_VAR(cmdline, answer));
	if (!UNI_CFG_VAR(cmdline, flag))
		test_fail("cmdline.flag is false, the command line gave on");
	if (strcmp(UNI_CFG_VAR(cmdline, word), "hello") != 0)
		test_fail("cmdline.word is \"%s\", the command line gave hello",
			  UNI_CFG_VAR(cmdline, word));
	if (UNI_CFG_VAR(cmdline, mode) != MODE_FAST)
		test_fail("cmdline.mode is %d, the command line gave fast",
			  UNI_CFG_VAR(cmdline, mode));
	if (a->addr[0] != 192 || a->addr[1] != 168 || a->addr[2] != 7 ||
	    a->addr[3] != 9 || a->len != 32)
		test_fail("cmdline.addr is %u.%u.%u.%u/%u, the command line "
			  "gave 192.168.7.9",
			  a->addr[0], a->addr[1], a->addr[2], a->addr[3],
			  a->len);
}

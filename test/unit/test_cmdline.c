/* SPDX-License-Identifier: ISC */
/*
 * The boot-time command-line reader (rt/config/reader.c): good words change
 * the keys' globals; every kind of error gives its exact message; all errors
 * of a line are reported and then nothing at all is written. The messages
 * are checked on a table built here (so the key order is known); the linker
 * table path (uni_config_find, uni_config_boot_read) is checked with keys
 * declared by UNI_CONFIG_*().
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "config/reader.h"
#include "unit.h"

UNIT_COUNTERS;

static int64_t heap_mb = 64;
static bool dhcp = true;
static struct uni_ipv4_prefix ipv4 = {{10, 0, 0, 2}, 24};
static struct uni_ipv4_prefix gateway = {{10, 0, 0, 1}, 32};
static struct uni_mac mac = {{2, 0, 0, 0, 0, 1}};
static const char *app_name = "demo";
static int32_t level = 1;
static const char *const level_names[] = {"error", "info", "debug", NULL};

#define KEY(sec, nm, ty, v, lo, hi, nms)                                       \
	{.section = sec,                                                       \
	 .name = nm,                                                           \
	 .help = "",                                                           \
	 .default_text = "",                                                   \
	 .var = v,                                                             \
	 .min = lo,                                                            \
	 .max = hi,                                                            \
	 .names = nms,                                                         \
	 .type = ty}

static const struct uni_config_key table[] = {
    KEY("mem", "heap_mb", UNI_CFG_INT, &heap_mb, 1, 4096, NULL),
    KEY("net0", "dhcp", UNI_CFG_BOOL, &dhcp, 0, 1, NULL),
    KEY("net0", "ipv4", UNI_CFG_IPV4, &ipv4, 0, 32, NULL),
    KEY("net0", "gateway", UNI_CFG_IPV4, &gateway, 0, 32, NULL),
    KEY("app", "name", UNI_CFG_STRING, &app_name, 0, 0, NULL),
    KEY("net0", "mac", UNI_CFG_MAC, &mac, 0, 0, NULL),
    KEY("log", "level", UNI_CFG_ENUM, &level, 0, 2, level_names),
};

/* The messages of one run. */
static char lines[16][1024];
static unsigned nlines;

static void capture(void *ctx, const char *line)
{
	if (nlines < 16)
		snprintf(lines[nlines], sizeof(lines[0]), "%s", line);
	nlines++;
}

static char pool[64];

static int run(const char *cmdline)
{
	struct uni_config_reader r = {
	    .begin = table,
	    .end = table + sizeof(table) / sizeof(table[0]),
	    .report = capture,
	    .pool = pool,
	    .pool_size = sizeof(pool),
	};

	nlines = 0;
	return uni_config_read(&r, cmdline);
}

static void reset_values(void)
{
	heap_mb = 64;
	dhcp = true;
	ipv4 = (struct uni_ipv4_prefix){{10, 0, 0, 2}, 24};
	app_name = "demo";
	level = 1;
}

static void test_good_words(void)
{
	static const struct uni_mac want_mac = {{0xde, 0xad, 0, 0, 0xbe, 0xef}};
	int n;

	reset_values();
	n = run("mem.heap_mb=128 net0.dhcp=off\tnet0.ipv4=192.168.1.5/16 "
		"app.name=hello log.level=debug net0.mac=de:ad:00:00:BE:ef");
	CHECK(n == 6 && nlines == 0, "six keys set (%d), no message (%u: %s)",
	      n, nlines, lines[0]);
	CHECK(heap_mb == 128, "heap_mb %lld", (long long)heap_mb);
	CHECK(!dhcp, "dhcp off");
	CHECK(ipv4.addr[0] == 192 && ipv4.addr[1] == 168 && ipv4.addr[2] == 1 &&
		  ipv4.addr[3] == 5 && ipv4.len == 16,
	      "ipv4");
	CHECK(strcmp(app_name, "hello") == 0, "app.name \"%s\"", app_name);
	CHECK(level == 2, "log.level %d", level);
	CHECK(memcmp(&mac, &want_mac, sizeof(mac)) == 0, "mac");
	CHECK(run("mem.heap_mb=0x10 mem.heap_mb=4096") == 2 && heap_mb == 4096,
	      "hex, and the last of two words wins");
	CHECK(run("app.name=") == 1 && strcmp(app_name, "") == 0,
	      "an empty string value");
	CHECK(run("") == 0 && run("  \t ") == 0 && nlines == 0,
	      "an empty command line");
	CHECK(run("   net0.dhcp=yes   ") == 1 && dhcp, "blanks around a word");
	/* String values arrive %XX-encoded from the unilink command. */
	CHECK(run("app.name=a%20b%2c%25%22%27x") == 1 &&
		  strcmp(app_name, "a b,%\"'x") == 0,
	      "%%XX decoded in a string value: \"%s\"", app_name);
	CHECK(run("app.name=100%_%2%zz%") == 1 &&
		  strcmp(app_name, "100%_%2%zz%") == 0,
	      "a '%%' without two hex digits stays: \"%s\"", app_name);
}

static void expect_one(const char *cmdline, const char *message)
{
	int n;

	reset_values();
	n = run(cmdline);
	CHECK(n == -1 && nlines == 1 && strcmp(lines[0], message) == 0,
	      "\"%s\": returned %d with %u messages:\n  got:  %s\n  want: %s",
	      cmdline, n, nlines, lines[0], message);
}

static void test_errors(void)
{
	expect_one("net0.ipv5=1.2.3.4",
		   "config: unknown key \"net0.ipv5\" (given \"1.2.3.4\"); "
		   "known keys of [net0]: dhcp, ipv4, gateway, mac");
	expect_one("nosuch.key=1",
		   "config: unknown key \"nosuch.key\" (given \"1\"); known "
		   "sections: mem, net0, app, log");
	expect_one("quiet=1", "config: unknown key \"quiet\" (given \"1\"); "
			      "keys are written section.key=value");
	expect_one("=1", "config: unknown key \"\" (given \"1\"); "
			 "keys are written section.key=value");
	expect_one("quiet", "config: \"quiet\" is not a setting: expected "
			    "section.key=value");
	expect_one("net0.dhcp", "config: \"net0.dhcp\" is not a setting: "
				"expected section.key=value");
	expect_one("mem.heap_mb=5000",
		   "config: bad value for mem.heap_mb: given \"5000\", "
		   "expected an integer in [1, 4096]");
	expect_one("mem.heap_mb=x", "config: bad value for mem.heap_mb: given "
				    "\"x\", expected an integer in [1, 4096]");
	expect_one("mem.heap_mb=", "config: bad value for mem.heap_mb: given "
				   "\"\", expected an integer in [1, 4096]");
	expect_one("net0.dhcp=maybe",
		   "config: bad value for net0.dhcp: given \"maybe\", expected "
		   "a boolean (true/false, yes/no, on/off, 1/0)");
	expect_one("net0.ipv4=1.2.3",
		   "config: bad value for net0.ipv4: given \"1.2.3\", expected "
		   "an IPv4 address a.b.c.d or a.b.c.d/prefix (0-32)");
	expect_one("net0.mac=de:ad:be:ef",
		   "config: bad value for net0.mac: given \"de:ad:be:ef\", "
		   "expected a MAC address xx:xx:xx:xx:xx:xx");
	expect_one("log.level=loud",
		   "config: bad value for log.level: given \"loud\", expected "
		   "one of: error, info, debug");
	expect_one("net0.dhcp.x=1",
		   "config: unknown key \"net0.dhcp.x\" (given \"1\"); known "
		   "keys of [net0]: dhcp, ipv4, gateway, mac");
}

/* Every error of a line is reported, and none of its good words applies. */
static void test_all_or_nothing(void)
{
	int n;

	reset_values();
	n = run("mem.heap_mb=256 bogus net0.dhcp=off x.y=z log.level=9 "
		"app.name=changed");
	CHECK(n == -1 && nlines == 3, "three errors reported (%u)", nlines);
	CHECK(strstr(lines[0], "\"bogus\" is not a setting") != NULL, "1st: %s",
	      lines[0]);
	CHECK(strstr(lines[1], "unknown key \"x.y\"") != NULL, "2nd: %s",
	      lines[1]);
	CHECK(strstr(lines[2], "bad value for log.level") != NULL, "3rd: %s",
	      lines[2]);
	CHECK(heap_mb == 64 && dhcp && strcmp(app_name, "demo") == 0,
	      "nothing written: heap_mb %lld, dhcp %d, app.name %s",
	      (long long)heap_mb, dhcp, app_name);
}

static void test_pool(void)
{
	char word[128];
	int n;

	reset_values();
	snprintf(word, sizeof(word), "app.name=%070d", 7);
	n = run(word);
	CHECK(n == -1 && nlines == 1 &&
		  strcmp(lines[0], "config: string values need 71 bytes, "
				   "only 64 of 64 are left") == 0,
	      "a value larger than the pool: %s", lines[0]);
	CHECK(strcmp(app_name, "demo") == 0, "and nothing written");
}

static void test_lookup(void)
{
	const struct uni_config_key *end = table + 7;

	CHECK(uni_config_lookup(table, end, "net0.gateway", 4, "gateway", 7) ==
		  &table[3],
	      "lookup by lengths");
	CHECK(uni_config_lookup(table, end, "net", 3, "dhcp", 4) == NULL,
	      "a section prefix is not the section");
	CHECK(uni_config_lookup(table, end, "net0", 4, "dhcpX", 4) == &table[1],
	      "the name is cut by its length");
	CHECK(uni_config_lookup(table, end, "net0", 4, "dhc", 3) == NULL,
	      "a name prefix is not the name");
}

/* The linker-table path, with keys declared as the library OS does. */
UNI_CONFIG_INT(unit, answer, 42, 0, 100, "a key of this test");
UNI_CONFIG_STRING(unit, greeting, "hi", "another key of this test");

static void test_linker_table(void)
{
	const struct uni_config_key *k =
	    uni_config_find("unit", 4, "answer", 6);

	CHECK(k != NULL && k->var == &uni_cfg_unit_answer,
	      "uni_config_find finds a declared key");
	CHECK(uni_config_find("unit", 4, "nope", 4) == NULL, "and not others");
	printf("(the next messages are expected)\n");
	CHECK(uni_config_boot_read("unit.answer=7 unit.greeting=hello") == 2,
	      "boot read of two keys");
	CHECK(uni_cfg_unit_answer == 7 &&
		  strcmp(uni_cfg_unit_greeting, "hello") == 0,
	      "boot read wrote %lld \"%s\"", (long long)uni_cfg_unit_answer,
	      uni_cfg_unit_greeting);
	CHECK(uni_config_boot_read("unit.answer=700 unit.x=1") == -1,
	      "boot read refuses bad words");
	CHECK(uni_cfg_unit_answer == 7, "and keeps the value");
	/* What a specialised image does: no reading, settings refused. */
	uni_config_boot_reader_needed = false;
	CHECK(uni_config_boot_read(" \t") == 0, "specialised: no words, fine");
	CHECK(uni_config_boot_read("unit.answer=9") == -1 &&
		  uni_cfg_unit_answer == 7,
	      "specialised: settings are refused, not ignored");
	uni_config_boot_reader_needed = true;
}

int main(void)
{
	test_good_words();
	test_errors();
	test_all_or_nothing();
	test_pool();
	test_lookup();
	test_linker_table();
	return unit_summary();
}

/* SPDX-License-Identifier: ISC */
/*
 * `unilink config-reference [CONFIG] [-o FILE]`: the configuration
 * reference (docs/configuration.md) generated from what the program
 * declares: every UNI_CONFIG_* key (name, type, default, accepted values,
 * help), every driver (UNI_DRIVER) and protocol handler (UNI_PROTOCOL),
 * and the drivers' counterparts, all read with passes/abi_read.c.
 * Without CONFIG, the library OS alone; with it, the appliance's own keys
 * too (cli/commands.c links the module this reads).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Core.h>

#include "config/config.h"
#include "config/keys.h"
#include "unilink_abi.h"

static void accepted(FILE *f, const struct keyinfo *k)
{
	switch (k->type) {
	case 1:
		fputs("true, false (also yes/no, on/off, 1/0)", f);
		break;
	case 2:
		fprintf(f, "%lld … %lld", (long long)k->min, (long long)k->max);
		break;
	case 3:
		if (k->min == UNI_CFG_STR_WORDS)
			fprintf(f, "words among %s, comma-separated", k->names);
		else if (k->min == UNI_CFG_STR_IPV4_MODE)
			fputs("a.b.c.d or a.b.c.d/len, or off", f);
		else if (k->min == UNI_CFG_STR_IPV6_MODE)
			fputs("auto, off, static ADDR/LEN (IPv6)", f);
		else
			fputs(k->min == UNI_CFG_STR_IP_LIST
				  ? "IPv4 a.b.c.d/len and IPv6 ADDR/LEN "
				    "prefixes, comma-separated"
				  : "any string",
			      f);
		break;
	case 4:
		fputs(k->names, f);
		break;
	case 5:
		fputs("a.b.c.d or a.b.c.d/len", f);
		break;
	case 6:
		fputs("xx:xx:xx:xx:xx:xx", f);
		break;
	default:
		fputs("?", f);
	}
}

static void default_of(FILE *f, const struct keyinfo *k)
{
	if (k->deftext[0])
		fprintf(f, "`%s`", k->deftext);
	else
		fputs("*(empty)*", f);
}

/* Text in a table cell: '|' would end the cell. */
static void cell(FILE *f, const char *s)
{
	for (; *s; s++)
		*s == '|' ? fputs("\\|", f) : fputc(*s, f);
}

static void keys_section(FILE *f, const struct keylist *l)
{
	const char *sec = "";

	for (int i = 0; i < l->n; i++) {
		const struct keyinfo *k = &l->k[i];

		if (strcmp(sec, k->section) != 0) {
			sec = k->section;
			fprintf(f,
				"\n### [%s]\n\n| key | type | default | "
				"accepted values | declared by | help |\n"
				"|---|---|---|---|---|---|\n",
				sec);
		}
		fprintf(f, "| `%s.%s` | %s | ", k->section, k->name,
			unilink_key_type_name(k->type));
		default_of(f, k);
		fputs(" | ", f);
		accepted(f, k);
		fprintf(f, " | %s | ", k->source);
		cell(f, k->help);
		fputs(" |\n", f);
	}
}

/* A class or kind name from the ABI's tables, "?" for an unknown one. */
static const char *known(const char *name)
{
	return name != NULL ? name : "?";
}

/* The module's driver descriptors (abi_read.c); -1 after a message. */
static int read_drivers(LLVMModuleRef m, struct unilink_driver_desc **out,
			size_t *n)
{
	LLVMValueRef *g = unilink_abi_collect(m, UNI_SECTION_DRIVERS, n);
	struct unilink_driver_desc *d = calloc(*n ? *n : 1, sizeof(*d));
	char err[UNILINK_ABI_ERR];
	int rc = 0;

	for (size_t i = 0; d != NULL && i < *n; i++)
		if (unilink_abi_driver(g[i], &d[i], err) != 0)
			rc = -1, unilink_error("%s", err);
	free(g);
	if (d == NULL)
		*n = 0, rc = -1, unilink_error("out of memory");
	*out = d;
	return rc;
}

static void free_drivers(struct unilink_driver_desc *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		unilink_abi_driver_free(&d[i]);
	free(d);
}

/* The first driver of d's class that serves platform bit, or NULL. */
static const struct unilink_driver_desc *
counterpart(const struct unilink_driver_desc *all, size_t n,
	    const struct unilink_driver_desc *d, uint32_t bit)
{
	for (size_t i = 0; i < n; i++)
		if (&all[i] != d && all[i].class == d->class &&
		    (all[i].platforms & bit) != 0)
			return &all[i];
	return NULL;
}

/*
 * The counterparts as the configuration rules find them (passes/
 * config_rules.c: the driver of the same class that serves the other
 * platform), from the drivers' class and platforms: "(`uart` <->
 * `xencons` <-> `stdio`, ...)" for the kvm drivers (then their xen and
 * linux counterparts), then rest, then the xen drivers that have no kvm
 * counterpart.
 */
static void counterparts(FILE *f, const struct unilink_driver_desc *d, size_t n,
			 const char *rest)
{
	const uint32_t first = UNI_DRIVER_ON_KVM, second = UNI_DRIVER_ON_XEN;
	const uint32_t third = UNI_DRIVER_ON_LINUX;
	const struct unilink_driver_desc *c;
	const char *sep = " (";

	for (size_t i = 0; i < n; i++) {
		if (d[i].platforms != first ||
		    (c = counterpart(d, n, &d[i], second)) == NULL)
			continue;
		fprintf(f, "%s`%s` <-> `%s`", sep, d[i].name, c->name);
		if ((c = counterpart(d, n, &d[i], third)) != NULL)
			fprintf(f, " <-> `%s`", c->name);
		sep = ", ";
	}
	fputs(*sep == ',' ? ")" : "", f);
	fputs(rest, f);
	for (size_t i = 0; i < n; i++)
		if (d[i].platforms == second &&
		    counterpart(d, n, &d[i], first) == NULL)
			fprintf(f, " `%s` has no %s counterpart.", d[i].name,
				unilink_abi_platform_name(first));
}

/* The platform names of a driver's bits: "kvm, xen". */
static void platforms_of(FILE *f, uint32_t bits)
{
	const char *sep = "";

	for (uint32_t b = 1; b != 0 && b <= bits; b <<= 1)
		if ((bits & b) != 0) {
			fprintf(f, "%s%s", sep,
				known(unilink_abi_platform_name(b)));
			sep = ", ";
		}
}

/* The drivers' table: name, class and platforms (abi_read.c). */
static void drivers_table(FILE *f, const struct unilink_driver_desc *d,
			  size_t n, const char *head)
{
	fprintf(f, "%s", head);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "| `%s` | %s | ", d[i].name,
			known(unilink_abi_class_name(d[i].class)));
		platforms_of(f, d[i].platforms);
		fputs(" |\n", f);
	}
}

/* The protocols' table: name, kind and number; -1 after a message. */
static int protocols_table(FILE *f, LLVMModuleRef m, const char *head)
{
	size_t n;
	LLVMValueRef *g = unilink_abi_collect(m, UNI_SECTION_PROTOCOLS, &n);
	struct unilink_protocol_desc d;
	char err[UNILINK_ABI_ERR];
	int rc = 0;

	fprintf(f, "%s", head);
	for (size_t i = 0; i < n; i++) {
		if (unilink_abi_protocol(g[i], &d, err) == 0)
			fprintf(f, "| `%s` | %s %#llx (%llu) |\n", d.name,
				known(unilink_abi_kind_name(d.kind)),
				(unsigned long long)d.number,
				(unsigned long long)d.number);
		else
			rc = -1, unilink_error("%s", err);
		unilink_abi_protocol_free(&d);
	}
	free(g);
	return rc;
}

/* The rules of passes/config_file.c, common/config/value.c, config_rules.c. */
static const char syntax[] =
    "## Syntax\n\n"
    "- A line is `[section]`, `key = value`, a comment or blank. Blanks are "
    "spaces and tabs; CRLF line ends and a UTF-8 byte order mark are "
    "accepted; a NUL byte is an error.\n"
    "- Section and key names are letters, digits and `_`, case-sensitive "
    "(an unknown one is an error with the known ones and a did-you-mean). "
    "`[ net0 ]` is `[net0]`.\n"
    "- Comments: a line starting with `;` or `#`, or the rest of a line "
    "from a `;` or `#` that follows a blank: `memory = 64 ; MiB`. A value "
    "that must hold ` ;` or ` #` is quoted.\n"
    "- A value is trimmed; `\"double quotes\"` around it are removed (it "
    "then holds no `\"`). Single quotes are part of the value.\n"
    "- Errors: a key outside a section, a line without `=`, a repeated "
    "section, a repeated key (naming both lines); every error names "
    "file:line, the key, the value given and what was expected.\n"
    "- `-D section.key=value` (repeatable) overrides the file; a later -D "
    "overrides an earlier one. Its value is taken as given, but surrounding "
    "double quotes go.\n"
    "- Values: bool `true false yes no on off 1 0` in any letter case; int "
    "decimal (leading zeros are decimal) or `0x` hex, `-` allowed, no `+`, "
    "within the key's range; enum one of its names, exactly; ipv4 "
    "`a.b.c.d` or `a.b.c.d/len` (len 0-32, /32 without it; no leading "
    "zeros); mac `xx:xx:xx:xx:xx:xx` or `xx-xx-xx-xx-xx-xx`, hex in either "
    "case. The boot command line of a generic image reads values with the "
    "same code.\n\n"
    "### Rules between keys\n\n"
    "A setting of a later layer (default < file < `-D`) wins over an "
    "earlier one, with a one-line note; a conflict within one layer is an "
    "error naming both settings.\n\n"
    "- `appliance.platform` picks the drivers: a `driver` key naming the "
    "other platform's driver is mapped to its counterpart, the driver of "
    "the same class that serves the platform";
/* After the counterparts, which counterparts() writes from the drivers. */
static const char syntax_rules[] =
    " when the platform was set in a later layer: `-D "
    "appliance.platform=xen` on a file naming `uart`, or `platform = xen` "
    "in a file that leaves `console.driver` at its default (likewise "
    "`linux`, the hosted platform: a static Linux executable).";
static const char syntax_end[] =
    " The unilink command and the plugin apply the same rules.\n"
    "- `net0.dhcp = true` with a static `net0.ipv4` or `net0.gateway` in "
    "the same file is an error; `-D net0.dhcp=true` over a file with a "
    "static address drops the address (a note says so).\n"
    "- `net0.ipv4 = off` (IPv6 only: no DHCP, ARP, IPv4 nor ICMP in the "
    "image) is an error unless `net0.ipv6` is `auto` or `static` and "
    "`net1.driver` is `none` (net1 has IPv4 only).\n\n";

int unilink_write_reference(FILE *f, LLVMModuleRef m)
{
	struct keylist l;
	struct unilink_driver_desc *d;
	size_t n;
	int rc = unilink_keys_read(m, &l);

	rc |= read_drivers(m, &d, &n);

	fputs("# Configuration reference\n\n"
	      "<!-- Generated by `unilink config-reference` from the keys, "
	      "drivers and protocols the library OS declares in C. Do not "
	      "edit: run `ninja -C build config-reference`. -->\n\n"
	      "An appliance is configured by `configs/NAME/NAME.conf`, an INI "
	      "file of `[section]` headers and `key = value` lines, and by "
	      "`-D section.key=value` on the command line. A specialised "
	      "image has the values folded in; a generic image takes them "
	      "at boot as `section.key=value` words on its command line "
	      "(in a string value, `%XX` stands for the byte XX: the "
	      "command writes blanks, quotes and `%` that way).\n\n",
	      f);
	fputs(syntax, f);
	counterparts(f, d, n, syntax_rules);
	fputs(syntax_end, f);
	fputs("## Keys\n", f);
	keys_section(f, &l);
	drivers_table(f, d, n,
		      "\n## Drivers\n\nEnabled by naming them as the "
		      "value of a `driver` key (`console.driver = "
		      "uart`).\n\n| driver | class | platforms |\n"
		      "|---|---|---|\n");
	rc |= protocols_table(f, m,
			      "\n## Protocol handlers\n\n| protocol | "
			      "dispatched by |\n|---|---|\n");
	free_drivers(d, n);
	unilink_keys_free(&l);
	return rc;
}

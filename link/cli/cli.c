/* SPDX-License-Identifier: ISC */
/*
 * The command line: `unilink COMMAND ARGS...`. Options may come before or
 * after the positional arguments; "--opt=value" and "--opt value" are the
 * same. An unknown option or a missing value is an error naming it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "run/run.h"
#include "unilink_passes.h"

/* One usage text per command; `unilink --help` prints them all. */
static const struct {
	const char *command, *text;
} usages[] = {
    {"build",
     "  unilink build CONFIG [-o IMAGE] [--generic] [-D section.key=value]...\n"
     "                [-O2|-Os|-Oz|-O1|-O3] [--report=text|json|svg|none]\n"
     "                [--report-file FILE] [--source FILE.c]... [-v] [-q] "
     "[-k]\n"
     "      build the specialised image (IMAGE, default NAME.elf; its DWARF\n"
     "      and symbol table go to NAME.debug), or with --generic one that\n"
     "      reads its configuration at boot; -O is LLVM's level (default\n"
     "      Os; -Oz is smaller and slower, -O2 larger)\n"},
    {"run",
     "  unilink run CONFIG|IMAGE [--accel tcg|kvm] [--platform kvm|xen|linux]\n"
     "                [--hostfwd udp|tcp:127.0.0.1:HOSTPORT-:GUESTPORT]...\n"
     "                [--timeout SECONDS] [-D section.key=value]... [-v]\n"
     "                [--append WORDS] [--memory MIB] [--machine microvm|q35]\n"
     "                [-- QEMU ARGS...]\n"
     "      boot it (a CONFIG is built first, with the -D and --platform);\n"
     "      --append replaces the image's boot command line; QEMU ARGS\n"
     "      are added as they are (with a -netdev among them, the run\n"
     "      adds no network device of its own);\n"
     "      an image for linux is started as a process (its network card\n"
     "      the TAP device net0.tap);\n"
     "      exits with the appliance's status, 124 on timeout, 125 when\n"
     "      the VM stopped without a status, 126 when QEMU failed,\n"
     "      128 + N when signal N stopped it, 2 for a usage error\n"},
    {"why",
     "  unilink why CONFIG|IMAGE SYMBOL [-D section.key=value]...\n"
     "      why SYMBOL is in the specialised image, or what removed it\n"},
    {"check",
     "  unilink check IMAGE\n"
     "      the checks of every build (W+X, PVH note or a static Linux\n"
     "      executable for linux, entry point)\n"},
    {"cflags", "  unilink cflags | ldflags      (flags for clang-19 alone)\n"},
    {"ldflags", ""},
    {"data",
     "  unilink data CONFIG [-o FILE.o|FILE.bc] [--generic]\n"
     "                [-D section.key=value]... [--source FILE.c]... [-q]\n"
     "      the configuration's data sets (zones, web trees) and the run\n"
     "      note as LLVM bitcode, for a link with clang-19 alone (default\n"
     "      NAME.data.o)\n"},
    {"config-reference",
     "  unilink config-reference [CONFIG] [-o FILE]\n"
     "      the reference of every configuration key (Markdown)\n"},
};

#define NUSAGES (sizeof(usages) / sizeof(usages[0]))

static const char common[] =
    "Common options: -v (show every command), -k (keep temporary files),\n"
    "-q (no progress lines), -h/--help (this help).\n";

void unilink_usage(FILE *f)
{
	fputs("usage:\n", f);
	for (size_t i = 0; i < NUSAGES; i++)
		fputs(usages[i].text, f);
	fputs(common, f);
}

/* The usage of one command; 0, or -1 when there is no such command. */
int unilink_command_usage(FILE *f, const char *command)
{
	for (size_t i = 0; i < NUSAGES; i++) {
		if (strcmp(usages[i].command, command) != 0)
			continue;
		fprintf(f, "usage:\n%s%s",
			usages[i].text[0] ? usages[i].text : usages[i - 1].text,
			common);
		return 0;
	}
	return -1;
}

/* The value of option argv[*i] ("--x=v" or "--x v"), or NULL. */
static const char *value_of(int argc, char **argv, int *i, const char *name)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (name[1] != '-' && a[2] != '\0')
		return a + 2; /* "-O2", "-Dsection.key=value" */
	if (a[n] == '=')
		return a + n + 1;
	if (*i + 1 >= argc) {
		unilink_error("option %s expects a value, found the end of the "
			      "command line",
			      name);
		return NULL;
	}
	return argv[++*i];
}

/* Whether argv[i] is option name (exactly, or with "=value"). */
static int is_opt(const char *arg, const char *name)
{
	size_t n = strlen(name);

	return strncmp(arg, name, n) == 0 &&
	       (arg[n] == '\0' || arg[n] == '=' ||
		(name[1] != '-' && strlen(name) == 2));
}

static int parse_report(struct unilink_opts *o, const char *v)
{
	static const char *const names[] = {"none", "text", "json", "svg"};

	for (int i = 0; i < 4; i++) {
		if (strcmp(v, names[i]) == 0) {
			o->report = (enum report_format)i;
			return 0;
		}
	}
	unilink_error("--report expects text, json, svg or none; found '%s'",
		      v);
	return -1;
}

static int add_list(const char **list, int *n, int max, const char *v,
		    const char *what)
{
	if (*n >= max) {
		unilink_error("too many %s options (at most %d)", what, max);
		return -1;
	}
	list[(*n)++] = v;
	return 0;
}

static int positional(struct unilink_opts *o, const char *a)
{
	if (o->input == NULL)
		o->input = a;
	else if (strcmp(o->command, "why") == 0 && o->symbol == NULL)
		o->symbol = a;
	else {
		unilink_error("unexpected argument '%s' (see unilink --help)",
			      a);
		return -1;
	}
	return 0;
}

static int one_of(const char *v, const char *opt, const char *a, const char *b)
{
	if (strcmp(v, a) == 0 || strcmp(v, b) == 0)
		return 1;
	unilink_error("%s expects %s or %s, found '%s'", opt, a, b, v);
	return 0;
}

static int platform_option(struct unilink_opts *o, const char *v)
{
	if (strcmp(v, "kvm") && strcmp(v, "xen") && strcmp(v, "linux")) {
		unilink_error("--platform expects kvm, xen or linux, found "
			      "'%s'",
			      v);
		return -1;
	}
	o->platform = v;
	return 0;
}

/* Whole seconds, 1 to a day. */
static int parse_timeout(struct unilink_opts *o, const char *v)
{
	char *end;
	long t = strtol(v, &end, 10);

	if (v[0] < '0' || v[0] > '9' || *end != '\0' || t < 1 || t > 86400) {
		unilink_error(
		    "--timeout expects whole seconds from 1 to 86400, "
		    "found '%s'",
		    v);
		return -1;
	}
	o->timeout = (int)t;
	return 0;
}

/* MiB of the VM, as appliance.memory: 8 to 65536. */
static int parse_memory(struct unilink_opts *o, const char *v)
{
	char *end;
	long m = strtol(v, &end, 10);

	if (v[0] < '0' || v[0] > '9' || *end != '\0' || m < 8 || m > 65536) {
		unilink_error("--memory expects whole MiB from 8 to 65536, "
			      "found '%s'",
			      v);
		return -1;
	}
	o->memory = m;
	return 0;
}

/* -O2, -Os, -Oz, -O1, -O3 (or "-O z"): LLVM's optimisation level. */
static int parse_opt_level(struct unilink_opts *o, const char *v)
{
	char name[8];

	snprintf(name, sizeof(name), "O%s", v);
	o->opt_level = strlen(v) < 4 ? unilink_opt_level_name(name) : NULL;
	if (o->opt_level != NULL)
		return 0;
	unilink_error("-O expects 2, s, z, 1 or 3 (-O2, -Os, -Oz, -O1, "
		      "-O3); found '-O%s'",
		      v);
	return -1;
}

/* The options of `run` alone that take a value; 1 when name is not one. */
static int run_valued(struct unilink_opts *o, const char *name, const char *v)
{
	if (!strcmp(name, "--append"))
		return o->append = v, 0;
	if (!strcmp(name, "--memory"))
		return parse_memory(o, v);
	if (strcmp(name, "--machine") != 0)
		return 1;
	if (!one_of(v, "--machine", "microvm", "q35"))
		return -1;
	o->machine = v;
	return 0;
}

/* The options that take a value. */
static int valued(struct unilink_opts *o, const char *name, const char *v)
{
	int rc = run_valued(o, name, v);

	if (rc <= 0)
		return rc;
	if (!strcmp(name, "-o"))
		return o->output = v, 0;
	if (!strcmp(name, "-O"))
		return parse_opt_level(o, v);
	if (!strcmp(name, "-D"))
		return add_list(o->defines, &o->ndefines, UNILINK_MAX_DEFINES,
				v, "-D");
	if (!strcmp(name, "--source"))
		return add_list(o->sources, &o->nsources, UNILINK_MAX_SOURCES,
				v, "--source");
	if (!strcmp(name, "--report"))
		return parse_report(o, v);
	if (!strcmp(name, "--report-file"))
		return o->report_file = v, 0;
	if (!strcmp(name, "--accel"))
		return one_of(v, "--accel", "tcg", "kvm")     ? o->accel = v,
							    0 : -1;
	if (!strcmp(name, "--platform"))
		return platform_option(o, v);
	if (!strcmp(name, "--hostfwd"))
		return unilink_check_hostfwd(v) < 0
			   ? -1
			   : add_list(o->hostfwd, &o->nhostfwd,
				      UNILINK_MAX_HOSTFWD, v, "--hostfwd");
	return parse_timeout(o, v);
}

/* One option at argv[*i]; returns 0, or -1 on an error. */
static int option(struct unilink_opts *o, int argc, char **argv, int *i)
{
	static const char *const names[] = {"--report-file",
					    "--report",
					    "--accel",
					    "--platform",
					    "--hostfwd",
					    "--timeout",
					    "--source",
					    "--append",
					    "--memory",
					    "--machine",
					    "-o",
					    "-D",
					    "-O"};
	const char *a = argv[*i], *v;

	if (!strcmp(a, "-h") || !strcmp(a, "--help"))
		return o->help = 1, 0;
	if (!strcmp(a, "-v") || !strcmp(a, "--verbose"))
		return o->verbose = 1, 0;
	if (!strcmp(a, "-q") || !strcmp(a, "--quiet"))
		return o->quiet = 1, 0;
	if (!strcmp(a, "-k") || !strcmp(a, "--keep-temps"))
		return o->keep_temps = 1, 0;
	if (!strcmp(a, "--generic"))
		return o->generic = 1, 0;
	for (size_t n = 0; n < sizeof(names) / sizeof(names[0]); n++) {
		if (!is_opt(a, names[n]))
			continue;
		v = value_of(argc, argv, i, names[n]);
		return v == NULL ? -1 : valued(o, names[n], v);
	}
	unilink_error("unknown option '%s' (see unilink --help)", a);
	return -1;
}

/* "--": the rest of the command line is QEMU's (run only). */
static int qemu_args(struct unilink_opts *o, int argc, char **argv, int first)
{
	if (strcmp(o->command, "run") != 0) {
		unilink_error("'--' passes QEMU arguments to run; %s takes "
			      "none (found '--' after unilink %s)",
			      o->command, o->command);
		return -1;
	}
	o->qemu_args = argv + first;
	o->nqemu_args = argc - first;
	return 0;
}

int unilink_parse_cli(struct unilink_opts *o, int argc, char **argv)
{
	memset(o, 0, sizeof(*o));
	o->report = REPORT_TEXT;
	o->timeout = 0; /* run: 60 s under QEMU, 300 s on Xen */
	if (argc < 2) {
		unilink_usage(stderr);
		return -1;
	}
	o->command = argv[1];
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		int rc;

		if (!strcmp(a, "--"))
			return qemu_args(o, argc, argv, i + 1);
		if (a[0] == '-' && a[1] != '\0')
			rc = option(o, argc, argv, &i);
		else
			rc = positional(o, a);
		if (rc < 0)
			return -1;
	}
	return 0;
}

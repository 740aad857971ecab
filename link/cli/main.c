/* SPDX-License-Identifier: ISC */
/*
 * unilink: an appliance configuration -> a specialised PVH image.
 * The commands (issue #4 §4): build, run, why, config-reference, and
 * check (the image checks of every build, on any ELF image), cflags and
 * ldflags (building with clang-19 alone) and data (the data object and run
 * note of such a build).
 * Exit status: 0 success, 1 a failed build or check, 2 a usage error;
 * `run` exits with the appliance's own status.
 */
#include <stdio.h>
#include <string.h>

#include "build/build.h"
#include "cli/cli.h"
#include "codegen/codegen.h"

/* `unilink --help`, `unilink help [COMMAND]`, `unilink COMMAND --help`. */
static int help(const char *command)
{
	if (command == NULL) {
		unilink_usage(stdout);
		return 0;
	}
	if (unilink_command_usage(stdout, command) == 0)
		return 0;
	unilink_error("no help for '%s': there is no such command; expected "
		      "build, run, why, check, cflags, ldflags, data or "
		      "config-reference",
		      command);
	return 2;
}

int main(int argc, char **argv)
{
	struct unilink_opts o;

	unilink_signals_init();
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")))
		return help(NULL);
	if (argc >= 2 && !strcmp(argv[1], "help"))
		return help(argc > 2 ? argv[2] : NULL);
	if (unilink_parse_cli(&o, argc, argv) < 0)
		return 2;
	if (o.help)
		return help(o.command);
	unilink_verbose = o.verbose;
	unilink_quiet = o.quiet;
	if (!strcmp(o.command, "build"))
		return unilink_cmd_build(&o);
	if (!strcmp(o.command, "run"))
		return unilink_cmd_run(&o);
	if (!strcmp(o.command, "why"))
		return unilink_cmd_why(&o);
	if (!strcmp(o.command, "check") && o.input == NULL) {
		unilink_error("check expects an IMAGE (unilink help check)");
		return 2;
	}
	if (!strcmp(o.command, "check"))
		return unilink_check_image(o.input, NULL) == 0 ? 0 : 1;
	if (!strcmp(o.command, "cflags") || !strcmp(o.command, "ldflags"))
		return unilink_cmd_flags(&o, o.command[0] == 'l');
	if (!strcmp(o.command, "config-reference"))
		return unilink_cmd_reference(&o);
	if (!strcmp(o.command, "data"))
		return unilink_cmd_data(&o);
	unilink_error("unknown command '%s'; expected build, run, why, "
		      "check, cflags, ldflags, data or config-reference "
		      "(unilink --help)",
		      o.command);
	return 2;
}

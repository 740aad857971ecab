/* SPDX-License-Identifier: ISC */
/*
 * The command-line room: the options (cli.c), the commands (main.c
 * dispatches; build/build.c builds; commands.c builds, then runs, explains
 * or writes the reference; flags.c prints the flags for clang-19 alone;
 * data.c writes the data object of a build without the command).
 */
#ifndef UNILINK_CLI_H
#define UNILINK_CLI_H

#include <stdio.h>

#include <llvm-c/Core.h>

#include "base/base.h"

/* cli.c */
int unilink_parse_cli(struct unilink_opts *o, int argc, char **argv);
void unilink_usage(FILE *f);
int unilink_command_usage(FILE *f, const char *command);

/* The commands; each returns the exit status of unilink. */
int unilink_cmd_run(const struct unilink_opts *o);
int unilink_cmd_why(const struct unilink_opts *o);
int unilink_cmd_reference(const struct unilink_opts *o);
int unilink_cmd_flags(const struct unilink_opts *o, int link);
/* data.c: `unilink data CONFIG`. */
int unilink_cmd_data(const struct unilink_opts *o);
/*
 * data_bitcode.cpp: m as clang -flto writes an object (a full-LTO summary
 * with it), into path; 0 or -1.
 */
int unilink_write_lto_bitcode(LLVMModuleRef m, const char *path);

#endif

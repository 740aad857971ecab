/* SPDX-License-Identifier: ISC */
/*
 * The start of every pass (config-fold, driver-prune, protocol-prune): the
 * one "already run" guard (!unilink.specialized, see ir_util.c) and the
 * move of the protocols' API lists into metadata (abi_read.c), which must
 * happen before any pass looks at the module. Above both files, so that
 * neither calls the other.
 */
#include "internal.h"
#include "unilink_abi.h"

int pass_begin(LLVMModuleRef m, const char *pass, unsigned flags,
	       struct unilink_report *r)
{
	struct event skip = {.pass = pass,
			     .event = "skip",
			     .reason = "already run on this module"};
	char err[UNILINK_ABI_ERR];

	if (!(flags & UNILINK_FORCE) && pass_has_run(m, pass)) {
		report_event(r, &skip);
		return 0;
	}
	if (unilink_abi_detach_apis(m, err) < 0) {
		report_error(r, pass, "%s", err);
		return -1;
	}
	return 1;
}

/* SPDX-License-Identifier: ISC */
/*
 * What the boot found out (platform, memory, modules, the image's place),
 * written while booting (boot.c, platform.c, start_info.c) and read by
 * everything after. Only the definition lives here, below every file that
 * reads it, so that reading it does not make a file depend on the boot
 * sequence that calls it.
 */
#include "uni/boot.h"

struct uni_boot_info uni_boot;

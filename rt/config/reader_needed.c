/* SPDX-License-Identifier: ISC */
/*
 * Whether this image still reads settings at boot. The config-fold pass
 * sets it to false (a constant) once it has folded every key, which makes
 * the boot reader (reader.c) dead code in a specialised image. It has a
 * file of its own because boot/platform.c asks it too, and platform.c is
 * below the reader (whose messages go through printf and the console).
 */
#include <stdbool.h>

#include "config/reader.h"

bool uni_config_boot_reader_needed = true;

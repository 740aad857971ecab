/* SPDX-License-Identifier: ISC */
/*
 * The configuration key of web content (section www): the directory whose
 * files are compiled into the image at build time as a web tree
 * (www/tree.h; the rules are in docs/www.md). An image that serves no web
 * content leaves it unset and carries an empty set.
 */
#include "uni/data.h"

UNI_CONFIG_DATA(www, root, "www-tree",
		"directory of web content (relative to the configuration "
		"file), compiled into the image at build time: every regular "
		"file is served at its path below it; text files must be "
		"UTF-8; hidden files are skipped (docs/www.md)");

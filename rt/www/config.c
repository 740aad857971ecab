/* SPDX-License-Identifier: ISC */
/*
 * The configuration keys of web content (section www): the directory whose
 * files are compiled into the image at build time as a web tree
 * (www/tree.h; the rules are in docs/www.md), and how the build makes gzip
 * variants of them (www/index.h). An image that serves no web content
 * leaves www.root unset and carries an empty set.
 *
 * www.gzip and www.gzip_min_size are read by the build only: the variants
 * are in the image or not. The image never reads the globals, so
 * config-fold removes them with their descriptors; a generic image's boot
 * reader still takes them (and changes nothing).
 */
#include "uni/data.h"
#include "www/index.h"

UNI_CONFIG_DATA(www, root, "www-tree",
		"directory of web content (relative to the configuration "
		"file), compiled into the image at build time: every regular "
		"file is served at its path below it; text files must be "
		"UTF-8; hidden files are skipped (docs/www.md)");

UNI_CONFIG_BOOL(www, gzip, true,
		"make a gzip variant (zlib, at build time) of every text, "
		"JSON, JavaScript, SVG, XML, WebAssembly and icon file of "
		"www.root of at least www.gzip_min_size bytes, kept when it "
		"saves at least 5%; served for Accept-Encoding: gzip, never "
		"under a URL of its own; a NAME.gz of the tree wins");
_Static_assert(WWW_GZIP_DEFAULT == 1, "www.gzip's default is the build's");

UNI_CONFIG_INT(www, gzip_min_size, 1024, 0, 16777216,
	       "the smallest file (bytes) of which www.gzip makes a variant");
_Static_assert(WWW_GZIP_MIN_SIZE_DEFAULT == 1024 &&
		   WWW_GZIP_MIN_SIZE_MAX == 16777216,
	       "www.gzip_min_size's default and bounds are the build's");

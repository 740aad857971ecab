/* SPDX-License-Identifier: ISC */
/*
 * The configuration keys of the web server (section www): the directory
 * whose files are compiled into the image at build time as a web tree
 * (www/tree.h; the rules are in docs/www.md), how the build makes gzip
 * variants of them (www/index.h), and the server's port, limits,
 * timeouts and access log (server.c). An image that serves no web
 * content leaves www.root unset and carries an empty set; one that starts
 * no server folds the server's keys away unused.
 *
 * www.gzip and www.gzip_min_size are read by the build only: the variants
 * are in the image or not. The image never reads the globals, so
 * config-fold removes them with their descriptors; a generic image's boot
 * reader still takes them (and changes nothing).
 */
#include "uni/config.h"
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

/* The server over TCP (server.c); the defaults are nginx's where it has one. */
UNI_CONFIG_INT(www, port, 80, 1, 65535, "TCP port the web server listens on");
UNI_CONFIG_INT(www, max_connections, 128, 1, 16384,
	       "connections served at once (about 32 KiB of memory each, "
	       "allocated at start); one more is closed at once and counted "
	       "(keep it at most tcp.max_connections)");
UNI_CONFIG_INT(www, header_timeout_ms, 10000, 100, 3600000,
	       "a request head must be complete this long after its first "
	       "byte, else a 408 and the end of the connection (slowloris)");
UNI_CONFIG_INT(www, idle_timeout_ms, 60000, 100, 86400000,
	       "a connection without a request under way, or whose replies "
	       "are not taken, ends this long after its last progress");
UNI_CONFIG_INT(www, body_max, 1048576, 0, 1099511627776,
	       "bytes of a request body (read and dropped); a longer one is "
	       "a 413 (nginx's client_max_body_size)");
UNI_CONFIG_INT(www, head_max, 8192, 256, 8192,
	       "bytes of a request line and its header fields; more is a 431");
UNI_CONFIG_INT(www, line_max, 8192, 256, 8192,
	       "bytes of a request line; more is a 414 (at most www.head_max "
	       "counts)");
UNI_CONFIG_INT(www, lingering_time_ms, 30000, 0, 3600000,
	       "after a reply that ends a connection, read and drop what the "
	       "client still sends for at most this long before closing, so "
	       "that it reads the reply rather than a reset (nginx's "
	       "lingering_time)");
UNI_CONFIG_INT(www, lingering_timeout_ms, 5000, 0, 3600000,
	       "while lingering, close when the client sends nothing for "
	       "this long (nginx's lingering_timeout)");
UNI_CONFIG_BOOL(www, access_log, false,
		"print one line per request on the console: the client's "
		"address, method, target (control bytes escaped), status "
		"and body bytes");

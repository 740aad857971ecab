/* SPDX-License-Identifier: ISC */
/*
 * The web server over TCP (server.c): the sans-I/O connections of
 * http_conn.h on the connections of <uni/tcp.h>, configured by the www.*
 * keys (rt/www/config.c, docs/www.md).
 */
#ifndef WWW_SERVER_H
#define WWW_SERVER_H

#include <stdint.h>

#include "uni/data.h"

/* What the server counts (www_server_print_stats() prints them). */
struct www_server_stats {
	uint64_t accepted;	 /* connections taken into the table */
	uint64_t refused_full;	 /* closed at once: the table was full */
	uint64_t requests;	 /* replies queued */
	uint64_t closed_done;	 /* ended cleanly: both FINs */
	uint64_t lingered;	 /* ended by us: a FIN, then a lingering read */
	uint64_t linger_expired; /* the lingering read ran out of time */
	uint64_t timed_out;	 /* a header or idle timeout fired */
	uint64_t reset;		 /* the peer reset it (or TCP gave up) */
};

/*
 * Serves site (checked here with www_tree_check()) on TCP www.port with
 * www.max_connections connections: 0, or -1 after a message on the
 * console.
 */
int www_server_start(const struct uni_data_set *site);

/* The counters so far, and how many connections are open. */
const struct www_server_stats *www_server_stats(void);
unsigned www_server_open(void);

/* Prints the counters, one "www.NAME VALUE" per line. */
void www_server_print_stats(void);

#endif

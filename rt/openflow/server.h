/* SPDX-License-Identifier: ISC */
/*
 * The OpenFlow controller over TCP: switches connect to the listening
 * ports; each connection is an of_ctl (ctl.h) fed by an of_stream
 * (stream.h). At most max_switches connections at once; one more is reset.
 * A switch silent for echo_interval gets an ECHO_REQUEST; silent for twice
 * that, it is taken for gone and its connection is reset.
 */
#ifndef OPENFLOW_SERVER_H
#define OPENFLOW_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "openflow/ctl.h"

struct ofctl_server_config {
	uint16_t port, legacy_port; /* legacy_port 0: none */
	uint32_t max_switches;
	uint32_t mac_table_size;
	uint64_t mac_ageing_ns;
	uint64_t stats_interval_ns; /* 0: no periodic flow statistics */
	uint64_t echo_interval_ns;  /* silence before an ECHO_REQUEST */
	struct of_ctl_config ctl;
};

/* Listens; 0, or -1 after a message naming the port that failed. */
int ofctl_server_start(const struct ofctl_server_config *cfg);
/* The counters, "ofctl: name value" lines. */
void ofctl_server_print_stats(void);

#endif

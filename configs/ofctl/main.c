/* SPDX-License-Identifier: ISC */
/*
 * The OpenFlow controller appliance: a learning switch (rt/openflow/ctl.h)
 * for the OpenFlow 1.0 switches that connect to ofctl.port and
 * ofctl.legacy_port, one MAC table per switch, bounded and aged; each
 * destination learnt becomes a flow in the switch with the configured
 * timeouts, an unknown one is flooded. docs/openflow.md has the keys.
 */
#include <stdio.h>

#include "openflow/server.h"
#include "uni/boot.h"
#include "uni/config.h"
#include "uni/cpu.h"
#include "uni/net.h"
#include "uni/time.h"

UNI_CONFIG_INT(ofctl, port, 6653, 1, 65535,
	       "TCP port the controller listens on for switches (IANA's)");
UNI_CONFIG_INT(ofctl, legacy_port, 6633, 0, 65535,
	       "a second TCP port for switches (the port before IANA's); 0: "
	       "none");
UNI_CONFIG_INT(ofctl, max_switches, 32, 1, 1024,
	       "switch connections at once (about 330 KiB each with the "
	       "default table, allocated when a switch connects); one more is "
	       "reset (keep it at most tcp.max_connections)");
UNI_CONFIG_INT(ofctl, mac_table_size, 4096, 4, 1048576,
	       "addresses learnt per switch; a full table replaces its least "
	       "recently seen entries");
UNI_CONFIG_INT(ofctl, mac_ageing_s, 300, 1, 86400,
	       "an address not seen for this many seconds is forgotten");
UNI_CONFIG_INT(ofctl, idle_timeout, 60, 0, 65535,
	       "seconds without a packet after which the switch removes a "
	       "flow the controller installed; 0: never");
UNI_CONFIG_INT(ofctl, hard_timeout, 0, 0, 65535,
	       "seconds after which the switch removes an installed flow in "
	       "any case; 0: never");
UNI_CONFIG_INT(ofctl, priority, 32768, 0, 65535,
	       "priority of the flows installed");
UNI_CONFIG_INT(ofctl, miss_send_len, 128, 0, 65535,
	       "bytes of a buffered packet the switch sends in a PACKET_IN "
	       "(SET_CONFIG)");
UNI_CONFIG_BOOL(ofctl, flow_removed, false,
		"ask the switch for a FLOW_REMOVED when a flow expires");
UNI_CONFIG_INT(ofctl, echo_interval_s, 15, 1, 3600,
	       "a switch silent this long gets an ECHO_REQUEST; silent twice "
	       "as long, its connection is reset and its state freed");
UNI_CONFIG_INT(ofctl, stats_interval_s, 0, 0, 86400,
	       "ask each switch for its flow count and print it this often; "
	       "0: never");

static struct ofctl_server_config cfg;

static void read_config(void)
{
	cfg.port = (uint16_t)UNI_CFG_VAR(ofctl, port);
	cfg.legacy_port = (uint16_t)UNI_CFG_VAR(ofctl, legacy_port);
	cfg.max_switches = (uint32_t)UNI_CFG_VAR(ofctl, max_switches);
	cfg.mac_table_size = (uint32_t)UNI_CFG_VAR(ofctl, mac_table_size);
	cfg.mac_ageing_ns =
	    (uint64_t)UNI_CFG_VAR(ofctl, mac_ageing_s) * UNI_NSEC_PER_SEC;
	cfg.stats_interval_ns =
	    (uint64_t)UNI_CFG_VAR(ofctl, stats_interval_s) * UNI_NSEC_PER_SEC;
	cfg.echo_interval_ns =
	    (uint64_t)UNI_CFG_VAR(ofctl, echo_interval_s) * UNI_NSEC_PER_SEC;
	cfg.ctl.idle_timeout = (uint16_t)UNI_CFG_VAR(ofctl, idle_timeout);
	cfg.ctl.hard_timeout = (uint16_t)UNI_CFG_VAR(ofctl, hard_timeout);
	cfg.ctl.priority = (uint16_t)UNI_CFG_VAR(ofctl, priority);
	cfg.ctl.miss_send_len = (uint16_t)UNI_CFG_VAR(ofctl, miss_send_len);
	cfg.ctl.flow_removed = UNI_CFG_VAR(ofctl, flow_removed);
}

int main(void)
{
	uint32_t a;
	uint64_t us;
	int status;

	read_config();
	if (ofctl_server_start(&cfg) != 0)
		return UNI_EXIT_FAILURE;
	while (!net_ready())
		uni_sleep_ns(10 * UNI_NSEC_PER_MSEC);
	a = net_ipv4_addr();
	us = uni_tsc_to_ns(rdtsc() - uni_boot.tsc_at_entry) / UNI_NSEC_PER_USEC;
	printf("ofctl: ready on %u.%u.%u.%u:%u", a >> 24, (a >> 16) & 0xff,
	       (a >> 8) & 0xff, a & 0xff, cfg.port);
	if (cfg.legacy_port != 0)
		printf(" and :%u", cfg.legacy_port);
	printf(", %u switches, PVH entry to ready in %llu us\n",
	       cfg.max_switches, (unsigned long long)us);
	status = uni_loop_run();
	ofctl_server_print_stats();
	return status;
}

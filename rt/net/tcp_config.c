/* SPDX-License-Identifier: ISC */
/*
 * The configuration keys of TCP, section [tcp], and the stack's parameters
 * made from them. The defaults fit an appliance of 64 MiB: the buffers are
 * allocated per established connection, so max_connections times
 * (send_buffer + receive_buffer) is the most TCP can take (128 x 128 KiB =
 * 16 MiB). docs/tcp.md says why each default is what it is.
 */
#include "net/tcp_config.h"
#include "uni/config.h"
#include "uni/time.h"

UNI_CONFIG_INT(tcp, max_connections, 128, 1, 65535,
	       "TCP connections at once, in any state but LISTEN (each "
	       "established one holds its two buffers)");
UNI_CONFIG_INT(tcp, send_buffer, 65536, 4096, 16777216,
	       "bytes of send buffer per established connection (what "
	       "tcp_write() can queue)");
UNI_CONFIG_INT(tcp, receive_buffer, 65536, 4096, 16777216,
	       "bytes of receive buffer per established connection (the "
	       "largest window offered)");
UNI_CONFIG_INT(tcp, backlog, 128, 1, 65535,
	       "per listening port: connections in SYN-RECEIVED at once; "
	       "more SYNs are dropped (the peer retries)");
UNI_CONFIG_ENUM(tcp, congestion, TCP_CC_CUBIC,
		"congestion control: newreno (RFC 5681, 6582) or cubic "
		"(RFC 9438)",
		"newreno", "cubic");
UNI_CONFIG_BOOL(tcp, sack, true,
		"offer and use selective acknowledgements (RFC 2018)");
UNI_CONFIG_BOOL(tcp, timestamps, true,
		"offer and use timestamps (RFC 7323: RTT measurement, PAWS)");
UNI_CONFIG_BOOL(tcp, window_scale, true,
		"offer window scaling (RFC 7323), needed for windows "
		"above 64 KiB");
UNI_CONFIG_BOOL(tcp, keepalive, false,
		"send keep-alive probes on idle connections (RFC 9293 "
		"3.8.4)");
UNI_CONFIG_INT(tcp, keepalive_idle_s, 7200, 1, 86400,
	       "with tcp.keepalive: idle seconds before the first probe");
UNI_CONFIG_INT(tcp, keepalive_interval_s, 75, 1, 3600,
	       "with tcp.keepalive: seconds between unanswered probes");
UNI_CONFIG_INT(tcp, keepalive_probes, 9, 1, 100,
	       "with tcp.keepalive: unanswered probes before the "
	       "connection is reset");
UNI_CONFIG_INT(tcp, rto_min_ms, 200, 10, 60000,
	       "lower bound of the retransmission timeout in ms (RFC 6298 "
	       "says 1000; Linux uses 200)");

void tcp_config_params(struct tcp_params *p)
{
	p->max_conns = (uint32_t)UNI_CFG_VAR(tcp, max_connections);
	p->sndbuf = (uint32_t)UNI_CFG_VAR(tcp, send_buffer);
	p->rcvbuf = (uint32_t)UNI_CFG_VAR(tcp, receive_buffer);
	p->backlog = (uint32_t)UNI_CFG_VAR(tcp, backlog);
	p->cc = (uint8_t)UNI_CFG_VAR(tcp, congestion);
	p->sack = UNI_CFG_VAR(tcp, sack);
	p->timestamps = UNI_CFG_VAR(tcp, timestamps);
	p->window_scale = UNI_CFG_VAR(tcp, window_scale);
	p->keepalive = UNI_CFG_VAR(tcp, keepalive);
	p->keepalive_idle_ns =
	    (uint64_t)UNI_CFG_VAR(tcp, keepalive_idle_s) * UNI_NSEC_PER_SEC;
	p->keepalive_intvl_ns =
	    (uint64_t)UNI_CFG_VAR(tcp, keepalive_interval_s) * UNI_NSEC_PER_SEC;
	p->keepalive_probes = (uint32_t)UNI_CFG_VAR(tcp, keepalive_probes);
	p->rto_min_ns =
	    (uint64_t)UNI_CFG_VAR(tcp, rto_min_ms) * UNI_NSEC_PER_MSEC;
}

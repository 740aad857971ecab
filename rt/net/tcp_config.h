/* SPDX-License-Identifier: ISC */
/*
 * The [tcp] configuration keys (tcp_config.c) as the limits and timings of
 * the stack: what rt/net/tcp_glue.c hands to tcp_stack_init().
 */
#ifndef NET_TCP_CONFIG_H
#define NET_TCP_CONFIG_H

#include "net/tcp.h"

/* Overwrite the fields of p that a key of [tcp] sets (all but mss). */
void tcp_config_params(struct tcp_params *p);

#endif

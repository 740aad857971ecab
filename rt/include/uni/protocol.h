/* SPDX-License-Identifier: ISC */
/*
 * Protocol handlers: one flat UNI_PROTOCOL() per handler places a descriptor
 * in the "uni_protocols" section. A layer dispatches by walking the section
 * for its kind (EtherType, IP protocol number, UDP or TCP port). The
 * unilink-protocol-prune pass deletes a descriptor when
 *   - its enabled_by config global was folded to false (net.tcp = false), or
 *   - no live code refers to the functions named in api: the appliance
 *     cannot reach the protocol, so its input path goes too. api is groups
 *     separated by ';', each a space-separated list of functions; every
 *     group needs one live reference: "uni_netdev_receive; udp_bind
 *     udp_send" = a kept driver delivers frames and the application uses
 *     UDP. An empty api is never pruned by reachability.
 *
 * This layout is an ABI shared with passes/: change both together.
 */
#ifndef UNI_PROTOCOL_H
#define UNI_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum uni_protocol_kind {
	UNI_PROTO_ETHERTYPE = 1,
	UNI_PROTO_IP = 2,       /* IP protocol number */
	UNI_PROTO_UDP_PORT = 3, /* a well-known UDP service */
	UNI_PROTO_TCP_PORT = 4, /* a well-known TCP service */
};

struct uni_protocol {
	const char *name;        /* "tcp", "dhcp", "icmp" */
	uint32_t kind;           /* enum uni_protocol_kind */
	uint32_t number;         /* EtherType, protocol number or port */
	void (*input)(void);     /* the handler; cast by the dispatching layer */
	const bool *enabled_by;  /* a bool config global, or NULL */
	const char *api;         /* API function names (see above), or "" */
};

#define UNI_PROTOCOL(ident, pname, pkind, pnumber, inputfn, enabled, apinames) \
	__attribute__((used, section("uni_protocols"), aligned(8)))            \
	static const struct uni_protocol uni_protocol_##ident = {             \
		.name = pname,                                                 \
		.kind = pkind,                                                 \
		.number = pnumber,                                             \
		.input = (void (*)(void))(inputfn),                            \
		.enabled_by = enabled,                                         \
		.api = apinames,                                               \
	}

extern const struct uni_protocol __start_uni_protocols[] __attribute__((weak));
extern const struct uni_protocol __stop_uni_protocols[] __attribute__((weak));

/* The handler registered for (kind, number), or NULL. */
const struct uni_protocol *uni_protocol_find(uint32_t kind, uint32_t number);

#endif

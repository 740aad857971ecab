/* SPDX-License-Identifier: ISC */
/*
 * Protocol handlers: one flat UNI_PROTOCOL() per handler places a descriptor
 * in the "uni_protocols" section (UNI_SECTION_PROTOCOLS). A layer
 * dispatches by walking the section for its kind (EtherType, IP protocol
 * number, UDP or TCP port). The unilink-protocol-prune pass deletes a
 * descriptor when
 *   - its enabled_by config global was folded to false (net.tcp = false), or
 *   - no live code refers to the functions of its API: the appliance
 *     cannot reach the protocol, so its input path goes too. The API is
 *     the last arguments of UNI_PROTOCOL(): functions in groups separated
 *     by UNI_API_GROUP; every group needs one live reference:
 *
 *       UNI_PROTOCOL(udp, "udp", UNI_PROTO_IP, 17, udp_input, NULL,
 *                    UNI_API_FN(uni_netdev_receive), UNI_API_GROUP,
 *                    UNI_API_FN(udp_bind), UNI_API_FN(udp_send));
 *
 *     reads "a kept driver delivers frames and the application uses UDP".
 *     The compiler sees the functions, so renaming one without the
 *     registration does not build. UNI_API_NONE: never pruned by
 *     reachability.
 *
 * The API is a second object (struct uni_protocol_api, section
 * UNI_SECTION_PROTOCOL_API) that points at its descriptor; nothing points
 * at it, and nothing in the image reads it. Every unilink pass first moves
 * the API lists out of the program into the module's metadata (where a
 * function is named without being kept alive), and a generic build does
 * the same: so an API never keeps a function in an image, and the API
 * object is not a reference that would keep its protocol.
 *
 * These layouts are the ABI read back by passes/abi_read.c; the field lists
 * below are their only definition.
 */
#ifndef UNI_PROTOCOL_H
#define UNI_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "uni/abi.h"

enum uni_protocol_kind {
	UNI_PROTO_ETHERTYPE = 1,
	UNI_PROTO_IP = 2,	/* IP protocol number */
	UNI_PROTO_UDP_PORT = 3, /* a well-known UDP service */
	UNI_PROTO_TCP_PORT = 4, /* a well-known TCP service */
};
/* What number each kind dispatches by, kind 1 first (the reference). */
#define UNI_PROTO_KIND_NAMES "EtherType", "IP protocol", "UDP port", "TCP port"

/* One entry of an API list: a function of the protocol's API. */
typedef void (*uni_api_fn)(void);
#define UNI_API_FN(fn) ((uni_api_fn)(fn))
#define UNI_API_GROUP ((uni_api_fn)1) /* starts the next group */
#define UNI_API_END ((uni_api_fn)0)
#define UNI_API_NONE UNI_API_END /* no API: never pruned by reachability */

/*
 * The descriptor, written once: this list generates struct uni_protocol
 * and enum uni_protocol_field (UNI_PROTOCOL_name = 0, ...) for
 * passes/abi_read.c.
 *   name        "tcp", "dhcp", "icmp"
 *   kind        enum uni_protocol_kind
 *   number      EtherType, protocol number or port
 *   input       the handler; cast by the dispatching layer
 *   enabled_by  a bool config global, or NULL
 *   off_by      a string config global that turns the protocol off when
 *               its value is "off" (net0.ipv6 = off), or NULL
 */
#define UNI_PROTOCOL_FIELDS(X, P)                                              \
	X(P, const char *, name)                                               \
	X(P, uint32_t, kind)                                                   \
	X(P, uint32_t, number)                                                 \
	X(P, uni_api_fn, input)                                                \
	X(P, const bool *, enabled_by)                                         \
	X(P, const char *const *, off_by)

struct uni_protocol {
	UNI_PROTOCOL_FIELDS(UNI_ABI_MEMBER, UNI_PROTOCOL)
};

enum uni_protocol_field {
	UNI_PROTOCOL_FIELDS(UNI_ABI_INDEX, UNI_PROTOCOL) UNI_PROTOCOL_NFIELDS
};

/*
 * A protocol's API, for protocol-prune only:
 *   protocol  the descriptor
 *   fns       the functions, groups separated by UNI_API_GROUP, ended by
 *             UNI_API_END
 */
#define UNI_PROTOCOL_API_FIELDS(X, P)                                          \
	X(P, const struct uni_protocol *, protocol)                            \
	X(P, const uni_api_fn *, fns)

struct uni_protocol_api {
	UNI_PROTOCOL_API_FIELDS(UNI_ABI_MEMBER, UNI_PROTOCOL_API)
};

enum uni_protocol_api_field {
	UNI_PROTOCOL_API_FIELDS(UNI_ABI_INDEX, UNI_PROTOCOL_API)
	    UNI_PROTOCOL_API_NFIELDS
};

#define UNI_PROTOCOL(ident, pname, pkind, pnumber, inputfn, enabled, ...)      \
	UNI_PROTOCOL_OFF_BY(ident, pname, pkind, pnumber, inputfn, enabled,    \
			    NULL, __VA_ARGS__)

/* UNI_PROTOCOL() with off_by: a string config global ("off": no protocol). */
#define UNI_PROTOCOL_OFF_BY(ident, pname, pkind, pnumber, inputfn, enabled,    \
			    offby, ...)                                        \
	UNI_ABI_DESCRIPTOR(UNI_SECTION_PROTOCOLS)                              \
	static const struct uni_protocol uni_protocol_##ident = {              \
	    .name = pname,                                                     \
	    .kind = pkind,                                                     \
	    .number = pnumber,                                                 \
	    .input = (uni_api_fn)(inputfn),                                    \
	    .enabled_by = enabled,                                             \
	    .off_by = offby,                                                   \
	};                                                                     \
	UNI_ABI_DESCRIPTOR(UNI_SECTION_PROTOCOL_API)                           \
	static const struct uni_protocol_api uni_protoapi_##ident = {          \
	    .protocol = &uni_protocol_##ident,                                 \
	    .fns = (const uni_api_fn[]){__VA_ARGS__, UNI_API_END},             \
	}

extern const struct uni_protocol __start_uni_protocols[] __attribute__((weak));
extern const struct uni_protocol __stop_uni_protocols[] __attribute__((weak));

/* The handler registered for (kind, number), or NULL. */
const struct uni_protocol *uni_protocol_find(uint32_t kind, uint32_t number);

#endif

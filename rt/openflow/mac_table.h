/* SPDX-License-Identifier: ISC */
/*
 * A learning switch's MAC table: MAC address -> port, bounded and aged.
 * Set-associative: an address hashes to one set of OF_MAC_WAYS entries;
 * learning into a full set replaces its least recently seen entry, so the
 * table never grows and a flood of source addresses only evicts. An entry
 * not seen for the ageing time is absent. Times are the caller's (ns).
 */
#ifndef OPENFLOW_MAC_TABLE_H
#define OPENFLOW_MAC_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OF_MAC_WAYS 4

struct of_mac_entry {
	uint8_t mac[6];
	uint16_t port;
	uint64_t seen_ns; /* 0: a free entry */
};

struct of_mac_table {
	size_t n_sets;
	uint64_t ageing_ns;
	size_t used;		/* live or aged entries not yet reused */
	uint64_t evictions;	/* live entries replaced by a full set */
	struct of_mac_entry *e; /* n_sets * OF_MAC_WAYS */
};

/* Entries for a table of at least `size` addresses (a multiple of WAYS). */
size_t of_mac_table_entries(size_t size);
/* entries: of_mac_table_entries(size) of them, owned by the caller. */
void of_mac_table_init(struct of_mac_table *t, struct of_mac_entry *entries,
		       size_t size, uint64_t ageing_ns);
/* Learns (or refreshes) mac on port; now_ns must be > 0. */
void of_mac_learn(struct of_mac_table *t, const uint8_t mac[6], uint16_t port,
		  uint64_t now_ns);
/* The port mac was last seen on, or -1 (unknown or aged out). */
int of_mac_lookup(struct of_mac_table *t, const uint8_t mac[6],
		  uint64_t now_ns);
/* Forgets every address on port (the port went down or away). */
size_t of_mac_forget_port(struct of_mac_table *t, uint16_t port);

#endif

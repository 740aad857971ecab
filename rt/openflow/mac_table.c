/* SPDX-License-Identifier: ISC */
/*
 * The MAC table (mac_table.h): FNV-1a of the address picks the set; an
 * entry is live while now - seen_ns < ageing_ns.
 */
#include <string.h>

#include "openflow/mac_table.h"

size_t of_mac_table_entries(size_t size)
{
	size_t sets = (size + OF_MAC_WAYS - 1) / OF_MAC_WAYS;

	return (sets == 0 ? 1 : sets) * OF_MAC_WAYS;
}

void of_mac_table_init(struct of_mac_table *t, struct of_mac_entry *entries,
		       size_t size, uint64_t ageing_ns)
{
	size_t n = of_mac_table_entries(size);

	memset(entries, 0, n * sizeof(*entries));
	t->e = entries;
	t->n_sets = n / OF_MAC_WAYS;
	t->ageing_ns = ageing_ns;
	t->used = 0;
	t->evictions = 0;
}

static struct of_mac_entry *set_of(struct of_mac_table *t, const uint8_t mac[6])
{
	uint32_t h = 2166136261u;

	for (int i = 0; i < 6; i++)
		h = (h ^ mac[i]) * 16777619u;
	return &t->e[(h % t->n_sets) * OF_MAC_WAYS];
}

static bool live(const struct of_mac_table *t, const struct of_mac_entry *e,
		 uint64_t now_ns)
{
	return e->seen_ns != 0 && now_ns - e->seen_ns < t->ageing_ns;
}

void of_mac_learn(struct of_mac_table *t, const uint8_t mac[6], uint16_t port,
		  uint64_t now_ns)
{
	struct of_mac_entry *set = set_of(t, mac), *victim = &set[0];

	for (int i = 0; i < OF_MAC_WAYS; i++) {
		struct of_mac_entry *e = &set[i];

		if (e->seen_ns != 0 && memcmp(e->mac, mac, 6) == 0) {
			e->port = port;
			e->seen_ns = now_ns;
			return;
		}
		if (e->seen_ns < victim->seen_ns)
			victim = e; /* a free entry (0) or the oldest */
	}
	if (victim->seen_ns == 0)
		t->used++;
	else if (live(t, victim, now_ns))
		t->evictions++;
	memcpy(victim->mac, mac, 6);
	victim->port = port;
	victim->seen_ns = now_ns;
}

int of_mac_lookup(struct of_mac_table *t, const uint8_t mac[6], uint64_t now_ns)
{
	struct of_mac_entry *set = set_of(t, mac);

	for (int i = 0; i < OF_MAC_WAYS; i++) {
		struct of_mac_entry *e = &set[i];

		if (e->seen_ns == 0 || memcmp(e->mac, mac, 6) != 0)
			continue;
		if (live(t, e, now_ns))
			return e->port;
		e->seen_ns = 0; /* aged out */
		t->used--;
		return -1;
	}
	return -1;
}

size_t of_mac_forget_port(struct of_mac_table *t, uint16_t port)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n_sets * OF_MAC_WAYS; i++) {
		if (t->e[i].seen_ns != 0 && t->e[i].port == port) {
			t->e[i].seen_ns = 0;
			t->used--;
			n++;
		}
	}
	return n;
}

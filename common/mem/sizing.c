/* SPDX-License-Identifier: ISC */
/* The memory an image needs (see sizing.h). */
#include <stdio.h>

#include "dns/zone.h"
#include "mem/pt_bound.h"
#include "mem/sizing.h"

#define PAGE 4096ULL
/* Where QEMU's and Xen's memory maps have RAM below 1 MiB and from it. */
#define LOW_RAM_END 0x9f000ULL
#define HIGH_RAM_START 0x100000ULL

/* Per slot: the entry (key, pointer, lengths) and a UDP answer. */
#define MEMO_ENTRY 64ULL
#define MEMO_ANSWER 1232ULL
/* Per DNS TCP session: the session and a 64 KiB query and answer. */
#define DNS_TCP_SESSION (2048ULL + 2 * 65536)
/* Per TCP connection besides its buffers: the control block. */
#define TCP_CONN 1024ULL
/* Per network device: 2 x 256 buffers of 2 KiB and the rings. */
#define NET_DEVICE (2 * 256 * 2048ULL + 64 * 1024)
#define RESERVE_FIXED (4 * UNI_MEM_MIB)

static uint64_t round_up(uint64_t v, uint64_t to)
{
	return (v + to - 1) / to * to;
}

/* Bitmaps and tables for a VM of mem bytes: RAM below 1 MiB and above. */
static uint64_t tables_for(uint64_t mem)
{
	struct uni_memrange ram[2] = {
	    {.base = 0, .size = LOW_RAM_END},
	    {.base = HIGH_RAM_START,
	     .size = mem > HIGH_RAM_START ? mem - HIGH_RAM_START : PAGE},
	};
	uint64_t bitmaps = round_up(mem / PAGE / 8 + 16, PAGE);

	/* Without 1 GiB pages: the larger bound. */
	return bitmaps + uni_pt_pages_bound(ram, 2, false) * PAGE;
}

void uni_mem_estimate(const struct uni_mem_inputs *in, struct uni_mem_need *out)
{
	uint64_t heap, sum, mem;

	out->image = round_up(in->image_end, PAGE);
	out->zone_index = in->zone_names * DNS_NODE_SIZE;
	out->memo = in->memo_slots * (MEMO_ENTRY + MEMO_ANSWER);
	out->rrl = in->rrl_buckets * UNI_MEM_RRL_BUCKET;
	out->tcp = in->tcp_conns * (in->tcp_buffers + TCP_CONN) +
		   in->dns_tcp_conns * DNS_TCP_SESSION;
	out->net = in->net_devices * NET_DEVICE;
	heap = out->zone_index + out->memo + out->rrl + out->tcp + out->net;
	out->reserve = RESERVE_FIXED + heap / 8;
	sum = out->image + heap + out->reserve;
	/* The tables grow with the memory they map: two rounds settle. */
	mem = sum;
	for (int i = 0; i < 2; i++) {
		out->tables = tables_for(mem);
		mem = sum + out->tables;
	}
	out->total = mem;
	out->mib = (mem + UNI_MEM_MIB - 1) / UNI_MEM_MIB;
	if (out->mib < UNI_MEM_MIN_MIB)
		out->mib = UNI_MEM_MIN_MIB;
}

static void part(char *buf, size_t size, size_t *n, const char *name,
		 uint64_t bytes)
{
	int k;

	if (bytes == 0 || *n >= size)
		return;
	k = snprintf(buf + *n, size - *n, "%s%s %.1f MiB", *n ? ", " : "", name,
		     (double)bytes / UNI_MEM_MIB);
	if (k > 0)
		*n += (size_t)k;
}

void uni_mem_describe(const struct uni_mem_need *m, char *buf, size_t size)
{
	size_t n = 0;

	if (size == 0)
		return;
	buf[0] = '\0';
	part(buf, size, &n, "image", m->image);
	part(buf, size, &n, "page tables and bitmaps", m->tables);
	part(buf, size, &n, "zone index", m->zone_index);
	part(buf, size, &n, "answer memo", m->memo);
	part(buf, size, &n, "rate limiter", m->rrl);
	part(buf, size, &n, "TCP buffers", m->tcp);
	part(buf, size, &n, "network buffers", m->net);
	part(buf, size, &n, "heap reserve", m->reserve);
}

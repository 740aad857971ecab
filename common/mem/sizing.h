/* SPDX-License-Identifier: ISC */
/*
 * The memory an image needs, in one place: the unilink command sets
 * appliance.memory = auto from it and refuses a configured size below it
 * (link/build/memory.c), naming each part. The parts are upper bounds of
 * what the image takes at boot and under load:
 *   image       where the loaded image ends (it is loaded at 1 MiB, so the
 *               first MiB is in it): code, constant data with the compiled
 *               zones and web trees used in place, data, bss, stacks
 *   tables      the page allocator's bitmaps and the page tables
 *               (uni_pt_pages_bound)
 *   zone index  the heap index of the DNS zones: DNS_NODE_SIZE bytes a
 *               name, all else read from the zone in place
 *   memo        the DNS answer memo: its slots, each with an answer of up to
 *               the EDNS payload size
 *   rrl         the DNS response rate limiter's table: dns.rrl_size
 *               buckets of UNI_MEM_RRL_BUCKET bytes
 *   tcp         the TCP connections' buffers (tcp.max_connections x
 *               (send_buffer + receive_buffer)) and the DNS TCP sessions
 *               (each up to a 64 KiB query and a 64 KiB answer)
 *   net         per network device: 256-entry receive and transmit queues
 *               of 2 KiB buffers and their rings
 *   reserve     heap arenas, allocation slack and transient boot
 *               allocations: 4 MiB and 1/8 of the heap parts above
 */
#ifndef UNI_MEM_SIZING_H
#define UNI_MEM_SIZING_H

#include <stddef.h>
#include <stdint.h>

#define UNI_MEM_MIB (1024ULL * 1024)
/* appliance.memory's range in MiB (QEMU -m, xl memory). */
#define UNI_MEM_MIN_MIB 8
#define UNI_MEM_MAX_MIB 65536
/* One bucket of the DNS rate limiter (rt/dns/rrl.c asserts it). */
#define UNI_MEM_RRL_BUCKET 32

/* What the command knows about an image. */
struct uni_mem_inputs {
	uint64_t image_end;	/* physical end of the loaded image */
	uint64_t zone_names;	/* names in all the DNS zones */
	uint64_t memo_slots;	/* 0 without the memo */
	uint64_t rrl_buckets;	/* dns.rrl_size; 0 without RRL */
	uint64_t tcp_conns;	/* tcp.max_connections; 0 without TCP */
	uint64_t tcp_buffers;	/* send_buffer + receive_buffer */
	uint64_t dns_tcp_conns; /* dns.tcp_max_connections; 0 without */
	unsigned net_devices;
};

/* The parts in bytes and their sum in whole MiB. */
struct uni_mem_need {
	uint64_t image, tables, zone_index, memo, rrl, tcp, net, reserve;
	uint64_t total, mib;
};

void uni_mem_estimate(const struct uni_mem_inputs *in,
		      struct uni_mem_need *out);

/*
 * "image 46.7 MiB, tables 0.2 MiB, zone index 7.6 MiB, ..." (the parts
 * that are not zero) into buf.
 */
void uni_mem_describe(const struct uni_mem_need *n, char *buf, size_t size);

#endif

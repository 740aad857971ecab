/* SPDX-License-Identifier: ISC */
/*
 * The web appliance: serves the site that www.root names, compiled into
 * the image by the unilink command (uni_data_www_root), with the HTTP/1.1
 * server of rt/www over TCP (www/server.h) on www.port. The date of its
 * replies comes from the wall clock read at boot (uni_time_unix_ns()).
 */
#include <stdio.h>

#include "uni/boot.h"
#include "uni/config.h"
#include "uni/cpu.h"
#include "uni/data.h"
#include "uni/net.h"
#include "uni/time.h"
#include "www/server.h"

UNI_DATA_EXTERN(www, root);
UNI_CONFIG_EXTERN_INT(www, port);
UNI_CONFIG_EXTERN_INT(www, max_connections);

/* Runs the loop until net0 has an address (at once when static). */
static void wait_for_address(void)
{
	if (net_ready())
		return;
	printf("www: waiting for net0's address\n");
	while (!net_ready())
		uni_sleep_ns(10 * UNI_NSEC_PER_MSEC);
}

static void print_ready(void)
{
	const struct uni_data_set *site = &UNI_DATA_VAR(www, root);
	uint64_t us =
	    uni_tsc_to_ns(rdtsc() - uni_boot.tsc_at_entry) / UNI_NSEC_PER_USEC;
	uint64_t bytes = 0;
	uint32_t a = net_ipv4_addr();
	char where[24] = "[::]"; /* IPv6 only (net0.ipv4 = off): any */

	if (a != 0)
		snprintf(where, sizeof(where), "%u.%u.%u.%u", a >> 24,
			 (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);

	for (uint64_t i = 0; i < site->count; i++)
		bytes += site->files[i].size;
	printf("www: ready on %s:%u, %llu files (%llu bytes), %u "
	       "connections, PVH entry to ready in %llu us\n",
	       where, (unsigned)UNI_CFG_VAR(www, port),
	       (unsigned long long)site->count, (unsigned long long)bytes,
	       (unsigned)UNI_CFG_VAR(www, max_connections),
	       (unsigned long long)us);
}

int main(void)
{
	int status;

	if (www_server_start(&UNI_DATA_VAR(www, root)) != 0)
		return UNI_EXIT_FAILURE;
	wait_for_address();
	print_ready();
	status = uni_loop_run();
	www_server_print_stats();
	net_print_stats();
	return status;
}

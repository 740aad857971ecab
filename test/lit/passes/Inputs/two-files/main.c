/* SPDX-License-Identifier: ISC */
/*
 * A program of two files for the per-file plugin tests: this one declares
 * [app] and answers UDP on app.port; util.c declares [greet]. Compiled
 * per file, each translation unit sees only its own section.
 */
#include <stdio.h>

#include "uni/config.h"
#include "uni/net.h"

UNI_CONFIG_INT(app, port, 7, 1, 65535, "UDP port answered");
UNI_CONFIG_BOOL(app, verbose, false, "print each datagram");

void greet(void);

static void on_datagram(void *arg, const struct udp_endpoint *from,
			uint16_t local_port, const uint8_t *data, size_t len)
{
	if (UNI_CFG_VAR(app, verbose))
		printf("app: %zu bytes\n", len);
	udp_send(local_port, from, data, len);
}

int main(void)
{
	greet();
	if (udp_bind((uint16_t)UNI_CFG_VAR(app, port), on_datagram, NULL) !=
	    NET_OK)
		return 1;
	return 0;
}

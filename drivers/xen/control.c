/* SPDX-License-Identifier: ISC */
/*
 * The toolstack's shutdown requests (`xl shutdown`, `xl reboot`): xl writes
 * "poweroff" or "reboot" to control/shutdown. Started by the xenstore
 * client, so that every image that talks to xenstore answers them: a watch
 * on the node, checked once per event-loop iteration. The request is
 * acknowledged by clearing the node, then the domain powers off with
 * status 0 (a unikernel has nothing to reboot into). Any other value
 * (suspend, an unknown word) is refused and logged.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "uni/boot.h"
#include "uni/time.h"
#include "uni/xen.h"

#define TOKEN "uni-control"
#define NODE "control/shutdown"

static void handle_request(void)
{
	char word[32];
	int n = uni_xs_read(UNI_XS_NIL, NODE, word, sizeof(word));

	if (n <= 0)
		return; /* absent or empty: nothing asked, or our own ack */
	uni_xs_write(UNI_XS_NIL, NODE, "");
	if (strcmp(word, "poweroff") == 0 || strcmp(word, "halt") == 0 ||
	    strcmp(word, "reboot") == 0) {
		printf("xen: the toolstack asked for %s: powering off\n", word);
		uni_exit(0);
	}
	printf("xen: control/shutdown: expected poweroff, halt or reboot, "
	       "found \"%s\"; ignored\n",
	       word);
}

static bool poll_control(void *arg)
{
	(void)arg;
	if (uni_xs_watch_fired(TOKEN) == 0)
		return false;
	handle_request();
	return true;
}

static struct uni_poller poller = {.name = "xen-control", .poll = poll_control};

void uni_xen_control_start(void)
{
	static bool started;

	if (started)
		return;
	started = true;
	/* Advertise what is handled (Linux's keys, read by toolstacks). */
	uni_xs_write(UNI_XS_NIL, "control/feature-poweroff", "1");
	uni_xs_write(UNI_XS_NIL, "control/feature-reboot", "1");
	if (uni_xs_watch(NODE, TOKEN) == UNI_XEN_OK)
		uni_poller_register(&poller);
}

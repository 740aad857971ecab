/* SPDX-License-Identifier: ISC */
/*
 * What `unilink run` checks before it starts a VM, so that a mistake is a
 * message and status 2 rather than a QEMU error, a hang or a guest that
 * prints nothing: the --hostfwd rules, the accelerator (this host's KVM may
 * be kvm_pvm, which cannot run our guests) and the platform an image was
 * built for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/base.h"
#include "run/run.h"

/* A decimal port 1..65535 at *p, ending at stop; advances *p. */
static int port(const char **p, char stop)
{
	char *end;
	long v;

	if (**p < '0' || **p > '9')
		return -1;
	v = strtol(*p, &end, 10);
	if (*end != stop || v < 1 || v > 65535)
		return -1;
	*p = end;
	return 0;
}

/* An optional dotted IPv4 address at *p, ending at ':'; advances *p. */
static int address(const char **p)
{
	unsigned a[4];
	int n = 0;

	if (**p == ':')
		return 0;
	if (sscanf(*p, "%3u.%3u.%3u.%3u%n", &a[0], &a[1], &a[2], &a[3], &n) !=
		4 ||
	    a[0] > 255 || a[1] > 255 || a[2] > 255 || a[3] > 255 ||
	    (*p)[n] != ':')
		return -1;
	*p += n;
	return 0;
}

/* udp|tcp:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT, as QEMU's hostfwd. */
int unilink_check_hostfwd(const char *rule)
{
	const char *p = rule;

	if (strncmp(p, "udp:", 4) == 0 || strncmp(p, "tcp:", 4) == 0)
		p += 4;
	else
		p = NULL;
	if (p != NULL && address(&p) == 0 && *p++ == ':' &&
	    port(&p, '-') == 0 && *p++ == '-' && address(&p) == 0 &&
	    *p++ == ':' && port(&p, '\0') == 0)
		return 0;
	unilink_error("--hostfwd expects udp|tcp:127.0.0.1:HOSTPORT-:GUESTPORT "
		      "(ports 1-65535; the addresses may be left out), found "
		      "'%s'",
		      rule);
	return -1;
}

int unilink_check_accel(const char *accel)
{
	if (strcmp(accel, "tcg") != 0 && strcmp(accel, "kvm") != 0) {
		unilink_error("--accel expects tcg or kvm, found '%s'", accel);
		return -1;
	}
	if (strcmp(accel, "kvm") != 0)
		return 0;
	if (access("/dev/kvm", R_OK | W_OK) != 0) {
		unilink_error("--accel kvm: this host has no usable /dev/kvm; "
			      "use --accel tcg (the default)");
		return -1;
	}
	if (access("/sys/module/kvm_pvm", F_OK) == 0) {
		unilink_error(
		    "--accel kvm: this host's KVM is kvm_pvm (PVM), which "
		    "cannot run unilink's PVH guests (QEMU fails at its first "
		    "MSR or at long-mode entry); use --accel tcg (the "
		    "default)");
		return -1;
	}
	return 0;
}

/* The platform --platform asks for must be the one the image has. */
int unilink_check_platform(const char *image, const char *built,
			   const char *wanted)
{
	if (wanted == NULL || built[0] == '\0' || strcmp(built, wanted) == 0)
		return 0;
	unilink_error("%s was built for %s (appliance.platform = %s), so it "
		      "cannot run with --platform %s: its drivers are %s's; "
		      "build it for %s (unilink build CONFIG -D "
		      "appliance.platform=%s) or run the configuration "
		      "(unilink run CONFIG --platform %s)",
		      image, built, built, wanted, built, wanted, wanted,
		      wanted);
	return -1;
}

/* SPDX-License-Identifier: ISC */
/*
 * The VM size of an image (memory.h): its extent from the ELF program
 * headers, the zone names the data stage counted, and the keys that size
 * buffers (their values in the configuration, else the defaults the image
 * declares), into the estimate of common/mem/sizing.c.
 */
#include <ctype.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build/build.h"
#include "build/memory.h"
#include "config/keys.h"
#include "report/sizes.h"
#include "run/note.h"

int unilink_memory_parse(const char *v, long *mib, char *err, size_t size)
{
	const char *p = v;
	unsigned long long n = 0;
	long scale = 1;

	if (!strcmp(v, "auto")) {
		*mib = 0;
		return 0;
	}
	while (isdigit((unsigned char)*p) && n <= UNI_MEM_MAX_MIB)
		n = n * 10 + (unsigned long long)(*p++ - '0');
	if (!strcmp(p, "G") || !strcmp(p, "GiB"))
		scale = 1024;
	else if (*p && strcmp(p, "M") && strcmp(p, "MiB"))
		p = NULL;
	if (p != NULL && p != v &&
	    n * (unsigned long long)scale >= UNI_MEM_MIN_MIB &&
	    n * (unsigned long long)scale <= UNI_MEM_MAX_MIB) {
		*mib = (long)n * scale;
		return 0;
	}
	snprintf(err, size,
		 "appliance.memory: expected auto or a size from %d MiB to "
		 "%d MiB (64, 64M, 64MiB, 2G, 2GiB), found '%.40s%s'",
		 UNI_MEM_MIN_MIB, UNI_MEM_MAX_MIB, v,
		 strlen(v) > 40 ? "..." : "");
	return -1;
}

/* The value sec.key has in the image: the configuration's, else its
 * default; NULL when the image has no such key. */
static const char *key_value(struct build *b, const struct keylist *keys,
			     const char *sec, const char *key)
{
	for (int i = 0; i < keys->n; i++) {
		if (strcmp(keys->k[i].section, sec) ||
		    strcmp(keys->k[i].name, key))
			continue;
		const char *v = unilink_config_get(b->conf.config, sec, key);
		return v != NULL ? v : keys->k[i].deftext;
	}
	return NULL;
}

static uint64_t key_num(struct build *b, const struct keylist *keys,
			const char *sec, const char *key)
{
	const char *v = key_value(b, keys, sec, key);

	return v != NULL ? strtoull(v, NULL, 10) : 0;
}

static int key_on(struct build *b, const struct keylist *keys, const char *sec,
		  const char *key)
{
	const char *v = key_value(b, keys, sec, key);

	return v != NULL && (!strcmp(v, "true") || !strcmp(v, "yes") ||
			     !strcmp(v, "on") || !strcmp(v, "1"));
}

/*
 * Whether the image has the code of component name (report/sizes.c): more
 * than a few stubs, which a generic image keeps of what it does not use.
 */
static int has_code(const struct sizes *sz, const char *name)
{
	const struct comp_size *c = unilink_sizes_find(sz, name);

	return c != NULL && c->v[SZ_TEXT] > 1024;
}

/*
 * What the keys say about the parts the image has: the memo and the rate
 * limiter of the DNS server, TCP, the network devices. The linked module
 * declares the keys of the whole library OS, so the image's code says which
 * parts are there.
 */
static void key_inputs(struct build *b, const struct keylist *keys,
		       const struct sizes *sz, struct uni_mem_inputs *in)
{
	int dns = has_code(sz, "server:dns");
	int tcp = has_code(sz, "protocol:tcp") &&
		  (!dns || key_on(b, keys, "dns", "tcp"));
	char sec[16];

	if (dns && key_on(b, keys, "dns", "memo"))
		in->memo_slots = key_num(b, keys, "dns", "memo_slots");
	if (dns && key_on(b, keys, "dns", "rrl"))
		in->rrl_buckets = key_num(b, keys, "dns", "rrl_size");
	if (tcp) {
		in->tcp_conns = key_num(b, keys, "tcp", "max_connections");
		in->tcp_buffers = key_num(b, keys, "tcp", "send_buffer") +
				  key_num(b, keys, "tcp", "receive_buffer");
	}
	if (dns && tcp)
		in->dns_tcp_conns =
		    key_num(b, keys, "dns", "tcp_max_connections");
	for (int i = 0; i < 8 && has_code(sz, "net"); i++) {
		snprintf(sec, sizeof(sec), "net%d", i);
		const char *drv = key_value(b, keys, sec, "driver");
		if (drv != NULL && drv[0] && strcmp(drv, "none"))
			in->net_devices++;
	}
}

int unilink_memory_size(struct build *b, const char *path,
			const struct sizes *sz, long *mib,
			struct uni_mem_need *need, struct run_note *note)
{
	struct uni_mem_inputs in = {.zone_names = b->zone_names};
	const char *v = unilink_conf_get(&b->conf, "appliance", "memory", NULL);
	struct keylist keys;
	char err[256], parts[512];
	long want = 0;

	if (unilink_keys_read(b->linked, &keys) < 0) {
		unilink_keys_free(&keys);
		return -1;
	}
	if (v == NULL)
		v = key_value(b, &keys, "appliance", "memory");
	key_inputs(b, &keys, sz, &in);
	unilink_keys_free(&keys);
	if (v != NULL && unilink_memory_parse(v, &want, err, sizeof(err)) < 0) {
		unilink_error("%s", err);
		return -1;
	}
	if (unilink_image_end(path, &in.image_end) < 0)
		return -1;
	uni_mem_estimate(&in, need);
	note->in = in;
	uni_mem_describe(need, parts, sizeof(parts));
	if (want != 0 && (uint64_t)want < need->mib) {
		unilink_error("appliance.memory: expected at least %llu MiB "
			      "for this image (%s), found %ld MiB",
			      (unsigned long long)need->mib, parts, want);
		return -1;
	}
	*mib = want != 0 ? want : (long)need->mib;
	note->memory = want;
	if (need->mib > UNI_MEM_MAX_MIB) {
		unilink_error("appliance.memory: this image needs %llu MiB "
			      "(%s), more than the %d MiB a VM can have",
			      (unsigned long long)need->mib, parts,
			      UNI_MEM_MAX_MIB);
		return -1;
	}
	if (!unilink_quiet)
		fprintf(stderr, "  %-12s %ld MiB%s (needs %llu MiB: %s)\n",
			"memory", *mib, want ? "" : ", auto",
			(unsigned long long)need->mib, parts);
	return 0;
}

/* SPDX-License-Identifier: ISC */
/*
 * The files beside each image (issue #4 §7): NAME.xl.cfg, to boot it on
 * Xen with `xl create` (type "pvh", memory, vifs and disks from the
 * appliance configuration; the memory is what build/memory.c chose), and
 * NAME.qemu.sh, the QEMU command line that `unilink run` uses (run.c builds
 * both from the same argument vector). A generic image reads its configuration
 * at boot, so both carry it as the kernel command line: one `section.key=value`
 * word per key the configuration sets.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build/build.h"
#include "config/keys.h"
#include "run/note.h"
#include "run/run.h"

/* The generic image's boot command line, into out. */
static void boot_cmdline(struct build *b, const struct keylist *keys,
			 const struct variant *v, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	if (v->specialised)
		return;
	for (int i = 0; i < keys->n; i++) {
		const char *val = unilink_config_get(
		    b->conf.config, keys->k[i].section, keys->k[i].name);

		char key[256];

		if (val == NULL)
			continue;
		snprintf(key, sizeof(key), "%s.%s", keys->k[i].section,
			 keys->k[i].name);
		unilink_cmdline_word(out, size, &n, key, val);
	}
}

/*
 * The value the image has for sec.key: the configuration's, else the
 * default the key declares (net0.driver is virtio-net unless the
 * configuration says otherwise); def when the program has no such key.
 */
static const char *effective(struct build *b, const struct keylist *keys,
			     const char *sec, const char *key, const char *def)
{
	const char *v = unilink_config_get(b->conf.config, sec, key);

	if (v != NULL)
		return v;
	for (int i = 0; i < keys->n; i++) {
		if (!strcmp(keys->k[i].section, sec) &&
		    !strcmp(keys->k[i].name, key))
			def = keys->k[i].deftext;
	}
	return def;
}

/* Whether device section sec has a driver in the image. */
static int has_device(struct build *b, const struct keylist *keys,
		      const char *sec)
{
	const char *drv = effective(b, keys, sec, "driver", "none");

	return drv[0] && strcmp(drv, "none") != 0;
}

/* Network and block devices: sections net0..net7, block0..block7. */
static void xl_devices(FILE *f, struct build *b, const struct keylist *keys)
{
	char sec[16];
	const char *mac, *file;
	int vifs = 0, disks = 0;

	for (int i = 0; i < 8; i++) {
		snprintf(sec, sizeof(sec), "net%d", i);
		if (!has_device(b, keys, sec))
			continue;
		mac = unilink_conf_get(&b->conf, sec, "mac", NULL);
		fprintf(f, "%s'bridge=xenbr0%s%s'", vifs++ ? ", " : "vif = [ ",
			mac ? ",mac=" : "", mac ? mac : "");
	}
	if (vifs)
		fprintf(f, " ]\n");
	for (int i = 0; i < 8; i++) {
		snprintf(sec, sizeof(sec), "block%d", i);
		if (!has_device(b, keys, sec))
			continue;
		/* A relative file is the configuration's, not xl's cwd's. */
		file = effective(b, keys, sec, "file", "disk.img");
		fprintf(f, "%s'format=raw,vdev=xvd%c,access=rw,target=%s%s%s'",
			disks++ ? ", " : "disk = [ ", 'a' + i,
			file[0] == '/' ? "" : b->conf.dir,
			file[0] == '/' ? "" : "/", file);
	}
	if (disks)
		fprintf(f, " ]\n");
}

static int write_xl(struct build *b, const struct keylist *keys,
		    const struct variant *v, const char *cmdline)
{
	char path[4200], abs[PATH_MAX];
	struct unilink_out out;
	FILE *f;

	unilink_sibling(v->image, ".xl.cfg", path, sizeof(path));
	if (realpath(v->image, abs) == NULL) {
		unilink_error("cannot write %s", path);
		return -1;
	}
	if (unilink_out_open(&out, path) < 0)
		return -1;
	f = out.f;
	fprintf(f,
		"# xl configuration of the %s appliance (%s image), "
		"written by unilink.\n# Boot it on Xen: xl create -c %s\n",
		b->conf.name, v->specialised ? "specialised" : "generic", path);
	fprintf(f, "name = \"%s\"\ntype = \"pvh\"\nkernel = \"%s\"\n",
		b->conf.name, abs);
	fprintf(f, "# memory needed: %s\n", v->memory_need);
	fprintf(f, "memory = %ld\nvcpus = 1\n", v->memory_mib);
	if (cmdline[0])
		fprintf(f, "cmdline = \"%s\"\n", cmdline);
	xl_devices(f, b, keys);
	fprintf(f, "on_poweroff = \"destroy\"\non_reboot = \"destroy\"\n"
		   "on_crash = \"destroy\"\n");
	return unilink_out_commit(&out);
}

static int has_net(struct build *b, const struct keylist *keys)
{
	return has_device(b, keys, "net0");
}

/* Quote one argument for sh when it needs it. */
static void sh_word(FILE *f, const char *w)
{
	if (w[0] && strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS"
			      "TUVWXYZ0123456789-_=,./:") == strlen(w)) {
		fputs(w, f);
		return;
	}
	fputc('\'', f);
	for (; *w; w++)
		*w == '\'' ? fputs("'\\''", f) : fputc(*w, f);
	fputc('\'', f);
}

static int write_qemu(struct build *b, const struct keylist *keys,
		      const struct variant *v, const char *cmdline)
{
	struct qemu_setup q = {0};
	const char *argv[RUN_MAX_ARGS];
	char path[4200];
	struct unilink_out out;
	FILE *f;

	unilink_sibling(v->image, ".qemu.sh", path, sizeof(path));
	if (unilink_out_open(&out, path) < 0)
		return -1;
	f = out.f;
	q.qemu = "${UNILINK_QEMU:-qemu-system-x86_64}";
	q.image = "$image";
	q.accel = "${UNILINK_ACCEL:-tcg}";
	q.memory = v->memory_mib;
	q.cmdline = "$cmdline";
	q.net = has_net(b, keys);
	unilink_qemu_argv(&q, argv);
	fprintf(f,
		"#!/bin/sh\n# The QEMU command line `unilink run` uses for "
		"the %s appliance (%s image).\n# Status: (appliance "
		"status << 1) | 1.\n# memory needed: %s\nvariant=%s\n"
		"platform=%s\nmemory=%ld\nnet=%d\n"
		"cmdline='%s'\nimage=\"$(dirname \"$0\")/%s\"\n",
		b->conf.name, v->specialised ? "specialised" : "generic",
		v->memory_need, v->specialised ? "specialised" : "generic",
		effective(b, keys, "appliance", "platform", "kvm"), q.memory,
		q.net, cmdline,
		strrchr(v->image, '/') ? strrchr(v->image, '/') + 1 : v->image);
	fputs("exec \"${UNILINK_QEMU:-qemu-system-x86_64}\"", f);
	for (int i = 1; argv[i] != NULL; i++) {
		fputc(' ', f);
		if (argv[i][0] == '$')
			fprintf(f, "\"%s\"", argv[i]);
		else
			sh_word(f, argv[i]);
	}
	fputs(" </dev/null\n", f);
	return unilink_out_commit(&out);
}

int unilink_describe(struct build *b, const struct variant *v)
{
	char cmdline[4096];
	struct keylist keys;
	int rc = 0;

	/* The module's keys, read once for the defaults of every lookup. */
	if (unilink_keys_read(b->linked, &keys) < 0) {
		unilink_keys_free(&keys);
		return -1;
	}
	boot_cmdline(b, &keys, v, cmdline, sizeof(cmdline));
	if (write_xl(b, &keys, v, cmdline) < 0 ||
	    write_qemu(b, &keys, v, cmdline) < 0)
		rc = -1;
	unilink_keys_free(&keys);
	return rc;
}

int unilink_describe_note(struct build *b, const struct variant *v,
			  struct run_note *note)
{
	struct keylist keys;
	char sec[16];

	if (unilink_keys_read(b->linked, &keys) < 0) {
		unilink_keys_free(&keys);
		return -1;
	}
	note->specialised = v->specialised;
	snprintf(note->platform, sizeof(note->platform), "%s",
		 effective(b, &keys, "appliance", "platform", "kvm"));
	snprintf(note->net_model, sizeof(note->net_model), "%s",
		 effective(b, &keys, "net0", "driver", "none"));
	note->net = 0;
	for (int i = 0; i < 8; i++) {
		snprintf(sec, sizeof(sec), "net%d", i);
		note->net += has_device(b, &keys, sec) != 0;
	}
	unilink_keys_free(&keys);
	return 0;
}

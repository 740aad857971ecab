/* SPDX-License-Identifier: ISC */
/*
 * The files beside each image (issue #4 §7, issue 14): NAME.xl.cfg, only
 * for an image built for Xen, to boot it with `xl create` (type "pvh",
 * memory, vifs and disks from the appliance configuration; the memory is
 * what build/memory.c chose; the kernel is the image's file name, which
 * xl takes relative to its working folder: run xl in the image's folder);
 * NAME.libvirt.xml (libvirt.c); and NAME.qemu.sh, the QEMU command line
 * that `unilink run` uses (run.c builds both from the same argument
 * vector). A generic image reads its configuration at boot, so all carry
 * it as the kernel command line: one `section.key=value` word per key the
 * configuration sets.
 * A hosted image (appliance.platform = linux) is an executable: no
 * NAME.xl.cfg nor NAME.libvirt.xml; its NAME.qemu.sh (the description
 * `unilink run` reads) runs it directly with the command line as its
 * arguments.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build/build.h"
#include "config/keys.h"
#include "run/note.h"
#include "run/run.h"

/* "out/NAME.elf" -> "NAME.elf". */
static const char *image_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

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
	const char *base = image_base(v->image);
	char path[4200];
	struct unilink_out out;
	FILE *f;

	unilink_sibling(v->image, ".xl.cfg", path, sizeof(path));
	if (unilink_out_open(&out, path) < 0)
		return -1;
	f = out.f;
	fprintf(f,
		"# xl configuration of the %s appliance (%s image), "
		"written by unilink.\n# Boot it on Xen from the folder "
		"that holds %s (xl reads a relative kernel\n# path from "
		"its working folder): xl create -c %s\n",
		b->conf.name, v->specialised ? "specialised" : "generic", base,
		image_base(path));
	fprintf(f, "name = \"%s\"\ntype = \"pvh\"\nkernel = \"%s\"\n",
		b->conf.name, base);
	fprintf(f, "# memory needed: %s\n", v->memory_need);
	fprintf(f, "memory = %ld\nvcpus = 1\n", v->memory_mib);
	if (cmdline[0])
		fprintf(f, "cmdline = \"%s\"\n", cmdline);
	xl_devices(f, b, keys);
	fprintf(f, "on_poweroff = \"destroy\"\non_reboot = \"destroy\"\n"
		   "on_crash = \"destroy\"\n");
	return unilink_out_commit(&out);
}

/*
 * NAME.xl.cfg is for images built for Xen; one left by an earlier build
 * of the same name for another platform would boot the wrong image.
 */
static int remove_xl(const struct variant *v)
{
	char path[4200];

	unilink_sibling(v->image, ".xl.cfg", path, sizeof(path));
	if (unlink(path) == 0 || errno == ENOENT)
		return 0;
	unilink_error("cannot remove the stale %s: %s", path, strerror(errno));
	return -1;
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

/* What NAME.libvirt.xml says, from the same keys as the xl config. */
static int write_libvirt(struct build *b, const struct keylist *keys,
			 const struct variant *v, const char *cmdline, int xen)
{
	struct libvirt_guest g = {0};
	char sec[16], disks[8][PATH_MAX];
	const char *file;

	g.image = v->image;
	g.name = b->conf.name;
	g.memory_mib = v->memory_mib;
	g.cmdline = cmdline;
	g.xen = xen;
	g.specialised = v->specialised;
	for (int i = 0; i < 8; i++) {
		snprintf(sec, sizeof(sec), "net%d", i);
		if (has_device(b, keys, sec))
			g.mac[g.nnet++] =
			    unilink_conf_get(&b->conf, sec, "mac", NULL);
		snprintf(sec, sizeof(sec), "block%d", i);
		if (!has_device(b, keys, sec))
			continue;
		/* A relative file is the configuration's, as in xl's. */
		file = effective(b, keys, sec, "file", "disk.img");
		snprintf(disks[g.nblock], sizeof(disks[0]), "%s%s%s",
			 file[0] == '/' ? "" : b->conf.dir,
			 file[0] == '/' ? "" : "/", file);
		g.disk[g.nblock] = disks[g.nblock];
		g.vdev[g.nblock++] = (char)('a' + i);
	}
	return unilink_write_libvirt(&g);
}

/* NAME.qemu.sh of a hosted image: the description, then the executable. */
static int write_hosted(struct build *b, const struct keylist *keys,
			const struct variant *v, const char *cmdline)
{
	char path[4200];
	struct unilink_out out;
	const char *base = strrchr(v->image, '/');
	FILE *f;

	unilink_sibling(v->image, ".qemu.sh", path, sizeof(path));
	if (unilink_out_open(&out, path) < 0)
		return -1;
	f = out.f;
	fprintf(f,
		"#!/bin/sh\n# How `unilink run` starts the %s appliance (%s "
		"image): a static Linux executable\n# (appliance.platform = "
		"linux), its console on stdout, its network card the TAP\n"
		"# device net0.tap (needs the device or CAP_NET_ADMIN). "
		"Status: the appliance's.\n# memory needed: %s\nvariant=%s\n"
		"platform=linux\nmemory=%ld\nnet=%d\ncmdline='%s'\n"
		"image=\"$(dirname \"$0\")/%s\"\n",
		b->conf.name, v->specialised ? "specialised" : "generic",
		v->memory_need, v->specialised ? "specialised" : "generic",
		v->memory_mib, has_net(b, keys), cmdline,
		base != NULL ? base + 1 : v->image);
	fputs("# shellcheck disable=SC2086\nexec \"$image\" $cmdline "
	      "</dev/null\n",
	      f);
	return unilink_out_commit(&out);
}

int unilink_describe(struct build *b, const struct variant *v)
{
	char cmdline[4096];
	struct keylist keys;
	int rc = 0, xen;

	/* The module's keys, read once for the defaults of every lookup. */
	if (unilink_keys_read(b->linked, &keys) < 0) {
		unilink_keys_free(&keys);
		return -1;
	}
	boot_cmdline(b, &keys, v, cmdline, sizeof(cmdline));
	if (!strcmp(effective(b, &keys, "appliance", "platform", "kvm"),
		    "linux")) {
		rc = write_hosted(b, &keys, v, cmdline);
		unilink_keys_free(&keys);
		return rc;
	}
	xen =
	    !strcmp(effective(b, &keys, "appliance", "platform", "kvm"), "xen");
	if ((xen ? write_xl(b, &keys, v, cmdline) : remove_xl(v)) < 0 ||
	    write_qemu(b, &keys, v, cmdline) < 0 ||
	    write_libvirt(b, &keys, v, cmdline, xen) < 0)
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

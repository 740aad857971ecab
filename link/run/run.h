/* SPDX-License-Identifier: ISC */
/*
 * The run room: how `unilink run` boots an image under QEMU or Xen
 * (run.c, run_check.c), and the descriptions beside each image that say
 * how (describe.c: NAME.xl.cfg, NAME.qemu.sh; cmdline.c: the boot command
 * line of a generic image).
 */
#ifndef UNILINK_RUN_H
#define UNILINK_RUN_H

#include <stddef.h>

#define RUN_MAX_ARGS 64

struct qemu_setup {
	const char *qemu;
	const char *image;
	const char *accel;   /* tcg or kvm */
	const char *machine; /* microvm (NULL too) or q35 */
	long memory;	     /* MiB */
	long memory_need;    /* MiB, from NAME.qemu.sh; 0: unknown */
	const char *cmdline; /* -append */
	int net;	     /* a virtio-net device with user networking */
	/* QEMU arguments added as they are; a -netdev among them: no net */
	const char *const *extra;
	int nextra;
	const char *const *hostfwd;
	int nhostfwd;
	char netdev[1024]; /* storage for the -netdev argument */
	char platform[16]; /* from NAME.qemu.sh: kvm, xen or linux */
	int specialised;   /* from NAME.qemu.sh: configuration folded in */
};

/* run_check.c: 0, or -1 after a message. */
int unilink_check_hostfwd(const char *rule);
int unilink_check_accel(const char *accel); /* tcg, or a KVM that works */
int unilink_check_platform(const char *image, const char *built,
			   const char *wanted);

/* cmdline.c: appends " key=value" to out, the value %XX-encoded. */
void unilink_cmdline_word(char *out, size_t size, size_t *n, const char *key,
			  const char *val);

/*
 * The QEMU argument vector (NULL-terminated) into argv, which has room for
 * RUN_MAX_ARGS + q->nextra entries. The one place that knows how QEMU
 * starts an image: `unilink run`, NAME.qemu.sh and the tests use it.
 */
int unilink_qemu_argv(struct qemu_setup *q, const char **argv);
/*
 * run.c: boots image (on Xen through test/xen's harness when it was built
 * for Xen); the appliance's exit status, or 124, 125, 126, 2 (see run.c).
 */
struct unilink_opts;
int unilink_run_image(const struct unilink_opts *o, const char *image);

/*
 * run_hosted.c: starts a hosted image (platform linux) with the words of
 * cmdline (changed in place) as arguments; its exit status (see there).
 */
int unilink_run_hosted(const struct unilink_opts *o, const char *image,
		       char *cmdline, int timeout);

/*
 * libvirt.c: NAME.libvirt.xml beside image, a domain for `virsh define`:
 * QEMU direct kernel boot on q35 (type='qemu', TCG) for a KVM image, a
 * Xen PVH domain for a Xen image. 0, or -1 after a message.
 */
struct libvirt_guest {
	const char *image, *name, *cmdline;
	long memory_mib;
	int xen, specialised;
	int nnet;
	const char *mac[8]; /* NULL: libvirt chooses */
	int nblock;
	const char *disk[8]; /* absolute, or relative to the working folder */
	char vdev[8];	     /* 'a' + block index */
};
int unilink_write_libvirt(const struct libvirt_guest *g);

/* describe.c: NAME.xl.cfg (Xen images), NAME.qemu.sh, NAME.libvirt.xml. */
struct build;
struct variant;
int unilink_describe(struct build *b, const struct variant *v);
/*
 * describe.c: the variant, platform and network devices of v into its run
 * note (run/note.h), whose memory fields the caller fills. 0, or -1.
 */
struct run_note;
int unilink_describe_note(struct build *b, const struct variant *v,
			  struct run_note *note);

#endif

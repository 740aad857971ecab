/* SPDX-License-Identifier: ISC */
/*
 * The run note (docs/getting-started.md, "Run parameters"): an ELF note of
 * name "unilink" and type UNILINK_NOTE_RUN, in the section
 * .note.unilink.run of the PT_NOTE segment, that says how to boot the image
 * it is in: the variant, the platform, the network devices and what the
 * memory estimate of common/mem/sizing.c needs besides the image's own
 * extent (which `unilink run` reads from the program headers). Every image
 * the command builds carries it, and so does every image linked with the
 * object of `unilink data`, so an image needs nothing beside it to boot.
 *
 * Its descriptor is text, "key=value" lines padded with NULs to
 * UNILINK_NOTE_DESC bytes: the size is fixed so that the build can write
 * the values into the linked image in place once it has measured it.
 */
#ifndef UNILINK_RUN_NOTE_H
#define UNILINK_RUN_NOTE_H

#include <llvm-c/Core.h>

#include "mem/sizing.h"

#define UNILINK_NOTE_NAME "unilink"
/* Not a Xen note type (QEMU's PVH loader looks for type 18 by type only). */
#define UNILINK_NOTE_RUN 0x554e4c01u
#define UNILINK_NOTE_SECTION ".note.unilink.run"
#define UNILINK_NOTE_DESC 384u

struct run_note {
	int specialised;	  /* variant=specialised|generic */
	char platform[16];	  /* kvm or xen */
	long memory;		  /* appliance.memory in MiB; 0: auto */
	unsigned net;		  /* network devices with a driver */
	char net_model[16];	  /* net0's driver: virtio-net, netfront */
	struct uni_mem_inputs in; /* image_end: 0, read from the image */
};

/* The descriptor of n, NUL-padded, into desc. */
void unilink_note_format(const struct run_note *n,
			 char desc[UNILINK_NOTE_DESC]);

/*
 * The run note of the ELF image at path into *n: 1, 0 when the image has
 * none, -1 after a message (a note that does not parse, an unreadable file).
 */
int unilink_note_read(const char *path, struct run_note *n);

/* Writes n into the run note of the image at path; 0, or -1 after a message. */
int unilink_note_write(const char *path, const struct run_note *n);

/*
 * Adds the note holding n to m as a constant in llvm.used (so that neither
 * LTO nor --gc-sections drops it): the build adds it to the linked module,
 * `unilink data` to its object.
 */
void unilink_note_add(LLVMModuleRef m, const struct run_note *n);

/*
 * The physical end of the loaded image at path (the highest end of its
 * PT_LOAD segments). 0, or -1 after a message.
 */
int unilink_image_end(const char *path, uint64_t *end);

/*
 * The VM's memory for the image at path whose note is n, in MiB, into
 * *mib and the estimate's parts into *need; -1 after a message (the
 * configured size is below the need).
 */
int unilink_note_memory(const char *path, const struct run_note *n, long *mib,
			struct uni_mem_need *need);

#endif

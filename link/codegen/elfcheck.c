/* SPDX-License-Identifier: ISC */
/*
 * The checks every image passes before unilink leaves it in place (issue
 * #4 §6): no segment both writable and executable, a PVH entry note
 * (XEN_ELFNOTE_PHYS32_ENTRY, found the way QEMU and Xen find it: through a
 * 4-aligned PT_NOTE segment) and an entry point inside an executable
 * segment, in an x86-64 ELF64 file. A build checks the image in its
 * temporary folder, so a failed check leaves the previous image in place;
 * `unilink run` checks an image before it starts a VM.
 *
 * A hosted image (appliance.platform = linux, link/hosted.ld) is a static
 * Linux executable instead: no PVH note but the note "unilink" of type 1
 * saying "linux" (rt/arch/x86_64/linux_entry.S), a PT_GNU_STACK segment
 * without execute permission, and the same W^X and entry checks.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xen/elfnote.h>

#include "codegen/codegen.h"

static int check_wx(const char *image, const GElf_Phdr *ph, size_t i)
{
	if (ph->p_type == PT_LOAD && (ph->p_flags & PF_W) &&
	    (ph->p_flags & PF_X)) {
		unilink_error("%s: segment %zu (vaddr %#llx) is writable and "
			      "executable; expected W^X",
			      image, i, (unsigned long long)ph->p_vaddr);
		return -1;
	}
	return 0;
}

/* Whether the PT_NOTE segment ph holds a Xen PHYS32_ENTRY note. */
static int has_pvh_note(Elf *e, const GElf_Phdr *ph)
{
	Elf_Data *d =
	    elf_getdata_rawchunk(e, ph->p_offset, ph->p_filesz, ELF_T_NHDR);
	size_t off = 0, name_off, desc_off;
	GElf_Nhdr nh;

	if (d == NULL || ph->p_align != 4)
		return 0;
	while ((off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		const char *name = (const char *)d->d_buf + name_off;

		if (nh.n_type == XEN_ELFNOTE_PHYS32_ENTRY && nh.n_namesz == 4 &&
		    memcmp(name, "Xen", 4) == 0)
			return 1;
	}
	return 0;
}

/* Whether the PT_NOTE segment ph holds the note "unilink", 1, "linux". */
static int has_hosted_note(Elf *e, const GElf_Phdr *ph)
{
	Elf_Data *d =
	    elf_getdata_rawchunk(e, ph->p_offset, ph->p_filesz, ELF_T_NHDR);
	size_t off = 0, name_off, desc_off;
	GElf_Nhdr nh;

	if (d == NULL)
		return 0;
	while ((off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		const char *name = (const char *)d->d_buf + name_off;
		const char *desc = (const char *)d->d_buf + desc_off;

		if (nh.n_type == 1 && nh.n_namesz == 8 && nh.n_descsz == 6 &&
		    memcmp(name, "unilink", 8) == 0 &&
		    memcmp(desc, "linux", 6) == 0)
			return 1;
	}
	return 0;
}

static int entry_in_text(const GElf_Phdr *ph, GElf_Addr entry)
{
	return ph->p_type == PT_LOAD && (ph->p_flags & PF_X) &&
	       entry >= ph->p_vaddr && entry < ph->p_vaddr + ph->p_memsz;
}

/* The hosted image's PT_GNU_STACK: read-write, never executable. */
static int is_hosted_stack(const GElf_Phdr *ph)
{
	return ph->p_type == PT_GNU_STACK && (ph->p_flags & PF_X) == 0;
}

static int check_elf(const char *image, Elf *e, const char *platform)
{
	GElf_Ehdr eh;
	GElf_Phdr ph;
	size_t n;
	int note = 0, hnote = 0, stack = 0, entry = 0, rc = 0, hosted;

	if (elf_kind(e) != ELF_K_ELF) {
		unilink_error("%s: expected an ELF image, found a file that is "
			      "not ELF",
			      image);
		return -1;
	}
	if (gelf_getehdr(e, &eh) == NULL || elf_getphdrnum(e, &n) != 0) {
		unilink_error("%s: not an ELF image: %s", image,
			      elf_errmsg(-1));
		return -1;
	}
	if (gelf_getclass(e) != ELFCLASS64 || eh.e_machine != EM_X86_64) {
		unilink_error("%s: expected an x86-64 image (ELFCLASS64, "
			      "EM_X86_64), found ELF class %d, machine %d",
			      image, gelf_getclass(e), eh.e_machine);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (gelf_getphdr(e, i, &ph) == NULL)
			return -1;
		rc |= check_wx(image, &ph, i);
		if (ph.p_type == PT_NOTE && has_pvh_note(e, &ph))
			note = 1;
		if (ph.p_type == PT_NOTE && has_hosted_note(e, &ph))
			hnote = 1;
		stack |= is_hosted_stack(&ph);
		entry |= entry_in_text(&ph, eh.e_entry);
	}
	hosted = !note && hnote && stack && eh.e_type == ET_EXEC;
	if (platform != NULL && !strcmp(platform, "linux") && !hosted) {
		unilink_error("%s: expected a static Linux executable (ET_EXEC "
			      "with the note \"unilink\" \"linux\" and a "
			      "PT_GNU_STACK segment, no PVH note) for platform "
			      "linux, found %s",
			      image, note ? "a PVH image" : "neither");
		rc = -1;
	} else if (hosted && (platform == NULL || !strcmp(platform, "linux"))) {
		/* A hosted image: no PVH note to look for. */
	} else if (!note) {
		unilink_error("%s: no PVH entry note; expected a Xen note of "
			      "type XEN_ELFNOTE_PHYS32_ENTRY (%d) in a "
			      "4-aligned PT_NOTE segment",
			      image, XEN_ELFNOTE_PHYS32_ENTRY);
		rc = -1;
	}
	if (!entry) {
		unilink_error("%s: entry point %#llx is outside every "
			      "executable segment",
			      image, (unsigned long long)eh.e_entry);
		rc = -1;
	}
	return rc;
}

int unilink_check_image(const char *image, const char *platform)
{
	int fd = open(image, O_RDONLY), rc;
	struct stat st;
	Elf *e;

	if (fd < 0 || fstat(fd, &st) != 0) {
		unilink_error("cannot open %s: %s", image, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		unilink_error("%s: expected an image file, found %s", image,
			      S_ISDIR(st.st_mode) ? "a directory"
						  : "a special file");
		close(fd);
		return -1;
	}
	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_READ, NULL);
	rc = e != NULL ? check_elf(image, e, platform) : -1;
	if (e == NULL)
		unilink_error("%s: %s", image, elf_errmsg(-1));
	elf_end(e);
	close(fd);
	return rc;
}

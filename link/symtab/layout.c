/* SPDX-License-Identifier: ISC */
/*
 * The layout check of a linked image (see symtab.h): no PT_LOAD segment is
 * both writable and executable, and a PT_NOTE segment, 4-aligned as QEMU
 * requires, holds the Xen PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY, 8 bytes
 * for ELF64).
 */
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <string.h>

#include "symtab.h"

#define XEN_NOTE_NAME "Xen"
#define XEN_ELFNOTE_PHYS32_ENTRY 18

/* 1 when the note segment holds the PVH entry note, else 0. */
static int has_pvh_note(Elf *e, const GElf_Phdr *ph)
{
	Elf_Data *d = elf_getdata_rawchunk(e, (int64_t)ph->p_offset,
					   ph->p_filesz, ELF_T_NHDR);
	size_t off = 0, name_off, desc_off;
	GElf_Nhdr nh;

	if (d == NULL)
		return 0;
	while ((off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		const char *name = (const char *)d->d_buf + name_off;

		if (nh.n_type == XEN_ELFNOTE_PHYS32_ENTRY &&
		    nh.n_namesz == sizeof(XEN_NOTE_NAME) &&
		    memcmp(name, XEN_NOTE_NAME, sizeof(XEN_NOTE_NAME)) == 0 &&
		    nh.n_descsz == 8)
			return 1;
	}
	return 0;
}

static int check_segments(Elf *e, const char *path, void *arg, char *err,
			  size_t errlen)
{
	size_t i, n;
	int pvh_note = 0;

	(void)arg;
	if (elf_getphdrnum(e, &n) != 0)
		return uni_symtab_fail(err, errlen, "%s: no program headers",
				       path);
	for (i = 0; i < n; i++) {
		GElf_Phdr ph;

		if (gelf_getphdr(e, (int)i, &ph) == NULL)
			return uni_symtab_fail(err, errlen, "%s: %s", path,
					       elf_errmsg(-1));
		if (ph.p_type == PT_LOAD && (ph.p_flags & PF_W) &&
		    (ph.p_flags & PF_X))
			return uni_symtab_fail(
			    err, errlen,
			    "%s: segment %zu at %#llx is writable and "
			    "executable (W^X expected)",
			    path, i, (unsigned long long)ph.p_vaddr);
		if (ph.p_type == PT_NOTE && ph.p_align <= 4 &&
		    has_pvh_note(e, &ph))
			pvh_note = 1;
	}
	if (!pvh_note)
		return uni_symtab_fail(
		    err, errlen,
		    "%s: no 4-aligned PT_NOTE with the Xen PVH entry "
		    "note (XEN_ELFNOTE_PHYS32_ENTRY, 8 bytes)",
		    path);
	return 0;
}

int uni_layout_check(const char *elf_path, char *err, size_t errlen)
{
	return uni_elf_with(elf_path, check_segments, NULL, err, errlen);
}

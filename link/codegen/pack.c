/* SPDX-License-Identifier: ISC */
/*
 * The last step of the shipped file: no page of zeros in it. The link
 * packs the file bytes of the segments already (a max-page-size of 16:
 * pages separate the segments in memory, not in the file, and the PVH
 * loaders copy p_filesz bytes from p_offset rather than mapping pages), but
 * lld still aligns the offset of the bss segment, which has no file bytes,
 * to its page alignment, and llvm-objcopy --strip-all places what follows
 * (the section names, .gnu_debuglink, the section headers) after it.
 *
 * Here a PT_LOAD without file bytes gets the offset 0 (congruent with its
 * page-aligned address, as ELF asks; nothing is read from it), one with
 * file bytes after it (the embedded symbol table) moves down next to the
 * file bytes before it, and the
 * sections that are not loaded, then the section header table, move down
 * to the end of the loaded bytes. Nothing a loader reads changes.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "codegen/codegen.h"

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return a > 1 ? (v + a - 1) / a * a : v;
}

/*
 * Read every section before any offset changes, and mark its data dirty:
 * libelf writes only dirty data, at the section's new offset.
 */
static int read_all(Elf *e)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(e, scn)) != NULL) {
		Elf_Data *d = elf_getdata(scn, NULL);

		if (d == NULL && elf_errno() != 0)
			return -1;
		if (d != NULL)
			elf_flagdata(d, ELF_C_SET, ELF_F_DIRTY);
	}
	return 0;
}

/* The allocated sections with file bytes in [from, from + size) move by
   -delta. */
static int move_sections(Elf *e, uint64_t from, uint64_t size, uint64_t delta)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(e, scn)) != NULL) {
		if (gelf_getshdr(scn, &sh) == NULL)
			return -1;
		if (!(sh.sh_flags & SHF_ALLOC) || sh.sh_type == SHT_NOBITS ||
		    sh.sh_offset < from || sh.sh_offset >= from + size)
			continue;
		sh.sh_offset -= delta;
		if (!gelf_update_shdr(scn, &sh))
			return -1;
	}
	return 0;
}

/*
 * A segment with file bytes after the bss segment (the embedded symbol
 * table's, link/pvh.ld) is where lld put it: at the page-aligned offset of
 * the bss segment, up to a page after the file bytes before it. It moves
 * down, with its sections, to the first offset after them that is
 * congruent with its address (as ELF asks).
 */
static int pack_tail(Elf *e, GElf_Phdr *ph, int i, uint64_t prev_end)
{
	uint64_t a = ph->p_align > 1 ? ph->p_align : 1, to, delta;

	to = prev_end + ((ph->p_vaddr % a) + a - prev_end % a) % a;
	if (ph->p_type != PT_LOAD || ph->p_filesz == 0 || to >= ph->p_offset)
		return 0;
	delta = ph->p_offset - to;
	if (move_sections(e, ph->p_offset, ph->p_filesz, delta) < 0)
		return -1;
	ph->p_offset = to;
	return gelf_update_phdr(e, i, ph) ? 0 : -1;
}

/* Zero-file-byte PT_LOADs to offset 0; returns the end of the file bytes. */
static int pack_phdrs(Elf *e, const GElf_Ehdr *eh, uint64_t *end)
{
	size_t n;
	GElf_Phdr ph;
	int after_bss = 0;

	if (elf_getphdrnum(e, &n) != 0)
		return -1;
	*end = eh->e_phoff + (uint64_t)n * eh->e_phentsize;
	for (size_t i = 0; i < n; i++) {
		if (gelf_getphdr(e, (int)i, &ph) == NULL ||
		    (after_bss && pack_tail(e, &ph, (int)i, *end) < 0))
			return -1;
		if (ph.p_type == PT_LOAD && ph.p_filesz == 0)
			after_bss = 1;
		if (ph.p_filesz > 0 && ph.p_offset + ph.p_filesz > *end)
			*end = ph.p_offset + ph.p_filesz;
		if (ph.p_type != PT_LOAD || ph.p_filesz != 0 ||
		    (ph.p_align > 1 && ph.p_vaddr % ph.p_align != 0))
			continue;
		ph.p_offset = 0;
		if (!gelf_update_phdr(e, (int)i, &ph))
			return -1;
	}
	return 0;
}

/*
 * The loaded sections must end before end (else -1: the image is not
 * changed); bss sections get the offset end, the others follow one another
 * from end in the order of the section table.
 */
static int pack_sections(Elf *e, uint64_t *end)
{
	Elf_Scn *scn = NULL;
	uint64_t loaded = *end;

	while ((scn = elf_nextscn(e, scn)) != NULL) {
		GElf_Shdr sh;

		if (gelf_getshdr(scn, &sh) == NULL)
			return -1;
		if (sh.sh_type == SHT_NOBITS) {
			sh.sh_offset = loaded;
		} else if (sh.sh_flags & SHF_ALLOC) {
			/* An empty one has no bytes to be inside anything
			   (llvm-objcopy may give it an offset past them). */
			if (sh.sh_size != 0 &&
			    sh.sh_offset + sh.sh_size > loaded) {
				unilink_error(
				    "expected every loaded section "
				    "inside a segment, found one "
				    "ending at offset %#llx, after "
				    "%#llx",
				    (unsigned long long)(sh.sh_offset +
							 sh.sh_size),
				    (unsigned long long)loaded);
				return -1;
			}
			continue;
		} else {
			sh.sh_offset = align_up(*end, sh.sh_addralign);
			*end = sh.sh_offset + sh.sh_size;
		}
		if (!gelf_update_shdr(scn, &sh))
			return -1;
	}
	return 0;
}

static int pack(Elf *e, int fd)
{
	GElf_Ehdr eh;
	uint64_t end;
	off_t size;

	if (gelf_getehdr(e, &eh) == NULL || gelf_getclass(e) != ELFCLASS64)
		return -1;
	elf_flagelf(e, ELF_C_SET, ELF_F_LAYOUT);
	if (read_all(e) < 0 || pack_phdrs(e, &eh, &end) < 0 ||
	    pack_sections(e, &end) < 0)
		return -1;
	eh.e_shoff = align_up(end, 8);
	if (!gelf_update_ehdr(e, &eh))
		return -1;
	size = elf_update(e, ELF_C_WRITE);
	if (size < 0 || ftruncate(fd, size) != 0)
		return -1;
	return 0;
}

int unilink_pack_image(const char *image)
{
	int fd = open(image, O_RDWR), rc;
	Elf *e;

	if (fd < 0) {
		unilink_error("cannot open %s: %s", image, strerror(errno));
		return -1;
	}
	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_RDWR, NULL);
	rc = e != NULL ? pack(e, fd) : -1;
	if (rc < 0)
		unilink_error("%s: cannot pack the image's file: %s", image,
			      elf_errmsg(-1));
	elf_end(e);
	close(fd);
	return rc;
}

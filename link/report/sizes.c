/* SPDX-License-Identifier: ISC */
/*
 * Per-component sizes of a linked image (issue #4 §5), from the ELF with
 * libelf: each allocated section is text, rodata, data or bss by its
 * flags; each sized symbol of .symtab counts for the component the symbol
 * map gives it (codegen.c recorded it from the module's !unilink.component
 * tags, so attribution survives LTO). Symbols the map does not know come
 * from the library OS's assembly ("rt"). What no symbol covers goes to
 * the section's owner: "symtab" for the embedded symbol table, "rt" for
 * the library OS's own sections (stacks, page-table pool), else "other"
 * (alignment padding, jump tables, constant pools), so the components add
 * up to the sections.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base.h"
#include "codegen/codegen.h"
#include "report/sizes.h"

const char *const unilink_size_kind_names[SZ_KINDS] = {"text", "rodata", "data",
						       "bss"};

static int kind_of(const GElf_Shdr *sh)
{
	if (!(sh->sh_flags & SHF_ALLOC))
		return -1;
	if (sh->sh_flags & SHF_EXECINSTR)
		return SZ_TEXT;
	if (sh->sh_type == SHT_NOBITS)
		return SZ_BSS;
	if (sh->sh_flags & SHF_WRITE)
		return SZ_DATA;
	return SZ_RODATA;
}

static struct comp_size *comp(struct sizes *s, const char *name)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->c[i].name, name) == 0)
			return &s->c[i];
	s->c = realloc(s->c, (s->n + 1) * sizeof(*s->c));
	memset(&s->c[s->n], 0, sizeof(s->c[0]));
	snprintf(s->c[s->n].name, sizeof(s->c[0].name), "%s", name);
	return &s->c[s->n++];
}

/* One allocated section: its kind, size, owner and what symbols cover. */
struct sec {
	int kind; /* -1: not loaded */
	uint64_t size, covered;
	const char *owner; /* who gets what symbols do not cover */
};

/*
 * The library OS's own sections (.uni_stacks, .uni_sealed, the Xen notes
 * and hypercall page) are "rt" even where no sized symbol covers them; the
 * embedded symbol table is "symtab"; elsewhere the rest is "other".
 */
static const char *owner_of(const char *name)
{
	if (name == NULL)
		return "other";
	if (!strcmp(name, ".uni_symtab"))
		return "symtab";
	if (!strncmp(name, ".uni_", 5) || !strncmp(name, ".xen_", 5) ||
	    !strncmp(name, ".note", 5))
		return "rt";
	return "other";
}

static struct sec *read_sections(Elf *e, struct sizes *s, size_t *nsec,
				 Elf_Scn **symtab)
{
	size_t shstr;
	Elf_Scn *scn = NULL;
	struct sec *secs;

	elf_getshdrnum(e, nsec);
	elf_getshdrstrndx(e, &shstr);
	secs = unilink_xmalloc(*nsec * sizeof(*secs));
	for (size_t i = 0; i < *nsec; i++)
		secs[i].kind = -1;
	while ((scn = elf_nextscn(e, scn)) != NULL) {
		GElf_Shdr sh;
		struct sec *x = &secs[elf_ndxscn(scn)];

		gelf_getshdr(scn, &sh);
		x->kind = kind_of(&sh);
		x->size = sh.sh_size;
		x->owner = owner_of(elf_strptr(e, shstr, sh.sh_name));
		if (sh.sh_type == SHT_SYMTAB)
			*symtab = scn;
		if (x->kind >= 0)
			s->total[x->kind] += sh.sh_size;
	}
	return secs;
}

static void read_symbols(Elf *e, Elf_Scn *scn, struct sec *secs, size_t nsec,
			 struct sizes *s, const struct symmap *map)
{
	GElf_Shdr sh;
	Elf_Data *d = elf_getdata(scn, NULL);

	gelf_getshdr(scn, &sh);
	for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
		GElf_Sym sym;
		const char *name, *c;
		struct sec *x;
		int t;

		gelf_getsym(d, i, &sym);
		t = GELF_ST_TYPE(sym.st_info);
		if (sym.st_size == 0 || sym.st_shndx == SHN_UNDEF ||
		    sym.st_shndx >= nsec || secs[sym.st_shndx].kind < 0 ||
		    (t != STT_FUNC && t != STT_OBJECT))
			continue;
		x = &secs[sym.st_shndx];
		name = elf_strptr(e, sh.sh_link, sym.st_name);
		c = name ? unilink_symmap_get(map, name) : NULL;
		comp(s, c ? c : "rt")->v[x->kind] += sym.st_size;
		x->covered += sym.st_size;
	}
}

/* What no symbol covers goes to the section's owner. */
static void remainder(struct sizes *s, const struct sec *secs, size_t nsec)
{
	for (size_t i = 0; i < nsec; i++) {
		const struct sec *x = &secs[i];

		if (x->kind < 0 || x->covered >= x->size)
			continue;
		comp(s, x->owner)->v[x->kind] += x->size - x->covered;
	}
}

/* rt, app, data, drivers, protocols, symtab, other; by name within. */
static int rank(const char *n)
{
	static const char *const order[] = {"rt",      "app",	  "data",
					    "net",     "driver:", "protocol:",
					    "server:", "symtab",  "other"};

	for (int i = 0; i < 9; i++)
		if (!strncmp(n, order[i], strlen(order[i])))
			return i;
	return 9;
}

static int by_rank(const void *a, const void *b)
{
	const struct comp_size *x = a, *y = b;
	int d = rank(x->name) - rank(y->name);

	return d ? d : strcmp(x->name, y->name);
}

struct sizes *unilink_sizes_read(const char *image, const struct symmap *m)
{
	int fd = open(image, O_RDONLY);
	struct sizes *s = unilink_xmalloc(sizeof(*s));
	Elf_Scn *symtab = NULL;
	size_t nsec = 0;
	struct sec *secs;
	Elf *e;

	elf_version(EV_CURRENT);
	e = fd >= 0 ? elf_begin(fd, ELF_C_READ, NULL) : NULL;
	if (e == NULL) {
		unilink_error("%s: cannot read the ELF image", image);
		free(s);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	comp(s, "rt");
	secs = read_sections(e, s, &nsec, &symtab);
	if (symtab != NULL)
		read_symbols(e, symtab, secs, nsec, s, m);
	remainder(s, secs, nsec);
	qsort(s->c, s->n, sizeof(s->c[0]), by_rank);
	free(secs);
	elf_end(e);
	close(fd);
	return s;
}

const struct comp_size *unilink_sizes_find(const struct sizes *s,
					   const char *name)
{
	for (int i = 0; s && i < s->n; i++)
		if (strcmp(s->c[i].name, name) == 0)
			return &s->c[i];
	return NULL;
}

void unilink_sizes_free(struct sizes *s)
{
	if (s == NULL)
		return;
	free(s->c);
	free(s);
}

uint64_t report_total(const struct comp_size *c)
{
	uint64_t t = 0;

	for (int k = 0; c && k < SZ_KINDS; k++)
		t += c->v[k];
	return t;
}

int unilink_sizes_file(struct sizes *s, const char *image)
{
	struct stat st;

	if (stat(image, &st) != 0) {
		unilink_error("cannot measure %s: %s", image, strerror(errno));
		return -1;
	}
	s->file = (uint64_t)st.st_size;
	return 0;
}

uint64_t unilink_sizes_loaded(const struct sizes *s)
{
	return s->total[SZ_TEXT] + s->total[SZ_RODATA] + s->total[SZ_DATA];
}

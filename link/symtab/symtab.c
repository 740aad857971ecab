/* SPDX-License-Identifier: ISC */
/*
 * The embedded symbol table (see symtab.h). Reading: every defined STT_FUNC
 * symbol of the ELF symbol table, sorted by address; of several names for
 * one address the global one (then the first by name) is kept. Writing: a
 * header, the entries and the names, as .long/.quad/.asciz directives.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../rt/boot/symtab_format.h"
#include "symtab.h"

int uni_symtab_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int add_func(struct uni_symtab *tab, size_t *cap, const GElf_Sym *s,
		    const char *name)
{
	struct uni_symtab_func *f;

	if (tab->count == *cap) {
		size_t ncap = *cap ? *cap * 2 : 256;
		void *p = realloc(tab->funcs, ncap * sizeof(*tab->funcs));

		if (p == NULL)
			return -1;
		tab->funcs = p;
		*cap = ncap;
	}
	f = &tab->funcs[tab->count];
	f->name = strdup(name);
	if (f->name == NULL)
		return -1;
	f->addr = s->st_value;
	f->size = s->st_size;
	f->global = GELF_ST_BIND(s->st_info) != STB_LOCAL;
	tab->count++;
	return 0;
}

static int read_symbols(Elf *e, Elf_Scn *scn, const GElf_Shdr *sh,
			struct uni_symtab *tab, char *err, size_t errlen)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t i, n, cap = 0;

	if (d == NULL || sh->sh_entsize == 0)
		return uni_symtab_fail(
		    err, errlen, "unreadable symbol table: %s", elf_errmsg(-1));
	n = sh->sh_size / sh->sh_entsize;
	for (i = 1; i < n; i++) {
		GElf_Sym s;
		const char *name;

		if (gelf_getsym(d, (int)i, &s) == NULL)
			return uni_symtab_fail(err, errlen, "symbol %zu: %s", i,
					       elf_errmsg(-1));
		if (GELF_ST_TYPE(s.st_info) != STT_FUNC ||
		    s.st_shndx == SHN_UNDEF)
			continue;
		name = elf_strptr(e, sh->sh_link, s.st_name);
		if (name == NULL || *name == '\0')
			continue;
		if (add_func(tab, &cap, &s, name) != 0)
			return uni_symtab_fail(err, errlen, "out of memory");
	}
	return 0;
}

static int by_address(const void *a, const void *b)
{
	const struct uni_symtab_func *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	if (x->global != y->global)
		return x->global ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Sort, then keep the first (preferred) name of each address. */
static void sort_and_dedup(struct uni_symtab *tab)
{
	size_t i, out = 0;

	qsort(tab->funcs, tab->count, sizeof(*tab->funcs), by_address);
	for (i = 0; i < tab->count; i++) {
		if (out > 0 && tab->funcs[out - 1].addr == tab->funcs[i].addr) {
			free(tab->funcs[i].name);
			continue;
		}
		tab->funcs[out++] = tab->funcs[i];
	}
	tab->count = out;
}

/* The functions of e into tab (arg). */
static int load_elf(Elf *e, const char *path, void *arg, char *err,
		    size_t errlen)
{
	struct uni_symtab *tab = arg;
	Elf_Scn *scn = NULL;
	int found = 0;

	if (elf_kind(e) != ELF_K_ELF || gelf_getclass(e) != ELFCLASS64)
		return uni_symtab_fail(err, errlen, "%s: not an ELF64 file",
				       path);
	while ((scn = elf_nextscn(e, scn)) != NULL) {
		GElf_Shdr sh;

		if (gelf_getshdr(scn, &sh) == NULL)
			return uni_symtab_fail(err, errlen, "%s: %s", path,
					       elf_errmsg(-1));
		if (sh.sh_type != SHT_SYMTAB)
			continue;
		found = 1;
		if (read_symbols(e, scn, &sh, tab, err, errlen) != 0)
			return -1;
	}
	if (!found)
		return uni_symtab_fail(
		    err, errlen,
		    "%s: no symbol table (was the image stripped?)", path);
	sort_and_dedup(tab);
	return 0;
}

int uni_elf_with(const char *elf_path, uni_elf_fn fn, void *arg, char *err,
		 size_t errlen)
{
	Elf *e;
	int fd, rc;

	if (elf_version(EV_CURRENT) == EV_NONE)
		return uni_symtab_fail(err, errlen, "libelf: %s",
				       elf_errmsg(-1));
	fd = open(elf_path, O_RDONLY);
	if (fd < 0)
		return uni_symtab_fail(err, errlen, "cannot open %s: %s",
				       elf_path, strerror(errno));
	e = elf_begin(fd, ELF_C_READ, NULL);
	if (e == NULL) {
		close(fd);
		return uni_symtab_fail(err, errlen, "%s: %s", elf_path,
				       elf_errmsg(-1));
	}
	rc = fn(e, elf_path, arg, err, errlen);
	elf_end(e);
	close(fd);
	return rc;
}

int uni_symtab_load(const char *elf_path, struct uni_symtab *tab, char *err,
		    size_t errlen)
{
	int rc;

	tab->funcs = NULL;
	tab->count = 0;
	rc = uni_elf_with(elf_path, load_elf, tab, err, errlen);
	if (rc != 0)
		uni_symtab_free(tab);
	return rc;
}

void uni_symtab_free(struct uni_symtab *tab)
{
	size_t i;

	for (i = 0; i < tab->count; i++)
		free(tab->funcs[i].name);
	free(tab->funcs);
	tab->funcs = NULL;
	tab->count = 0;
}

/* The names as one .asciz each; quotes and backslashes escaped. */
static void write_name(FILE *f, const char *name)
{
	fputs("\t.asciz \"", f);
	for (; *name != '\0'; name++) {
		if (*name == '"' || *name == '\\')
			fputc('\\', f);
		fputc(*name, f);
	}
	fputs("\"\n", f);
}

static int write_table(FILE *f, const struct uni_symtab *tab,
		       const char *source, char *err, size_t errlen)
{
	uint64_t strings = 0;
	size_t i;

	for (i = 0; i < tab->count; i++) {
		if (tab->funcs[i].size > UINT32_MAX)
			return uni_symtab_fail(
			    err, errlen,
			    "function %s is %llu bytes; at most "
			    "4 GiB expected",
			    tab->funcs[i].name,
			    (unsigned long long)tab->funcs[i].size);
		strings += strlen(tab->funcs[i].name) + 1;
	}
	if (strings > UINT32_MAX || tab->count > UINT32_MAX)
		return uni_symtab_fail(err, errlen, "symbol table too large");
	fprintf(f, "/* The function table of %s, written by uni-symtab. */\n",
		source);
	fprintf(f, "\t.section .uni_symtab, \"a\", @progbits\n\t.balign 8\n");
	fprintf(f, "\t.long %#x, %zu, %llu, 0\n", UNI_SYMTAB_MAGIC, tab->count,
		(unsigned long long)strings);
	strings = 0;
	for (i = 0; i < tab->count; i++) {
		fprintf(f, "\t.quad %#llx\n\t.long %llu, %llu\n",
			(unsigned long long)tab->funcs[i].addr,
			(unsigned long long)tab->funcs[i].size,
			(unsigned long long)strings);
		strings += strlen(tab->funcs[i].name) + 1;
	}
	for (i = 0; i < tab->count; i++)
		write_name(f, tab->funcs[i].name);
	return 0;
}

int uni_symtab_write_asm(const struct uni_symtab *tab, const char *source,
			 const char *out_path, char *err, size_t errlen)
{
	FILE *f = fopen(out_path, "w");
	int rc;

	if (f == NULL)
		return uni_symtab_fail(err, errlen, "cannot create %s: %s",
				       out_path, strerror(errno));
	rc = write_table(f, tab, source, err, errlen);
	if (fclose(f) != 0 && rc == 0)
		rc = uni_symtab_fail(err, errlen, "cannot write %s: %s",
				     out_path, strerror(errno));
	if (rc != 0)
		remove(out_path);
	return rc;
}

static const struct uni_symtab_func *find_name(const struct uni_symtab *tab,
					       const char *name)
{
	size_t i;

	for (i = 0; i < tab->count; i++)
		if (strcmp(tab->funcs[i].name, name) == 0)
			return &tab->funcs[i];
	return NULL;
}

static int compare(const struct uni_symtab *a, const char *pa,
		   const struct uni_symtab *b, const char *pb, char *err,
		   size_t errlen)
{
	size_t i;

	for (i = 0; i < a->count; i++) {
		const struct uni_symtab_func *x = &a->funcs[i];
		const struct uni_symtab_func *y = find_name(b, x->name);

		if (y == NULL)
			return uni_symtab_fail(
			    err, errlen,
			    "function %s (at %#llx in %s) is missing "
			    "from %s",
			    x->name, (unsigned long long)x->addr, pa, pb);
		if (x->addr != y->addr || x->size != y->size)
			return uni_symtab_fail(
			    err, errlen,
			    "function %s moved or changed size: %#llx "
			    "(%llu bytes) in "
			    "%s, %#llx (%llu bytes) in %s; the "
			    "embedded symbol table would be wrong",
			    x->name, (unsigned long long)x->addr,
			    (unsigned long long)x->size, pa,
			    (unsigned long long)y->addr,
			    (unsigned long long)y->size, pb);
	}
	return 0;
}

int uni_symtab_verify(const char *pass1_path, const char *final_path, char *err,
		      size_t errlen)
{
	struct uni_symtab a, b;
	int rc;

	if (uni_symtab_load(pass1_path, &a, err, errlen) != 0)
		return -1;
	if (uni_symtab_load(final_path, &b, err, errlen) != 0) {
		uni_symtab_free(&a);
		return -1;
	}
	rc = compare(&a, pass1_path, &b, final_path, err, errlen);
	if (rc == 0)
		rc = compare(&b, final_path, &a, pass1_path, err, errlen);
	uni_symtab_free(&a);
	uni_symtab_free(&b);
	return rc;
}

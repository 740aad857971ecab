/* SPDX-License-Identifier: ISC */
/*
 * The run note of an image (run/note.h): its text, its place in the ELF
 * file (found the way QEMU and Xen find their notes: in the PT_NOTE
 * segments) and the memory it gives the VM.
 *
 * The text is one "key=value" line per field. Reading is strict about what
 * it needs (the first line "unilink-run 1", the variant, the platform, the
 * memory) and ignores keys it does not know, so that a later unilink may
 * add some.
 */
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/base.h"
#include "run/note.h"

#define NOTE_MAGIC "unilink-run 1\n"

void unilink_note_format(const struct run_note *n, char desc[UNILINK_NOTE_DESC])
{
	const struct uni_mem_inputs *in = &n->in;

	memset(desc, 0, UNILINK_NOTE_DESC);
	snprintf(desc, UNILINK_NOTE_DESC,
		 NOTE_MAGIC "variant=%s\nplatform=%s\nmemory=%ld\nnet=%u\n"
			    "net_model=%s\nzone_names=%" PRIu64
			    "\nmemo_slots=%" PRIu64 "\nrrl_buckets=%" PRIu64
			    "\ntcp_conns=%" PRIu64 "\ntcp_buffers=%" PRIu64
			    "\ndns_tcp_conns=%" PRIu64 "\nnet_devices=%u\n",
		 n->specialised ? "specialised" : "generic", n->platform,
		 n->memory, n->net, n->net_model[0] ? n->net_model : "none",
		 in->zone_names, in->memo_slots, in->rrl_buckets, in->tcp_conns,
		 in->tcp_buffers, in->dns_tcp_conns, in->net_devices);
}

/* One whole number of a line; -1 when it is not one. */
static int number(const char *v, uint64_t *out)
{
	char *end;

	if (v[0] < '0' || v[0] > '9')
		return -1;
	*out = strtoull(v, &end, 10);
	return *end == '\0' ? 0 : -1;
}

static int field(struct run_note *n, const char *key, const char *v)
{
	static const struct {
		const char *key;
		size_t off;
	} nums[] = {
	    {"zone_names", offsetof(struct uni_mem_inputs, zone_names)},
	    {"memo_slots", offsetof(struct uni_mem_inputs, memo_slots)},
	    {"rrl_buckets", offsetof(struct uni_mem_inputs, rrl_buckets)},
	    {"tcp_conns", offsetof(struct uni_mem_inputs, tcp_conns)},
	    {"tcp_buffers", offsetof(struct uni_mem_inputs, tcp_buffers)},
	    {"dns_tcp_conns", offsetof(struct uni_mem_inputs, dns_tcp_conns)},
	};
	uint64_t x;

	if (!strcmp(key, "variant"))
		return !strcmp(v, "specialised") ? (n->specialised = 1, 0)
		       : strcmp(v, "generic")	 ? -1
						 : (n->specialised = 0, 0);
	if (!strcmp(key, "platform"))
		return strcmp(v, "kvm") && strcmp(v, "xen") &&
			       strcmp(v, "linux")
			   ? -1
			   : (snprintf(n->platform, sizeof(n->platform), "%s",
				       v),
			      0);
	if (!strcmp(key, "net_model"))
		return snprintf(n->net_model, sizeof(n->net_model), "%s", v) <
			       (int)sizeof(n->net_model)
			   ? 0
			   : -1;
	if (number(v, &x) < 0)
		return 0; /* a later unilink's key: not ours to judge */
	if (!strcmp(key, "memory"))
		return x > UNI_MEM_MAX_MIB ? -1 : (n->memory = (long)x, 0);
	if (!strcmp(key, "net"))
		return x > 8 ? -1 : (n->net = (unsigned)x, 0);
	if (!strcmp(key, "net_devices"))
		return x > 8 ? -1 : (n->in.net_devices = (unsigned)x, 0);
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		if (!strcmp(key, nums[i].key))
			*(uint64_t *)((char *)&n->in + nums[i].off) = x;
	return 0;
}

/* The descriptor's text into n; -1 when it is not a run note of ours. */
static int parse(const char *desc, size_t size, struct run_note *n, char *bad,
		 size_t badsize)
{
	char text[UNILINK_NOTE_DESC + 1], *line, *save = NULL;

	memset(n, 0, sizeof(*n));
	n->memory = -1;
	if (size > UNILINK_NOTE_DESC || size < strlen(NOTE_MAGIC) ||
	    memcmp(desc, NOTE_MAGIC, strlen(NOTE_MAGIC)) != 0) {
		snprintf(bad, badsize,
			 "expected the line 'unilink-run 1' "
			 "first");
		return -1;
	}
	memcpy(text, desc, size);
	text[size] = '\0';
	for (line = strtok_r(text + strlen(NOTE_MAGIC), "\n", &save);
	     line != NULL; line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');

		if (eq == NULL) {
			snprintf(bad, badsize,
				 "expected key=value, found '%.40s'", line);
			return -1;
		}
		*eq = '\0';
		if (field(n, line, eq + 1) < 0) {
			snprintf(bad, badsize, "bad value '%.40s' for %s",
				 eq + 1, line);
			return -1;
		}
	}
	if (!n->platform[0] || n->memory < 0) {
		snprintf(bad, badsize, "expected platform= and memory=");
		return -1;
	}
	return 0;
}

/* Where the run note's descriptor is in the file: its offset and size. */
struct note_place {
	off_t off;
	size_t size;
};

static int in_segment(Elf *e, const GElf_Phdr *ph, struct note_place *at)
{
	Elf_Data *d =
	    elf_getdata_rawchunk(e, ph->p_offset, ph->p_filesz, ELF_T_NHDR);
	size_t off = 0, name_off, desc_off;
	GElf_Nhdr nh;

	if (d == NULL)
		return 0;
	while ((off = gelf_getnote(d, off, &nh, &name_off, &desc_off)) > 0) {
		const char *name = (const char *)d->d_buf + name_off;

		if (nh.n_type == UNILINK_NOTE_RUN &&
		    nh.n_namesz == sizeof(UNILINK_NOTE_NAME) &&
		    memcmp(name, UNILINK_NOTE_NAME,
			   sizeof(UNILINK_NOTE_NAME)) == 0) {
			at->off = (off_t)(ph->p_offset + desc_off);
			at->size = nh.n_descsz;
			return 1;
		}
	}
	return 0;
}

/* 1 and *at when the image fd has a run note, 0 when not, -1 not an ELF. */
static int find(int fd, struct note_place *at)
{
	Elf *e;
	GElf_Phdr ph;
	size_t nph;
	int found = 0;

	elf_version(EV_CURRENT);
	e = elf_begin(fd, ELF_C_READ, NULL);
	if (e == NULL || elf_kind(e) != ELF_K_ELF ||
	    elf_getphdrnum(e, &nph) != 0) {
		if (e != NULL)
			elf_end(e);
		return -1;
	}
	for (size_t i = 0; i < nph && !found; i++)
		if (gelf_getphdr(e, (int)i, &ph) != NULL &&
		    ph.p_type == PT_NOTE)
			found = in_segment(e, &ph, at);
	elf_end(e);
	return found;
}

int unilink_note_read(const char *path, struct run_note *n)
{
	int fd = open(path, O_RDONLY);
	char desc[UNILINK_NOTE_DESC], bad[128];
	struct note_place at;
	int rc;

	if (fd < 0) {
		unilink_error("cannot read %s", path);
		return -1;
	}
	rc = find(fd, &at);
	if (rc == 1 && (at.size > sizeof(desc) ||
			pread(fd, desc, at.size, at.off) != (ssize_t)at.size))
		rc = -2;
	close(fd);
	if (rc == -1)
		unilink_error("%s: expected an ELF image with program "
			      "headers",
			      path);
	if (rc == -2)
		unilink_error("%s: its run note (" UNILINK_NOTE_SECTION
			      ") is cut short or longer than %u bytes",
			      path, UNILINK_NOTE_DESC);
	if (rc != 1)
		return rc < 0 ? -1 : 0;
	if (parse(desc, strnlen(desc, at.size), n, bad, sizeof(bad)) < 0) {
		unilink_error("%s: its run note (" UNILINK_NOTE_SECTION
			      ") does not parse: %s",
			      path, bad);
		return -1;
	}
	return 1;
}

int unilink_note_write(const char *path, const struct run_note *n)
{
	int fd = open(path, O_RDWR);
	char desc[UNILINK_NOTE_DESC];
	struct note_place at;
	int rc = fd < 0 ? -1 : find(fd, &at);

	unilink_note_format(n, desc);
	if (rc == 1 && at.size == sizeof(desc) &&
	    pwrite(fd, desc, sizeof(desc), at.off) == (ssize_t)sizeof(desc))
		rc = 0;
	else
		rc = -1;
	if (fd >= 0 && close(fd) != 0)
		rc = -1;
	if (rc < 0)
		unilink_error("%s: cannot write its run note "
			      "(" UNILINK_NOTE_SECTION ", %u bytes, in a "
			      "PT_NOTE segment)",
			      path, UNILINK_NOTE_DESC);
	return rc;
}

int unilink_image_end(const char *path, uint64_t *end)
{
	FILE *f = fopen(path, "rb");
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	int ok;

	*end = 0;
	ok = f != NULL && fread(&eh, sizeof(eh), 1, f) == 1 &&
	     !memcmp(eh.e_ident, ELFMAG, SELFMAG) &&
	     eh.e_ident[EI_CLASS] == ELFCLASS64 && eh.e_phentsize == sizeof(ph);
	for (unsigned i = 0; ok && i < eh.e_phnum; i++) {
		ok = fseek(f, (long)(eh.e_phoff + i * sizeof(ph)), SEEK_SET) ==
			 0 &&
		     fread(&ph, sizeof(ph), 1, f) == 1;
		if (ok && ph.p_type == PT_LOAD &&
		    ph.p_paddr + ph.p_memsz > *end)
			*end = ph.p_paddr + ph.p_memsz;
	}
	if (f != NULL)
		fclose(f);
	if (ok && *end != 0)
		return 0;
	unilink_error("%s: cannot read its program headers (expected an "
		      "ELF64 image with PT_LOAD segments)",
		      path);
	return -1;
}

int unilink_note_memory(const char *path, const struct run_note *n, long *mib,
			struct uni_mem_need *need)
{
	struct uni_mem_inputs in = n->in;
	char parts[512];

	if (unilink_image_end(path, &in.image_end) < 0)
		return -1;
	uni_mem_estimate(&in, need);
	if (n->memory != 0 && (uint64_t)n->memory < need->mib) {
		uni_mem_describe(need, parts, sizeof(parts));
		unilink_error("%s: its run note sets %ld MiB, below the %llu "
			      "MiB it needs (%s)",
			      path, n->memory, (unsigned long long)need->mib,
			      parts);
		return -1;
	}
	*mib = n->memory != 0 ? n->memory : (long)need->mib;
	return 0;
}

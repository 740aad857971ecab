/* SPDX-License-Identifier: ISC */
/*
 * blkfront against blkback and a 1 MiB file: capacity and sector size from
 * the backend, the markers make-disk.sh put in the first and last sectors,
 * a write of a pattern larger than one request, a flush, and the pattern
 * read back; I/O past the end is refused.
 */
#include <stdio.h>
#include <string.h>

#include "uni/test.h"
#include "uni/xen.h"

#define DISK_SECTORS 2048
#define PATTERN_AT 100
#define PATTERN_SECTORS 80 /* 40 KiB: more than one 32 KiB request */

static uint8_t out[PATTERN_SECTORS * 512], in[PATTERN_SECTORS * 512];

static void check_marker(uint64_t sector, const char *want)
{
	uint8_t buf[512];
	int r = uni_xen_blk_read(sector, buf, 1);

	if (r != UNI_XEN_OK)
		return test_fail("read sector %llu: expected OK, got %d",
				 (unsigned long long)sector, r);
	if (memcmp(buf, want, strlen(want)) != 0)
		test_fail("sector %llu: expected \"%s\", found \"%.40s\"",
			  (unsigned long long)sector, want, (char *)buf);
}

static void check_pattern(void)
{
	size_t i;
	int r;

	for (i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 7 + i / 512);
	r = uni_xen_blk_write(PATTERN_AT, out, PATTERN_SECTORS);
	if (r != UNI_XEN_OK)
		return test_fail("write %d sectors: expected OK, got %d",
				 PATTERN_SECTORS, r);
	r = uni_xen_blk_flush();
	if (r != UNI_XEN_OK)
		test_fail("flush: expected OK, got %d", r);
	r = uni_xen_blk_read(PATTERN_AT, in, PATTERN_SECTORS);
	if (r != UNI_XEN_OK)
		return test_fail("read back: expected OK, got %d", r);
	for (i = 0; i < sizeof(in); i++)
		if (in[i] != out[i])
			return test_fail("byte %zu read back: expected %#x, "
					 "found %#x",
					 i, out[i], in[i]);
	printf("blkfront: wrote, flushed and read back %d sectors at %d\n",
	       PATTERN_SECTORS, PATTERN_AT);
}

void test_main(void)
{
	struct uni_xen_blk_info info;
	uint8_t buf[512];

	if (uni_xen_blk_get_info(&info) != UNI_XEN_OK)
		return test_fail("blkfront is not up");
	if (info.sectors != DISK_SECTORS || info.sector_size != 512 ||
	    info.readonly)
		return test_fail("expected a writable disk of %d 512-byte "
				 "sectors, found %llu of %u%s",
				 DISK_SECTORS, (unsigned long long)info.sectors,
				 info.sector_size,
				 info.readonly ? ", read-only" : "");
	check_marker(0, "unilink blkfront test disk: first sector");
	check_marker(DISK_SECTORS - 1,
		     "unilink blkfront test disk: last sector");
	check_pattern();
	if (uni_xen_blk_read(DISK_SECTORS, buf, 1) != UNI_XEN_EINVAL)
		test_fail("read past the end: expected EINVAL");
}

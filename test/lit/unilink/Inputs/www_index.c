/* SPDX-License-Identifier: ISC */
/*
 * A small appliance for the command's tests of the web tree's table
 * (www/index.h): it prints every entry of uni_www_index_www_root, so the
 * table, the heads and the gzip variants stay in the image, where a test
 * can read them.
 */
#include <stdio.h>

#include "www/index.h"

WWW_INDEX_EXTERN(www, root);

int main(void)
{
	const struct www_index *ix = &WWW_INDEX_VAR(www, root);

	for (uint64_t i = 0; i < ix->count; i++) {
		const struct www_file_info *f = &ix->files[i];

		printf("%s %lld\n%s", ix->set->files[i].name,
		       (long long)f->last_modified, f->head);
		if (f->gz != NULL)
			printf("%s%02x\n", f->gz_head, f->gz[f->gz_size - 1]);
	}
	return 0;
}

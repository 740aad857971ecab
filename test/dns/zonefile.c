/* SPDX-License-Identifier: ISC */
/* Reading zone files on the host for the DNS tests (see zonefile.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zonefile.h"

char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	long n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)n + 1);
		if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
			free(buf);
			buf = NULL;
		}
		if (buf != NULL) {
			buf[n] = '\0';
			*len = (size_t)n;
		}
	}
	fclose(f);
	return buf;
}

/* Included files stay allocated until the parse ends. */
struct incl {
	char dir[512];
	char *texts[16];
	int n;
};

static int open_include(void *ctx, const char *path, const char **text,
			size_t *len)
{
	struct incl *in = ctx;
	char full[1024];

	if (in->n == 16)
		return -1;
	if (path[0] == '/')
		snprintf(full, sizeof(full), "%s", path);
	else
		snprintf(full, sizeof(full), "%s/%s", in->dir, path);
	in->texts[in->n] = read_file(full, len);
	if (in->texts[in->n] == NULL)
		return -1;
	*text = in->texts[in->n++];
	return 0;
}

int load_zone_file(const char *origin, const char *path, struct dns_zone *z,
		   uint8_t **blob)
{
	struct incl in = {.n = 0};
	struct dns_zone_parse_opts o = {path, origin, open_include, &in};
	char err[512];
	size_t len, blen;
	char *text = read_file(path, &len);
	const char *slash = strrchr(path, '/');
	int r = -1;

	if (text == NULL) {
		fprintf(stderr, "%s: cannot read\n", path);
		return -1;
	}
	snprintf(in.dir, sizeof(in.dir), "%.*s",
		 slash ? (int)(slash - path) : 1, slash ? path : ".");
	if (dns_zone_parse(text, len, &o, blob, &blen, err, sizeof(err)) !=
	    DNS_ZONE_OK)
		fprintf(stderr, "%s\n", err);
	else if (dns_zone_load(z, *blob, blen) != DNS_ZONE_OK)
		fprintf(stderr, "%s: the zone blob does not load\n", path);
	else
		r = 0;
	for (int i = 0; i < in.n; i++)
		free(in.texts[i]);
	free(text);
	return r;
}

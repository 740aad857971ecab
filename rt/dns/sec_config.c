/* SPDX-License-Identifier: ISC */
/*
 * Readers of the secondary's key values (dns/sec_config.h). Zone names are
 * taken as plain host-style text: labels of letters, digits, '-' and '_'
 * (no escapes), at most 63 octets each and 255 in all, lowercased.
 */
#include <string.h>

#include "dns/sec_config.h"

static int is_sep(char c)
{
	return c == ',' || c == ' ' || c == '\t';
}

/* Skips separators; 0 at the end of the text. */
static int skip(const char *text, size_t *pos)
{
	while (text[*pos] != '\0' && is_sep(text[*pos]))
		(*pos)++;
	return text[*pos] != '\0';
}

static int label_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_';
}

int dns_zone_name_next(const char *text, size_t *pos,
		       uint8_t name[DNS_NAME_MAX])
{
	size_t p, end, out = 0, lab;

	if (!skip(text, pos))
		return 0;
	p = *pos;
	for (end = p; text[end] != '\0' && !is_sep(text[end]); end++)
		;
	if (end - p > 1 && text[end - 1] == '.')
		end--; /* the final dot of an absolute name */
	while (p < end) {
		for (lab = 0; p + lab < end && label_char(text[p + lab]); lab++)
			;
		if (lab == 0 || lab > DNS_LABEL_MAX ||
		    out + 1 + lab + 1 > DNS_NAME_MAX ||
		    (p + lab < end && text[p + lab] != '.') ||
		    p + lab + 1 == end)
			return -1;
		name[out++] = (uint8_t)lab;
		for (size_t i = 0; i < lab; i++) {
			char c = text[p + i];
			name[out++] =
			    (uint8_t)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		p += lab + (p + lab < end);
	}
	if (out == 0)
		return -1;
	name[out] = 0;
	for (*pos = p; text[*pos] == '.'; (*pos)++)
		;
	return 1;
}

/* A decimal number of at most max; digits taken or 0. */
static size_t number(const char *t, unsigned max, unsigned *v)
{
	size_t n = 0;

	*v = 0;
	while (t[n] >= '0' && t[n] <= '9' && n < 6) {
		*v = *v * 10 + (unsigned)(t[n] - '0');
		n++;
	}
	return n > 0 && n < 6 && *v <= max ? n : 0;
}

int dns_peer_next(const char *text, size_t *pos, struct dns_peer *out)
{
	size_t p, n;
	unsigned v;

	if (!skip(text, pos))
		return 0;
	p = *pos;
	for (int i = 0; i < 4; i++) {
		n = number(text + p, 255, &v);
		if (n == 0 || (i < 3 && text[p + n] != '.'))
			return -1;
		out->a[i] = (uint8_t)v;
		p += n + (i < 3);
	}
	out->port = 53;
	if (text[p] == '#') {
		n = number(text + p + 1, 65535, &v);
		if (n == 0 || v == 0)
			return -1;
		out->port = (uint16_t)v;
		p += 1 + n;
	}
	if (text[p] != '\0' && !is_sep(text[p]))
		return -1;
	*pos = p;
	return 1;
}

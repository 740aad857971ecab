/* SPDX-License-Identifier: ISC */
/*
 * The appliance configuration reader: an INI file ("[section]" lines, then
 * "key = value" lines, '#' or ';' comment lines) and "section.key=value"
 * overrides. It only checks syntax and duplicates; whether a key exists and
 * whether its value fits its type is decided by config-fold against the
 * module's descriptors. Every error names file:line, what was found and what
 * was expected.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define PASS "config"

struct unilink_config *unilink_config_new(void)
{
	return xcalloc(1, sizeof(struct unilink_config));
}

void unilink_config_free(struct unilink_config *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->e[i].section);
		free(c->e[i].key);
		free(c->e[i].value);
		free(c->e[i].origin);
	}
	for (i = 0; i < c->nignored; i++)
		free(c->ignored[i]);
	free(c->e);
	free(c->ignored);
	free(c);
}

void unilink_config_ignore_section(struct unilink_config *c,
				   const char *section)
{
	c->ignored =
	    xrealloc(c->ignored, (c->nignored + 1) * sizeof(*c->ignored));
	c->ignored[c->nignored++] = xstrdup(section);
}

bool cfg_section_ignored(const struct unilink_config *c, const char *section)
{
	size_t i;

	for (i = 0; c != NULL && i < c->nignored; i++)
		if (strcmp(c->ignored[i], section) == 0)
			return true;
	return false;
}

const struct cfg_entry *cfg_find(const struct unilink_config *c,
				 const char *section, const char *key)
{
	size_t i;

	for (i = 0; c != NULL && i < c->n; i++)
		if (strcmp(c->e[i].section, section) == 0 &&
		    strcmp(c->e[i].key, key) == 0)
			return &c->e[i];
	return NULL;
}

const char *unilink_config_get(const struct unilink_config *c,
			       const char *section, const char *key)
{
	const struct cfg_entry *e = cfg_find(c, section, key);

	return e != NULL ? e->value : NULL;
}

/* Set section.key, replacing an earlier value (for overrides). */
static void cfg_set(struct unilink_config *c, const char *section,
		    const char *key, const char *value, size_t vlen,
		    const char *origin)
{
	struct cfg_entry *e = (struct cfg_entry *)cfg_find(c, section, key);

	if (e == NULL) {
		if (c->n == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 16;
			c->e = xrealloc(c->e, c->cap * sizeof(*c->e));
		}
		e = &c->e[c->n++];
		e->section = xstrdup(section);
		e->key = xstrdup(key);
	} else {
		free(e->value);
		free(e->origin);
	}
	e->value = xstrndup(value, vlen);
	e->origin = xstrdup(origin);
}

static bool is_name_char(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	       (ch >= '0' && ch <= '9') || ch == '_';
}

static size_t name_len(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && is_name_char(s[i]))
		i++;
	return i;
}

static bool is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

/* Trim spaces on both sides of s[0..*len). */
static const char *trim(const char *s, size_t *len)
{
	while (*len > 0 && is_space(s[0])) {
		s++;
		(*len)--;
	}
	while (*len > 0 && is_space(s[*len - 1]))
		(*len)--;
	return s;
}

/* The state of one file being read. */
struct reader {
	struct unilink_config *c;
	struct unilink_report *r;
	const char *name;
	unsigned line;
	char section[128];
	char **seen_sections;
	size_t nseen;
	int errors;
};

static void bad(struct reader *rd, const char *fmt, const char *found,
		size_t flen)
{
	char *f = xstrndup(found, flen);

	report_error(rd->r, PASS, "%s:%u: %s, found '%s'", rd->name, rd->line,
		     fmt, f);
	free(f);
	rd->errors++;
}

static bool section_seen(struct reader *rd, const char *s)
{
	size_t i;

	for (i = 0; i < rd->nseen; i++)
		if (strcmp(rd->seen_sections[i], s) == 0)
			return true;
	return false;
}

static void read_section(struct reader *rd, const char *s, size_t len)
{
	size_t n = name_len(s + 1, len - 1);

	if (n == 0 || n + 2 != len || s[len - 1] != ']' ||
	    n >= sizeof(rd->section)) {
		bad(rd,
		    "expected a section header '[name]' (letters, digits, "
		    "'_')",
		    s, len);
		rd->section[0] = '\0';
		return;
	}
	memcpy(rd->section, s + 1, n);
	rd->section[n] = '\0';
	if (section_seen(rd, rd->section)) {
		report_error(rd->r, PASS,
			     "%s:%u: duplicate section [%s]: expected each "
			     "section once per file",
			     rd->name, rd->line, rd->section);
		rd->errors++;
		return;
	}
	rd->seen_sections =
	    xrealloc(rd->seen_sections, (rd->nseen + 1) * sizeof(char *));
	rd->seen_sections[rd->nseen++] = xstrdup(rd->section);
}

static bool only_spaces(const char *p, const char *end)
{
	for (; p < end; p++)
		if (!is_space(*p))
			return false;
	return true;
}

/* A value in double quotes loses them; the quotes must match. */
static bool unquote(const char **v, size_t *vlen)
{
	if (*vlen == 0 || (*v)[0] != '"')
		return true;
	if (*vlen < 2 || (*v)[*vlen - 1] != '"')
		return false;
	(*v)++;
	*vlen -= 2;
	return true;
}

static void read_assignment(struct reader *rd, const char *s, size_t len)
{
	size_t klen = name_len(s, len), vlen;
	const char *eq, *v;
	char *key, origin[512];
	const struct cfg_entry *old;

	eq = memchr(s, '=', len);
	if (klen == 0 || eq == NULL || !only_spaces(s + klen, eq)) {
		bad(rd, "expected 'key = value' or '[section]'", s, len);
		return;
	}
	if (rd->section[0] == '\0') {
		bad(rd, "expected a '[section]' line before the first key", s,
		    len);
		return;
	}
	vlen = len - (size_t)(eq + 1 - s);
	v = trim(eq + 1, &vlen);
	if (!unquote(&v, &vlen)) {
		bad(rd, "expected a closing '\"' at the end of the value", v,
		    vlen);
		return;
	}
	key = xstrndup(s, klen);
	old = cfg_find(rd->c, rd->section, key);
	snprintf(origin, sizeof(origin), "%s:%u", rd->name, rd->line);
	if (old != NULL) {
		report_error(rd->r, PASS,
			     "%s: duplicate key %s.%s: expected each key once, "
			     "it was already set at %s",
			     origin, rd->section, key, old->origin);
		rd->errors++;
	} else {
		cfg_set(rd->c, rd->section, key, v, vlen, origin);
	}
	free(key);
}

static void read_line(struct reader *rd, const char *s, size_t len)
{
	s = trim(s, &len);
	if (len == 0 || s[0] == '#' || s[0] == ';')
		return;
	if (s[0] == '[')
		read_section(rd, s, len);
	else
		read_assignment(rd, s, len);
}

int unilink_config_load_text(struct unilink_config *c, const char *name,
			     const char *text, size_t len,
			     struct unilink_report *r)
{
	struct reader rd = {.c = c, .r = r, .name = name};
	const char *end = text + len, *nl;
	size_t i;

	while (text < end) {
		rd.line++;
		nl = memchr(text, '\n', (size_t)(end - text));
		if (nl == NULL)
			nl = end;
		read_line(&rd, text, (size_t)(nl - text));
		text = nl + 1;
	}
	for (i = 0; i < rd.nseen; i++)
		free(rd.seen_sections[i]);
	free(rd.seen_sections);
	return rd.errors ? -1 : 0;
}

int unilink_config_load_file(struct unilink_config *c, const char *path,
			     struct unilink_report *r)
{
	FILE *f = fopen(path, "rb");
	struct strbuf b;
	char chunk[4096];
	size_t n;
	int rc;

	if (f == NULL) {
		report_error(r, PASS, "%s: cannot open the configuration: %s",
			     path, strerror(errno));
		return -1;
	}
	sb_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sb_addn(&b, chunk, n);
	fclose(f);
	rc = unilink_config_load_text(c, path, b.s, b.len, r);
	sb_free(&b);
	return rc;
}

int unilink_config_define(struct unilink_config *c, const char *assignment,
			  struct unilink_report *r)
{
	size_t len = strlen(assignment);
	size_t slen = name_len(assignment, len), klen = 0;
	const char *key = assignment + slen + 1, *eq;
	char *section, *k;

	if (slen < len && assignment[slen] == '.')
		klen = name_len(key, len - slen - 1);
	eq = key + klen;
	if (slen == 0 || klen == 0 || eq >= assignment + len || *eq != '=') {
		report_error(r, PASS,
			     "-D %s: expected section.key=value (names of "
			     "letters, digits and '_')",
			     assignment);
		return -1;
	}
	section = xstrndup(assignment, slen);
	k = xstrndup(key, klen);
	cfg_set(c, section, k, eq + 1, strlen(eq + 1), "-D");
	free(section);
	free(k);
	return 0;
}

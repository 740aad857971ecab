/* SPDX-License-Identifier: ISC */
/*
 * The appliance configuration reader: an INI file and "section.key=value"
 * overrides. It only checks syntax and duplicates; whether a key exists and
 * whether its value fits its type is decided by config-fold against the
 * module's descriptors. Every error names file:line, what was found and what
 * was expected.
 *
 * The syntax (close to libinih's, with inline comments on):
 *   - a line is "[section]", "key = value", a comment or blank; blanks are
 *     spaces and tabs, a CR before the LF is dropped, a UTF-8 byte order
 *     mark at the start of the file is skipped, a NUL byte is an error;
 *   - section and key names are [A-Za-z0-9_]+ and case-sensitive; blanks
 *     inside the brackets are allowed ("[ net0 ]");
 *   - a comment is a line whose first non-blank is ';' or '#', or the rest
 *     of a line from a ';' or '#' that follows a blank ("mtu = 1400 ; max");
 *   - a value is trimmed; in double quotes it keeps its blanks, ';' and
 *     '#' ("name = "a; b""); it holds no '"' then;
 *   - a key outside a section, a repeated section, a repeated key and a
 *     line without '=' are errors.
 * An override replaces the file's value (and an earlier override); its
 * value is taken as given, except that surrounding double quotes go.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config_fold.h"

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

const char *unilink_config_origin(const struct unilink_config *c,
				  const char *section, const char *key)
{
	const struct cfg_entry *e = cfg_find(c, section, key);

	return e != NULL ? e->origin : NULL;
}

struct unilink_config *config_copy(const struct unilink_config *c)
{
	struct unilink_config *n = unilink_config_new();
	size_t i;

	for (i = 0; i < c->n; i++)
		cfg_set(n, c->e[i].section, c->e[i].key, c->e[i].value,
			strlen(c->e[i].value), c->e[i].origin);
	for (i = 0; i < c->nignored; i++)
		unilink_config_ignore_section(n, c->ignored[i]);
	n->resolved = c->resolved;
	return n;
}

void cfg_remove(struct unilink_config *c, const char *section, const char *key)
{
	struct cfg_entry *e = (struct cfg_entry *)cfg_find(c, section, key);

	if (e == NULL)
		return;
	c->resolved = false;
	free(e->section);
	free(e->key);
	free(e->value);
	free(e->origin);
	memmove(e, e + 1, (size_t)(c->e + c->n - (e + 1)) * sizeof(*e));
	c->n--;
}

/* Set section.key, replacing an earlier value (for overrides). */
void cfg_set(struct unilink_config *c, const char *section, const char *key,
	     const char *value, size_t vlen, const char *origin)
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
	c->resolved = false;
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
	bool bad_section; /* its keys are skipped: one message is enough */
	char **seen_sections;
	size_t nseen;
	int errors;
};

static void bad(struct reader *rd, const char *fmt, const char *found,
		size_t flen)
{
	char shown[SHOW_SIZE];

	report_error(rd->r, PASS, "%s:%u: %s, found '%s'", rd->name, rd->line,
		     fmt, show_value(shown, found, flen));
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

static bool only_spaces(const char *p, const char *end)
{
	for (; p < end; p++)
		if (!is_space(*p))
			return false;
	return true;
}

/* A ';' or '#' after a blank (or at p[0] when at_start) begins a comment. */
static size_t comment_start(const char *p, size_t len, bool at_start)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((p[i] == ';' || p[i] == '#') &&
		    ((i == 0 && at_start) || (i > 0 && is_space(p[i - 1]))))
			return i;
	return len;
}

/* Whether p[0..len) is only blanks and perhaps a comment. */
static bool only_comment(const char *p, size_t len)
{
	return only_spaces(p, p + comment_start(p, len, true));
}

static void read_section(struct reader *rd, const char *s, size_t len)
{
	const char *close = memchr(s, ']', len), *name = s + 1;
	size_t n = close != NULL ? (size_t)(close - name) : 0;

	name = trim(name, &n);
	if (close == NULL || n == 0 || name_len(name, n) != n ||
	    n >= sizeof(rd->section) ||
	    !only_comment(close + 1, len - (size_t)(close + 1 - s))) {
		bad(rd,
		    "expected a section header '[name]' (letters, digits, "
		    "'_')",
		    s, len);
		rd->section[0] = '\0';
		rd->bad_section = true;
		return;
	}
	rd->bad_section = false;
	memcpy(rd->section, name, n);
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

/*
 * The value after '=' (p[0..len)): "a quoted value", whose quotes are
 * removed and which may hold ';', '#' and blanks, or the text up to an
 * inline comment, trimmed. False (after a message) when malformed.
 */
static bool scan_value(struct reader *rd, const char *p, size_t len,
		       const char **v, size_t *vlen)
{
	const char *close;
	size_t rest;

	p = trim(p, &len);
	if (len == 0 || p[0] != '"') {
		*vlen = comment_start(p, len, true);
		*v = trim(p, vlen);
		return true;
	}
	close = memchr(p + 1, '"', len - 1);
	if (close == NULL) {
		bad(rd, "expected a closing '\"' for the quoted value", p, len);
		return false;
	}
	rest = len - (size_t)(close + 1 - p);
	if (!only_comment(close + 1, rest)) {
		bad(rd,
		    "expected the end of the line or a comment after the "
		    "closing '\"' (a quoted value holds no '\"')",
		    p, len);
		return false;
	}
	*v = p + 1;
	*vlen = (size_t)(close - p - 1);
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
	if (rd->bad_section)
		return;
	if (rd->section[0] == '\0') {
		bad(rd, "expected a '[section]' line before the first key", s,
		    len);
		return;
	}
	if (!scan_value(rd, eq + 1, len - (size_t)(eq + 1 - s), &v, &vlen))
		return;
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

/* Text only: a NUL byte means a binary file (or the wrong file). */
static bool has_nul(struct reader *rd, const char *text, size_t len)
{
	const char *nul = memchr(text, '\0', len), *p;

	if (nul == NULL)
		return false;
	rd->line = 1;
	for (p = text; p < nul; p++)
		rd->line += *p == '\n';
	report_error(rd->r, PASS,
		     "%s:%u: expected a text file, found a NUL byte (is it "
		     "the configuration?)",
		     rd->name, rd->line);
	return true;
}

int unilink_config_load_text(struct unilink_config *c, const char *name,
			     const char *text, size_t len,
			     struct unilink_report *r)
{
	struct reader rd = {.c = c, .r = r, .name = name};
	const char *end = text + len, *nl;
	size_t i;

	if (has_nul(&rd, text, len))
		return -1;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		text += 3; /* a UTF-8 byte order mark */
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
	struct stat st;
	char chunk[4096];
	size_t n;
	int rc;

	if (f == NULL || fstat(fileno(f), &st) < 0) {
		report_error(r, PASS, "%s: cannot open the configuration: %s",
			     path, strerror(errno));
		if (f != NULL)
			fclose(f);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		report_error(
		    r, PASS, "%s: expected a configuration file, found a %s",
		    path, S_ISDIR(st.st_mode) ? "directory" : "special file");
		fclose(f);
		return -1;
	}
	sb_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		sb_addn(&b, chunk, n);
	rc = ferror(f) ? -1 : 0;
	fclose(f);
	if (rc < 0)
		report_error(r, PASS, "%s: cannot read the configuration",
			     path);
	else
		rc = unilink_config_load_text(c, path, b.s, b.len, r);
	sb_free(&b);
	return rc;
}

int unilink_config_define(struct unilink_config *c, const char *assignment,
			  struct unilink_report *r)
{
	size_t len = strlen(assignment);
	size_t slen = name_len(assignment, len), klen = 0;
	const char *key = assignment + slen + 1, *eq, *v;
	char *section, *k;
	size_t vlen;

	if (slen < len && assignment[slen] == '.')
		klen = name_len(key, len - slen - 1);
	eq = key + klen;
	if (slen == 0 || klen == 0 || eq >= assignment + len || *eq != '=') {
		char shown[SHOW_SIZE];

		report_error(r, PASS,
			     "-D %s: expected section.key=value (names of "
			     "letters, digits and '_')",
			     show_value(shown, assignment, len));
		return -1;
	}
	section = xstrndup(assignment, slen);
	k = xstrndup(key, klen);
	vlen = strlen(eq + 1);
	v = eq + 1;
	if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
		v++;
		vlen -= 2;
	}
	cfg_set(c, section, k, v, vlen, "-D");
	free(section);
	free(k);
	return 0;
}

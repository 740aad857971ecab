/* SPDX-License-Identifier: ISC */
/*
 * The boot-time configuration reader (see reader.h). A command line is read
 * twice: the first pass checks every word and reports every problem; only
 * when there was none does the second pass write the values. Values are
 * parsed by uni_config_parse_value() (value.c), the same code the
 * config-fold pass uses, so a value means the same in both builds.
 * Words are separated by blanks; a value cannot contain one.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "common/text.h"
#include "config/reader.h"
#include "config/value.h"
#include "lib/format.h"

#define MSG_SIZE 768
#define BOOT_POOL_SIZE 2048

/* A word of the command line, split at its first '.' and first '='. */
struct word {
	const char *p;
	size_t len;
	const char *key, *section, *name, *value;
	size_t key_len, section_len, name_len, value_len;
	bool has_eq, has_dot;
};

/* A message under construction, appended to with msg_add(). */
struct msg {
	char buf[MSG_SIZE];
	size_t used;
};

__attribute__((format(__printf__, 2, 3))) static void
msg_add(struct msg *m, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uni_vsnformat(m->buf + m->used, sizeof(m->buf) - m->used, fmt, ap);
	va_end(ap);
	m->used += (size_t)n;
	if (m->used >= sizeof(m->buf))
		m->used = sizeof(m->buf) - 1; /* truncated */
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t find_char(const char *p, size_t len, char c)
{
	size_t i = 0;

	while (i < len && p[i] != c)
		i++;
	return i;
}

static void split_word(struct word *w)
{
	size_t eq = find_char(w->p, w->len, '=');
	size_t dot = find_char(w->p, eq, '.');

	w->has_eq = eq < w->len;
	w->key = w->p;
	w->key_len = eq;
	w->value = w->has_eq ? w->p + eq + 1 : w->p + w->len;
	w->value_len = w->has_eq ? w->len - eq - 1 : 0;
	w->has_dot = dot < eq;
	w->section = w->p;
	w->section_len = dot;
	w->name = w->has_dot ? w->p + dot + 1 : w->p + eq;
	w->name_len = w->has_dot ? eq - dot - 1 : 0;
}

/* The next word at or after *pos; false at the end. */
static bool next_word(const char *s, size_t *pos, struct word *w)
{
	size_t i = *pos;

	while (s[i] != '\0' && is_blank(s[i]))
		i++;
	if (s[i] == '\0')
		return false;
	w->p = s + i;
	while (s[i] != '\0' && !is_blank(s[i]))
		i++;
	w->len = (size_t)(s + i - w->p);
	*pos = i;
	split_word(w);
	return true;
}

const struct uni_config_key *
uni_config_lookup(const struct uni_config_key *begin,
		  const struct uni_config_key *end, const char *section,
		  size_t section_len, const char *name, size_t name_len)
{
	const struct uni_config_key *k;

	for (k = begin; k < end; k++)
		if (uni_text_is(section, section_len, k->section) &&
		    uni_text_is(name, name_len, k->name))
			return k;
	return NULL;
}

static bool section_known(const struct uni_config_reader *r, const char *s,
			  size_t len)
{
	const struct uni_config_key *k;

	for (k = r->begin; k < r->end; k++)
		if (uni_text_is(s, len, k->section))
			return true;
	return false;
}

/* Whether k is the first key of its section in the table. */
static bool first_of_section(const struct uni_config_reader *r,
			     const struct uni_config_key *k)
{
	const struct uni_config_key *j;

	for (j = r->begin; j < k; j++)
		if (uni_text_is(k->section, __builtin_strlen(k->section),
				j->section))
			return false;
	return true;
}

static void list_section_keys(const struct uni_config_reader *r, struct msg *m,
			      const struct word *w)
{
	const struct uni_config_key *k;
	const char *sep = "";

	msg_add(m, "; known keys of [%.*s]: ", (int)w->section_len, w->section);
	for (k = r->begin; k < r->end; k++) {
		if (!uni_text_is(w->section, w->section_len, k->section))
			continue;
		msg_add(m, "%s%s", sep, k->name);
		sep = ", ";
	}
}

static void list_sections(const struct uni_config_reader *r, struct msg *m)
{
	const struct uni_config_key *k;
	const char *sep = "";

	if (r->begin == r->end) {
		msg_add(m, "; this image has no configuration keys");
		return;
	}
	msg_add(m, "; known sections: ");
	for (k = r->begin; k < r->end; k++) {
		if (!first_of_section(r, k))
			continue;
		msg_add(m, "%s%s", sep, k->section);
		sep = ", ";
	}
}

static void report(struct uni_config_reader *r, struct msg *m)
{
	r->errors++;
	r->report(r->ctx, m->buf);
}

static void report_unknown_key(struct uni_config_reader *r,
			       const struct word *w)
{
	struct msg m = {.used = 0};

	msg_add(&m, "config: unknown key \"%.*s\" (given \"%.*s\")",
		(int)w->key_len, w->key, (int)w->value_len, w->value);
	if (!w->has_dot)
		msg_add(&m, "; keys are written section.key=value");
	else if (section_known(r, w->section, w->section_len))
		list_section_keys(r, &m, w);
	else
		list_sections(r, &m);
	report(r, &m);
}

static void report_not_setting(struct uni_config_reader *r,
			       const struct word *w)
{
	struct msg m = {.used = 0};

	msg_add(&m,
		"config: \"%.*s\" is not a setting: expected "
		"section.key=value",
		(int)w->len, w->p);
	report(r, &m);
}

static void report_bad_value(struct uni_config_reader *r,
			     const struct uni_config_key *k,
			     const struct word *w)
{
	struct msg m = {.used = 0};
	char expected[256];

	msg_add(&m, "config: bad value for %s.%s: given \"%.*s\", expected %s",
		k->section, k->name, (int)w->value_len, w->value,
		uni_config_expected(k, expected, sizeof(expected)));
	report(r, &m);
}

/*
 * Copy a string value into the pool, decoding %XX: the unilink command
 * writes blanks, quotes, '%' and other bytes a command line cannot carry
 * that way (dns.zone=a.zone%20b.zone); a '%' not followed by two hex
 * digits stays as it is. NULL when it does not fit.
 */
static const char *pool_copy(struct uni_config_reader *r, const char *s,
			     size_t len)
{
	char *p;
	size_t n = 0;

	if (r->pool == NULL || len >= r->pool_size - r->pool_used)
		return NULL;
	p = r->pool + r->pool_used;
	for (size_t i = 0; i < len; i++) {
		int hi = i + 2 < len ? uni_hex_digit(s[i + 1]) : -1;
		int lo = i + 2 < len ? uni_hex_digit(s[i + 2]) : -1;

		if (s[i] == '%' && hi >= 0 && lo >= 0) {
			p[n++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			p[n++] = s[i];
		}
	}
	p[n] = '\0';
	r->pool_used += n + 1;
	return p;
}

static void store(const struct uni_config_key *k, const char *str,
		  const union uni_config_value *v)
{
	switch (k->type) {
	case UNI_CFG_BOOL:
		*(bool *)k->var = v->b;
		break;
	case UNI_CFG_INT:
		*(int64_t *)k->var = v->i;
		break;
	case UNI_CFG_STRING:
		*(const char **)k->var = str;
		break;
	case UNI_CFG_ENUM:
		*(int32_t *)k->var = v->e;
		break;
	case UNI_CFG_IPV4:
		*(struct uni_ipv4_prefix *)k->var = v->ipv4;
		break;
	case UNI_CFG_MAC:
		*(struct uni_mac *)k->var = v->mac;
		break;
	}
}

/* Check one word (and write its value when apply is set). */
static void read_word(struct uni_config_reader *r, const struct word *w,
		      bool apply)
{
	const struct uni_config_key *k;
	union uni_config_value v;
	const char *str = NULL;

	if (!w->has_eq) {
		report_not_setting(r, w);
		return;
	}
	k = uni_config_lookup(r->begin, r->end, w->section, w->section_len,
			      w->name, w->name_len);
	if (k == NULL || !w->has_dot) {
		report_unknown_key(r, w);
		return;
	}
	if (uni_config_parse_value(k, w->value, w->value_len, &v) < 0) {
		report_bad_value(r, k, w);
		return;
	}
	if (apply && k->type == UNI_CFG_STRING) {
		str = pool_copy(r, w->value, w->value_len);
		if (str == NULL) {
			struct msg m = {.used = 0};

			msg_add(&m,
				"config: no room for the value of %s.%s "
				"(%zu bytes; %zu of %zu bytes left)",
				k->section, k->name, w->value_len,
				r->pool_size - r->pool_used, r->pool_size);
			report(r, &m);
			return;
		}
	}
	if (apply)
		store(k, str, &v);
}

/* One pass over the words; returns how many there were. */
static int read_words(struct uni_config_reader *r, const char *cmdline,
		      bool apply)
{
	struct word w;
	size_t pos = 0;
	int n = 0;

	while (next_word(cmdline, &pos, &w)) {
		read_word(r, &w, apply);
		n++;
	}
	return n;
}

/* Whether the string values of cmdline fit in the pool, all together. */
static size_t string_bytes(struct uni_config_reader *r, const char *cmdline)
{
	const struct uni_config_key *k;
	struct word w;
	size_t pos = 0, bytes = 0;

	while (next_word(cmdline, &pos, &w)) {
		k = uni_config_lookup(r->begin, r->end, w.section,
				      w.section_len, w.name, w.name_len);
		if (k != NULL && w.has_eq && k->type == UNI_CFG_STRING)
			bytes += w.value_len + 1;
	}
	return bytes;
}

int uni_config_read(struct uni_config_reader *r, const char *cmdline)
{
	size_t need;
	int n;

	r->errors = 0;
	if (cmdline == NULL)
		return 0;
	read_words(r, cmdline, false);
	need = string_bytes(r, cmdline);
	if (r->errors == 0 && need > r->pool_size - r->pool_used) {
		struct msg m = {.used = 0};

		msg_add(&m,
			"config: string values need %zu bytes, only %zu of "
			"%zu are left",
			need, r->pool_size - r->pool_used, r->pool_size);
		report(r, &m);
	}
	if (r->errors > 0)
		return -1;
	n = read_words(r, cmdline, true);
	return r->errors == 0 ? n : -1;
}

/* The image's own keys, with messages on the console. */

static char boot_pool[BOOT_POOL_SIZE];

static bool has_words(const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		if (!is_blank(*s))
			return true;
	return false;
}

/* A specialised image reads no settings; ignoring given ones is refused. */
static int refuse_settings(const char *cmdline)
{
	if (!has_words(cmdline))
		return 0;
	printf("config: this image was specialised at build time and reads no "
	       "settings from the command line (given \"%s\"); rebuild it "
	       "with the settings in its configuration file\n",
	       cmdline);
	return -1;
}

static void print_line(void *ctx, const char *line)
{
	printf("%s\n", line);
}

int uni_config_boot_read(const char *cmdline)
{
	static struct uni_config_reader r = {
	    .report = print_line,
	    .pool = boot_pool,
	    .pool_size = sizeof(boot_pool),
	};
	int n;

	if (!uni_config_boot_reader_needed)
		return refuse_settings(cmdline);
	r.begin = __start_uni_config;
	r.end = __stop_uni_config;
	n = uni_config_read(&r, cmdline);
	if (n < 0)
		printf("config: %u error%s on the command line \"%s\"; the "
		       "appliance does not start with a configuration it "
		       "does not fully understand\n",
		       r.errors, r.errors == 1 ? "" : "s", cmdline);
	return n;
}

const struct uni_config_key *uni_config_find(const char *section,
					     size_t section_len,
					     const char *name, size_t name_len)
{
	return uni_config_lookup(__start_uni_config, __stop_uni_config, section,
				 section_len, name, name_len);
}

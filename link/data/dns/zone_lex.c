/* SPDX-License-Identifier: ISC */
/*
 * The tokenizer of master files (RFC 1035 5.1): splits the text into
 * logical lines of fields, joining lines inside parentheses, dropping
 * comments, keeping quoted strings as one field. Escapes are left in the
 * fields for the converters; the tokenizer only knows that a backslash
 * protects the next character.
 */
#include "zone_int.h"

static int at_end(const struct zlex *lx)
{
	return lx->p >= lx->end;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int ends_field(char c)
{
	return is_blank(c) || c == '\n' || c == ';' || c == '(' || c == ')' ||
	       c == '"';
}

static void skip_comment(struct zlex *lx)
{
	while (!at_end(lx) && *lx->p != '\n')
		lx->p++;
}

static const char *add(struct zline *ln, const char *s, size_t len, int quoted)
{
	if (ln->n >= ZTOK_MAX)
		return "too many fields in one record";
	ln->tok[ln->n].s = s;
	ln->tok[ln->n].len = len;
	ln->tok[ln->n].quoted = (uint8_t)quoted;
	ln->n++;
	return NULL;
}

static const char *quoted(struct zlex *lx, struct zline *ln)
{
	const char *start = ++lx->p;

	while (!at_end(lx) && *lx->p != '"') {
		if (*lx->p == '\n')
			return "end of line inside a quoted string";
		if (*lx->p == '\\' && lx->end - lx->p > 1 && lx->p[1] != '\n')
			lx->p++;
		lx->p++;
	}
	if (at_end(lx))
		return "end of file inside a quoted string";
	lx->p++;
	return add(ln, start, (size_t)(lx->p - 1 - start), 1);
}

static const char *plain(struct zlex *lx, struct zline *ln)
{
	const char *start = lx->p;

	while (!at_end(lx) && !ends_field(*lx->p)) {
		if (*lx->p == '\\' && lx->end - lx->p > 1 && lx->p[1] != '\n')
			lx->p++;
		lx->p++;
	}
	return add(ln, start, (size_t)(lx->p - start), 0);
}

/* Handles one character that is not part of a field; 1 ends the line. */
static int punct(struct zlex *lx, struct zline *ln, int *paren,
		 const char **why)
{
	char c = *lx->p;

	if (c == ';') {
		skip_comment(lx);
	} else if (c == '(') {
		if (*paren) {
			*why = "nested parentheses";
			return -1;
		}
		*paren = 1;
		lx->p++;
	} else if (c == ')') {
		if (!*paren) {
			*why = "')' without '('";
			return -1;
		}
		*paren = 0;
		lx->p++;
	} else if (c == '\n') {
		lx->p++;
		lx->line++;
		if (!*paren && ln->n > 0)
			return 1;
		if (!*paren) {
			ln->line = lx->line;
			ln->owner_blank = !at_end(lx) && is_blank(*lx->p);
		}
	} else {
		lx->p++; /* blank */
	}
	return 0;
}

int zlex_next(struct zlex *lx, struct zline *ln, const char **why)
{
	int paren = 0, r;

	ln->n = 0;
	ln->line = lx->line;
	ln->owner_blank = !at_end(lx) && is_blank(*lx->p);
	while (!at_end(lx)) {
		char c = *lx->p;
		if (c == '"' || !ends_field(c)) {
			*why = c == '"' ? quoted(lx, ln) : plain(lx, ln);
			if (*why != NULL)
				return -1;
			continue;
		}
		r = punct(lx, ln, &paren, why);
		if (r != 0)
			return r;
	}
	if (paren) {
		*why = "end of file inside '(' ... ')'";
		return -1;
	}
	return ln->n > 0;
}

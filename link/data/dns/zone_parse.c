/* SPDX-License-Identifier: ISC */
/*
 * The master-file parser (RFC 1035 5, RFC 2308 $TTL, RFC 3597 \#): turns
 * logical lines into records of class IN, following $ORIGIN, $TTL and
 * $INCLUDE, relative names, @ and omitted owner, TTL and class; then hands
 * the records to zbuild() for the zone checks and the serialised form.
 * The zone's name is the caller's or else its SOA's owner (NSD takes it
 * from its configuration): a file needs no $ORIGIN if its names are
 * absolute.
 * The first error stops the parse: "file:line: expected ..., found ...".
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "zone_int.h"

#define INCLUDE_DEPTH_MAX 8
#define INCLUDE_PATH_MAX 4095
/* The TTL of a record without one when no $TTL came before (NSD's). */
#define DEFAULT_TTL 3600

struct zparse {
	const struct dns_zone_parse_opts *o;
	struct zcheck zc;
	struct zrec *recs;
	size_t n, cap;
	uint8_t *rd;
	char *err;
	size_t errcap;
	char **names; /* file names of includes, freed at the end */
	size_t nnames;
};

struct zfile {
	struct zlex lx;
	const char *name;
	uint8_t origin[DNS_NAME_MAX];
	int have_origin;
	uint8_t owner[DNS_NAME_MAX];
	int have_owner;
	uint32_t def_ttl;
	int have_def_ttl;
};

static enum dns_zone_err fail(struct zparse *zp, const char *file,
			      unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static enum dns_zone_err fail(struct zparse *zp, const char *file,
			      unsigned line, const char *fmt, ...)
{
	va_list ap;
	enum dns_zone_err e;

	va_start(ap, fmt);
	e = zvfail(zp->err, zp->errcap, file, line, fmt, ap);
	va_end(ap);
	return e;
}

static enum dns_zone_err add_record(struct zparse *zp, struct zfile *f,
				    unsigned line, uint16_t type, uint32_t ttl,
				    size_t rdlen)
{
	size_t olen = dns_name_len(f->owner);
	struct zrec *r;

	if (zp->n == zp->cap) {
		size_t cap = zp->cap ? zp->cap * 2 : 64;
		struct zrec *p = realloc(zp->recs, cap * sizeof(*p));
		if (p == NULL)
			return DNS_ZONE_NOMEM;
		zp->recs = p;
		zp->cap = cap;
	}
	r = &zp->recs[zp->n];
	r->data = malloc(olen + rdlen + 1);
	if (r->data == NULL)
		return DNS_ZONE_NOMEM;
	memcpy(r->data, f->owner, olen);
	memcpy(r->data + olen, zp->rd, rdlen);
	r->ttl = ttl;
	r->type = type;
	r->rdlen = (uint16_t)rdlen;
	r->line = line;
	r->seq = zp->n;
	r->file = f->name;
	zp->n++;
	return DNS_ZONE_OK;
}

/* Reads the owner field (or inherits it); *i moves past it. */
static enum dns_zone_err owner(struct zparse *zp, struct zfile *f,
			       const struct zline *ln, unsigned *i)
{
	size_t n;
	const char *why;

	if (ln->owner_blank) {
		if (!f->have_owner)
			return fail(zp, f->name, ln->line,
				    "expected an owner name in column 1, "
				    "found white space (no previous owner)");
		return DNS_ZONE_OK;
	}
	why = ztext_name(&ln->tok[0], f->have_origin ? f->origin : NULL,
			 f->owner, &n);
	if (why != NULL)
		return fail(zp, f->name, ln->line,
			    "expected an owner name, found \"%.*s%s\": %s",
			    ZSHOW(ln->tok[0].len, ln->tok[0].s), why);
	ztext_name_lower(f->owner);
	f->have_owner = 1;
	*i = 1;
	return DNS_ZONE_OK;
}

/* A class mnemonic or CLASSnnn: its number, or 0 when t is none. */
static uint32_t class_of(const struct ztok *t)
{
	static const struct {
		const char *name;
		uint16_t class;
	} classes[] = {{"IN", 1}, {"CS", 2}, {"CH", 3}, {"HS", 4}};
	struct ztok num;
	uint32_t v;

	if (t->quoted)
		return 0;
	for (size_t k = 0; k < 4; k++)
		if (t->len == 2 && strncasecmp(t->s, classes[k].name, 2) == 0)
			return classes[k].class;
	if (t->len < 6 || strncasecmp(t->s, "CLASS", 5) != 0)
		return 0;
	num = (struct ztok){t->s + 5, t->len - 5, 0};
	if (ztext_u32(&num, 65535, &v) != NULL)
		return 0;
	return v;
}

/*
 * A record's TTL as NSD reads it: modulo 2^32, and one above 2^31 - 1
 * (RFC 2181 8) becomes NSD's default of an hour.
 */
static const char *record_ttl_text(const struct ztok *t, uint32_t *ttl)
{
	const char *why = ztext_period(t, ttl);

	if (why == NULL && *ttl > 0x7fffffffu)
		*ttl = DEFAULT_TTL;
	return why;
}

/* The optional TTL and class, in either order. */
static enum dns_zone_err ttl_class(struct zparse *zp, struct zfile *f,
				   const struct zline *ln, unsigned *i,
				   uint32_t *ttl, int *have_ttl)
{
	int have_class = 0;

	for (int k = 0; k < 2 && *i < ln->n; k++) {
		const struct ztok *t = &ln->tok[*i];
		if (!*have_ttl && t->len > 0 && t->s[0] >= '0' &&
		    t->s[0] <= '9') {
			const char *why = record_ttl_text(t, ttl);
			if (why != NULL)
				return fail(
				    zp, f->name, ln->line,
				    "expected a TTL, found \"%.*s%s\"%s%s",
				    ZSHOW(t->len, t->s), why[0] ? ": " : "",
				    why);
			*have_ttl = 1;
		} else if (!have_class && class_of(t) != 0) {
			if (class_of(t) != DNS_C_IN)
				return fail(
				    zp, f->name, ln->line,
				    "expected class IN, found \"%.*s%s\" "
				    "(only IN is served)",
				    ZSHOW(t->len, t->s));
			have_class = 1;
		} else {
			break;
		}
		(*i)++;
	}
	return DNS_ZONE_OK;
}

/* An omitted TTL is the $TTL, else an hour: NSD does not take the last one. */
static void record_ttl(const struct zfile *f, int have_ttl, uint32_t *ttl)
{
	if (!have_ttl)
		*ttl = f->have_def_ttl ? f->def_ttl : DEFAULT_TTL;
}

/*
 * Type 0 is reserved (NSD refuses it); OPT, IXFR, AXFR and ANY only live
 * in messages, and a zone that held them could not be served.
 */
static int data_type(uint16_t type)
{
	return type != 0 && type != DNS_T_OPT && type != DNS_T_IXFR &&
	       type != DNS_T_AXFR && type != DNS_T_ANY;
}

static enum dns_zone_err record(struct zparse *zp, struct zfile *f,
				const struct zline *ln)
{
	struct zrdctx c = {.ln = ln,
			   .file = f->name,
			   .rd = zp->rd,
			   .err = zp->err,
			   .errcap = zp->errcap};
	uint32_t ttl = 0;
	int have_ttl = 0;
	uint16_t type;
	char tbuf[16];
	enum dns_zone_err e;

	e = owner(zp, f, ln, &c.i);
	if (!e)
		e = ttl_class(zp, f, ln, &c.i, &ttl, &have_ttl);
	if (e)
		return e;
	if (c.i >= ln->n)
		return fail(zp, f->name, ln->line,
			    "expected a type, found the end of the record");
	if (ztype_lookup(&ln->tok[c.i], &type) != 0)
		return fail(zp, f->name, ln->line,
			    "expected a record type (a mnemonic such as A, "
			    "MX or DS, or TYPEnnn), found \"%.*s%s\"",
			    ZSHOW(ln->tok[c.i].len, ln->tok[c.i].s));
	c.type = ztype_name(type, tbuf, sizeof(tbuf));
	if (!data_type(type))
		return fail(zp, f->name, ln->line,
			    "expected a type that records can have, found %s "
			    "(%s, RFC 6895 3.1)",
			    c.type,
			    type == 0 ? "reserved" : "a meta or query type");
	c.i++;
	c.origin = f->have_origin ? f->origin : NULL;
	e = zrdata(&c, type);
	record_ttl(f, have_ttl, &ttl);
	return e ? e : add_record(zp, f, ln->line, type, ttl, c.len);
}

static enum dns_zone_err parse_text(struct zparse *zp, const char *name,
				    const char *text, size_t len,
				    const uint8_t *origin,
				    const struct zfile *parent, int depth);

static enum dns_zone_err dir_origin(struct zparse *zp, struct zfile *f,
				    const struct zline *ln)
{
	uint8_t origin[DNS_NAME_MAX];
	size_t n;
	const char *why;

	if (ln->n != 2)
		return fail(zp, f->name, ln->line,
			    "expected one name after $ORIGIN, found %u fields",
			    ln->n - 1);
	/* NSD refuses a relative one: it has nothing to be relative to. */
	why = ztext_name(&ln->tok[1], NULL, origin, &n);
	if (why != NULL)
		return fail(zp, f->name, ln->line,
			    "expected an absolute domain name after $ORIGIN, "
			    "found \"%.*s%s\": %s",
			    ZSHOW(ln->tok[1].len, ln->tok[1].s), why);
	ztext_name_lower(origin);
	memcpy(f->origin, origin, n);
	f->have_origin = 1;
	/* The zone's name in messages until an SOA names it. */
	if (!zp->zc.have_zone) {
		memcpy(zp->zc.zone, f->origin, n);
		zp->zc.have_zone = 1;
	}
	return DNS_ZONE_OK;
}

static enum dns_zone_err dir_ttl(struct zparse *zp, struct zfile *f,
				 const struct zline *ln)
{
	if (ln->n != 2 || ztext_ttl(&ln->tok[1], &f->def_ttl) != NULL)
		return fail(zp, f->name, ln->line,
			    "expected one TTL after $TTL, found \"%.*s%s\"",
			    ZSHOW(ln->n > 1 ? ln->tok[1].len : 0,
				  ln->n > 1 ? ln->tok[1].s : ""));
	f->have_def_ttl = 1;
	return DNS_ZONE_OK;
}

/* Keeps a NUL-terminated copy of a file name until the parse ends. */
static char *keep_name(struct zparse *zp, const struct ztok *t)
{
	char **p = realloc(zp->names, (zp->nnames + 1) * sizeof(*p));

	if (p == NULL)
		return NULL;
	zp->names = p;
	p[zp->nnames] = malloc(t->len + 1);
	if (p[zp->nnames] == NULL)
		return NULL;
	memcpy(p[zp->nnames], t->s, t->len);
	p[zp->nnames][t->len] = '\0';
	return p[zp->nnames++];
}

static enum dns_zone_err dir_include(struct zparse *zp, struct zfile *f,
				     const struct zline *ln, int depth)
{
	uint8_t origin[DNS_NAME_MAX];
	size_t n, len;
	const char *text, *why;
	char *path;

	if (ln->n < 2 || ln->n > 3)
		return fail(zp, f->name, ln->line,
			    "expected a file name and an optional origin "
			    "after $INCLUDE, found %u fields",
			    ln->n - 1);
	if (ln->n == 3) {
		why = ztext_name(&ln->tok[2], NULL, origin, &n);
		if (why != NULL)
			return fail(zp, f->name, ln->line,
				    "expected an absolute origin after the "
				    "$INCLUDE file, found \"%.*s%s\": %s",
				    ZSHOW(ln->tok[2].len, ln->tok[2].s), why);
		ztext_name_lower(origin);
	}
	if (ln->tok[1].len > INCLUDE_PATH_MAX)
		return fail(zp, f->name, ln->line,
			    "expected a file name of at most %d bytes after "
			    "$INCLUDE, found one of %zu bytes",
			    INCLUDE_PATH_MAX, ln->tok[1].len);
	path = keep_name(zp, &ln->tok[1]);
	if (path == NULL)
		return DNS_ZONE_NOMEM;
	if (depth >= INCLUDE_DEPTH_MAX)
		return fail(zp, f->name, ln->line,
			    "$INCLUDE \"%s\" nested deeper than %d files", path,
			    INCLUDE_DEPTH_MAX);
	if (zp->o->include == NULL ||
	    zp->o->include(zp->o->include_ctx, path, &text, &len) != 0) {
		fail(zp, f->name, ln->line, "cannot open $INCLUDE file \"%s\"",
		     path);
		return DNS_ZONE_INCLUDE;
	}
	return parse_text(zp, path, text, len,
			  ln->n == 3 ? origin
				     : (f->have_origin ? f->origin : NULL),
			  f, depth + 1);
}

static enum dns_zone_err directive(struct zparse *zp, struct zfile *f,
				   const struct zline *ln, int depth)
{
	const struct ztok *t = &ln->tok[0];

	if (t->len == 7 && strncasecmp(t->s, "$ORIGIN", 7) == 0)
		return dir_origin(zp, f, ln);
	if (t->len == 4 && strncasecmp(t->s, "$TTL", 4) == 0)
		return dir_ttl(zp, f, ln);
	if (t->len == 8 && strncasecmp(t->s, "$INCLUDE", 8) == 0)
		return dir_include(zp, f, ln, depth);
	return fail(zp, f->name, ln->line,
		    "expected $ORIGIN, $TTL or $INCLUDE, found \"%.*s%s\"",
		    ZSHOW(t->len, t->s));
}

static int is_directive(const struct zline *ln)
{
	return !ln->owner_blank && !ln->tok[0].quoted && ln->tok[0].len > 0 &&
	       ln->tok[0].s[0] == '$';
}

static enum dns_zone_err parse_lines(struct zparse *zp, struct zfile *f,
				     struct zline *ln, int depth)
{
	const char *why;
	enum dns_zone_err e;
	int r;

	while ((r = zlex_next(&f->lx, ln, &why)) > 0) {
		e = is_directive(ln) ? directive(zp, f, ln, depth)
				     : record(zp, f, ln);
		if (e)
			return e;
	}
	return r < 0 ? fail(zp, f->name, f->lx.line, "%s", why) : DNS_ZONE_OK;
}

static enum dns_zone_err parse_text(struct zparse *zp, const char *name,
				    const char *text, size_t len,
				    const uint8_t *origin,
				    const struct zfile *parent, int depth)
{
	struct zfile *f = calloc(1, sizeof(*f));
	struct zline *ln = malloc(sizeof(*ln));
	enum dns_zone_err e = DNS_ZONE_NOMEM;

	if (f != NULL && ln != NULL) {
		f->lx.p = text;
		f->lx.end = text + len;
		f->lx.line = 1;
		f->name = name;
		if (origin != NULL) {
			memcpy(f->origin, origin, dns_name_len(origin));
			f->have_origin = 1;
		}
		if (parent != NULL) {
			f->def_ttl = parent->def_ttl;
			f->have_def_ttl = parent->have_def_ttl;
		}
		e = parse_lines(zp, f, ln, depth);
		if (depth == 0)
			zp->zc.lines = f->lx.line;
	}
	free(f);
	free(ln);
	return e;
}

static void zparse_free(struct zparse *zp)
{
	for (size_t k = 0; k < zp->n; k++)
		free(zp->recs[k].data);
	for (size_t k = 0; k < zp->nnames; k++)
		free(zp->names[k]);
	free(zp->recs);
	free(zp->names);
	free(zp->rd);
}

static enum dns_zone_err zone_name(struct zparse *zp, const char *text)
{
	static const uint8_t root[1] = {0};
	struct ztok t = {text, strlen(text), 0};
	size_t n;
	const char *why = ztext_name(&t, root, zp->zc.zone, &n);

	if (why != NULL)
		return fail(zp, zp->o->file ? zp->o->file : "zone", 0,
			    "expected a zone name, found \"%s\": %s", text,
			    why);
	ztext_name_lower(zp->zc.zone);
	zp->zc.have_zone = 1;
	zp->zc.fixed = 1;
	return DNS_ZONE_OK;
}

/* The loader re-checks what zbuild wrote: a failure is a bug here. */
static enum dns_zone_err self_check(struct zparse *zp, const uint8_t *blob,
				    size_t len)
{
	struct dns_zone z;

	if (dns_zone_load(&z, blob, len) != DNS_ZONE_OK)
		return fail(zp, zp->o->file ? zp->o->file : "zone", 0,
			    "internal error: the serialised zone does not "
			    "load");
	dns_zone_free(&z);
	return DNS_ZONE_OK;
}

enum dns_zone_err dns_zone_parse(const char *text, size_t len,
				 const struct dns_zone_parse_opts *opts,
				 uint8_t **blob, size_t *blob_len, char *err,
				 size_t errcap)
{
	struct zparse zp;
	const char *file = opts->file ? opts->file : "zone";
	enum dns_zone_err e = DNS_ZONE_OK;

	memset(&zp, 0, sizeof(zp));
	zp.o = opts;
	zp.err = err;
	zp.errcap = errcap;
	zp.zc.err = err;
	zp.zc.errcap = errcap;
	*blob = NULL;
	zp.rd = malloc(ZRDATA_MAX + 1);
	if (zp.rd == NULL)
		e = DNS_ZONE_NOMEM;
	if (!e && opts->origin != NULL)
		e = zone_name(&zp, opts->origin);
	if (!e)
		e = parse_text(&zp, file, text, len,
			       zp.zc.fixed ? zp.zc.zone : NULL, NULL, 0);
	if (!e)
		e = zbuild(zp.recs, &zp.n, &zp.zc, file, blob, blob_len);
	if (!e)
		e = self_check(&zp, *blob, *blob_len);
	if (e == DNS_ZONE_NOMEM)
		snprintf(err, errcap, "%s: out of memory", file);
	if (e && *blob != NULL) {
		free(*blob);
		*blob = NULL;
	}
	zparse_free(&zp);
	return e;
}

/* SPDX-License-Identifier: ISC */
/*
 * The checks NSD 4.6's zone compiler makes on a whole zone, with its
 * verdicts: the zone's name (the caller's, else the first SOA's owner),
 * every name in it, one SOA at the apex; then, on the deduplicated
 * records, a CNAME alone at its name but for DNSSEC records (RFC 2181
 * 10.1, RFC 4035 2.5), one CNAME and one DNAME at a name, and no data
 * below a DNAME (RFC 6672 2.4). Records whose TTLs differ within an RRset
 * are accepted, each keeping its own TTL, as NSD serves them. Of several
 * faults the one met first in the text is reported, with its file:line.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "zone_int.h"

/* Types NSD allows beside a CNAME: the DNSSEC ones, old and new. */
enum { T_SIG = 24, T_NXT = 30, T_NSEC = 47 };

static enum dns_zone_err fault(char *err, size_t errcap, const struct zrec *r,
			       const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static enum dns_zone_err fault(char *err, size_t errcap, const struct zrec *r,
			       const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	zvfail(err, errcap, r->file, r->line, fmt, ap);
	va_end(ap);
	return DNS_ZONE_SEMANTIC;
}

/* The first SOA in the text, or NULL. */
static const struct zrec *first_soa(const struct zrec *recs, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (recs[k].type == DNS_T_SOA)
			return &recs[k];
	return NULL;
}

static enum dns_zone_err no_soa(const struct zcheck *c, const char *file)
{
	char name[1024];

	if (!c->have_zone) {
		snprintf(c->err, c->errcap,
			 "%s:%u: expected an SOA record (it names the zone), "
			 "found none",
			 file, c->lines);
		return DNS_ZONE_SEMANTIC;
	}
	dns_name_to_text(c->zone, name, sizeof(name));
	snprintf(c->err, c->errcap,
		 "%s:%u: expected an SOA record at the apex %s, found none",
		 file, c->lines, name);
	return DNS_ZONE_SEMANTIC;
}

/* One record against the zone's name and its first SOA. */
static enum dns_zone_err check_place(const struct zcheck *c,
				     const struct zrec *r,
				     const struct zrec *soa)
{
	char zone[1024], name[1024];

	dns_name_to_text(c->zone, zone, sizeof(zone));
	dns_name_to_text(zrec_owner(r), name, sizeof(name));
	if (!dns_name_is_sub(zrec_owner(r), c->zone)) {
		if (c->fixed)
			return fault(c->err, c->errcap, r,
				     "expected names in the zone %s, found "
				     "%s (out-of-zone data)",
				     zone, name);
		return fault(c->err, c->errcap, r,
			     "expected names in the zone %s (the owner of "
			     "the SOA at %s:%u), found %s (out-of-zone data)",
			     zone, soa->file, soa->line, name);
	}
	if (r->type != DNS_T_SOA || r == soa)
		return DNS_ZONE_OK;
	if (!dns_name_eq(zrec_owner(r), c->zone))
		return fault(c->err, c->errcap, r,
			     "expected the SOA record at the apex %s, found "
			     "it at %s",
			     zone, name);
	return fault(c->err, c->errcap, r,
		     "expected one SOA record, found a second one (the first "
		     "is at %s:%u)",
		     soa->file, soa->line);
}

enum dns_zone_err zcheck_zone(struct zcheck *c, const struct zrec *recs,
			      size_t n, const char *file)
{
	const struct zrec *soa = first_soa(recs, n);
	enum dns_zone_err e;

	if (soa == NULL && !c->fixed)
		return no_soa(c, file);
	if (!c->fixed) {
		memcpy(c->zone, zrec_owner(soa), dns_name_len(zrec_owner(soa)));
		c->have_zone = 1;
	}
	for (size_t k = 0; k < n; k++) {
		e = check_place(c, &recs[k], soa);
		if (e)
			return e;
	}
	return soa == NULL ? no_soa(c, file) : DNS_ZONE_OK;
}

/* The faults found on names, and the first of them in the text. */
enum fkind {
	F_CNAME_TWICE,
	F_DNAME_TWICE,
	F_CNAME_LATE,
	F_BESIDE_CNAME,
	F_BELOW_DNAME
};

struct finding {
	const struct zrec *at, *other; /* at: where it shows; other: why */
	enum fkind kind;
};

static void consider(struct finding *f, const struct zrec *at,
		     const struct zrec *other, enum fkind kind)
{
	if (f->at == NULL || at->seq < f->at->seq)
		*f = (struct finding){at, other, kind};
}

static int beside_cname_ok(uint16_t type)
{
	return type == DNS_T_CNAME || type == DNS_T_RRSIG || type == T_NSEC ||
	       type == DNS_T_NSEC3 || type == T_SIG || type == T_NXT;
}

/*
 * The records [s, e) of one name (sorted by type, then text order): a
 * second CNAME or DNAME, and data beside a CNAME (shown at the later of
 * the two in the text, as NSD does).
 */
static void check_node(struct finding *f, const struct zrec *recs, size_t s,
		       size_t e)
{
	const struct zrec *cname = NULL, *other = NULL;

	for (size_t k = s; k < e; k++) {
		const struct zrec *r = &recs[k];
		int again = k > s && recs[k - 1].type == r->type;
		if (again && r->type == DNS_T_CNAME)
			consider(f, r, &recs[k - 1], F_CNAME_TWICE);
		if (again && r->type == DNS_T_DNAME)
			consider(f, r, &recs[k - 1], F_DNAME_TWICE);
		if (r->type == DNS_T_CNAME && cname == NULL)
			cname = r;
		if (!beside_cname_ok(r->type) &&
		    (other == NULL || r->seq < other->seq))
			other = r;
	}
	if (cname == NULL || other == NULL)
		return;
	if (cname->seq > other->seq)
		consider(f, cname, other, F_CNAME_LATE);
	else
		consider(f, other, cname, F_BESIDE_CNAME);
}

/*
 * Names below a DNAME: records sort in canonical order, so the names below
 * an owner follow it. dname is the DNAME whose subtree the scan is in.
 */
static void check_below(struct finding *f, const struct zrec *r,
			const struct zrec **dname)
{
	if (*dname != NULL &&
	    !dns_name_is_sub(zrec_owner(r), zrec_owner(*dname)))
		*dname = NULL;
	if (*dname != NULL && !dns_name_eq(zrec_owner(r), zrec_owner(*dname)))
		consider(f, r, *dname, F_BELOW_DNAME);
	else if (*dname == NULL && r->type == DNS_T_DNAME)
		*dname = r;
}

static enum dns_zone_err report(const struct zcheck *c, const struct finding *f)
{
	char name[1024], owner[1024], tbuf[16], obuf[16];
	const char *type = ztype_name(f->at->type, tbuf, sizeof(tbuf));
	const char *otype = ztype_name(f->other->type, obuf, sizeof(obuf));
	const char *ofile = f->other->file;
	unsigned oline = f->other->line;

	dns_name_to_text(zrec_owner(f->other), name, sizeof(name));
	dns_name_to_text(zrec_owner(f->at), owner, sizeof(owner));
	switch (f->kind) {
	case F_CNAME_TWICE:
	case F_DNAME_TWICE:
		return fault(c->err, c->errcap, f->at,
			     "expected one %s at %s, found a second one (the "
			     "first is at %s:%u)",
			     type, name, ofile, oline);
	case F_CNAME_LATE:
		return fault(c->err, c->errcap, f->at,
			     "expected a CNAME alone at %s (RRSIG, NSEC and "
			     "NSEC3 aside), found %s there too (%s:%u)",
			     name, otype, ofile, oline);
	case F_BESIDE_CNAME:
		return fault(c->err, c->errcap, f->at,
			     "expected nothing but RRSIG, NSEC and NSEC3 "
			     "beside the CNAME at %s (%s:%u), found %s",
			     name, ofile, oline, type);
	case F_BELOW_DNAME:
		break;
	}
	return fault(c->err, c->errcap, f->at,
		     "expected no data below the DNAME at %s (%s:%u), found %s "
		     "%s (RFC 6672 2.4)",
		     name, ofile, oline, owner, type);
}

enum dns_zone_err zcheck_names(const struct zcheck *c, const struct zrec *recs,
			       size_t n)
{
	struct finding f = {NULL, NULL, F_CNAME_TWICE};
	const struct zrec *dname = NULL;
	size_t s = 0;

	for (size_t k = 0; k <= n; k++) {
		if (k < n)
			check_below(&f, &recs[k], &dname);
		if (k < n &&
		    dns_name_eq(zrec_owner(&recs[k]), zrec_owner(&recs[s])))
			continue;
		check_node(&f, recs, s, k);
		s = k;
	}
	return f.at != NULL ? report(c, &f) : DNS_ZONE_OK;
}

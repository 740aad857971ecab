/* SPDX-License-Identifier: ISC */
/*
 * Reading DNS messages (RFC 1035 4.1, RFC 6891 6.1) through a byte view, and
 * the helpers on uncompressed wire names. Every read checks the view before
 * the first byte of an item is touched; compression pointers must point
 * strictly before the previous jump target, so name decoding always ends.
 */
#include <string.h>

#include "common/text.h"
#include "dns/wire.h"

static const char *const wire_errors[] = {
    [DNS_OK] = "no error",
    [DNS_E_SHORT] = "message ends inside an item",
    [DNS_E_LABEL_TYPE] = "unknown label type",
    [DNS_E_POINTER] = "compression pointer that does not point back",
    [DNS_E_NAME_LONG] = "name longer than 255 octets",
    [DNS_E_FORMAT] = "impossible field value",
};

const char *dns_wire_strerror(enum dns_wire_err e)
{
	if ((unsigned)e >= sizeof(wire_errors) / sizeof(wire_errors[0]))
		return "unknown error";
	return wire_errors[e];
}

enum dns_wire_err dns_hdr_read(struct bytes msg, struct dns_hdr *h)
{
	if (!bytes_has(msg, 0, DNS_HDR_LEN))
		return DNS_E_SHORT;
	h->id = get16(msg, 0);
	h->flags = get16(msg, 2);
	h->qdcount = get16(msg, 4);
	h->ancount = get16(msg, 6);
	h->nscount = get16(msg, 8);
	h->arcount = get16(msg, 10);
	return DNS_OK;
}

void dns_hdr_write(uint8_t out[DNS_HDR_LEN], const struct dns_hdr *h)
{
	put16(out, h->id);
	put16(out + 2, h->flags);
	put16(out + 4, h->qdcount);
	put16(out + 6, h->ancount);
	put16(out + 8, h->nscount);
	put16(out + 10, h->arcount);
}

static int is_pointer(uint8_t c)
{
	return (c & 0xc0) == 0xc0;
}

static int is_label(uint8_t c)
{
	return (c & 0xc0) == 0;
}

/*
 * The name at *off into out, uncompressed. Compression pointers are
 * followed when follow is set (each must point before the last one) and
 * refused otherwise; *off ends after the name as it stands in msg.
 */
static enum dns_wire_err name_walk(struct bytes msg, size_t *off, uint8_t *out,
				   size_t *out_len, int follow)
{
	size_t pos = *off, limit = *off, n = 0, after = 0;

	for (;;) {
		if (!bytes_has(msg, pos, 1))
			return DNS_E_SHORT;
		uint8_t c = get8(msg, pos);
		if (is_pointer(c)) {
			if (!follow)
				return DNS_E_POINTER;
			if (!bytes_has(msg, pos, 2))
				return DNS_E_SHORT;
			size_t target =
			    (size_t)(c & 0x3f) << 8 | get8(msg, pos + 1);
			if (target >= limit)
				return DNS_E_POINTER;
			if (after == 0)
				after = pos + 2;
			pos = limit = target;
			continue;
		}
		if (!is_label(c))
			return DNS_E_LABEL_TYPE;
		if (n + c + 1 > DNS_NAME_MAX)
			return DNS_E_NAME_LONG;
		if (!bytes_has(msg, pos, c + 1u))
			return DNS_E_SHORT;
		memcpy(out + n, msg.p + pos, c + 1u);
		n += c + 1u;
		pos += c + 1u;
		if (c == 0)
			break;
	}
	*off = after ? after : pos;
	*out_len = n;
	return DNS_OK;
}

enum dns_wire_err dns_name_read(struct bytes msg, size_t *off, uint8_t *out,
				size_t *out_len)
{
	return name_walk(msg, off, out, out_len, 1);
}

enum dns_wire_err dns_question_read(struct bytes msg, size_t *off,
				    struct dns_question *q)
{
	size_t pos = *off;
	/* The question name may not be compressed (it is the first name). */
	enum dns_wire_err e = name_walk(msg, &pos, q->name, &q->name_len, 0);

	if (e != DNS_OK)
		return e;
	if (!bytes_has(msg, pos, 4))
		return DNS_E_SHORT;
	q->qtype = get16(msg, pos);
	q->qclass = get16(msg, pos + 2);
	*off = pos + 4;
	return DNS_OK;
}

enum dns_wire_err dns_rr_read(struct bytes msg, size_t *off, struct dns_rr *rr)
{
	size_t pos = *off;
	enum dns_wire_err e = dns_name_read(msg, &pos, rr->name, &rr->name_len);

	if (e != DNS_OK)
		return e;
	if (!bytes_has(msg, pos, 10))
		return DNS_E_SHORT;
	rr->type = get16(msg, pos);
	rr->rclass = get16(msg, pos + 2);
	rr->ttl = get32(msg, pos + 4);
	size_t rdlen = get16(msg, pos + 8);
	pos += 10;
	if (!bytes_has(msg, pos, rdlen))
		return DNS_E_SHORT;
	rr->rdata = bytes_make(msg.p + pos, rdlen);
	rr->rdata_off = pos;
	*off = pos + rdlen;
	return DNS_OK;
}

/* Options (RFC 6891 6.1.2) must tile the rdata exactly. */
static enum dns_wire_err opt_options_check(struct bytes rd)
{
	size_t pos = 0;

	while (pos < rd.len) {
		if (!bytes_has(rd, pos, 4))
			return DNS_E_SHORT;
		size_t olen = get16(rd, pos + 2);
		if (!bytes_has(rd, pos, 4 + olen))
			return DNS_E_SHORT;
		pos += 4 + olen;
	}
	return DNS_OK;
}

enum dns_wire_err dns_opt_from_rr(const struct dns_rr *rr, struct dns_opt *opt)
{
	if (rr->type != DNS_T_OPT || rr->name_len != 1)
		return DNS_E_FORMAT;
	opt->udp_size = rr->rclass;
	opt->ext_rcode = (uint8_t)(rr->ttl >> 24);
	opt->version = (uint8_t)(rr->ttl >> 16);
	opt->flags = (uint16_t)rr->ttl;
	return opt_options_check(rr->rdata);
}

enum dns_edns_read dns_edns_read(struct bytes msg, size_t *off,
				 struct dns_opt *opt)
{
	size_t pos = *off;

	if (!bytes_has(msg, pos, DNS_OPT_LEN))
		return DNS_EDNS_NONE;
	if (get8(msg, pos) != 0 || get16(msg, pos + 1) != DNS_T_OPT)
		return DNS_EDNS_NONE;
	opt->udp_size = get16(msg, pos + 3);
	opt->ext_rcode = get8(msg, pos + 5);
	opt->version = get8(msg, pos + 6);
	opt->flags = get16(msg, pos + 7);
	struct bytes rd =
	    bytes_make(msg.p + pos + DNS_OPT_LEN, get16(msg, pos + 9));
	if (opt->version != 0) {
		/* The options are not looked at; a record past the end
		 * leaves nothing after it to read. */
		*off = !bytes_has(msg, pos, DNS_OPT_LEN + rd.len)
			   ? msg.len
			   : pos + DNS_OPT_LEN + rd.len;
		return DNS_EDNS_BADVERS;
	}
	if (!bytes_has(msg, pos, DNS_OPT_LEN + rd.len) ||
	    opt_options_check(rd) != DNS_OK)
		return DNS_EDNS_BAD;
	*off = pos + DNS_OPT_LEN + rd.len;
	return DNS_EDNS_OK;
}

/* A name of a TSIG record, lowercased, as NSD normalises it. */
static enum dns_wire_err tsig_name(struct bytes msg, size_t *off, uint8_t *out,
				   size_t *len)
{
	enum dns_wire_err e = dns_name_read(msg, off, out, len);

	if (e == DNS_OK)
		dns_name_lower(out);
	return e;
}

/* The fields after the algorithm name (RFC 8945 4.2). */
static enum dns_wire_err tsig_fields(struct bytes msg, size_t *off,
				     struct dns_tsig *t)
{
	size_t pos = *off;

	if (!bytes_has(msg, pos, 10))
		return DNS_E_SHORT;
	memcpy(t->time, msg.p + pos, 6);
	t->fudge = get16(msg, pos + 6);
	size_t mac = get16(msg, pos + 8);
	pos += 10;
	if (!bytes_has(msg, pos, mac))
		return DNS_E_SHORT;
	if (mac > 16384)
		return DNS_E_FORMAT;
	pos += mac;
	if (!bytes_has(msg, pos, 6))
		return DNS_E_SHORT;
	t->orig_id = get16(msg, pos);
	t->other_len = get16(msg, pos + 4);
	pos += 6;
	if (!bytes_has(msg, pos, t->other_len))
		return DNS_E_SHORT;
	if (t->other_len > DNS_TSIG_OTHER_MAX)
		return DNS_E_FORMAT;
	memcpy(t->other, msg.p + pos, t->other_len);
	*off = pos + t->other_len;
	return DNS_OK;
}

/*
 * Like NSD, the fields are read from the message after the fixed part, not
 * from within RDLENGTH (which need only fit in the message).
 */
enum dns_wire_err dns_tsig_read(struct bytes msg, size_t *off,
				struct dns_tsig *t, int *found)
{
	size_t pos = *off;
	enum dns_wire_err e = tsig_name(msg, &pos, t->key, &t->key_len);

	*found = 0;
	if (e != DNS_OK)
		return e;
	if (!bytes_has(msg, pos, 10))
		return DNS_E_SHORT;
	if (get16(msg, pos) != DNS_T_TSIG || get16(msg, pos + 2) != DNS_C_ANY)
		return DNS_OK;
	if (get32(msg, pos + 4) != 0)
		return DNS_E_FORMAT;
	if (!bytes_has(msg, pos, 10u + get16(msg, pos + 8)))
		return DNS_E_SHORT;
	pos += 10;
	e = tsig_name(msg, &pos, t->alg, &t->alg_len);
	if (e == DNS_OK)
		e = tsig_fields(msg, &pos, t);
	if (e != DNS_OK)
		return e;
	*off = pos;
	*found = 1;
	return DNS_OK;
}

/* A name as NSD skips it: labels up to a root label or a pointer. */
static enum dns_wire_err name_skip(struct bytes msg, size_t *off)
{
	size_t pos = *off;

	for (;;) {
		if (!bytes_has(msg, pos, 1))
			return DNS_E_SHORT;
		uint8_t c = get8(msg, pos++);
		if (c == 0)
			break;
		if (!is_label(c)) {
			if (!bytes_has(msg, pos, 1))
				return DNS_E_SHORT;
			pos++;
			break;
		}
		if (!bytes_has(msg, pos, c))
			return DNS_E_SHORT;
		pos += c;
	}
	*off = pos;
	return DNS_OK;
}

enum dns_wire_err dns_rr_skip(struct bytes msg, size_t *off, int question)
{
	size_t pos = *off;

	if (name_skip(msg, &pos) != DNS_OK)
		return DNS_E_SHORT;
	if (question) {
		if (!bytes_has(msg, pos, 4))
			return DNS_E_SHORT;
		*off = pos + 4;
		return DNS_OK;
	}
	if (!bytes_has(msg, pos, 10))
		return DNS_E_SHORT;
	size_t rdlen = get16(msg, pos + 8);
	pos += 10;
	if (!bytes_has(msg, pos, rdlen))
		return DNS_E_SHORT;
	*off = pos + rdlen;
	return DNS_OK;
}

enum dns_wire_err dns_name_check(const uint8_t *name, size_t len)
{
	size_t pos = 0;

	if (len > DNS_NAME_MAX)
		return DNS_E_NAME_LONG;
	for (;;) {
		if (pos >= len)
			return DNS_E_SHORT;
		uint8_t c = name[pos];
		if (!is_label(c))
			return DNS_E_LABEL_TYPE;
		if (c + 1 > len - pos)
			return DNS_E_SHORT;
		pos += c + 1u;
		if (c == 0)
			return pos == len ? DNS_OK : DNS_E_FORMAT;
	}
}

size_t dns_name_len(const uint8_t *name)
{
	size_t n = 0;

	while (name[n] != 0)
		n += name[n] + 1u;
	return n + 1;
}

unsigned dns_name_labels(const uint8_t *name, uint8_t offs[DNS_LABELS_MAX])
{
	unsigned n = 0;
	size_t pos = 0;

	for (;;) {
		offs[n++] = (uint8_t)pos;
		if (name[pos] == 0)
			return n;
		pos += name[pos] + 1u;
	}
}

/* Compares two labels (length octet first) in canonical order. */
static int label_cmp(const uint8_t *a, const uint8_t *b)
{
	unsigned la = a[0], lb = b[0], n = la < lb ? la : lb;

	for (unsigned i = 1; i <= n; i++) {
		int d = uni_ascii_lower(a[i]) - uni_ascii_lower(b[i]);
		if (d != 0)
			return d;
	}
	return (int)la - (int)lb;
}

int dns_name_cmp(const uint8_t *a, const uint8_t *b)
{
	uint8_t oa[DNS_LABELS_MAX], ob[DNS_LABELS_MAX];
	unsigned na = dns_name_labels(a, oa), nb = dns_name_labels(b, ob);

	/* Skip the root label, then compare from the right. */
	while (na > 1 && nb > 1) {
		int d = label_cmp(a + oa[--na - 1], b + ob[--nb - 1]);
		if (d != 0)
			return d;
	}
	return (int)na - (int)nb;
}

int dns_name_eq(const uint8_t *a, const uint8_t *b)
{
	for (;;) {
		if (*a != *b)
			return 0;
		if (*a == 0)
			return 1;
		for (unsigned i = 1; i <= *a; i++)
			if (uni_ascii_lower(a[i]) != uni_ascii_lower(b[i]))
				return 0;
		a += *a + 1u;
		b += *b + 1u;
	}
}

int dns_name_is_sub(const uint8_t *name, const uint8_t *parent)
{
	size_t ln = dns_name_len(name), lp = dns_name_len(parent), pos = 0;

	while (ln - pos > lp)
		pos += name[pos] + 1u;
	return ln - pos == lp && dns_name_eq(name + pos, parent);
}

void dns_name_lower(uint8_t *name)
{
	while (*name != 0) {
		for (unsigned i = 1; i <= *name; i++)
			name[i] = (uint8_t)uni_ascii_lower(name[i]);
		name += *name + 1u;
	}
}

/* Appends one character of a label in presentation form. */
static size_t text_char(char *out, uint8_t c)
{
	static const char special[] = ".\\\"();@$ ";

	if (c > ' ' && c < 127 && !memchr(special, c, sizeof(special) - 1)) {
		out[0] = (char)c;
		return 1;
	}
	if (c > ' ' && c < 127) {
		out[0] = '\\';
		out[1] = (char)c;
		return 2;
	}
	out[0] = '\\';
	out[1] = (char)('0' + c / 100);
	out[2] = (char)('0' + c / 10 % 10);
	out[3] = (char)('0' + c % 10);
	return 4;
}

void dns_name_to_text(const uint8_t *name, char *buf, size_t cap)
{
	char tmp[4];
	size_t n = 0;

	if (cap == 0)
		return;
	if (*name == 0 && cap > 1)
		buf[n++] = '.';
	for (; *name != 0; name += *name + 1u) {
		for (unsigned i = 1; i <= *name; i++) {
			size_t k = text_char(tmp, name[i]);
			if (n + k >= cap)
				goto out;
			memcpy(buf + n, tmp, k);
			n += k;
		}
		if (n + 1 >= cap)
			goto out;
		buf[n++] = '.';
	}
out:
	buf[n] = '\0';
}

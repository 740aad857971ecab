/* SPDX-License-Identifier: ISC */
/*
 * Response rate limiting: the table of buckets, the rate of one bucket,
 * the slip answer and the whitelist's syntax (contract in rrl.h).
 *
 * Algorithm: the key of a response is (client prefix, kind, name); its hash
 * picks one bucket. A bucket holding another key is taken over (its count
 * restarts), as in NSD, so the table never grows: two keys that share a
 * bucket at once each see a smaller rate than they send, never a larger.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns/rrl.h"
#include "dns/wire.h"
#include "mem/sizing.h"

/* The flag of a key from an IPv6 client (the kinds use the low 9 bits). */
#define KEY_V6 0x8000u
#define NS_PER_S 1000000000ull

struct rrl_bucket {
	uint64_t source; /* the client prefix */
	uint32_t hash;	 /* of the whole key */
	uint32_t rate;	 /* r(t-1), twice the responses a second */
	uint32_t count;	 /* responses in the second stamp */
	int32_t stamp;	 /* that second (wraps: compared by difference) */
	uint16_t flags;	 /* kind | KEY_V6; 0: unused */
	uint16_t over;	 /* responses over the rate, for the slip */
};

/* The command's memory estimate counts a bucket as this (mem/sizing.h). */
_Static_assert(sizeof(struct rrl_bucket) <= UNI_MEM_RRL_BUCKET,
	       "struct rrl_bucket outgrew UNI_MEM_RRL_BUCKET");

int dns_rrl_init(struct dns_rrl *r, const struct dns_rrl_opts *o)
{
	unsigned v4 = o->ipv4_prefix_length > 32 ? 32 : o->ipv4_prefix_length;
	unsigned v6 = o->ipv6_prefix_length > 64 ? 64 : o->ipv6_prefix_length;

	memset(r, 0, sizeof(*r));
	r->size = o->size ? o->size : 1;
	r->table = calloc(r->size, sizeof(*r->table));
	if (r->table == NULL)
		return -1;
	r->limit = 2 * o->ratelimit;
	r->wl_limit = 2 * o->whitelist_ratelimit;
	r->whitelist = o->whitelist;
	r->slip = o->slip;
	r->v4_mask = v4 == 0 ? 0 : 0xffffffffu << (32 - v4);
	r->v6_mask = v6 == 0 ? 0 : ~0ull << (64 - v6);
	return 0;
}

void dns_rrl_fini(struct dns_rrl *r)
{
	free(r->table);
	r->table = NULL;
}

static uint64_t be(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v = v << 8 | p[i];
	return v;
}

/* The prefix of the client that its responses are counted under. */
static uint64_t source(const struct dns_rrl *r, const struct dns_rrl_client *c)
{
	if (c->v6)
		return be(c->addr, 8) & r->v6_mask;
	return be(c->addr, 4) & r->v4_mask;
}

static uint32_t fnv(uint32_t h, uint8_t b)
{
	return (h ^ b) * 16777619u;
}

/* FNV-1a over the key, the name lowercased, then a final mix. */
static uint32_t key_hash(uint64_t src, uint16_t flags, const uint8_t *name)
{
	uint32_t h = 2166136261u;

	for (unsigned i = 0; i < 8; i++)
		h = fnv(h, (uint8_t)(src >> (8 * i)));
	h = fnv(fnv(h, (uint8_t)flags), (uint8_t)(flags >> 8));
	if (name != NULL)
		for (size_t i = 0, n = dns_name_len(name); i < n; i++) {
			uint8_t b = name[i];
			h = fnv(h, b >= 'A' && b <= 'Z' ? b + 32 : b);
		}
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	return h;
}

/* Moves the bucket to second now, halving the rate per second gone by. */
static void advance(struct rrl_bucket *b, int32_t now)
{
	int32_t gone = (int32_t)((uint32_t)now - (uint32_t)b->stamp);

	if (gone == 1) {
		b->rate = b->rate / 2 + b->count;
	} else if (gone > 16 || gone < 0) {
		b->rate = 0; /* long idle, or a clock that went back */
	} else {
		b->rate >>= gone;
		b->rate += b->count >> (gone - 1);
	}
	b->count = 0;
	b->stamp = now;
}

/*
 * Counts one response in the bucket of its key and returns the rate to
 * compare: the larger of the last rate and the one this second is heading
 * for.
 */
static uint32_t update(struct dns_rrl *r, struct rrl_bucket *b, uint64_t src,
		       uint16_t flags, uint32_t hash, int32_t now)
{
	if (b->flags != flags || b->source != src || b->hash != hash) {
		if (b->flags != 0)
			r->stats.collision++;
		*b = (struct rrl_bucket){src, hash, 0, 0, now, flags, 0};
	} else if (b->stamp != now) {
		advance(b, now);
	}
	b->count++;
	return b->count > b->rate / 2 ? b->count + b->rate / 2 : b->rate;
}

enum dns_rrl_verdict dns_rrl_check(struct dns_rrl *r,
				   const struct dns_rrl_client *c,
				   const struct ans_kind *k, uint64_t now_ns)
{
	uint32_t limit = k->kind & r->whitelist ? r->wl_limit : r->limit;
	uint64_t src = source(r, c);
	uint16_t flags =
	    (uint16_t)((k->kind & ANS_KIND_ALL) | (c->v6 ? KEY_V6 : 0));
	uint32_t hash;
	struct rrl_bucket *b;

	if (limit == 0 || k->kind == 0)
		return DNS_RRL_SEND;
	hash = key_hash(src, flags, k->name);
	b = &r->table[hash % r->size];
	if (update(r, b, src, flags, hash, (int32_t)(now_ns / NS_PER_S)) <
	    limit)
		return DNS_RRL_SEND;
	r->stats.limited++;
	b->over++;
	if (r->slip != 0 && b->over % r->slip == 0) {
		r->stats.slipped++;
		return DNS_RRL_SLIP;
	}
	r->stats.dropped++;
	return DNS_RRL_DROP;
}

/* Where the question ends and the OPT record is (len 0: none). */
struct slip_parts {
	size_t question_end, opt, opt_len;
};

/* Reads the records of a response; -1 when they do not parse. */
static int slip_parts(struct bytes msg, const struct dns_hdr *h,
		      struct slip_parts *p)
{
	size_t off = DNS_HDR_LEN, at;
	unsigned first_ar = (unsigned)h->qdcount + h->ancount + h->nscount;
	unsigned n = first_ar + h->arcount;
	struct dns_rr rr;

	p->question_end = DNS_HDR_LEN;
	p->opt_len = 0;
	for (unsigned i = 0; i < n; i++) {
		at = off;
		if (i < h->qdcount) {
			if (dns_rr_skip(msg, &off, 1) != DNS_OK)
				return -1;
			p->question_end = off;
			continue;
		}
		if (dns_rr_read(msg, &off, &rr) != DNS_OK)
			return -1;
		if (i >= first_ar && rr.type == DNS_T_OPT) {
			p->opt = at;
			p->opt_len = off - at;
		}
	}
	return 0;
}

size_t dns_rrl_slip(uint8_t *resp, size_t len)
{
	struct bytes msg = bytes_make(resp, len);
	struct slip_parts p;
	struct dns_hdr h;

	if (dns_hdr_read(msg, &h) != DNS_OK)
		return len;
	if (slip_parts(msg, &h, &p) != 0) {
		h.qdcount = 0;
		p.question_end = DNS_HDR_LEN;
		p.opt_len = 0;
	}
	h.flags |= DNS_F_TC;
	h.ancount = h.nscount = 0;
	h.arcount = p.opt_len != 0 ? 1 : 0;
	dns_hdr_write(resp, &h);
	memmove(resp + p.question_end, resp + p.opt, p.opt_len);
	return p.question_end + p.opt_len;
}

/* NSD's names of the kinds; dns.rrl_whitelist (config.c) lists the same. */
static const struct {
	const char *name;
	uint16_t kinds;
} kind_names[] = {
    {"nxdomain", ANS_KIND_NXDOMAIN}, {"error", ANS_KIND_ERROR},
    {"referral", ANS_KIND_REFERRAL}, {"any", ANS_KIND_ANY},
    {"wildcard", ANS_KIND_WILDCARD}, {"nodata", ANS_KIND_NODATA},
    {"dnskey", ANS_KIND_DNSKEY},     {"positive", ANS_KIND_POSITIVE},
    {"rrsig", ANS_KIND_RRSIG},	     {"all", ANS_KIND_ALL},
};

#define SHOWN_MAX 32 /* octets of an unknown word shown in a message */

static int is_sep(char c)
{
	return c == ',' || c == ' ' || c == '\t';
}

/* The word w (n octets), escaped and cut, for a message. */
static void show(char *out, size_t cap, const char *w, size_t n)
{
	size_t at = 0;

	out[0] = 0;
	for (size_t i = 0; i < n && i < SHOWN_MAX && at + 5 < cap; i++) {
		unsigned char ch = (unsigned char)w[i];
		if (ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\')
			out[at++] = (char)ch;
		else
			at +=
			    (size_t)snprintf(out + at, cap - at, "\\x%02x", ch);
		out[at] = 0;
	}
	if (n > SHOWN_MAX && at + 4 < cap)
		memcpy(out + at, "...", 4);
}

static int kind_of(const char *w, size_t n, uint16_t *kinds)
{
	for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (strlen(kind_names[i].name) == n &&
		    memcmp(kind_names[i].name, w, n) == 0) {
			*kinds |= kind_names[i].kinds;
			return 0;
		}
	return -1;
}

int dns_rrl_kinds_parse(const char *text, uint16_t *kinds, char *err,
			size_t errcap)
{
	char shown[SHOWN_MAX * 4 + 8];

	*kinds = 0;
	for (const char *p = text; *p != 0;) {
		size_t n = 0;
		while (is_sep(*p))
			p++;
		while (p[n] != 0 && !is_sep(p[n]))
			n++;
		if (n > 0 && kind_of(p, n, kinds) != 0) {
			show(shown, sizeof(shown), p, n);
			snprintf(err, errcap,
				 "expected kinds of response (nxdomain, error, "
				 "referral, any, wildcard, nodata, dnskey, "
				 "positive, rrsig or all), found \"%s\"",
				 shown);
			return -1;
		}
		p += n;
	}
	return 0;
}

/* SPDX-License-Identifier: ISC */
/*
 * The SVCB and HTTPS converter (RFC 9460): priority, target name, then
 * SvcParams key[=value] (mandatory, alpn, no-default-alpn, port, ipv4hint,
 * ech, ipv6hint, dohpath, keyNNNNN). A value may be quoted: key="a,b".
 * The wire form lists the parameters by increasing key, each once; the
 * keys a mandatory list names must be present (as NSD checks).
 */
#include <stdlib.h>
#include <string.h>

#include "zone_rdata.h"

enum {
	KEY_MANDATORY,
	KEY_ALPN,
	KEY_NO_DEFAULT_ALPN,
	KEY_PORT,
	KEY_IPV4HINT,
	KEY_ECH,
	KEY_IPV6HINT,
	KEY_DOHPATH,
	NKEYS
};

static const char *const key_names[NKEYS] = {
    "mandatory", "alpn", "no-default-alpn", "port",
    "ipv4hint",	 "ech",	 "ipv6hint",	    "dohpath"};

/* A key by name or keyNNNNN: 0, or -1. */
static int key_lookup(const char *s, size_t len, uint16_t *key)
{
	struct ztok num = {s + 3, len - 3, 0};
	uint32_t v;

	for (uint16_t k = 0; k < NKEYS; k++)
		if (strlen(key_names[k]) == len &&
		    memcmp(key_names[k], s, len) == 0) {
			*key = k;
			return 0;
		}
	if (len == 9 && memcmp(s, "echconfig", 9) == 0) {
		*key = KEY_ECH;
		return 0;
	}
	if (len < 4 || memcmp(s, "key", 3) != 0 ||
	    ztext_u32(&num, 65535, &v) != NULL)
		return -1;
	*key = (uint16_t)v;
	return 0;
}

/* One item of a comma-separated list: [*at, end of item). */
static struct ztok list_item(const struct ztok *v, size_t *at)
{
	size_t start = *at, i = *at;

	while (i < v->len && v->s[i] != ',') {
		if (v->s[i] == '\\' && i + 1 < v->len)
			i++;
		i++;
	}
	*at = i + 1;
	return (struct ztok){v->s + start, i - start, 0};
}

static const char *list_value(uint16_t key, const struct ztok *v, uint8_t *out,
			      size_t *n)
{
	size_t at = 0;
	uint8_t s[256];
	uint16_t k;

	*n = 0;
	while (at <= v->len) {
		struct ztok item = list_item(v, &at);
		size_t len;
		if (*n > 65535 - 256)
			return "value too long";
		if (key == KEY_MANDATORY) {
			if (key_lookup(item.s, item.len, &k) != 0)
				return "not a key";
			put16(out + *n, k);
			*n += 2;
		} else if (key == KEY_IPV4HINT) {
			if (ztext_ipv4(&item, out + *n) != NULL)
				return "not an IPv4 address";
			*n += 4;
		} else if (key == KEY_IPV6HINT) {
			if (ztext_ipv6(&item, out + *n) != NULL)
				return "not an IPv6 address";
			*n += 16;
		} else {
			if (item.len == 0 ||
			    ztext_string(&item, s, &len) != NULL)
				return "not an ALPN identifier";
			memcpy(out + *n, s, len);
			*n += len;
		}
	}
	return NULL;
}

/* The wire value of key from its presentation value v. */
static const char *param_value(uint16_t key, const struct ztok *v, uint8_t *out,
			       size_t *n)
{
	struct zb64 st = {0};
	uint32_t port;
	uint8_t s[256];

	switch (key) {
	case KEY_MANDATORY:
	case KEY_ALPN:
	case KEY_IPV4HINT:
	case KEY_IPV6HINT:
		return list_value(key, v, out, n);
	case KEY_NO_DEFAULT_ALPN:
		return "takes no value";
	case KEY_PORT:
		if (ztext_u32(v, 65535, &port) != NULL)
			return "not a port number";
		put16(out, (uint16_t)port);
		*n = 2;
		return NULL;
	case KEY_ECH:
		*n = 0;
		if (ztext_base64(v, &st, out, 65535, n) != NULL ||
		    !ztext_base64_done(&st))
			return "not base64";
		return NULL;
	default:
		if (ztext_string(v, s, n) != NULL)
			return "bad value";
		memmove(out, s + 1, --*n);
		return NULL;
	}
}

struct param {
	uint16_t key;
	size_t off, len; /* of the value, in the scratch buffer */
};

static int param_cmp(const void *a, const void *b)
{
	const struct param *x = a, *y = b;

	return (int)x->key - (int)y->key;
}

/* Reads one key[=value] (maybe key= "value") into p, value in buf. */
static enum dns_zone_err param(struct zrdctx *c, struct param *p, uint8_t *buf,
			       size_t *used)
{
	const struct ztok *t = zrd_peek(c);
	const char *eq = memchr(t->s, '=', t->len), *why;
	size_t klen = eq ? (size_t)(eq - t->s) : t->len, n = 0;
	struct ztok v = {eq ? eq + 1 : NULL, eq ? t->len - klen - 1 : 0, 0};

	if (t->quoted || key_lookup(t->s, klen, &p->key) != 0)
		return zrd_expected(c, "a SvcParamKey", c->type, t, "");
	c->i++;
	if (eq != NULL && v.len == 0) {
		const struct ztok *q = zrd_peek(c);
		if (q == NULL || !q->quoted)
			return zrd_expected(c, "a quoted value", c->type, q,
					    "");
		v = *q;
		c->i++;
	}
	if (eq == NULL && p->key != KEY_NO_DEFAULT_ALPN && p->key != KEY_ECH &&
	    p->key < NKEYS)
		return zrd_fail(c, "expected a value for the SvcParam %s",
				key_names[p->key]);
	why = eq == NULL ? NULL : param_value(p->key, &v, buf + *used, &n);
	if (why != NULL)
		return zrd_fail(c,
				"expected a value for the SvcParam %.*s%s, "
				"found \"%.*s%s\": %s",
				ZSHOW(klen, t->s), ZSHOW(v.len, v.s), why);
	p->off = *used;
	p->len = n;
	*used += n;
	return DNS_ZONE_OK;
}

/* Every key listed by mandatory is present and not mandatory itself. */
static enum dns_zone_err check_mandatory(struct zrdctx *c,
					 const struct param *ps, size_t n,
					 const uint8_t *buf)
{
	if (n == 0 || ps[0].key != KEY_MANDATORY)
		return DNS_ZONE_OK;
	for (size_t k = 0; k + 1 < ps[0].len; k += 2) {
		uint16_t key = get16(bytes_make(buf, ps[0].off + ps[0].len),
				     ps[0].off + k);
		size_t j = 1;
		while (j < n && ps[j].key != key)
			j++;
		if (key == KEY_MANDATORY || j == n)
			return zrd_fail(c,
					"expected the keys listed in "
					"mandatory in the %s record, key%u "
					"is %s",
					c->type, key,
					key ? "missing" : "mandatory itself");
	}
	return DNS_ZONE_OK;
}

static enum dns_zone_err params(struct zrdctx *c, struct param *ps,
				uint8_t *buf)
{
	size_t n = 0, used = 0;
	enum dns_zone_err e = DNS_ZONE_OK;

	while (!e && zrd_peek(c) != NULL && used < 65536)
		e = param(c, &ps[n++], buf, &used);
	if (e)
		return e;
	qsort(ps, n, sizeof(*ps), param_cmp);
	for (size_t k = 1; k < n; k++)
		if (ps[k].key == ps[k - 1].key)
			return zrd_fail(c,
					"expected each SvcParam once in %s, "
					"found key%u twice",
					c->type, ps[k].key);
	e = check_mandatory(c, ps, n, buf);
	for (size_t k = 0; k < n && !e; k++) {
		e = zrd_put16(c, ps[k].key, c->type);
		if (!e)
			e = zrd_put16(c, (uint16_t)ps[k].len, c->type);
		if (!e)
			e = zrd_put(c, buf + ps[k].off, ps[k].len, c->type);
	}
	return e;
}

enum dns_zone_err zrd_svcb(struct zrdctx *c)
{
	enum dns_zone_err e = zrd_num(c, "SvcPriority", 2);
	struct param *ps;
	uint8_t *buf;

	if (!e)
		e = zrd_name(c, "TargetName");
	if (e)
		return e;
	ps = calloc(ZTOK_MAX, sizeof(*ps));
	buf = malloc(65536 + 65536);
	if (ps == NULL || buf == NULL)
		e = DNS_ZONE_NOMEM;
	else
		e = params(c, ps, buf);
	free(ps);
	free(buf);
	return e;
}

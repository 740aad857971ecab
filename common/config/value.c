/* SPDX-License-Identifier: ISC */
/*
 * Value syntax of configuration keys, shared by the boot reader and the
 * config-fold pass. Accepted forms:
 *   bool    true false yes no on off 1 0, in any letter case (TRUE, On)
 *   int     decimal (leading zeros allowed, never octal) or 0x-hex, an
 *           optional leading '-' and no '+', within [min, max]
 *   string  any bytes; a list of IP prefixes when the key's min is
 *           UNI_CFG_STR_IP_LIST: ipv4 values or IPv6 prefixes (RFC 4291
 *           2.2 text, "/LEN" 0-128, /128 without it) separated by commas,
 *           blanks around each allowed, no empty item ("" is the empty
 *           list);
 *           a list of the key's names when its min is UNI_CFG_STR_WORDS,
 *           separated by commas or blanks; an IPv6 mode when its min
 *           is UNI_CFG_STR_IPV6_MODE: auto, off, or static ADDR/LEN
 *           (RFC 4291 2.2 text, LEN 0-128; not :: nor a group); an
 *           IPv4 mode when its min is UNI_CFG_STR_IPV4_MODE: an ipv4 value
 *           or off
 *   enum    one of the key's names (exact match: names are lower case)
 *   ipv4    a.b.c.d or a.b.c.d/len (len 0-32; without it /32), each part
 *           decimal without leading zeros (inet_aton would read octal)
 *   mac     six two-digit hex bytes (either case) separated by ':' or, as
 *           IEEE 802 writes them, by '-'; one separator throughout
 */
#include "value.h"

#include "common/text.h"

static int parse_bool(const char *t, size_t len, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (uni_text_is_nocase(t, len, yes[i])) {
			*out = true;
			return 0;
		}
		if (uni_text_is_nocase(t, len, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

/* Unsigned magnitude in base 10 or 16; fails on overflow past 2^63. */
static int parse_magnitude(const char *t, size_t len, uint64_t *out)
{
	uint64_t v = 0, limit = (uint64_t)1 << 63;
	unsigned base = 10;
	size_t i = 0;
	int d;

	if (len > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
		base = 16;
		i = 2;
	}
	if (i == len)
		return -1;
	for (; i < len; i++) {
		d = uni_hex_digit(t[i]);
		if (d < 0 || (unsigned)d >= base)
			return -1;
		if (v > (limit - (uint64_t)d) / base)
			return -1;
		v = v * base + (uint64_t)d;
	}
	*out = v;
	return 0;
}

static int parse_int(const struct uni_config_key *k, const char *t, size_t len,
		     int64_t *out)
{
	bool neg = len > 0 && t[0] == '-';
	uint64_t mag;
	int64_t v;

	if (parse_magnitude(t + neg, len - neg, &mag) < 0)
		return -1;
	if (!neg && mag == (uint64_t)1 << 63)
		return -1;
	v = neg ? (int64_t)(0 - mag) : (int64_t)mag;
	if (v < k->min || v > k->max)
		return -1;
	*out = v;
	return 0;
}

static int parse_enum(const struct uni_config_key *k, const char *t, size_t len,
		      int32_t *out)
{
	int32_t i;

	for (i = 0; k->names != NULL && k->names[i] != NULL; i++) {
		if (uni_text_is(t, len, k->names[i])) {
			*out = i;
			return 0;
		}
	}
	return -1;
}

/* A decimal number in [0, max] without a leading zero; advances *pos. */
static int parse_small_decimal(const char *t, size_t len, size_t *pos,
			       unsigned max, uint8_t *out)
{
	size_t start = *pos;
	unsigned v = 0;

	while (*pos < len && t[*pos] >= '0' && t[*pos] <= '9' &&
	       *pos - start < 3) {
		v = v * 10 + (unsigned)(t[*pos] - '0');
		(*pos)++;
	}
	if (*pos == start || v > max)
		return -1;
	if (t[start] == '0' && *pos - start > 1)
		return -1;
	*out = (uint8_t)v;
	return 0;
}

static int parse_ipv4(const char *t, size_t len, struct uni_ipv4_prefix *out)
{
	size_t pos = 0;
	int i;

	for (i = 0; i < 4; i++) {
		if (i > 0 && (pos >= len || t[pos++] != '.'))
			return -1;
		if (parse_small_decimal(t, len, &pos, 255, &out->addr[i]) < 0)
			return -1;
	}
	out->len = 32;
	if (pos < len && t[pos] == '/') {
		pos++;
		if (parse_small_decimal(t, len, &pos, 32, &out->len) < 0)
			return -1;
	}
	return pos == len ? 0 : -1;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * An IPv6 address in the text forms of RFC 4291 2.2: eight groups of 1-4
 * hex digits, one "::" for a run of zero groups, and the last 32 bits
 * optionally as a dotted IPv4 address.
 */
static int parse_ipv6(const char *t, size_t len, uint8_t out[16])
{
	uint8_t g[16] = {0};
	int n = 0, gap = -1;
	size_t p = 0;

	if (len >= 2 && t[0] == ':' && t[1] == ':') {
		gap = 0;
		p = 2;
	} else if (len > 0 && t[0] == ':') {
		return -1;
	}
	while (p < len) {
		size_t q = p;
		unsigned v = 0;
		struct uni_ipv4_prefix v4;
		size_t e;

		for (e = p; e < len && t[e] != ':'; e++)
			;
		if (e > p && n <= 12 && e == len) {
			/* the last part: a dotted IPv4 address? */
			size_t k;

			for (k = p; k < e && t[k] != '.'; k++)
				;
			if (k < e) {
				if (parse_ipv4(t + p, e - p, &v4) < 0 ||
				    v4.len != 32)
					return -1;
				for (int i = 0; i < 4; i++)
					g[n++] = v4.addr[i];
				p = e;
				break;
			}
		}
		while (q < len && q - p < 4 && hex_digit(t[q]) >= 0)
			v = v << 4 | (unsigned)hex_digit(t[q++]);
		if (q == p || n >= 16 || (q < len && t[q] != ':'))
			return -1;
		g[n++] = (uint8_t)(v >> 8);
		g[n++] = (uint8_t)v;
		p = q;
		if (p == len)
			break;
		p++; /* ':' */
		if (p < len && t[p] == ':') {
			if (gap >= 0)
				return -1;
			gap = n;
			p++;
		} else if (p == len) {
			return -1; /* a trailing single ':' */
		}
	}
	if (gap < 0) {
		if (n != 16)
			return -1;
	} else {
		int tail = n - gap;

		if (n >= 16)
			return -1;
		for (int i = 0; i < tail; i++)
			g[15 - i] = g[n - 1 - i];
		for (int i = gap; i < 16 - tail; i++)
			g[i] = 0;
	}
	for (int i = 0; i < 16; i++)
		out[i] = g[i];
	return 0;
}

static bool is_word(const char *t, size_t len, const char *w)
{
	size_t i;

	for (i = 0; i < len && w[i] != '\0'; i++)
		if (t[i] != w[i])
			return false;
	return i == len && w[i] == '\0';
}

int uni_ipv4_mode_parse(const char *t, size_t len, bool *off,
			struct uni_ipv4_prefix *out)
{
	*off = is_word(t, len, "off");
	if (*off) {
		*out = (struct uni_ipv4_prefix){{0, 0, 0, 0}, 0};
		return 0;
	}
	return parse_ipv4(t, len, out);
}

int uni_ipv6_mode_parse(const char *t, size_t len, int *mode, uint8_t addr[16],
			uint8_t *plen)
{
	size_t p, slash;

	if (is_word(t, len, "off")) {
		*mode = UNI_IPV6_OFF;
		return 0;
	}
	if (is_word(t, len, "auto")) {
		*mode = UNI_IPV6_AUTO;
		return 0;
	}
	if (len < 7 || !is_word(t, 6, "static") || !blank(t[6]))
		return -1;
	for (p = 6; p < len && blank(t[p]); p++)
		;
	for (slash = p; slash < len && t[slash] != '/'; slash++)
		;
	if (slash == len || parse_ipv6(t + p, slash - p, addr) < 0)
		return -1;
	p = slash + 1;
	if (parse_small_decimal(t, len, &p, 128, plen) < 0 || p != len)
		return -1;
	/* a unicast address: not ::, not a group (ff00::/8) */
	if (addr[0] == 0xff)
		return -1;
	for (int i = 0; i < 16; i++)
		if (addr[i] != 0) {
			*mode = UNI_IPV6_STATIC;
			return 0;
		}
	return -1;
}

/*
 * One prefix of an IP list: IPv6 (RFC 4291 2.3: ADDR/LEN, LEN 0-128, /128
 * without it) when the text has a ':', else IPv4 (a.b.c.d[/len]). Bits past
 * the length are kept; the matcher masks them.
 */
static int parse_ip_prefix(const char *t, size_t len, struct uni_ip_prefix *out)
{
	struct uni_ipv4_prefix v4;
	size_t slash, p;

	for (slash = 0; slash < len && t[slash] != ':'; slash++)
		;
	if (slash == len) {
		if (parse_ipv4(t, len, &v4) < 0)
			return -1;
		*out = (struct uni_ip_prefix){.family = 4, .len = v4.len};
		for (int i = 0; i < 4; i++)
			out->addr[i] = v4.addr[i];
		return 0;
	}
	for (slash = 0; slash < len && t[slash] != '/'; slash++)
		;
	out->family = 6;
	if (parse_ipv6(t, slash, out->addr) < 0)
		return -1;
	out->len = 128;
	if (slash == len)
		return 0;
	p = slash + 1;
	if (parse_small_decimal(t, len, &p, 128, &out->len) < 0 || p != len)
		return -1;
	return 0;
}

int uni_ip_list_next(const char *text, size_t len, size_t *pos,
		     struct uni_ip_prefix *out)
{
	size_t p = *pos, end, e;

	while (p < len && blank(text[p]))
		p++;
	if (p >= len)
		return *pos == 0 || text[*pos - 1] != ',' ? 0 : -1;
	for (end = p; end < len && text[end] != ','; end++)
		;
	for (e = end; e > p && blank(text[e - 1]); e--)
		;
	if (parse_ip_prefix(text + p, e - p, out) < 0)
		return -1;
	*pos = end < len ? end + 1 : end;
	return 1;
}

static int check_ip_list(const char *text, size_t len)
{
	struct uni_ip_prefix one;
	size_t pos = 0;
	int r;

	while ((r = uni_ip_list_next(text, len, &pos, &one)) > 0)
		;
	return r;
}

static bool word_sep(char c)
{
	return c == ',' || blank(c);
}

/* Every word of the list is one of k's names. */
static int check_words(const struct uni_config_key *k, const char *text,
		       size_t len)
{
	int32_t which;

	for (size_t p = 0, n; p < len; p += n) {
		while (p < len && word_sep(text[p]))
			p++;
		for (n = 0; p + n < len && !word_sep(text[p + n]); n++)
			;
		if (n > 0 && parse_enum(k, text + p, n, &which) != 0)
			return -1;
	}
	return 0;
}

int uni_config_parse_value(const struct uni_config_key *k, const char *text,
			   size_t len, union uni_config_value *out)
{
	switch (k->type) {
	case UNI_CFG_BOOL:
		return parse_bool(text, len, &out->b);
	case UNI_CFG_INT:
		return parse_int(k, text, len, &out->i);
	case UNI_CFG_STRING:
		out->s.p = text;
		out->s.len = len;
		if (k->min == UNI_CFG_STR_IP_LIST)
			return check_ip_list(text, len);
		if (k->min == UNI_CFG_STR_WORDS)
			return check_words(k, text, len);
		if (k->min == UNI_CFG_STR_IPV4_MODE) {
			bool off;
			struct uni_ipv4_prefix a;

			return uni_ipv4_mode_parse(text, len, &off, &a);
		}
		if (k->min == UNI_CFG_STR_IPV6_MODE) {
			int mode;
			uint8_t a[16], plen;

			return uni_ipv6_mode_parse(text, len, &mode, a, &plen);
		}
		return 0;
	case UNI_CFG_ENUM:
		return parse_enum(k, text, len, &out->e);
	case UNI_CFG_IPV4:
		return parse_ipv4(text, len, &out->ipv4);
	case UNI_CFG_MAC:
		return uni_mac_parse(text, len, ":-", out->mac.b);
	}
	return -1;
}

/* Appends to a fixed buffer, truncating; keeps it NUL-terminated. */
struct sbuf {
	char *p;
	size_t size, used;
};

static void put_str(struct sbuf *b, const char *s)
{
	while (*s != '\0' && b->used + 1 < b->size)
		b->p[b->used++] = *s++;
	b->p[b->used] = '\0';
}

static void put_int(struct sbuf *b, int64_t v)
{
	char digits[24];
	uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	int n = 0;

	do {
		digits[n++] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag != 0);
	if (v < 0)
		put_str(b, "-");
	while (n > 0) {
		char one[2] = {digits[--n], '\0'};
		put_str(b, one);
	}
}

char *uni_config_expected(const struct uni_config_key *k, char *buf,
			  size_t size)
{
	struct sbuf b = {buf, size, 0};
	int i;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	switch (k->type) {
	case UNI_CFG_BOOL:
		put_str(&b, "a boolean (true/false, yes/no, on/off, 1/0)");
		break;
	case UNI_CFG_INT:
		put_str(&b, "an integer in [");
		put_int(&b, k->min);
		put_str(&b, ", ");
		put_int(&b, k->max);
		put_str(&b, "]");
		break;
	case UNI_CFG_STRING:
		if (k->min == UNI_CFG_STR_WORDS) {
			put_str(&b, "words among ");
			for (i = 0; k->names != NULL && k->names[i] != NULL;
			     i++) {
				if (i > 0)
					put_str(&b, ", ");
				put_str(&b, k->names[i]);
			}
			put_str(&b, ", separated by commas (nothing: none)");
			break;
		}
		if (k->min == UNI_CFG_STR_IPV4_MODE) {
			put_str(&b, "a.b.c.d or a.b.c.d/len (len 0-32), or "
				    "off");
			break;
		}
		if (k->min == UNI_CFG_STR_IPV6_MODE) {
			put_str(&b, "auto, off or static ADDR/LEN (an IPv6 "
				    "unicast address, LEN 0-128)");
			break;
		}
		put_str(&b, k->min == UNI_CFG_STR_IP_LIST
				? "IP prefixes (IPv4 a.b.c.d/len, IPv6 "
				  "ADDR/LEN) separated by commas (nothing: "
				  "none)"
				: "a string");
		break;
	case UNI_CFG_ENUM:
		put_str(&b, "one of: ");
		for (i = 0; k->names != NULL && k->names[i] != NULL; i++) {
			if (i > 0)
				put_str(&b, ", ");
			put_str(&b, k->names[i]);
		}
		break;
	case UNI_CFG_IPV4:
		put_str(&b, "an IPv4 address a.b.c.d or a.b.c.d/prefix (0-32)");
		break;
	case UNI_CFG_MAC:
		put_str(&b, "a MAC address xx:xx:xx:xx:xx:xx");
		break;
	default:
		put_str(&b, "a value of an unknown type");
		break;
	}
	return buf;
}

const char *uni_config_type_name(uint32_t type)
{
	switch (type) {
	case UNI_CFG_BOOL:
		return "bool";
	case UNI_CFG_INT:
		return "int";
	case UNI_CFG_STRING:
		return "string";
	case UNI_CFG_ENUM:
		return "enum";
	case UNI_CFG_IPV4:
		return "ipv4";
	case UNI_CFG_MAC:
		return "mac";
	}
	return "unknown";
}

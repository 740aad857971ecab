/* SPDX-License-Identifier: ISC */
/*
 * The printf formatter core (see format.h). A conversion is parsed into a
 * struct spec, its digits are produced into a small buffer, and then emitted
 * as: left padding, sign or prefix, zero padding, digits, right padding.
 * The rules follow C11 7.21.6.1; where C leaves a choice (%p, a NULL %s), the
 * output is the one glibc gives, so tests can compare the two.
 */
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/format.h"

enum {
	F_MINUS = 1 << 0, /* left-justify */
	F_ZERO = 1 << 1,  /* pad numbers with zeros */
	F_PLUS = 1 << 2,  /* always a sign */
	F_SPACE = 1 << 3, /* a space where the sign would be */
	F_ALT = 1 << 4,	  /* '#': 0x prefix, leading 0 for octal */
};

/* From L_LONG on, the lengths of 64-bit types (fetch_signed()). */
enum length {
	L_INT,
	L_CHAR,
	L_SHORT,
	L_LONG,
	L_LLONG,
	L_SIZE,
	L_MAX,
	L_PTRDIFF
};

struct spec {
	unsigned flags;
	int width; /* 0 when none */
	int prec;  /* -1 when none */
	enum length len;
	char conv;
};

struct out {
	uni_format_sink sink;
	void *ctx;
	size_t count;
};

/*
 * emit, emit_fill and emit_padded are noinline: the inliner finds each
 * cheap, but inlined into every conversion they were copied a dozen times
 * (600 bytes of text in every image).
 */
__attribute__((noinline)) static void emit(struct out *o, const char *s,
					   size_t n)
{
	if (n == 0)
		return;
	o->sink(o->ctx, s, n);
	o->count += n;
}

__attribute__((noinline)) static void emit_fill(struct out *o, char c, int n)
{
	static const char spaces[16] = "                ";
	static const char zeros[16] = "0000000000000000";
	const char *src = c == '0' ? zeros : spaces;

	while (n > 0) {
		int k = n < 16 ? n : 16;

		emit(o, src, (size_t)k);
		n -= k;
	}
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads a decimal number, saturating at INT_MAX. */
static int read_number(const char **p)
{
	long v = 0;

	while (is_digit(**p)) {
		v = v * 10 + (**p - '0');
		if (v > INT_MAX)
			v = INT_MAX;
		(*p)++;
	}
	return (int)v;
}

static const char *parse_flags(const char *p, struct spec *s)
{
	for (;; p++) {
		switch (*p) {
		case '-':
			s->flags |= F_MINUS;
			break;
		case '0':
			s->flags |= F_ZERO;
			break;
		case '+':
			s->flags |= F_PLUS;
			break;
		case ' ':
			s->flags |= F_SPACE;
			break;
		case '#':
			s->flags |= F_ALT;
			break;
		default:
			return p;
		}
	}
}

static const char *parse_width_prec(const char *p, struct spec *s, va_list *ap)
{
	if (*p == '*') {
		int w = va_arg(*ap, int);

		p++;
		if (w < 0) {
			s->flags |= F_MINUS;
			w = w == INT_MIN ? INT_MAX : -w;
		}
		s->width = w;
	} else {
		s->width = read_number(&p);
	}
	s->prec = -1;
	if (*p != '.')
		return p;
	p++;
	if (*p == '*') {
		int v = va_arg(*ap, int);

		p++;
		s->prec = v < 0 ? -1 : v;
	} else {
		s->prec = read_number(&p);
	}
	return p;
}

static const char *parse_length(const char *p, struct spec *s)
{
	s->len = L_INT;
	switch (*p) {
	case 'h':
		if (p[1] == 'h') {
			s->len = L_CHAR;
			return p + 2;
		}
		s->len = L_SHORT;
		return p + 1;
	case 'l':
		if (p[1] == 'l') {
			s->len = L_LLONG;
			return p + 2;
		}
		s->len = L_LONG;
		return p + 1;
	case 'z':
		s->len = L_SIZE;
		return p + 1;
	case 'j':
		s->len = L_MAX;
		return p + 1;
	case 't':
		s->len = L_PTRDIFF;
		return p + 1;
	}
	return p;
}

/*
 * The argument of an integer conversion. Every length modifier but hh and
 * h reads a 64-bit type here (long, long long, size_t, intmax_t and
 * ptrdiff_t are all 64 bits on x86_64), so three reads of each signedness
 * cover them, and char and short are narrowed from the int they were
 * promoted to: one va_arg expands to a dozen instructions.
 */
static int64_t fetch_signed(const struct spec *s, va_list *ap)
{
	int v;

	if (s->len == L_LLONG)
		return va_arg(*ap, long long);
	if (s->len >= L_LONG)
		return va_arg(*ap, long);
	v = va_arg(*ap, int);
	if (s->len == L_CHAR)
		return (signed char)v;
	return s->len == L_SHORT ? (short)v : v;
}

static uint64_t fetch_unsigned(const struct spec *s, va_list *ap)
{
	unsigned v;

	if (s->len == L_LLONG)
		return va_arg(*ap, unsigned long long);
	if (s->len >= L_LONG)
		return va_arg(*ap, unsigned long);
	v = va_arg(*ap, unsigned);
	if (s->len == L_CHAR)
		return (unsigned char)v;
	return s->len == L_SHORT ? (unsigned short)v : v;
}

_Static_assert(sizeof(long) == 8 && sizeof(size_t) == sizeof(long) &&
		   sizeof(intmax_t) == sizeof(long) &&
		   sizeof(ptrdiff_t) == sizeof(long),
	       "every length but hh, h and ll reads a long");

/* Writes v's digits at the end of buf[0..24); returns where they start. */
static char *to_digits(uint64_t v, unsigned base, bool upper, char *end)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";

	do {
		*--end = digits[v % base];
		v /= base;
	} while (v != 0);
	return end;
}

__attribute__((noinline)) static void
emit_padded(struct out *o, const struct spec *s, const char *prefix,
	    int nprefix, int nzeros, const char *body, int nbody)
{
	int total = nprefix + nzeros + nbody;
	int pad = s->width > total ? s->width - total : 0;

	if (!(s->flags & F_MINUS))
		emit_fill(o, ' ', pad);
	emit(o, prefix, (size_t)nprefix);
	emit_fill(o, '0', nzeros);
	emit(o, body, (size_t)nbody);
	if (s->flags & F_MINUS)
		emit_fill(o, ' ', pad);
}

/*
 * One integer: mag is the magnitude, sign the sign character (0 for none).
 * A precision gives the minimum number of digits and disables the 0 flag.
 */
static void emit_integer(struct out *o, const struct spec *s, uint64_t mag,
			 char sign, unsigned base)
{
	char buf[24], prefix[3];
	char *end = buf + sizeof(buf), *digits;
	int ndigits, nprefix = 0, nzeros = 0;

	digits = to_digits(mag, base, s->conv == 'X', end);
	ndigits = (int)(end - digits);
	if (s->prec == 0 && mag == 0)
		ndigits = 0; /* "%.0d" of 0 prints no digits */
	if (sign != 0)
		prefix[nprefix++] = sign;
	if ((s->flags & F_ALT) && base == 16 && mag != 0) {
		prefix[nprefix++] = '0';
		prefix[nprefix++] = s->conv == 'X' ? 'X' : 'x';
	}
	if (s->prec > ndigits)
		nzeros = s->prec - ndigits;
	if ((s->flags & F_ALT) && base == 8 && nzeros == 0 &&
	    (ndigits == 0 || digits[0] != '0'))
		nzeros = 1;
	if (s->prec < 0 && (s->flags & (F_ZERO | F_MINUS)) == F_ZERO &&
	    s->width > nprefix + nzeros + ndigits)
		nzeros = s->width - nprefix - ndigits;
	emit_padded(o, s, prefix, nprefix, nzeros, end - ndigits, ndigits);
}

static void conv_signed(struct out *o, const struct spec *s, va_list *ap)
{
	int64_t v = fetch_signed(s, ap);
	uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	char sign = 0;

	if (v < 0)
		sign = '-';
	else if (s->flags & F_PLUS)
		sign = '+';
	else if (s->flags & F_SPACE)
		sign = ' ';
	emit_integer(o, s, mag, sign, 10);
}

static void conv_unsigned(struct out *o, const struct spec *s, va_list *ap)
{
	uint64_t v = fetch_unsigned(s, ap);
	unsigned base = s->conv == 'o' ? 8 : s->conv == 'u' ? 10 : 16;

	emit_integer(o, s, v, 0, base);
}

static void conv_pointer(struct out *o, const struct spec *s, va_list *ap)
{
	void *p = va_arg(*ap, void *);
	struct spec ps = *s;

	if (p == NULL) {
		emit_padded(o, s, "", 0, 0, "(nil)", 5);
		return;
	}
	ps.flags |= F_ALT;
	ps.conv = 'x';
	emit_integer(o, &ps, (uint64_t)(uintptr_t)p, 0, 16);
}

static size_t bounded_len(const char *str, int prec)
{
	size_t n = 0;

	while ((prec < 0 || n < (size_t)prec) && str[n] != '\0')
		n++;
	return n;
}

static void conv_string(struct out *o, const struct spec *s, va_list *ap)
{
	const char *str = va_arg(*ap, const char *);
	size_t n;

	if (str == NULL)
		str = s->prec < 0 || s->prec >= 6 ? "(null)" : "";
	n = bounded_len(str, s->prec);
	if (n > INT_MAX)
		n = INT_MAX;
	emit_padded(o, s, "", 0, 0, str, (int)n);
}

static void conv_char(struct out *o, const struct spec *s, va_list *ap)
{
	char c = (char)va_arg(*ap, int);

	emit_padded(o, s, "", 0, 0, &c, 1);
}

/* One conversion after its '%'; returns the text after it. */
static const char *convert(struct out *o, const char *p, va_list *ap)
{
	const char *start = p - 1;
	struct spec s = {0};

	p = parse_flags(p, &s);
	p = parse_width_prec(p, &s, ap);
	p = parse_length(p, &s);
	s.conv = *p;
	switch (s.conv) {
	case 'd':
	case 'i':
		conv_signed(o, &s, ap);
		break;
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		conv_unsigned(o, &s, ap);
		break;
	case 'p':
		conv_pointer(o, &s, ap);
		break;
	case 's':
		conv_string(o, &s, ap);
		break;
	case 'c':
		conv_char(o, &s, ap);
		break;
	case '%':
		emit(o, "%", 1);
		break;
	case '\0':
		/* A lone '%' at the end: print it as it is. */
		emit(o, start, (size_t)(p - start));
		return p;
	default:
		/* Unknown conversion: print it as written, so it shows. */
		emit(o, start, (size_t)(p + 1 - start));
		break;
	}
	return p + 1;
}

int uni_vformat(uni_format_sink sink, void *ctx, const char *fmt, va_list ap)
{
	struct out o = {sink, ctx, 0};
	const char *p = fmt;
	va_list args;

	va_copy(args, ap);
	while (*p != '\0') {
		const char *lit = p;

		while (*p != '\0' && *p != '%')
			p++;
		emit(&o, lit, (size_t)(p - lit));
		if (*p == '%')
			p = convert(&o, p + 1, &args);
	}
	va_end(args);
	return o.count > INT_MAX ? INT_MAX : (int)o.count;
}

struct sbuf {
	char *buf;
	size_t size, used; /* used counts what fits, at most size - 1 */
};

static void sbuf_sink(void *ctx, const char *s, size_t n)
{
	struct sbuf *b = ctx;
	size_t room = b->size - 1 - b->used;
	size_t i, k = n < room ? n : room;

	for (i = 0; i < k; i++)
		b->buf[b->used + i] = s[i];
	b->used += k;
}

static void null_sink(void *ctx, const char *s, size_t n)
{
}

int uni_vsnformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sbuf b = {buf, size, 0};
	int n;

	if (size == 0)
		return uni_vformat(null_sink, NULL, fmt, ap);
	n = uni_vformat(sbuf_sink, &b, fmt, ap);
	buf[b.used] = '\0';
	return n;
}

int uni_snformat(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = uni_vsnformat(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

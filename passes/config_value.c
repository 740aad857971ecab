/* SPDX-License-Identifier: ISC */
/*
 * Config values and LLVM constants. A key's value is turned into the bytes
 * the C type has in memory (bool 1, int64_t 8, int32_t enum index 4,
 * struct uni_ipv4_prefix 5, struct uni_mac 6), and those bytes into a
 * constant of whatever type the global has (i8 or i1 for a bool, a struct
 * or an array for an address): the global's type cannot change. A string
 * becomes a pointer to a new private constant string.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Target.h>

#include "config_fold.h"

#define MAX_BYTES 16

/* How many bytes the C type of a key has. */
static size_t bytes_of_type(uint32_t type)
{
	switch (type) {
	case UNI_CFG_BOOL:
		return 1;
	case UNI_CFG_INT:
		return 8;
	case UNI_CFG_ENUM:
		return 4;
	case UNI_CFG_IPV4:
		return 5;
	case UNI_CFG_MAC:
		return 6;
	}
	return 0;
}

static bool little_endian(LLVMModuleRef m)
{
	return LLVMByteOrder(LLVMGetModuleDataLayout(m)) == LLVMLittleEndian;
}

static uint64_t int_from_bytes(const uint8_t *b, size_t n, bool le)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)b[le ? i : n - 1 - i] << (8 * i);
	return v;
}

static void int_to_bytes(uint64_t v, uint8_t *b, size_t n, bool le)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[le ? i : n - 1 - i] = (uint8_t)(v >> (8 * i));
}

static unsigned elem_count(LLVMTypeRef t)
{
	if (LLVMGetTypeKind(t) == LLVMStructTypeKind)
		return LLVMCountStructElementTypes(t);
	return (unsigned)LLVMGetArrayLength2(t);
}

static LLVMTypeRef elem_type(LLVMTypeRef t, unsigned i)
{
	if (LLVMGetTypeKind(t) == LLVMStructTypeKind)
		return LLVMStructGetTypeAtIndex(t, i);
	return LLVMGetElementType(t);
}

static unsigned long long elem_offset(LLVMModuleRef m, LLVMTypeRef t,
				      unsigned i)
{
	LLVMTargetDataRef td = LLVMGetModuleDataLayout(m);

	if (LLVMGetTypeKind(t) == LLVMStructTypeKind)
		return LLVMOffsetOfElement(td, t, i);
	return i * LLVMABISizeOfType(td, LLVMGetElementType(t));
}

static bool is_aggregate(LLVMTypeRef t)
{
	return LLVMGetTypeKind(t) == LLVMStructTypeKind ||
	       LLVMGetTypeKind(t) == LLVMArrayTypeKind;
}

/* The bytes of constant c (integers, arrays and structs of them). */
static bool const_to_bytes(LLVMModuleRef m, LLVMValueRef c, uint8_t *buf,
			   size_t size)
{
	LLVMTypeRef t = LLVMTypeOf(c);
	unsigned long long off, n;
	unsigned i;

	if (LLVMGetTypeKind(t) == LLVMIntegerTypeKind) {
		n = (LLVMGetIntTypeWidth(t) + 7) / 8;
		if (n > size || n > 8)
			return false;
		if (LLVMIsAConstantInt(c))
			int_to_bytes(LLVMConstIntGetZExtValue(c), buf, n,
				     little_endian(m));
		else if (!LLVMIsUndef(c) && !LLVMIsNull(c))
			return false;
		return true;
	}
	if (!is_aggregate(t))
		return false;
	for (i = 0; i < elem_count(t); i++) {
		off = elem_offset(m, t, i);
		if (off >= size ||
		    !const_to_bytes(m, LLVMGetAggregateElement(c, i), buf + off,
				    size - off))
			return false;
	}
	return true;
}

/* A constant of type t from buf (integers, arrays and structs of them). */
static LLVMValueRef const_from_bytes(LLVMModuleRef m, LLVMTypeRef t,
				     const uint8_t *buf, size_t size)
{
	LLVMValueRef *el, c = NULL;
	unsigned long long off, n;
	unsigned i, count;

	if (LLVMGetTypeKind(t) == LLVMIntegerTypeKind) {
		n = (LLVMGetIntTypeWidth(t) + 7) / 8;
		if (n > size || n > 8)
			return NULL;
		if (LLVMGetIntTypeWidth(t) == 1)
			return LLVMConstInt(t, buf[0] != 0, 0);
		return LLVMConstInt(t, int_from_bytes(buf, n, little_endian(m)),
				    0);
	}
	if (!is_aggregate(t))
		return NULL;
	count = elem_count(t);
	el = xcalloc(count, sizeof(*el));
	for (i = 0; i < count; i++) {
		off = elem_offset(m, t, i);
		el[i] = off < size ? const_from_bytes(m, elem_type(t, i),
						      buf + off, size - off)
				   : NULL;
		if (el[i] == NULL)
			goto out;
	}
	if (LLVMGetTypeKind(t) == LLVMArrayTypeKind)
		c = LLVMConstArray2(LLVMGetElementType(t), el, count);
	else
		c = LLVMConstNamedStruct(t, el, count);
out:
	free(el);
	return c;
}

static void value_to_bytes(LLVMModuleRef m, uint32_t type,
			   const union uni_config_value *v, uint8_t *b)
{
	bool le = little_endian(m);

	switch (type) {
	case UNI_CFG_BOOL:
		b[0] = v->b;
		break;
	case UNI_CFG_INT:
		int_to_bytes((uint64_t)v->i, b, 8, le);
		break;
	case UNI_CFG_ENUM:
		int_to_bytes((uint32_t)v->e, b, 4, le);
		break;
	case UNI_CFG_IPV4:
		memcpy(b, v->ipv4.addr, 4);
		b[4] = v->ipv4.len;
		break;
	case UNI_CFG_MAC:
		memcpy(b, v->mac.b, 6);
		break;
	}
}

static bool value_from_bytes(LLVMModuleRef m, const struct cfg_key *k,
			     const uint8_t *b, union uni_config_value *v)
{
	bool le = little_endian(m);

	switch (k->k.type) {
	case UNI_CFG_BOOL:
		v->b = b[0] != 0;
		return b[0] <= 1;
	case UNI_CFG_INT:
		v->i = (int64_t)int_from_bytes(b, 8, le);
		return v->i >= k->k.min && v->i <= k->k.max;
	case UNI_CFG_ENUM:
		v->e = (int32_t)int_from_bytes(b, 4, le);
		return v->e >= 0 && v->e <= k->k.max;
	case UNI_CFG_IPV4:
		memcpy(v->ipv4.addr, b, 4);
		v->ipv4.len = b[4];
		return b[4] <= 32;
	case UNI_CFG_MAC:
		memcpy(v->mac.b, b, 6);
		return true;
	}
	return false;
}

char *value_text(const struct cfg_key *k, const union uni_config_value *v)
{
	char buf[64];
	const uint8_t *a = v->ipv4.addr, *mac = v->mac.b;

	switch (k->k.type) {
	case UNI_CFG_BOOL:
		return xstrdup(v->b ? "true" : "false");
	case UNI_CFG_INT:
		snprintf(buf, sizeof(buf), "%lld", (long long)v->i);
		return xstrdup(buf);
	case UNI_CFG_STRING:
		return xstrndup(v->s.p, v->s.len);
	case UNI_CFG_ENUM:
		return xstrdup(k->k.names[v->e]);
	case UNI_CFG_IPV4:
		snprintf(buf, sizeof(buf), "%u.%u.%u.%u/%u", a[0], a[1], a[2],
			 a[3], v->ipv4.len);
		return xstrdup(buf);
	case UNI_CFG_MAC:
		snprintf(buf, sizeof(buf), "%02x:%02x:%02x:%02x:%02x:%02x",
			 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
		return xstrdup(buf);
	}
	return NULL;
}

/* Whether the global's type has the size of the key's C type. */
static bool type_fits(LLVMModuleRef m, const struct cfg_key *k,
		      const char **why)
{
	LLVMTypeRef t = LLVMGlobalGetValueType(k->var);
	unsigned long long size =
	    LLVMStoreSizeOfType(LLVMGetModuleDataLayout(m), t);

	if (k->k.type == UNI_CFG_STRING) {
		if (LLVMGetTypeKind(t) == LLVMPointerTypeKind)
			return true;
		*why = "a pointer (const char *)";
		return false;
	}
	if (size == bytes_of_type(k->k.type))
		return true;
	*why = "a global of the key's C type (bool, int64_t, int32_t, "
	       "struct uni_ipv4_prefix or struct uni_mac)";
	return false;
}

char *value_text_of_init(LLVMModuleRef m, const struct cfg_key *k,
			 const char **why)
{
	LLVMValueRef init = LLVMGetInitializer(k->var);
	uint8_t b[MAX_BYTES] = {0};
	union uni_config_value v;
	bool ok;
	char *s;

	if (!type_fits(m, k, why))
		return NULL;
	if (k->k.type == UNI_CFG_STRING) {
		s = const_cstring(init, &ok);
		if (!ok)
			*why = "a pointer to a constant string";
		return ok && s == NULL ? xstrdup("") : s;
	}
	if (!const_to_bytes(m, init, b, sizeof(b)) ||
	    !value_from_bytes(m, k, b, &v)) {
		*why = "a default within the key's type";
		return NULL;
	}
	return value_text(k, &v);
}

static LLVMValueRef new_string(LLVMModuleRef m, const struct cfg_key *k,
			       const char *p, size_t len)
{
	LLVMContextRef ctx = LLVMGetModuleContext(m);
	LLVMValueRef s = LLVMConstStringInContext2(ctx, p, len, 0);
	LLVMValueRef g = LLVMAddGlobal(m, LLVMTypeOf(s), ".unilink.str");

	LLVMSetInitializer(g, s);
	LLVMSetLinkage(g, LLVMPrivateLinkage);
	LLVMSetUnnamedAddress(g, LLVMGlobalUnnamedAddr);
	LLVMSetGlobalConstant(g, 1);
	LLVMSetAlignment(g, 1);
	return g;
}

LLVMValueRef init_for_value(LLVMModuleRef m, const struct cfg_key *k,
			    const union uni_config_value *v, const char **why)
{
	uint8_t b[MAX_BYTES] = {0};
	LLVMValueRef c;

	if (!type_fits(m, k, why))
		return NULL;
	if (k->k.type == UNI_CFG_STRING)
		return new_string(m, k, v->s.p, v->s.len);
	value_to_bytes(m, k->k.type, v, b);
	c = const_from_bytes(m, LLVMGlobalGetValueType(k->var), b, sizeof(b));
	if (c == NULL)
		*why = "a global made of integers, arrays and structs";
	return c;
}

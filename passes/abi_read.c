/* SPDX-License-Identifier: ISC */
/*
 * The one reader of the image ABI (unilink_abi.h): a descriptor's constant
 * initializer back into a plain C struct. The field indices are the enums
 * that rt/include/uni/ generates from each descriptor's field list; the
 * static assertions below stop the build when that list changes under
 * this reader (a field added, removed, moved or retyped), and at run time
 * an initializer with another number of fields is an error naming the
 * expected and the found count.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "unilink_abi.h"
#include "value.h"

/* Field f of struct s has type t (as this reader reads it). */
#define FIELD_IS(s, f, t)                                                      \
	_Static_assert(_Generic(((struct s *)0)->f, t: 1, default: 0),         \
		       "abi_read.c reads " #s "." #f " as " #t)
/* Field a of struct s comes before field b. */
#define BEFORE(s, a, b)                                                        \
	_Static_assert(offsetof(struct s, a) < offsetof(struct s, b),          \
		       "abi_read.c expects " #s "." #a " before " #b)

_Static_assert(UNI_CONFIG_KEY_NFIELDS == 9,
	       "abi_read.c reads the 9 fields of struct uni_config_key");
FIELD_IS(uni_config_key, section, const char *);
FIELD_IS(uni_config_key, name, const char *);
FIELD_IS(uni_config_key, help, const char *);
FIELD_IS(uni_config_key, default_text, const char *);
FIELD_IS(uni_config_key, var, void *);
FIELD_IS(uni_config_key, min, int64_t);
FIELD_IS(uni_config_key, max, int64_t);
FIELD_IS(uni_config_key, names, const char *const *);
FIELD_IS(uni_config_key, type, uint32_t);
BEFORE(uni_config_key, section, name);
BEFORE(uni_config_key, name, help);
BEFORE(uni_config_key, help, default_text);
BEFORE(uni_config_key, default_text, var);
BEFORE(uni_config_key, var, min);
BEFORE(uni_config_key, min, max);
BEFORE(uni_config_key, max, names);
BEFORE(uni_config_key, names, type);

_Static_assert(UNI_DRIVER_NFIELDS == 5,
	       "abi_read.c reads the 5 fields of struct uni_driver");
FIELD_IS(uni_driver, name, const char *);
FIELD_IS(uni_driver, class, uint32_t);
FIELD_IS(uni_driver, platforms, uint32_t);
FIELD_IS(uni_driver, probe, uni_driver_fn);
FIELD_IS(uni_driver, init, uni_driver_fn);
BEFORE(uni_driver, name, class);
BEFORE(uni_driver, class, platforms);
BEFORE(uni_driver, platforms, probe);
BEFORE(uni_driver, probe, init);

_Static_assert(UNI_PROTOCOL_NFIELDS == 6,
	       "abi_read.c reads the 6 fields of struct uni_protocol");
FIELD_IS(uni_protocol, name, const char *);
FIELD_IS(uni_protocol, kind, uint32_t);
FIELD_IS(uni_protocol, number, uint32_t);
FIELD_IS(uni_protocol, input, uni_api_fn);
FIELD_IS(uni_protocol, enabled_by, const bool *);
BEFORE(uni_protocol, name, kind);
BEFORE(uni_protocol, kind, number);
BEFORE(uni_protocol, number, input);
FIELD_IS(uni_protocol, off_by, const char *const *);
BEFORE(uni_protocol, input, enabled_by);
BEFORE(uni_protocol, enabled_by, off_by);

_Static_assert(UNI_PROTOCOL_API_NFIELDS == 2,
	       "abi_read.c reads the 2 fields of struct uni_protocol_api");
FIELD_IS(uni_protocol_api, protocol, const struct uni_protocol *);
FIELD_IS(uni_protocol_api, fns, const uni_api_fn *);
BEFORE(uni_protocol_api, protocol, fns);

_Static_assert(UNI_DATA_KEY_NFIELDS == 3,
	       "abi_read.c reads the 3 fields of struct uni_data_key");
FIELD_IS(uni_data_key, section, const char *);
FIELD_IS(uni_data_key, name, const char *);
FIELD_IS(uni_data_key, kind, const char *);
BEFORE(uni_data_key, section, name);
BEFORE(uni_data_key, name, kind);

/* One descriptor layout: its struct, section and field names. */
struct layout {
	const char *type, *section;
	const char *const *fields;
	unsigned n;
};

#define FIELD_NAME(prefix, type, field) #field,
#define LAYOUT(t, sec, list)                                                   \
	static const char *const t##_fields[] = {list(FIELD_NAME, _)};         \
	static const struct layout t##_layout = {                              \
	    #t, sec, t##_fields, sizeof(t##_fields) / sizeof(t##_fields[0])}

LAYOUT(uni_config_key, UNI_SECTION_CONFIG, UNI_CONFIG_KEY_FIELDS);
LAYOUT(uni_driver, UNI_SECTION_DRIVERS, UNI_DRIVER_FIELDS);
LAYOUT(uni_protocol, UNI_SECTION_PROTOCOLS, UNI_PROTOCOL_FIELDS);
LAYOUT(uni_protocol_api, UNI_SECTION_PROTOCOL_API, UNI_PROTOCOL_API_FIELDS);
LAYOUT(uni_data_key, UNI_SECTION_DATA, UNI_DATA_KEY_FIELDS);

/* A reading in progress: one descriptor of one layout. */
struct rd {
	LLVMValueRef desc, init;
	const struct layout *l;
	char *err;
};

static const char *name_of(LLVMValueRef v)
{
	size_t len;

	return LLVMGetValueName2(v, &len);
}

static int fail(struct rd *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int fail(struct rd *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = snprintf(r->err, UNILINK_ABI_ERR,
		     "descriptor @%s in section %s: ", name_of(r->desc),
		     r->l->section);
	va_start(ap, fmt);
	vsnprintf(r->err + n, UNILINK_ABI_ERR - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* "(name, class, platforms, probe, init)" */
static void field_list(const struct layout *l, char *out, size_t size)
{
	size_t n = 0;
	unsigned i;

	for (i = 0; i < l->n && n < size; i++)
		n += (size_t)snprintf(out + n, size - n, "%s%s", i ? ", " : "(",
				      l->fields[i]);
	if (n < size)
		snprintf(out + n, size - n, ")");
}

/* The constant struct initializer with exactly l->n fields. */
static int open_struct(struct rd *r)
{
	char fields[200];
	int found;

	field_list(r->l, fields, sizeof(fields));
	r->init =
	    LLVMIsAGlobalVariable(r->desc) ? LLVMGetInitializer(r->desc) : NULL;
	if (r->init == NULL || !LLVMIsAConstantStruct(r->init))
		return fail(r,
			    "expected a constant struct %s of %u fields %s, "
			    "found %s",
			    r->l->type, r->l->n, fields,
			    r->init == NULL ? "no initializer"
					    : "another constant");
	found = LLVMGetNumOperands(r->init);
	if (found != (int)r->l->n)
		return fail(r,
			    "expected a struct %s of %u fields %s, found %d "
			    "fields (rt/include/uni/ and this module disagree)",
			    r->l->type, r->l->n, fields, found);
	return 0;
}

static LLVMValueRef field(const struct rd *r, unsigned i)
{
	return LLVMGetOperand(r->init, i);
}

/* A string field; NULL for a null pointer unless required. */
static int string_field(struct rd *r, unsigned i, bool required, char **out)
{
	bool ok;

	*out = const_cstring(field(r, i), &ok);
	if (ok && (*out != NULL || !required))
		return 0;
	return fail(r, "field %s: expected a constant string%s",
		    r->l->fields[i], required ? "" : " or null");
}

static int int_field(struct rd *r, unsigned i, int64_t *out)
{
	LLVMValueRef f = field(r, i);

	if (!LLVMIsAConstantInt(f))
		return fail(r, "field %s: expected a constant integer",
			    r->l->fields[i]);
	*out = LLVMConstIntGetSExtValue(f);
	return 0;
}

static int u32_field(struct rd *r, unsigned i, uint32_t *out)
{
	int64_t v = 0;
	int rc = int_field(r, i, &v);

	*out = (uint32_t)v;
	return rc;
}

/* A pointer field naming a global (or null): the global, or NULL. */
static LLVMValueRef global_field(const struct rd *r, unsigned i)
{
	return const_base_global(field(r, i));
}

static void init_rd(struct rd *r, LLVMValueRef desc, const struct layout *l,
		    char *err)
{
	*r = (struct rd){.desc = desc, .l = l, .err = err};
	err[0] = '\0';
}

LLVMValueRef *unilink_abi_collect(LLVMModuleRef m, const char *section,
				  size_t *n)
{
	struct vals v = {0};

	collect_section(m, section, &v);
	*n = v.n;
	return v.v;
}

/* The NULL-terminated names[] of an enum key (a null pointer: none). */
static int names_field(struct rd *r, char ***out)
{
	LLVMValueRef f = field(r, UNI_CONFIG_KEY_names), g, init;
	unsigned i, n;
	char **names;
	bool ok = true;

	*out = NULL;
	if (LLVMIsNull(f))
		return 0;
	g = const_base_global(f);
	if (g == NULL || !LLVMIsAGlobalVariable(g) ||
	    (init = LLVMGetInitializer(g)) == NULL ||
	    LLVMGetTypeKind(LLVMTypeOf(init)) != LLVMArrayTypeKind)
		return fail(r, "field names: expected an array of strings");
	n = (unsigned)LLVMGetArrayLength2(LLVMTypeOf(init));
	names = xcalloc(n + 1, sizeof(*names));
	for (i = 0; i < n && ok; i++) {
		names[i] = const_cstring(LLVMGetAggregateElement(init, i), &ok);
		if (names[i] == NULL)
			break;
	}
	*out = names;
	return ok ? 0 : fail(r, "field names: expected an array of strings");
}

static int config_checks(struct rd *r, const struct unilink_config_desc *d)
{
	if (d->var == NULL || !LLVMIsAGlobalVariable(d->var))
		return fail(r, "field var: expected the address of a global");
	if (d->type < UNI_CFG_BOOL || d->type > UNI_CFG_MAC)
		return fail(r, "field type: expected %d to %d, found %u",
			    UNI_CFG_BOOL, UNI_CFG_MAC, d->type);
	if (d->type == UNI_CFG_ENUM && d->names == NULL)
		return fail(r, "field names: expected the names of the enum "
			       "key, found null");
	return 0;
}

int unilink_abi_config_key(LLVMValueRef desc, struct unilink_config_desc *d,
			   char err[UNILINK_ABI_ERR])
{
	struct rd r;

	init_rd(&r, desc, &uni_config_key_layout, err);
	*d = (struct unilink_config_desc){.desc = desc};
	if (open_struct(&r) < 0 ||
	    string_field(&r, UNI_CONFIG_KEY_section, true, &d->section) < 0 ||
	    string_field(&r, UNI_CONFIG_KEY_name, true, &d->name) < 0 ||
	    string_field(&r, UNI_CONFIG_KEY_help, false, &d->help) < 0 ||
	    string_field(&r, UNI_CONFIG_KEY_default_text, false,
			 &d->default_text) < 0 ||
	    int_field(&r, UNI_CONFIG_KEY_min, &d->min) < 0 ||
	    int_field(&r, UNI_CONFIG_KEY_max, &d->max) < 0 ||
	    u32_field(&r, UNI_CONFIG_KEY_type, &d->type) < 0 ||
	    names_field(&r, &d->names) < 0)
		return -1;
	d->var = global_field(&r, UNI_CONFIG_KEY_var);
	return config_checks(&r, d);
}

void unilink_abi_config_key_free(struct unilink_config_desc *d)
{
	size_t i;

	free(d->section);
	free(d->name);
	free(d->help);
	free(d->default_text);
	for (i = 0; d->names != NULL && d->names[i] != NULL; i++)
		free(d->names[i]);
	free(d->names);
	memset(d, 0, sizeof(*d));
}

int unilink_abi_driver(LLVMValueRef desc, struct unilink_driver_desc *d,
		       char err[UNILINK_ABI_ERR])
{
	struct rd r;

	init_rd(&r, desc, &uni_driver_layout, err);
	*d = (struct unilink_driver_desc){.desc = desc};
	if (open_struct(&r) < 0 ||
	    string_field(&r, UNI_DRIVER_name, true, &d->name) < 0 ||
	    u32_field(&r, UNI_DRIVER_class, &d->class) < 0 ||
	    u32_field(&r, UNI_DRIVER_platforms, &d->platforms) < 0)
		return -1;
	d->probe = global_field(&r, UNI_DRIVER_probe);
	d->init = global_field(&r, UNI_DRIVER_init);
	return 0;
}

void unilink_abi_driver_free(struct unilink_driver_desc *d)
{
	free(d->name);
	memset(d, 0, sizeof(*d));
}

int unilink_abi_protocol(LLVMValueRef desc, struct unilink_protocol_desc *d,
			 char err[UNILINK_ABI_ERR])
{
	struct rd r;

	init_rd(&r, desc, &uni_protocol_layout, err);
	*d = (struct unilink_protocol_desc){.desc = desc};
	if (open_struct(&r) < 0 ||
	    string_field(&r, UNI_PROTOCOL_name, true, &d->name) < 0 ||
	    u32_field(&r, UNI_PROTOCOL_kind, &d->kind) < 0 ||
	    u32_field(&r, UNI_PROTOCOL_number, &d->number) < 0)
		return -1;
	d->input = global_field(&r, UNI_PROTOCOL_input);
	d->enabled_by = global_field(&r, UNI_PROTOCOL_enabled_by);
	d->off_by = global_field(&r, UNI_PROTOCOL_off_by);
	return 0;
}

/* Start a new, empty group of d's API. */
static void api_group(struct unilink_protocol_desc *d)
{
	d->groups = xrealloc(d->groups, (d->ngroups + 1) * sizeof(*d->groups));
	d->groups[d->ngroups++] = (struct unilink_api_group){0};
}

/* Add fn to the last group (api_functions opens the first). */
static void api_add(struct unilink_protocol_desc *d, LLVMValueRef fn)
{
	struct unilink_api_group *g;

	g = &d->groups[d->ngroups - 1];
	g->fns = xrealloc(g->fns, (g->n + 1) * sizeof(*g->fns));
	g->fns[g->n++] = fn;
}

/* UNI_API_GROUP: a constant non-null integer as a pointer. */
static bool is_separator(LLVMValueRef el)
{
	return LLVMIsAConstantExpr(el) &&
	       LLVMGetConstOpcode(el) == LLVMIntToPtr &&
	       LLVMIsAConstantInt(LLVMGetOperand(el, 0));
}

/* Drop the groups that ended up empty (UNI_API_NONE, doubled separators). */
static void api_compact(struct unilink_protocol_desc *d)
{
	size_t i, k = 0;

	for (i = 0; i < d->ngroups; i++)
		if (d->groups[i].n > 0)
			d->groups[k++] = d->groups[i];
		else
			free(d->groups[i].fns);
	d->ngroups = k;
}

#define API_MD "unilink.protocol.api"
#define API_GROUP "group"

/* An API object: its descriptor and entries (NULL: next group), read. */
static int read_api_object(LLVMValueRef api, LLVMValueRef *desc,
			   struct vals *entries, char err[UNILINK_ABI_ERR])
{
	LLVMValueRef arr, init, el, f;
	struct rd r;
	unsigned i, n;

	init_rd(&r, api, &uni_protocol_api_layout, err);
	if (open_struct(&r) < 0)
		return -1;
	*desc = global_field(&r, UNI_PROTOCOL_API_protocol);
	if (*desc == NULL || !LLVMIsAGlobalVariable(*desc))
		return fail(&r, "field protocol: expected the address of a "
				"descriptor of section " UNI_SECTION_PROTOCOLS);
	arr = global_field(&r, UNI_PROTOCOL_API_fns);
	if (arr == NULL || !LLVMIsAGlobalVariable(arr) ||
	    (init = LLVMGetInitializer(arr)) == NULL ||
	    LLVMGetTypeKind(LLVMTypeOf(init)) != LLVMArrayTypeKind)
		return fail(&r, "field fns: expected an array of functions");
	n = (unsigned)LLVMGetArrayLength2(LLVMTypeOf(init));
	for (i = 0; i < n; i++) {
		el = LLVMGetAggregateElement(init, i);
		if (el == NULL || LLVMIsNull(el))
			break;
		f = is_separator(el) ? NULL : const_base_global(el);
		if (f == NULL && !is_separator(el))
			return fail(&r,
				    "fns[%u]: expected a function, "
				    "UNI_API_GROUP or UNI_API_END",
				    i);
		if (f != NULL && !LLVMIsAFunction(f))
			return fail(&r,
				    "fns[%u]: expected a function, found "
				    "@%s",
				    i, name_of(f));
		vals_push(entries, f);
	}
	return 0;
}

/* !{descriptor, fn, ..., !"group", fn, ...}: non-empty groups only. */
static void api_record(LLVMModuleRef m, LLVMValueRef desc,
		       const struct vals *entries)
{
	LLVMContextRef ctx = LLVMGetModuleContext(m);
	LLVMMetadataRef *mds = xcalloc(entries->n + 2, sizeof(*mds));
	size_t i, n = 0, ingroup = 0;

	mds[n++] = LLVMValueAsMetadata(desc);
	for (i = 0; i < entries->n; i++) {
		if (entries->v[i] != NULL) {
			mds[n++] = LLVMValueAsMetadata(entries->v[i]);
			ingroup++;
		} else if (ingroup > 0) {
			mds[n++] = LLVMMDStringInContext2(ctx, API_GROUP,
							  strlen(API_GROUP));
			ingroup = 0;
		}
	}
	if (n > 1 && ingroup == 0)
		n--; /* a trailing separator */
	LLVMAddNamedMetadataOperand(
	    m, API_MD,
	    LLVMMetadataAsValue(ctx, LLVMMDNodeInContext2(ctx, mds, n)));
	free(mds);
}

int unilink_abi_detach_apis(LLVMModuleRef m, char err[UNILINK_ABI_ERR])
{
	struct vals apis = {0}, *entries, arrs = {0};
	LLVMValueRef *descs;
	size_t i;
	int rc = 0;

	err[0] = '\0';
	collect_section(m, UNI_SECTION_PROTOCOL_API, &apis);
	entries = xcalloc(apis.n + 1, sizeof(*entries));
	descs = xcalloc(apis.n + 1, sizeof(*descs));
	for (i = 0; i < apis.n && rc == 0; i++)
		rc = read_api_object(apis.v[i], &descs[i], &entries[i], err);
	for (i = 0; i < apis.n && rc == 0; i++) {
		api_record(m, descs[i], &entries[i]);
		vals_push(&arrs, const_base_global(LLVMGetOperand(
				     LLVMGetInitializer(apis.v[i]),
				     UNI_PROTOCOL_API_fns)));
	}
	if (rc == 0 && apis.n > 0) {
		delete_descriptors(m, &apis, NULL);
		for (i = 0; i < arrs.n; i++)
			delete_global(arrs.v[i]);
	}
	for (i = 0; i < apis.n; i++)
		vals_free(&entries[i]);
	free(entries);
	free(descs);
	vals_free(&arrs);
	vals_free(&apis);
	return rc;
}

LLVMValueRef *unilink_abi_api_globals(LLVMModuleRef m, size_t *n)
{
	struct vals v = {0};
	LLVMValueRef arr;
	size_t i, napis;

	collect_section(m, UNI_SECTION_PROTOCOL_API, &v);
	napis = v.n;
	for (i = 0; i < napis; i++) {
		arr = LLVMGetInitializer(v.v[i]);
		if (arr != NULL && LLVMIsAConstantStruct(arr) &&
		    LLVMGetNumOperands(arr) == UNI_PROTOCOL_API_NFIELDS)
			arr = const_base_global(
			    LLVMGetOperand(arr, UNI_PROTOCOL_API_fns));
		else
			arr = NULL;
		if (arr != NULL && !vals_has(&v, arr))
			vals_push(&v, arr);
	}
	*n = v.n;
	return v.v;
}

/* The descriptor in descs that is desc, or NULL. */
static struct unilink_protocol_desc *
api_owner(struct unilink_protocol_desc *descs, size_t n, LLVMValueRef desc)
{
	size_t i;

	for (i = 0; desc != NULL && i < n; i++)
		if (descs[i].desc == desc)
			return &descs[i];
	return NULL;
}

/* The groups of one !unilink.protocol.api node, into d. */
static void api_from_node(LLVMValueRef *ops, unsigned n,
			  struct unilink_protocol_desc *d)
{
	unsigned i, len;

	api_group(d);
	for (i = 1; i < n; i++) {
		if (ops[i] != NULL && LLVMGetMDString(ops[i], &len) != NULL)
			api_group(d);
		else if (ops[i] != NULL && LLVMIsAFunction(ops[i]))
			api_add(d, ops[i]);
	}
	if (n == 1)
		api_compact(d);
}

int unilink_abi_protocol_apis(LLVMModuleRef m,
			      struct unilink_protocol_desc *descs, size_t n,
			      char err[UNILINK_ABI_ERR])
{
	unsigned nn = LLVMGetNamedMetadataNumOperands(m, API_MD), i, k;
	LLVMValueRef *nodes = xcalloc(nn + 1, sizeof(*nodes)), *ops;
	struct unilink_protocol_desc *d;
	int rc = 0;

	err[0] = '\0';
	if (nn > 0)
		LLVMGetNamedMetadataOperands(m, API_MD, nodes);
	for (i = 0; i < nn && rc == 0; i++) {
		k = LLVMGetMDNodeNumOperands(nodes[i]);
		ops = xcalloc(k + 1, sizeof(*ops));
		LLVMGetMDNodeOperands(nodes[i], ops);
		d = k > 0 ? api_owner(descs, n, ops[0]) : NULL;
		if (d != NULL && d->has_api) {
			snprintf(err, UNILINK_ABI_ERR,
				 "protocol %s (@%s): a second API list",
				 d->name, name_of(d->desc));
			rc = -1;
		} else if (d != NULL) {
			d->has_api = true;
			api_from_node(ops, k, d);
		}
		free(ops);
	}
	free(nodes);
	return rc;
}

void unilink_abi_protocol_free(struct unilink_protocol_desc *d)
{
	size_t i;

	for (i = 0; i < d->ngroups; i++)
		free(d->groups[i].fns);
	free(d->groups);
	free(d->name);
	memset(d, 0, sizeof(*d));
}

int unilink_abi_data_key(LLVMValueRef desc, struct unilink_data_desc *d,
			 char err[UNILINK_ABI_ERR])
{
	struct rd r;

	init_rd(&r, desc, &uni_data_key_layout, err);
	*d = (struct unilink_data_desc){.desc = desc};
	if (open_struct(&r) < 0 ||
	    string_field(&r, UNI_DATA_KEY_section, true, &d->section) < 0 ||
	    string_field(&r, UNI_DATA_KEY_name, true, &d->name) < 0 ||
	    string_field(&r, UNI_DATA_KEY_kind, true, &d->kind) < 0)
		return -1;
	return 0;
}

void unilink_abi_data_key_free(struct unilink_data_desc *d)
{
	free(d->section);
	free(d->name);
	free(d->kind);
	memset(d, 0, sizeof(*d));
}

size_t unilink_abi_delete(LLVMModuleRef m, LLVMValueRef *descs, size_t n,
			  bool *kept)
{
	struct vals v = {.v = descs, .n = n, .cap = n};

	return delete_descriptors(m, &v, kept);
}

const char *unilink_abi_type_name(uint32_t type)
{
	return uni_config_type_name(type);
}

static const char *const platform_names[] = {UNI_PLATFORM_NAMES};
#define NPLATFORMS (sizeof(platform_names) / sizeof(platform_names[0]))
_Static_assert(NPLATFORMS == 3 && UNI_PLATFORM_KVM == 0 &&
		   UNI_PLATFORM_XEN == 1 && UNI_PLATFORM_LINUX == 2 &&
		   UNI_DRIVER_ON_KVM == 1 << UNI_PLATFORM_KVM &&
		   UNI_DRIVER_ON_XEN == 1 << UNI_PLATFORM_XEN &&
		   UNI_DRIVER_ON_LINUX == 1 << UNI_PLATFORM_LINUX,
	       "platform i is UNI_PLATFORM_NAMES[i] and driver bit 1 << i");

uint32_t unilink_abi_platform_bit(const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < NPLATFORMS; i++)
		if (strcmp(platform_names[i], name) == 0)
			return 1u << i;
	return 0;
}

const char *unilink_abi_platform_name(uint32_t bit)
{
	size_t i;

	for (i = 0; i < NPLATFORMS; i++)
		if (bit == 1u << i)
			return platform_names[i];
	return NULL;
}

static const char *const class_names[] = {UNI_DRIVER_CLASS_NAMES};
_Static_assert(sizeof(class_names) / sizeof(class_names[0]) == 4 &&
		   UNI_DRIVER_CONSOLE == 1 && UNI_DRIVER_NET == 2 &&
		   UNI_DRIVER_BLOCK == 3 && UNI_DRIVER_PLATFORM == 4,
	       "class i is UNI_DRIVER_CLASS_NAMES[i - 1]");

const char *unilink_abi_class_name(uint32_t class)
{
	if (class >= 1 && class <= sizeof(class_names) / sizeof(class_names[0]))
		return class_names[class - 1];
	return NULL;
}

static const char *const kind_names[] = {UNI_PROTO_KIND_NAMES};
_Static_assert(sizeof(kind_names) / sizeof(kind_names[0]) == 4 &&
		   UNI_PROTO_ETHERTYPE == 1 && UNI_PROTO_IP == 2 &&
		   UNI_PROTO_UDP_PORT == 3 && UNI_PROTO_TCP_PORT == 4,
	       "kind i is UNI_PROTO_KIND_NAMES[i - 1]");

const char *unilink_abi_kind_name(uint32_t kind)
{
	if (kind >= 1 && kind <= sizeof(kind_names) / sizeof(kind_names[0]))
		return kind_names[kind - 1];
	return NULL;
}

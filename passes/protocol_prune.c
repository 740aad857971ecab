/* SPDX-License-Identifier: ISC */
/*
 * unilink-protocol-prune: delete the protocol handler descriptors that the
 * appliance cannot use, so that the handlers' input paths become dead.
 *
 * Algorithm: for each descriptor of section "uni_protocols"
 * (struct uni_protocol, see rt/include/uni/protocol.h)
 *   - when enabled_by names a config global that is constant false (after
 *     config-fold: net.tcp = false), remove it: the configuration said so;
 *   - else, when api names functions and none of them is referenced by an
 *     instruction or a global (other than the protocol descriptors
 *     themselves), remove it: the application cannot reach the protocol;
 *   - else keep it.
 * Then delete the removed descriptors and their llvm.used and
 * llvm.compiler.used entries. Every decision is reported with its reason.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define PASS PASS_PROTOCOL_PRUNE

enum { P_NAME, P_KIND, P_NUMBER, P_INPUT, P_ENABLED, P_API, PFIELDS };

struct proto {
	LLVMModuleRef m;
	struct unilink_report *r;
	struct vals descs;
	struct folded_key *rec; /* what config-fold recorded */
	size_t nrec;
	int errors;
};

/* The config key whose global is g, as config-fold recorded it. */
static const char *key_of_global(const struct proto *p, LLVMValueRef g)
{
	size_t len, i;
	const char *name = LLVMGetValueName2(g, &len);

	for (i = 0; i < p->nrec; i++)
		if (p->rec[i].global != NULL &&
		    strcmp(p->rec[i].global, name) == 0)
			return p->rec[i].key;
	return NULL;
}

/* Why the configuration disables desc ("net.tcp = false"), or false. */
static bool disabled_by_config(const struct proto *p, LLVMValueRef desc,
			       struct strbuf *why)
{
	LLVMValueRef g =
	    const_base_global(desc_field(desc, P_ENABLED, PFIELDS));
	LLVMValueRef init;
	const char *key;
	size_t len;

	if (g == NULL || !LLVMIsAGlobalVariable(g) || !LLVMIsGlobalConstant(g))
		return false;
	init = LLVMGetInitializer(g);
	if (init == NULL || !LLVMIsAConstantInt(init) ||
	    LLVMConstIntGetZExtValue(init) != 0)
		return false;
	key = key_of_global(p, g);
	if (key != NULL)
		sb_printf(why, "disabled by the configuration: %s = false",
			  key);
	else
		sb_printf(why, "disabled: @%s is constant false",
			  LLVMGetValueName2(g, &len));
	return true;
}

/* Whether api (space-separated names) has a referenced function. */
static bool api_referenced(const struct proto *p, const char *api,
			   struct strbuf *names, struct strbuf *used)
{
	const char *s = api, *end;
	LLVMValueRef fn;
	char *name;
	bool any = false;

	while (*s != '\0') {
		while (*s == ' ')
			s++;
		for (end = s; *end != '\0' && *end != ' '; end++)
			;
		if (end == s)
			break;
		name = xstrndup(s, (size_t)(end - s));
		fn = LLVMGetNamedFunction(p->m, name);
		sb_printf(names, "%s%s", names->len ? ", " : "", name);
		if (fn != NULL && has_live_use(fn, &p->descs)) {
			sb_printf(used, "%s%s", used->len ? ", " : "", name);
			any = true;
		}
		free(name);
		s = end;
	}
	return any || names->len == 0;
}

/* Decide one descriptor; true when it goes. */
static bool decide(struct proto *p, LLVMValueRef desc, const char *name)
{
	struct strbuf why, names, used;
	struct event ev = {.pass = PASS, .name = name};
	bool ok, gone = false;
	char *api = const_cstring(desc_field(desc, P_API, PFIELDS), &ok);

	sb_init(&why);
	sb_init(&names);
	sb_init(&used);
	if (disabled_by_config(p, desc, &why)) {
		gone = true;
	} else if (api == NULL || api_referenced(p, api, &names, &used)) {
		sb_add(&why, used.len ? "referenced: "
				      : "no API to check and not disabled");
		sb_add(&why, used.s);
	} else {
		sb_printf(&why, "no reference to %s", names.s);
		gone = true;
	}
	ev.event = gone ? "remove" : "keep";
	ev.reason = why.s;
	report_event(p->r, &ev);
	sb_free(&why);
	sb_free(&names);
	sb_free(&used);
	free(api);
	return gone;
}

static bool prune(struct proto *p)
{
	struct vals gone = {0};
	char **names = xcalloc(p->descs.n, sizeof(*names));
	size_t i, len;
	bool ok, changed;

	for (i = 0; i < p->descs.n; i++) {
		names[i] = const_cstring(
		    desc_field(p->descs.v[i], P_NAME, PFIELDS), &ok);
		if (names[i] != NULL)
			continue;
		report_error(
		    p->r, PASS,
		    "descriptor @%s in section uni_protocols: expected "
		    "a constant struct uni_protocol (name, kind, "
		    "number, input, enabled_by, api) with a name",
		    LLVMGetValueName2(p->descs.v[i], &len));
		p->errors++;
	}
	for (i = 0; p->errors == 0 && i < p->descs.n; i++)
		if (decide(p, p->descs.v[i], names[i]))
			vals_push(&gone, p->descs.v[i]);
	used_remove(p->m, &gone);
	for (i = 0; i < gone.n; i++)
		if (!delete_global(gone.v[i]))
			report_warning(p->r, PASS,
				       "a protocol descriptor is still "
				       "referenced: kept");
	changed = gone.n > 0;
	vals_free(&gone);
	for (i = 0; i < p->descs.n; i++)
		free(names[i]);
	free(names);
	return changed;
}

int unilink_protocol_prune(LLVMModuleRef m, const struct unilink_config *c,
			   unsigned flags, struct unilink_report *r)
{
	struct proto p = {.m = m, .r = r};
	struct event skip = {.pass = PASS,
			     .event = "skip",
			     .reason = "already run on this module"};
	bool changed;

	(void)c;
	if (!(flags & UNILINK_FORCE) && pass_has_run(m, PASS)) {
		report_event(r, &skip);
		return 0;
	}
	p.nrec = config_records(m, &p.rec);
	collect_section(m, "uni_protocols", &p.descs);
	changed = prune(&p);
	if (p.errors == 0)
		mark_pass_run(m, PASS);
	config_records_free(p.rec, p.nrec);
	vals_free(&p.descs);
	return p.errors ? -1 : changed;
}

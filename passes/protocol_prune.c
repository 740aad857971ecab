/* SPDX-License-Identifier: ISC */
/*
 * unilink-protocol-prune: delete the protocol handler descriptors that the
 * appliance cannot use, so that the handlers' input paths become dead.
 *
 * A descriptor (struct uni_protocol, see rt/include/uni/protocol.h) names
 * its API: groups separated by ';', each a space-separated list of
 * functions. The protocol is reachable when, for every group, a LIVE
 * function or global refers to one of the group's functions:
 * "uni_netdev_receive; udp_bind udp_send" reads "a kept driver hands frames
 * to the stack, and the application uses UDP".
 *
 * Algorithm:
 *   1. A descriptor whose enabled_by names a config global that is constant
 *      false (after config-fold: net.tcp = false) goes: the configuration
 *      said so.
 *   2. Liveness (liveness.c): the roots are llvm.used and
 *      llvm.compiler.used without the protocol descriptors (so the kept
 *      drivers and, in a generic build, the config descriptors are roots),
 *      and, unless UNILINK_WHOLE_PROGRAM, every external definition. The
 *      code of pruned drivers is still in the module but is not live.
 *   3. Least fixpoint: keep the descriptors without an API; then, until
 *      nothing changes, keep every descriptor whose API is referenced by
 *      live code and make it a root (its input handler and what that calls
 *      become live, which may satisfy another descriptor's API). A
 *      protocol's own input code therefore never keeps it, nor do two
 *      protocols that only refer to each other.
 *   4. Delete the rest and their llvm.used and llvm.compiler.used entries.
 * Every decision is reported with its reason.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define PASS PASS_PROTOCOL_PRUNE

enum { P_NAME, P_KIND, P_NUMBER, P_INPUT, P_ENABLED, P_API, PFIELDS };
enum { D_CLASS = 1, DFIELDS = 4 };
#define DRIVER_CLASS_NET 2 /* UNI_DRIVER_NET of rt/include/uni/driver.h */
#define MAX_NAMED 4	   /* referrers named in a reason */

/* The API of a descriptor: every group needs one referenced name. */
struct api_group {
	char **names;
	size_t n;
};

struct api {
	struct api_group *g;
	size_t n;
};

enum verdict { UNDECIDED, KEPT, REMOVED };

struct proto {
	LLVMModuleRef m;
	struct unilink_report *r;
	struct vals descs;
	char **names;		/* parallel to descs */
	struct api *apis;	/* parallel to descs */
	enum verdict *verdict;	/* parallel to descs */
	char **why;		/* the reason of a config decision, or NULL */
	struct folded_key *rec; /* what config-fold recorded */
	size_t nrec;
	struct live live;
	bool whole_program;
	int errors;
};

/* The names of group text[0..len): space-separated. */
static void group_parse(const char *s, const char *end, struct api_group *g)
{
	const char *w;

	while (s < end) {
		while (s < end && *s == ' ')
			s++;
		for (w = s; w < end && *w != ' '; w++)
			;
		if (w == s)
			break;
		g->names = xrealloc(g->names, (g->n + 1) * sizeof(*g->names));
		g->names[g->n++] = xstrndup(s, (size_t)(w - s));
		s = w;
	}
}

/* "a b; c": groups {a, b} and {c}; empty groups are left out. */
static void api_parse(const char *s, struct api *a)
{
	const char *end;
	struct api_group g;

	while (s != NULL && *s != '\0') {
		end = strchr(s, ';');
		if (end == NULL)
			end = s + strlen(s);
		g = (struct api_group){0};
		group_parse(s, end, &g);
		if (g.n > 0) {
			a->g = xrealloc(a->g, (a->n + 1) * sizeof(*a->g));
			a->g[a->n++] = g;
		}
		s = *end == ';' ? end + 1 : end;
	}
}

static void api_free(struct api *a)
{
	size_t i, j;

	for (i = 0; i < a->n; i++) {
		for (j = 0; j < a->g[i].n; j++)
			free(a->g[i].names[j]);
		free(a->g[i].names);
	}
	free(a->g);
}

/* The function (or global) called name, or NULL. */
static LLVMValueRef named_value(LLVMModuleRef m, const char *name)
{
	LLVMValueRef v = LLVMGetNamedFunction(m, name);

	return v != NULL ? v : LLVMGetNamedGlobal(m, name);
}

/* The first name of group g that live code refers to, or NULL. */
static const char *group_referenced(const struct proto *p,
				    const struct api_group *g)
{
	LLVMValueRef v;
	size_t i;

	for (i = 0; i < g->n; i++) {
		v = named_value(p->m, g->names[i]);
		if (v != NULL && live_referenced(&p->live, v))
			return g->names[i];
	}
	return NULL;
}

static bool api_reachable(const struct proto *p, const struct api *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (group_referenced(p, &a->g[i]) == NULL)
			return false;
	return true;
}

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

/* Why the configuration disables desc ("net.tcp = false"), or NULL. */
static char *disabled_by_config(const struct proto *p, LLVMValueRef desc)
{
	LLVMValueRef g =
	    const_base_global(desc_field(desc, P_ENABLED, PFIELDS));
	LLVMValueRef init;
	const char *key;
	struct strbuf why;
	size_t len;

	if (g == NULL || !LLVMIsAGlobalVariable(g) || !LLVMIsGlobalConstant(g))
		return NULL;
	init = LLVMGetInitializer(g);
	if (init == NULL || !LLVMIsAConstantInt(init) ||
	    LLVMConstIntGetZExtValue(init) != 0)
		return NULL;
	sb_init(&why);
	key = key_of_global(p, g);
	if (key != NULL)
		sb_printf(&why, "disabled by the configuration: %s = false",
			  key);
	else
		sb_printf(&why, "disabled: @%s is constant false",
			  LLVMGetValueName2(g, &len));
	return sb_take(&why);
}

/* Whether a driver of class net is still in section uni_drivers. */
static bool net_driver_kept(LLVMModuleRef m)
{
	struct vals drivers = {0};
	LLVMValueRef c;
	bool found = false;
	size_t i;

	collect_section(m, "uni_drivers", &drivers);
	for (i = 0; i < drivers.n && !found; i++) {
		c = desc_field(drivers.v[i], D_CLASS, DFIELDS);
		found = c != NULL && LLVMIsAConstantInt(c) &&
			LLVMConstIntGetZExtValue(c) == DRIVER_CLASS_NET;
	}
	vals_free(&drivers);
	return found;
}

/* Append the names of vals (at most MAX_NAMED) to b. */
static void add_value_names(struct strbuf *b, const struct vals *v)
{
	size_t i, len;

	for (i = 0; i < v->n && i < MAX_NAMED; i++)
		sb_printf(b, "%s%s", i ? ", " : "",
			  LLVMGetValueName2(v->v[i], &len));
	if (v->n > MAX_NAMED)
		sb_printf(b, " and %zu more", v->n - MAX_NAMED);
}

/* The functions and globals, not live, that refer to group g. */
static void dead_referrers(const struct proto *p, const struct api_group *g,
			   struct vals *out)
{
	struct vals one = {0};
	LLVMValueRef v;
	size_t i, j;

	for (i = 0; i < g->n; i++) {
		v = named_value(p->m, g->names[i]);
		one.n = 0;
		if (v != NULL)
			live_referrers(&p->live, v, false, &one);
		for (j = 0; j < one.n; j++)
			if (!vals_has(out, one.v[j]))
				vals_push(out, one.v[j]);
	}
	vals_free(&one);
}

/* Whether fn is the input handler of a descriptor. */
static bool is_input_handler(const struct proto *p, LLVMValueRef fn)
{
	size_t i;

	for (i = 0; i < p->descs.n; i++)
		if (const_base_global(
			desc_field(p->descs.v[i], P_INPUT, PFIELDS)) == fn)
			return true;
	return false;
}

/* Whether some of dead is driver or stack code, not a protocol's input. */
static bool dead_outside_protocols(const struct proto *p,
				   const struct vals *dead)
{
	size_t i;

	for (i = 0; i < dead->n; i++)
		if (!is_input_handler(p, dead->v[i]))
			return true;
	return false;
}

/*
 * "no live reference to a, b (no network driver is kept; only dead code
 * refers to them: f, g)" for group g. The note on drivers is there when
 * no network driver is left and dead code other than a protocol's input
 * would have reached the API (a pruned driver's receive path).
 */
static void why_unreferenced(const struct proto *p, const struct api_group *g,
			     bool no_net, struct strbuf *why)
{
	struct vals dead = {0};
	size_t i;

	sb_add(why, "no live reference to ");
	for (i = 0; i < g->n; i++)
		sb_printf(why, "%s%s", i ? ", " : "", g->names[i]);
	dead_referrers(p, g, &dead);
	if (dead.n > 0) {
		sb_add(why, " (");
		if (no_net && dead_outside_protocols(p, &dead))
			sb_add(why, "no network driver is kept; ");
		sb_printf(why, "only dead code refers to %s: ",
			  g->n > 1 ? "them" : "it");
		add_value_names(why, &dead);
		sb_add(why, ")");
	}
	vals_free(&dead);
}

/* The name of a live function or global that refers to name, or NULL. */
static void add_live_referrer(const struct proto *p, const char *name,
			      struct strbuf *why)
{
	struct vals from = {0};
	size_t len;

	live_referrers(&p->live, named_value(p->m, name), true, &from);
	if (from.n > 0)
		sb_printf(why, " (from %s)",
			  LLVMGetValueName2(from.v[0], &len));
	vals_free(&from);
}

/* The reason of a reachability decision on descriptor i. */
static char *why_reachability(const struct proto *p, size_t i, bool no_net)
{
	const struct api *a = &p->apis[i];
	const char *name;
	struct strbuf why;
	size_t k, said = 0;

	sb_init(&why);
	if (a->n == 0)
		sb_add(&why, "no API to check and not disabled");
	for (k = 0; k < a->n; k++) {
		name = group_referenced(p, &a->g[k]);
		if ((name != NULL) != (p->verdict[i] == KEPT))
			continue;
		sb_add(&why, said++ ? "; " : "");
		if (name == NULL) {
			why_unreferenced(p, &a->g[k], no_net, &why);
			continue;
		}
		sb_printf(&why, "live reference to %s", name);
		add_live_referrer(p, name, &why);
	}
	return sb_take(&why);
}

/* Steps 2 and 3: keep what live code reaches, to a fixpoint. */
static void decide_reachability(struct proto *p)
{
	bool changed = true;
	size_t i;

	live_init(&p->live, p->m, &p->descs, p->whole_program);
	for (i = 0; i < p->descs.n; i++)
		if (p->verdict[i] == UNDECIDED && p->apis[i].n == 0) {
			p->verdict[i] = KEPT;
			live_add(&p->live, p->descs.v[i]);
		}
	while (changed) {
		changed = false;
		for (i = 0; i < p->descs.n; i++) {
			if (p->verdict[i] != UNDECIDED ||
			    !api_reachable(p, &p->apis[i]))
				continue;
			p->verdict[i] = KEPT;
			live_add(&p->live, p->descs.v[i]);
			changed = true;
		}
	}
	for (i = 0; i < p->descs.n; i++)
		if (p->verdict[i] == UNDECIDED)
			p->verdict[i] = REMOVED;
}

static void report_decisions(struct proto *p)
{
	struct event ev = {.pass = PASS};
	bool no_net = !net_driver_kept(p->m);
	char *why;
	size_t i;

	for (i = 0; i < p->descs.n; i++) {
		why = p->why[i] != NULL ? xstrdup(p->why[i])
					: why_reachability(p, i, no_net);
		ev.event = p->verdict[i] == KEPT ? "keep" : "remove";
		ev.name = p->names[i];
		ev.reason = why;
		report_event(p->r, &ev);
		free(why);
	}
}

/* Step 1 and the descriptors' names and APIs; false on a bad descriptor. */
static bool read_descriptors(struct proto *p)
{
	size_t i, len;
	bool ok;
	char *api;

	for (i = 0; i < p->descs.n; i++) {
		p->names[i] = const_cstring(
		    desc_field(p->descs.v[i], P_NAME, PFIELDS), &ok);
		api = const_cstring(desc_field(p->descs.v[i], P_API, PFIELDS),
				    &ok);
		if (p->names[i] != NULL && ok) {
			api_parse(api, &p->apis[i]);
			p->why[i] = disabled_by_config(p, p->descs.v[i]);
			p->verdict[i] = p->why[i] != NULL ? REMOVED : UNDECIDED;
		} else {
			report_error(p->r, PASS,
				     "descriptor @%s in section "
				     "uni_protocols: expected a constant "
				     "struct uni_protocol (name, kind, number, "
				     "input, enabled_by, api) with a name "
				     "and an api string or null",
				     LLVMGetValueName2(p->descs.v[i], &len));
			p->errors++;
		}
		free(api);
	}
	return p->errors == 0;
}

/* Step 4. */
static bool delete_removed(struct proto *p)
{
	struct vals gone = {0};
	size_t i;
	bool changed;

	for (i = 0; i < p->descs.n; i++)
		if (p->verdict[i] == REMOVED)
			vals_push(&gone, p->descs.v[i]);
	for (i = delete_descriptors(p->m, &gone, NULL); i > 0; i--)
		report_warning(p->r, PASS,
			       "a protocol descriptor is still referenced: "
			       "kept");
	changed = gone.n > 0;
	vals_free(&gone);
	return changed;
}

static void proto_alloc(struct proto *p)
{
	size_t n = p->descs.n;

	p->names = xcalloc(n, sizeof(*p->names));
	p->apis = xcalloc(n, sizeof(*p->apis));
	p->verdict = xcalloc(n, sizeof(*p->verdict));
	p->why = xcalloc(n, sizeof(*p->why));
}

static void proto_free(struct proto *p)
{
	size_t i;

	for (i = 0; i < p->descs.n; i++) {
		free(p->names[i]);
		free(p->why[i]);
		api_free(&p->apis[i]);
	}
	free(p->names);
	free(p->apis);
	free(p->verdict);
	free(p->why);
	live_free(&p->live);
	config_records_free(p->rec, p->nrec);
	vals_free(&p->descs);
}

int unilink_protocol_prune(LLVMModuleRef m, const struct unilink_config *c,
			   unsigned flags, struct unilink_report *r)
{
	struct proto p = {
	    .m = m, .r = r, .whole_program = flags & UNILINK_WHOLE_PROGRAM};
	struct event skip = {.pass = PASS,
			     .event = "skip",
			     .reason = "already run on this module"};
	bool changed = false;

	(void)c;
	if (!(flags & UNILINK_FORCE) && pass_has_run(m, PASS)) {
		report_event(r, &skip);
		return 0;
	}
	p.nrec = config_records(m, &p.rec);
	collect_section(m, "uni_protocols", &p.descs);
	proto_alloc(&p);
	if (read_descriptors(&p)) {
		decide_reachability(&p);
		report_decisions(&p);
		changed = delete_removed(&p);
		mark_pass_run(m, PASS);
	}
	proto_free(&p);
	return p.errors ? -1 : changed;
}

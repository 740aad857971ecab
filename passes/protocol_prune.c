/* SPDX-License-Identifier: ISC */
/*
 * unilink-protocol-prune: delete the protocol handler descriptors that the
 * appliance cannot use, so that the handlers' input paths become dead.
 *
 * A descriptor (struct uni_protocol, see rt/include/uni/protocol.h) has an
 * API: groups of functions, which abi_read.c hands over as the function
 * values themselves (every pass first moves the API lists out of the
 * program into metadata, so that they keep nothing alive and are no
 * reference). The protocol is reachable when, for every group, a LIVE
 * function or global refers to one of the group's functions:
 * {uni_netdev_receive} {udp_bind, udp_send} reads "a kept driver hands
 * frames to the stack, and the application uses UDP".
 *
 * Algorithm:
 *   1. A descriptor whose enabled_by names a config global that is constant
 *      false (after config-fold: net.tcp = false), or whose off_by names a
 *      string config global that is constant "off" (net0.ipv6 = off), goes:
 *      the configuration said so.
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
#include "unilink_abi.h"

#define PASS PASS_PROTOCOL_PRUNE
#define MAX_NAMED 4 /* referrers named in a reason */

enum verdict { UNDECIDED, KEPT, REMOVED };

struct proto {
	LLVMModuleRef m;
	struct unilink_report *r;
	struct vals descs;
	struct unilink_protocol_desc *pd; /* parallel to descs */
	enum verdict *verdict;		  /* parallel to descs */
	char **why;		/* the reason of a config decision, or NULL */
	struct folded_key *rec; /* what config-fold recorded */
	size_t nrec;
	struct live live;
	bool whole_program;
	int errors;
};

static const char *name_of(LLVMValueRef v)
{
	size_t len;

	return LLVMGetValueName2(v, &len);
}

/* The first function of group g that live code refers to, or NULL. */
static LLVMValueRef group_referenced(const struct proto *p,
				     const struct unilink_api_group *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (live_referenced(&p->live, g->fns[i]))
			return g->fns[i];
	return NULL;
}

static bool api_reachable(const struct proto *p,
			  const struct unilink_protocol_desc *d)
{
	size_t i;

	for (i = 0; i < d->ngroups; i++)
		if (group_referenced(p, &d->groups[i]) == NULL)
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

/*
 * Why the string key of d's off_by turns it off ("net0.ipv6 = off"), or
 * NULL: a constant global whose value is the string "off".
 */
static char *off_by_config(const struct proto *p,
			   const struct unilink_protocol_desc *d)
{
	LLVMValueRef g = d->off_by;
	LLVMValueRef init;
	const char *key;
	struct strbuf why;
	bool ok;
	char *s;

	if (g == NULL || !LLVMIsAGlobalVariable(g) || !LLVMIsGlobalConstant(g))
		return NULL;
	init = LLVMGetInitializer(g);
	if (init == NULL)
		return NULL;
	s = const_cstring(init, &ok);
	if (!ok || s == NULL || strcmp(s, "off") != 0) {
		free(s);
		return NULL;
	}
	free(s);
	sb_init(&why);
	key = key_of_global(p, g);
	if (key != NULL)
		sb_printf(&why, "disabled by the configuration: %s = off", key);
	else
		sb_printf(&why, "disabled: @%s is constant \"off\"",
			  name_of(g));
	return sb_take(&why);
}

/* Why the configuration disables desc ("net.tcp = false"), or NULL. */
static char *disabled_by_config(const struct proto *p,
				const struct unilink_protocol_desc *d)
{
	LLVMValueRef g = d->enabled_by;
	LLVMValueRef init;
	const char *key;
	struct strbuf why;

	if (g == NULL || !LLVMIsAGlobalVariable(g) || !LLVMIsGlobalConstant(g))
		return off_by_config(p, d);
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
		sb_printf(&why, "disabled: @%s is constant false", name_of(g));
	return sb_take(&why);
}

/* Whether a driver of class net is still in section uni_drivers. */
static bool net_driver_kept(struct proto *p)
{
	struct vals drivers = {0};
	struct unilink_driver_desc d;
	char err[UNILINK_ABI_ERR];
	bool found = false;
	size_t i;

	collect_section(p->m, UNI_SECTION_DRIVERS, &drivers);
	for (i = 0; i < drivers.n && !found; i++) {
		if (unilink_abi_driver(drivers.v[i], &d, err) < 0) {
			report_error(p->r, PASS, "%s", err);
			p->errors++;
		}
		found = d.class == UNI_DRIVER_NET;
		unilink_abi_driver_free(&d);
	}
	vals_free(&drivers);
	return found;
}

/* Append the names of vals (at most MAX_NAMED) to b. */
static void add_value_names(struct strbuf *b, const struct vals *v)
{
	size_t i;

	for (i = 0; i < v->n && i < MAX_NAMED; i++)
		sb_printf(b, "%s%s", i ? ", " : "", name_of(v->v[i]));
	if (v->n > MAX_NAMED)
		sb_printf(b, " and %zu more", v->n - MAX_NAMED);
}

/* The functions and globals, not live, that refer to group g. */
static void dead_referrers(const struct proto *p,
			   const struct unilink_api_group *g, struct vals *out)
{
	struct vals one = {0};
	size_t i, j;

	for (i = 0; i < g->n; i++) {
		one.n = 0;
		live_referrers(&p->live, g->fns[i], false, &one);
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
		if (p->pd[i].input == fn)
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
static void why_unreferenced(const struct proto *p,
			     const struct unilink_api_group *g, bool no_net,
			     struct strbuf *why)
{
	struct vals dead = {0};
	size_t i;

	sb_add(why, "no live reference to ");
	for (i = 0; i < g->n; i++)
		sb_printf(why, "%s%s", i ? ", " : "", name_of(g->fns[i]));
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

/* " (from f)": a live function or global that refers to fn. */
static void add_live_referrer(const struct proto *p, LLVMValueRef fn,
			      struct strbuf *why)
{
	struct vals from = {0};

	live_referrers(&p->live, fn, true, &from);
	if (from.n > 0)
		sb_printf(why, " (from %s)", name_of(from.v[0]));
	vals_free(&from);
}

/* The reason of a reachability decision on descriptor i. */
static char *why_reachability(const struct proto *p, size_t i, bool no_net)
{
	const struct unilink_protocol_desc *d = &p->pd[i];
	LLVMValueRef fn;
	struct strbuf why;
	size_t k, said = 0;

	sb_init(&why);
	if (d->ngroups == 0)
		sb_add(&why, "no API to check and not disabled");
	for (k = 0; k < d->ngroups; k++) {
		fn = group_referenced(p, &d->groups[k]);
		if ((fn != NULL) != (p->verdict[i] == KEPT))
			continue;
		sb_add(&why, said++ ? "; " : "");
		if (fn == NULL) {
			why_unreferenced(p, &d->groups[k], no_net, &why);
			continue;
		}
		sb_printf(&why, "live reference to %s", name_of(fn));
		add_live_referrer(p, fn, &why);
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
		if (p->verdict[i] == UNDECIDED && p->pd[i].ngroups == 0) {
			p->verdict[i] = KEPT;
			live_add(&p->live, p->descs.v[i]);
		}
	while (changed) {
		changed = false;
		for (i = 0; i < p->descs.n; i++) {
			if (p->verdict[i] != UNDECIDED ||
			    !api_reachable(p, &p->pd[i]))
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
	bool no_net = !net_driver_kept(p);
	char *why;
	size_t i;

	for (i = 0; i < p->descs.n; i++) {
		why = p->why[i] != NULL ? xstrdup(p->why[i])
					: why_reachability(p, i, no_net);
		ev.event = p->verdict[i] == KEPT ? "keep" : "remove";
		ev.name = p->pd[i].name;
		ev.reason = why;
		report_event(p->r, &ev);
		free(why);
	}
}

/* Step 1 and the descriptors and APIs (abi_read.c); false on a bad one. */
static bool read_descriptors(struct proto *p)
{
	char err[UNILINK_ABI_ERR];
	size_t i;

	for (i = 0; i < p->descs.n; i++) {
		if (unilink_abi_protocol(p->descs.v[i], &p->pd[i], err) == 0)
			continue;
		report_error(p->r, PASS, "%s", err);
		p->errors++;
	}
	if (p->errors == 0 &&
	    unilink_abi_protocol_apis(p->m, p->pd, p->descs.n, err) < 0) {
		report_error(p->r, PASS, "%s", err);
		p->errors++;
	}
	if (p->errors > 0)
		return false;
	for (i = 0; i < p->descs.n; i++) {
		p->why[i] = disabled_by_config(p, &p->pd[i]);
		p->verdict[i] = p->why[i] != NULL ? REMOVED : UNDECIDED;
	}
	return true;
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

	p->pd = xcalloc(n + 1, sizeof(*p->pd));
	p->verdict = xcalloc(n, sizeof(*p->verdict));
	p->why = xcalloc(n, sizeof(*p->why));
}

static void proto_free(struct proto *p)
{
	size_t i;

	for (i = 0; i < p->descs.n; i++) {
		unilink_abi_protocol_free(&p->pd[i]);
		free(p->why[i]);
	}
	free(p->pd);
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
	bool changed = false;
	int rc = pass_begin(m, PASS, c, flags, r);

	if (rc <= 0)
		return rc;
	p.nrec = config_records(m, &p.rec);
	collect_section(m, UNI_SECTION_PROTOCOLS, &p.descs);
	proto_alloc(&p);
	if (read_descriptors(&p)) {
		decide_reachability(&p);
		report_decisions(&p);
		changed = delete_removed(&p);
		pass_end(m, PASS, c, flags);
	}
	proto_free(&p);
	return p.errors ? -1 : changed;
}

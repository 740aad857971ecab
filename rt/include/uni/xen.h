/* SPDX-License-Identifier: ISC */
/*
 * The Xen platform as the drivers in drivers/xen/ share it: hypercalls, HVM
 * parameters, event channels, grant tables (v1) and a xenstore client. The
 * ABI is Xen's own (libxen-dev's /usr/include/xen), never redefined here.
 * Each part initialises itself on first use, so an image without Xen
 * drivers carries none of it. Calls return UNI_XEN_OK or a negative code.
 */
#ifndef UNI_XEN_H
#define UNI_XEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/io/xs_wire.h>
#include <xen/xen.h>

enum uni_xen_result {
	UNI_XEN_OK = 0,
	UNI_XEN_EINVAL = -1, /* a bad argument, or a malformed reply */
	UNI_XEN_ENOENT = -2, /* no such xenstore node */
	UNI_XEN_EAGAIN = -3, /* a transaction conflicted: run it again */
	UNI_XEN_ENOSPC = -4, /* a reply or a table is larger than room */
	UNI_XEN_EIO = -5,    /* Xen or the other end refused */
	UNI_XEN_TIMEOUT = -6,
	UNI_XEN_ABSENT = -7, /* not running on Xen */
};

/* Hypercall op with up to three arguments; Xen's result (0 or -errno). */
long uni_xen_hypercall(unsigned op, uint64_t a1, uint64_t a2, uint64_t a3);

/* HVM parameters of this domain (HVM_PARAM_*). */
int uni_xen_hvm_param_get(uint32_t index, uint64_t *value);
int uni_xen_hvm_param_set(uint32_t index, uint64_t value);

/* Put Xen's frame idx of space (XENMAPSPACE_*) at guest frame gfn. */
int uni_xen_add_to_physmap(unsigned space, uint64_t idx, uint64_t gfn);

/* Event channels. A handler runs from the event loop, never in the upcall. */
typedef void (*uni_xen_evtchn_fn)(evtchn_port_t port, void *arg);

int uni_xen_evtchn_init(void);
/* Call fn when port fires, and unmask it. */
int uni_xen_evtchn_bind(evtchn_port_t port, uni_xen_evtchn_fn fn, void *arg);
void uni_xen_evtchn_mask(evtchn_port_t port);
void uni_xen_evtchn_unmask(evtchn_port_t port);
int uni_xen_evtchn_notify(evtchn_port_t port);
/* A fresh port that domain remote can bind to. */
int uni_xen_evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port);
/* Connect to port remote_port of domain remote (DOMID_SELF: a loopback). */
int uni_xen_evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port,
				    evtchn_port_t *local);
/* Upcalls received, and events dispatched to handlers, since boot. */
uint64_t uni_xen_evtchn_upcalls(void);
uint64_t uni_xen_evtchn_events(void);

/* Grant tables, v1: give domid access to the page at guest frame gfn. */
int uni_xen_gnttab_init(void);
/* Returns the reference (>= 0) or a negative code. */
int uni_xen_gnttab_grant(domid_t domid, uint64_t gfn, bool readonly);
/* Take the grant back; UNI_XEN_EAGAIN while the other end has it mapped. */
int uni_xen_gnttab_end(grant_ref_t ref);
/* References still free. */
unsigned uni_xen_gnttab_free_count(void);

/*
 * The xenstore client. Paths are relative to this domain's home unless they
 * start with '/'. Replies are bounded by cap (NUL included) and always
 * NUL-terminated; a reply that does not fit is UNI_XEN_ENOSPC.
 */
typedef uint32_t uni_xs_tx;
#define UNI_XS_NIL 0u /* outside any transaction */

int uni_xs_init(void);
/* The value's length (>= 0), written to buf with a NUL after it. */
int uni_xs_read(uni_xs_tx tx, const char *path, char *buf, size_t cap);
/* Read an unsigned decimal value. */
int uni_xs_read_uint(uni_xs_tx tx, const char *path, uint64_t *value);
int uni_xs_write(uni_xs_tx tx, const char *path, const char *value);
int uni_xs_rm(uni_xs_tx tx, const char *path);
/* The children's names, each NUL-terminated, one after the other; the
 * number of children is returned. */
int uni_xs_directory(uni_xs_tx tx, const char *path, char *buf, size_t cap);
int uni_xs_transaction_start(uni_xs_tx *tx);
/* Commit (abort false) or drop a transaction; UNI_XEN_EAGAIN: run again. */
int uni_xs_transaction_end(uni_xs_tx tx, bool abort);
/* Watches: a fired watch is counted; uni_xs_watch_fired() reads and clears
 * the count of the watch with that token. */
int uni_xs_watch(const char *path, const char *token);
int uni_xs_unwatch(const char *path, const char *token);
unsigned uni_xs_watch_fired(const char *token);
/* This domain's id as xenstore says (the "domid" node). */
int uni_xs_domid(domid_t *domid);

/* Answer `xl shutdown`/`xl reboot` (control/shutdown) by powering off;
 * uni_xs_init() starts it. */
void uni_xen_control_start(void);

/* Wait (spinning: usable while drivers start) until node path holds a state
 * (XenbusState*) in [lo, hi]; returns the state or a negative code. */
int uni_xs_wait_state(const char *path, int lo, int hi, uint64_t timeout_ns);

/*
 * blkfront: the first Xen virtual disk (block0). Sectors are 512-byte
 * units whatever the device's own sector size; I/O is synchronous.
 */
struct uni_xen_blk_info {
	uint64_t sectors;     /* capacity in 512-byte sectors */
	uint32_t sector_size; /* the device's sector size in bytes */
	bool readonly;
	bool flush; /* the backend has a cache to flush */
};

int uni_xen_blk_get_info(struct uni_xen_blk_info *info);
int uni_xen_blk_read(uint64_t sector, void *buf, size_t nsect);
int uni_xen_blk_write(uint64_t sector, const void *buf, size_t nsect);
int uni_xen_blk_flush(void);

/* Bytes the PV console dropped because dom0 did not read its ring. */
uint64_t uni_xencons_dropped(void);

#endif

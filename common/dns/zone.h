/* SPDX-License-Identifier: ISC */
/*
 * Zones: the RFC 1035 master-file parser (build time and tests), the
 * compact serialised form that an image embeds, and the loaded zone that
 * the server looks names up in.
 *
 * The serialised form ("zone blob") is what the unilink command embeds as
 * constant data: the build validates it with dns_zone_load(), the image
 * indexes it at boot with dns_zone_index() (magic, length and layout) and
 * then answers straight from it, without parsing text. Layout (all
 * integers big-endian, names uncompressed wire names, case preserved):
 *
 *   magic    "UDZ1"                  4 octets
 *   length   u32, the whole blob     4
 *   nodes    u32, number of nodes    4
 *   origin   name
 *   node*    in canonical order (RFC 4034 6.1), strictly increasing:
 *     name     name, at or below the origin
 *     nrrsets  u16
 *     rrset*   type u16, nrr u16, then nrr times: ttl u32, rdlen u16, rdata
 *   rdnames  u32, then that many u32: the offsets in the blob of the names
 *            in rdata (of the types dns_rdata_name_off() knows), each
 *            distinct name once, in canonical order strictly increasing
 *
 * Every ancestor of a node up to the origin is a node itself (an empty
 * non-terminal has no RRsets), the RRsets of a node have distinct types
 * (in the order they first appear in the master file), the RRs of an RRset
 * are in the order of the master file (as NSD serves them), and rdata is in the
 * uncompressed wire form of its type (names in NS, CNAME, PTR, DNAME, MX,
 * AFSDB, RT, KX, SOA and SRV rdata are checked by dns_zone_load()). Only
 * class IN is represented.
 */
#ifndef UNI_DNS_ZONE_H
#define UNI_DNS_ZONE_H

#include <stddef.h>
#include <stdint.h>

#include "dns/wire.h"

#define DNS_ZONE_MAGIC "UDZ1"

/* Results of the parser and the loader. */
enum dns_zone_err {
	DNS_ZONE_OK = 0,
	DNS_ZONE_SYNTAX,   /* the text does not parse; the message says where */
	DNS_ZONE_SEMANTIC, /* it parses but is not a valid zone */
	DNS_ZONE_NOMEM,	   /* malloc failed */
	DNS_ZONE_INCLUDE,  /* an $INCLUDE could not be opened */
	DNS_ZONE_BADBLOB,  /* dns_zone_load(): the blob is malformed */
};

/*
 * Opens an $INCLUDE'd file: on success sets *text and *len (the text stays
 * valid until the parse returns) and returns 0. The image has no file
 * system, so includes are resolved by the caller at build time.
 */
typedef int (*dns_include_fn)(void *ctx, const char *path, const char **text,
			      size_t *len);

struct dns_zone_parse_opts {
	const char *file;	/* name used in messages */
	const char *origin;	/* zone name; NULL: the first SOA's owner */
	dns_include_fn include; /* NULL: $INCLUDE is an error */
	void *include_ctx;
};

/*
 * Parses a master file into a zone blob (malloc'ed; the caller frees it).
 * On failure returns an error and writes "file:line: what was expected,
 * what was found" to err.
 */
enum dns_zone_err dns_zone_parse(const char *text, size_t len,
				 const struct dns_zone_parse_opts *opts,
				 uint8_t **blob, size_t *blob_len, char *err,
				 size_t errcap);

/*
 * A node of a loaded zone: where its name starts in the blob. All else (the
 * RRset count and the RRsets after the name) is read from the blob in
 * place, so the index is all a zone takes on the heap: DNS_NODE_SIZE bytes
 * a name (the unilink command sizes the VM with it, common/mem/sizing.c).
 */
struct dns_node {
	const uint8_t *name;
};
#define DNS_NODE_SIZE 8
_Static_assert(sizeof(struct dns_node) == DNS_NODE_SIZE,
	       "common/mem/sizing.c counts DNS_NODE_SIZE bytes a name");

/* The number of RRsets of a node (0 for an empty non-terminal). */
uint16_t dns_node_nrrsets(const struct dns_node *n);

/* One RRset of a node; iterate its RRs with dns_rr_next(). */
struct dns_rrset {
	uint16_t type, count;
	const uint8_t *rrs; /* first RR: ttl, rdlen, rdata */
};

struct dns_rdata {
	uint32_t ttl;
	uint16_t len;
	const uint8_t *p;
};

struct dns_zone {
	const uint8_t *blob;
	const uint8_t *origin;
	struct dns_node *nodes; /* canonical order */
	size_t nnodes;
	const struct dns_node *apex;
	uint32_t neg_ttl;	/* min(SOA TTL, SOA MINIMUM), RFC 2308 */
	const uint8_t *rdnames; /* the index of rdata names: u32 offsets */
	size_t nrdnames;
};

/* Validates a blob and indexes it (the blob must outlive the zone). */
enum dns_zone_err dns_zone_load(struct dns_zone *z, const uint8_t *blob,
				size_t len);
/*
 * Indexes a blob that dns_zone_load() has accepted before - the unilink
 * command checks every blob it embeds - checking only its magic, length
 * and layout (the walk stays inside the blob and ends at its end): what
 * an image does at boot (the reasons in zone_load.c).
 */
enum dns_zone_err dns_zone_index(struct dns_zone *z, const uint8_t *blob,
				 size_t len);
void dns_zone_free(struct dns_zone *z);

/* The node with exactly this name (ignoring case), or NULL. */
const struct dns_node *dns_zone_find(const struct dns_zone *z,
				     const uint8_t *name);
/*
 * Does rdata of z (NS, CNAME, MX, SRV, ... : dns_rdata_name_off()) hold
 * name, ignoring case? A binary search in the index the compiler made.
 */
int dns_zone_has_rdata_name(const struct dns_zone *z, const uint8_t *name);
/* The RRset of a type at a node: 1 when found. */
int dns_node_rrset(const struct dns_node *n, uint16_t type,
		   struct dns_rrset *set);
/* The i-th RRset of a node (i < dns_node_nrrsets(n)). */
void dns_node_rrset_at(const struct dns_node *n, unsigned i,
		       struct dns_rrset *set);
/* Reads the RR at *cursor (start with set->rrs) and advances. */
void dns_rr_next(const uint8_t **cursor, struct dns_rdata *rd);

/* Validates the rdata of a type as the loader does: 1 when valid. */
int dns_rdata_valid(uint16_t type, const uint8_t *rd, size_t len);
/* Offset of the name in rdata that carries one (-1 if none). */
int dns_rdata_name_off(uint16_t type);

/* The zones an appliance serves. */
struct dns_zone_set {
	struct dns_zone *zones;
	size_t n;
};
/*
 * Loads n zone blobs (as embedded in an image) into s; on failure frees
 * what it loaded and says which blob in *bad.
 */
enum dns_zone_err dns_zone_set_load(struct dns_zone_set *s,
				    const uint8_t *const *blobs,
				    const size_t *lens, size_t n, size_t *bad);
/* The same with dns_zone_index(), for the blobs the build embedded. */
enum dns_zone_err dns_zone_set_index(struct dns_zone_set *s,
				     const uint8_t *const *blobs,
				     const size_t *lens, size_t n, size_t *bad);
void dns_zone_set_free(struct dns_zone_set *s);
/*
 * The zone with the longest origin that holds name, or NULL; zones without
 * data (below) are passed over.
 */
const struct dns_zone *dns_zone_set_find(const struct dns_zone_set *s,
					 const uint8_t *name);

/*
 * A zone of the set may have no data yet: a zone served as a secondary
 * before its first transfer, or after it expired. Such a zone has its
 * origin and nothing else (apex NULL, no blob, no nodes); the server
 * answers SERVFAIL for the names it holds.
 */
void dns_zone_pending_init(struct dns_zone *z, const uint8_t *origin);
/* Whether the zone with the longest origin that holds name has no data. */
int dns_zone_set_pending(const struct dns_zone_set *s, const uint8_t *name);

#endif

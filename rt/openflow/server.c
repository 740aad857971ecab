/* SPDX-License-Identifier: ISC */
/*
 * The controller's connections over TCP (server.h). A slot per switch,
 * allocated when it connects and freed when it goes, so a switch that
 * reconnects starts afresh (a new MAC table: the flows it still has keep
 * the traffic going meanwhile).
 *
 * Algorithm (pump()): send what the controller queued; while it has room
 * for the largest reply, hand it the next whole message, reading more from
 * TCP only when the stream holds none. When TCP's send buffer is full the
 * output waits for the writable callback and nothing more is read, so a
 * switch that does not read its replies sees the window close.
 */
#include <stdio.h>
#include <stdlib.h>

#include "openflow/server.h"
#include "openflow/stream.h"
#include "uni/net.h"
#include "uni/protocol.h"
#include "uni/tcp.h"
#include "uni/time.h"

#define OUT_CAP (2 * OF_CTL_REPLY_MAX)

struct slot {
	struct tcp_sock *sock;
	struct net_endpoint peer;
	bool announced;
	uint64_t last_rx_ns; /* the switch's last message */
	struct uni_timer probe;
	struct of_ctl ctl;
	struct of_stream in;
	uint8_t out[OUT_CAP];
	struct of_mac_entry macs[]; /* of_mac_table_entries(mac_table_size) */
};

struct server_stats {
	uint64_t accepted, refused, closed, broken, errors_closed, no_memory;
	uint64_t silent;
};

static const struct ofctl_server_config *cfg;
static struct slot **slots;
static struct server_stats st;
static struct of_ctl_stats gone; /* the counters of closed connections */
static struct uni_timer stats_timer;

static void add_stats(struct of_ctl_stats *a, const struct of_ctl_stats *b)
{
	const uint64_t *q = (const uint64_t *)b;
	uint64_t *p = (uint64_t *)a;

	for (size_t i = 0; i < sizeof(*a) / sizeof(uint64_t); i++)
		p[i] += q[i];
}

static void print_peer(const struct slot *sl)
{
	const uint8_t *a = sl->peer.addr.a;

	printf("%u.%u.%u.%u:%u", a[0], a[1], a[2], a[3], sl->peer.port);
}

static void release(struct slot **sp)
{
	struct slot *sl = *sp;

	printf("ofctl: switch %016llx from ",
	       (unsigned long long)sl->ctl.datapath_id);
	print_peer(sl);
	printf(" gone: %llu packet-ins, %llu flow-mods, %llu packet-outs\n",
	       (unsigned long long)sl->ctl.st.packet_in,
	       (unsigned long long)sl->ctl.st.flow_mod,
	       (unsigned long long)sl->ctl.st.packet_out);
	uni_timer_stop(&sl->probe);
	add_stats(&gone, &sl->ctl.st);
	st.closed++;
	free(sl);
	*sp = NULL;
}

static void announce(struct slot *sl)
{
	if (sl->ctl.state == OF_CTL_READY && !sl->announced) {
		sl->announced = true;
		printf("ofctl: switch %016llx connected from ",
		       (unsigned long long)sl->ctl.datapath_id);
		print_peer(sl);
		printf(", %zu ports, %u buffers\n", sl->ctl.n_ports,
		       sl->ctl.n_buffers);
	}
	if (sl->ctl.desc_new) {
		sl->ctl.desc_new = false;
		printf("ofctl: switch %016llx is \"%s\" \"%s\" \"%s\"\n",
		       (unsigned long long)sl->ctl.datapath_id,
		       sl->ctl.mfr_desc, sl->ctl.hw_desc, sl->ctl.sw_desc);
	}
	if (sl->ctl.aggregate_new) {
		sl->ctl.aggregate_new = false;
		printf("ofctl: switch %016llx has %u flows, %llu packets\n",
		       (unsigned long long)sl->ctl.datapath_id,
		       sl->ctl.aggregate.flow_count,
		       (unsigned long long)sl->ctl.aggregate.packet_count);
	}
}

static bool flush(struct slot *sl)
{
	size_t n;

	if (sl->ctl.out_len == 0)
		return true;
	n = tcp_write(sl->sock, sl->ctl.out, sl->ctl.out_len);
	of_ctl_sent(&sl->ctl, n);
	return sl->ctl.out_len == 0;
}

/* Hands whole messages to the controller while it has room; false: stop. */
static bool take_in(struct slot *sl, uint64_t now)
{
	struct bytes msg;
	size_t n, room;

	for (;;) {
		if (!of_ctl_can_take(&sl->ctl) ||
		    sl->ctl.state == OF_CTL_CLOSED)
			return false;
		switch (of_stream_next(&sl->in, &msg)) {
		case OF_STREAM_MESSAGE:
			sl->last_rx_ns = now;
			of_ctl_input(&sl->ctl, msg, now);
			continue;
		case OF_STREAM_BROKEN:
			st.broken++; /* BAD_LEN for the header, then the close
				      */
			of_ctl_input(&sl->ctl,
				     bytes_make(sl->in.buf + sl->in.off,
						sl->in.len - sl->in.off),
				     now);
			sl->ctl.state = OF_CTL_CLOSED;
			return false;
		case OF_STREAM_MORE:
			break;
		}
		room = of_stream_room(&sl->in);
		n = tcp_read(sl->sock, of_stream_tail(&sl->in), room);
		if (n == 0)
			return false;
		of_stream_added(&sl->in, n);
	}
}

static void pump(void *arg, struct tcp_sock *s)
{
	struct slot **sp = arg, *sl = *sp;
	uint64_t now = uni_now_ns();

	(void)s;
	while (flush(sl) && take_in(sl, now))
		;
	flush(sl);
	announce(sl);
	if (sl->ctl.state == OF_CTL_CLOSED && sl->ctl.out_len == 0) {
		st.errors_closed++;
		tcp_close(sl->sock);
		release(sp);
	} else if (tcp_eof(sl->sock) && !tcp_readable(sl->sock)) {
		tcp_close(sl->sock);
		release(sp);
	}
}

static void on_closed(void *arg, struct tcp_sock *s, enum tcp_close_reason why)
{
	(void)s;
	(void)why;
	release(arg);
}

static const struct tcp_sock_ops ops = {
    .readable = pump,
    .writable = pump,
    .closed = on_closed,
};

/* Every echo interval: a silent switch gets an ECHO_REQUEST, then goes. */
static void on_probe(struct uni_timer *t, void *arg)
{
	struct slot **sp = arg, *sl = *sp;
	uint64_t now = uni_now_ns(), quiet = now - sl->last_rx_ns;

	if (quiet >= 2 * cfg->echo_interval_ns) {
		st.silent++;
		tcp_abort(sl->sock);
		release(sp);
		return;
	}
	if (quiet >= cfg->echo_interval_ns) {
		of_ctl_echo_request(&sl->ctl);
		flush(sl);
	}
	uni_timer_start(t, now + cfg->echo_interval_ns, on_probe, sp);
}

static struct slot **free_slot(void)
{
	for (uint32_t i = 0; i < cfg->max_switches; i++)
		if (slots[i] == NULL)
			return &slots[i];
	return NULL;
}

static void on_accept(void *arg, struct tcp_sock *s)
{
	struct slot **sp = free_slot();
	size_t n = of_mac_table_entries(cfg->mac_table_size);
	struct slot *sl;

	(void)arg;
	if (sp == NULL) {
		st.refused++;
		tcp_abort(s);
		return;
	}
	sl = calloc(1, sizeof(*sl) + n * sizeof(struct of_mac_entry));
	if (sl == NULL) {
		st.no_memory++;
		tcp_abort(s);
		return;
	}
	st.accepted++;
	*sp = sl;
	sl->sock = s;
	sl->peer = tcp_peer(s);
	sl->announced = false;
	sl->last_rx_ns = uni_now_ns();
	uni_timer_start(&sl->probe, sl->last_rx_ns + cfg->echo_interval_ns,
			on_probe, sp);
	of_stream_init(&sl->in);
	of_ctl_start(&sl->ctl, &cfg->ctl, sl->out, OUT_CAP, sl->macs,
		     cfg->mac_table_size, cfg->mac_ageing_ns);
	tcp_set_nodelay(s, true);
	tcp_sock_set_ops(s, &ops, sp);
	pump(sp, s);
}

static void on_stats_timer(struct uni_timer *t, void *arg)
{
	(void)arg;
	for (uint32_t i = 0; i < cfg->max_switches; i++) {
		if (slots[i] == NULL)
			continue;
		of_ctl_request_aggregate(&slots[i]->ctl);
		pump(&slots[i], slots[i]->sock);
	}
	uni_timer_start(t, uni_now_ns() + cfg->stats_interval_ns,
			on_stats_timer, NULL);
}

static int listen_on(uint16_t port)
{
	int r = tcp_listen(port, on_accept, NULL);

	if (r != NET_OK)
		printf("ofctl: cannot listen on TCP port %u: error %d\n", port,
		       r);
	return r == NET_OK ? 0 : -1;
}

int ofctl_server_start(const struct ofctl_server_config *c)
{
	cfg = c;
	slots = calloc(c->max_switches, sizeof(*slots));
	if (slots == NULL) {
		printf("ofctl: no memory for %u switches\n", c->max_switches);
		return -1;
	}
	if (listen_on(c->port) != 0)
		return -1;
	if (c->legacy_port != 0 && c->legacy_port != c->port &&
	    listen_on(c->legacy_port) != 0)
		return -1;
	if (c->stats_interval_ns > 0)
		uni_timer_start(&stats_timer,
				uni_now_ns() + c->stats_interval_ns,
				on_stats_timer, NULL);
	return 0;
}

void ofctl_server_print_stats(void)
{
	struct of_ctl_stats all = gone;

	for (uint32_t i = 0; slots != NULL && i < cfg->max_switches; i++)
		if (slots[i] != NULL)
			add_stats(&all, &slots[i]->ctl.st);
	printf("ofctl: accepted %llu refused %llu closed %llu broken %llu "
	       "errors_closed %llu no_memory %llu silent %llu\n",
	       (unsigned long long)st.accepted, (unsigned long long)st.refused,
	       (unsigned long long)st.closed, (unsigned long long)st.broken,
	       (unsigned long long)st.errors_closed,
	       (unsigned long long)st.no_memory, (unsigned long long)st.silent);
	printf("ofctl: messages %llu packet_in %llu flow_mod %llu packet_out "
	       "%llu flood %llu dropped %llu echo %llu errors_in %llu "
	       "errors_out %llu\n",
	       (unsigned long long)all.messages,
	       (unsigned long long)all.packet_in,
	       (unsigned long long)all.flow_mod,
	       (unsigned long long)all.packet_out,
	       (unsigned long long)all.flood, (unsigned long long)all.dropped,
	       (unsigned long long)all.echo, (unsigned long long)all.errors_in,
	       (unsigned long long)all.errors_out);
}

/*
 * OpenFlow as a protocol of the image: the controller's TCP service.
 * protocol-prune removes it (and with it every byte of rt/openflow) from an
 * appliance that never starts the controller.
 */
UNI_PROTOCOL(openflow, "openflow", UNI_PROTO_TCP_PORT, OFP_TCP_PORT, on_accept,
	     NULL, UNI_API_FN(ofctl_server_start));

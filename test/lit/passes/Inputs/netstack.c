/* SPDX-License-Identifier: ISC */
/*
 * A network stack in miniature, shaped like rt/net and drivers/: the driver
 * "nic" hands received frames to the stack through netdev_receive(); the
 * link layer "eth" (API netdev_receive) is reached only through it; "udp"
 * also needs the application to bind a port; "sock" is reached only from
 * udp_input (the fixpoint case); "loop" and "echo" name each other's API
 * from their own input code only. -DAPP_BINDS: main() binds a port.
 * -DEXTERNAL_HELPER: an external function that nothing calls binds one.
 * -DUSED_ENTRY: an entry point in llvm.used binds one.
 */
#include "uni/config.h"
#include "uni/driver.h"
#include "uni/protocol.h"

UNI_CONFIG_STRING(console, driver, "uart", "console driver");
UNI_CONFIG_STRING(net0, driver, "nic", "driver of the first NIC");

volatile unsigned long hw[64];

#define WORK(fn, n)                                                            \
	__attribute__((noinline)) static void fn(void)                         \
	{                                                                      \
		for (int i = 0; i < 64; i++)                                   \
			hw[(i * n) & 63] += (unsigned long)i * n;              \
	}

/* The stack's entry points, in another file in a real build. */
__attribute__((noinline)) void netdev_receive(int len)
{
	hw[1] = len;
}
__attribute__((noinline)) int udp_bind(int port)
{
	return (int)(hw[2] = port);
}
__attribute__((noinline)) void sock_deliver(int n)
{
	hw[3] = n;
}
__attribute__((noinline)) void loop_api(void)
{
	hw[4] = 4;
}
__attribute__((noinline)) void echo_api(void)
{
	hw[5] = 5;
}

static int uart_probe(void)
{
	return UNI_DRIVER_OK;
}
static int uart_init(void)
{
	return (int)hw[6];
}

__attribute__((noinline)) static void nic_rx(void)
{
	if (hw[7] != 0)
		netdev_receive((int)hw[7]);
}

static int nic_probe(void)
{
	return UNI_DRIVER_OK;
}

static int nic_init(void)
{
	nic_rx();
	return UNI_DRIVER_OK;
}

UNI_DRIVER(uart, "uart", UNI_DRIVER_CONSOLE, UNI_DRIVER_ON_KVM, uart_probe,
	   uart_init);
UNI_DRIVER(nic, "nic", UNI_DRIVER_NET, UNI_DRIVER_ON_KVM, nic_probe, nic_init);

WORK(eth_input, 11)
static void udp_input(void)
{
	sock_deliver(17);
}
WORK(sock_input, 13)
static void loop_input(void)
{
	echo_api();
}
static void echo_input(void)
{
	loop_api();
}

UNI_PROTOCOL(eth, "eth", UNI_PROTO_ETHERTYPE, 0x800, eth_input, NULL,
	     UNI_API_FN(netdev_receive));
UNI_PROTOCOL(udp, "udp", UNI_PROTO_IP, 17, udp_input, NULL,
	     UNI_API_FN(netdev_receive), UNI_API_GROUP, UNI_API_FN(udp_bind));
UNI_PROTOCOL(sock, "sock", UNI_PROTO_UDP_PORT, 9, sock_input, NULL,
	     UNI_API_FN(sock_deliver));
UNI_PROTOCOL(loop, "loop", UNI_PROTO_IP, 200, loop_input, NULL,
	     UNI_API_FN(loop_api));
UNI_PROTOCOL(echo, "echo", UNI_PROTO_IP, 201, echo_input, NULL,
	     UNI_API_FN(echo_api));

#ifdef EXTERNAL_HELPER
int helper(void)
{
	return udp_bind(7);
}
#endif

#ifdef USED_ENTRY
__attribute__((used)) static int entry(void)
{
	return udp_bind(8);
}
#endif

/* What boot does: walk the tables. */
int main(void)
{
	const struct uni_driver *d;
	const struct uni_protocol *p;

	for (d = __start_uni_drivers; d < __stop_uni_drivers; d++)
		if (d->probe() == UNI_DRIVER_OK)
			d->init();
	for (p = __start_uni_protocols; p < __stop_uni_protocols; p++)
		p->input();
#ifdef APP_BINDS
	return udp_bind(53);
#else
	return 0;
#endif
}

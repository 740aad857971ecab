/* SPDX-License-Identifier: ISC */
/*
 * NAME.libvirt.xml beside each image (issue 14): a libvirt domain that
 * `virsh define` takes as it is.
 *
 * An image for KVM is a QEMU direct-kernel boot on q35 with ACPI: virsh
 * shutdown presses the ACPI power button, which the appliance answers
 * with an ACPI S5 power-off (rt/boot/acpi.c); microvm has no fixed power
 * button and libvirt does not manage it. The domain type is 'qemu' (TCG),
 * which runs anywhere; with KVM, the one word changes at define time:
 *   sed "s/<domain type='qemu'>/<domain type='kvm'>/" NAME.libvirt.xml |
 *   virsh define /dev/stdin
 * The CPU is mode 'maximum' (QEMU's -cpu max: everything TCG emulates, the
 * host's CPU under KVM), the console the serial port, each network device
 * a virtio-net on libvirt's network 'default', placed on the root bus
 * (pcie.0), where the image's PCI scan looks.
 *
 * An image for Xen is a PVH domain for libvirt's libxl driver: the PV
 * console, vifs on the bridge xenbr0 like the xl config's, its disks.
 *
 * libvirt wants an absolute kernel path: the image's path at build time
 * (after copying the image elsewhere, change <kernel>).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "run/run.h"

/* s as XML character data or attribute value. */
static void xml_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '\'':
			fputs("&apos;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

/* <tag>text</tag> on a line of its own, indented. */
static void element(FILE *f, const char *indent, const char *tag,
		    const char *text)
{
	fprintf(f, "%s<%s>", indent, tag);
	xml_text(f, text);
	fprintf(f, "</%s>\n", tag);
}

static void mac_line(FILE *f, const char *mac)
{
	if (mac == NULL)
		return;
	fputs("      <mac address='", f);
	xml_text(f, mac);
	fputs("'/>\n", f);
}

static void qemu_devices(FILE *f, const struct libvirt_guest *g)
{
	fputs("    <serial type='pty'><target port='0'/></serial>\n"
	      "    <console type='pty'><target type='serial' port='0'/>"
	      "</console>\n",
	      f);
	for (int i = 0; i < g->nnet; i++) {
		fputs("    <interface type='network'>\n"
		      "      <source network='default'/>\n",
		      f);
		mac_line(f, g->mac[i]);
		fprintf(f,
			"      <model type='virtio'/>\n"
			"      <address type='pci' domain='0x0000' bus='0x00' "
			"slot='0x%02x' function='0x0'/>\n"
			"    </interface>\n",
			3 + i);
	}
	fputs("    <controller type='usb' model='none'/>\n"
	      "    <memballoon model='none'/>\n",
	      f);
}

static void xen_devices(FILE *f, const struct libvirt_guest *g)
{
	fputs("    <console type='pty'><target type='xen' port='0'/>"
	      "</console>\n",
	      f);
	for (int i = 0; i < g->nnet; i++) {
		fputs("    <interface type='bridge'>\n"
		      "      <source bridge='xenbr0'/>\n",
		      f);
		mac_line(f, g->mac[i]);
		fputs("    </interface>\n", f);
	}
	for (int i = 0; i < g->nblock; i++) {
		fputs("    <disk type='file' device='disk'>\n"
		      "      <driver name='phy' type='raw'/>\n"
		      "      <source file='",
		      f);
		xml_text(f, g->disk[i]);
		fprintf(f,
			"'/>\n      <target dev='xvd%c' bus='xen'/>\n"
			"    </disk>\n",
			g->vdev[i]);
	}
}

static void domain(FILE *f, const struct libvirt_guest *g, const char *kernel)
{
	fprintf(f, "<domain type='%s'>\n", g->xen ? "xen" : "qemu");
	element(f, "  ", "name", g->name);
	fprintf(f, "  <memory unit='MiB'>%ld</memory>\n  <vcpu>1</vcpu>\n",
		g->memory_mib);
	fprintf(f, "  <os>\n    <type arch='x86_64' machine='%s'>%s</type>\n",
		g->xen ? "xenpvh" : "q35", g->xen ? "xenpvh" : "hvm");
	element(f, "    ", "kernel", kernel);
	if (g->cmdline[0])
		element(f, "    ", "cmdline", g->cmdline);
	fputs("  </os>\n", f);
	if (!g->xen)
		fputs("  <features><acpi/></features>\n"
		      "  <cpu mode='maximum' check='none'/>\n",
		      f);
	fputs("  <on_poweroff>destroy</on_poweroff>\n"
	      "  <on_reboot>destroy</on_reboot>\n"
	      "  <on_crash>destroy</on_crash>\n"
	      "  <devices>\n",
	      f);
	(g->xen ? xen_devices : qemu_devices)(f, g);
	fputs("  </devices>\n</domain>\n", f);
}

int unilink_write_libvirt(const struct libvirt_guest *g)
{
	char path[4200], kernel[PATH_MAX];
	struct unilink_out out;

	unilink_sibling(g->image, ".libvirt.xml", path, sizeof(path));
	if (realpath(g->image, kernel) == NULL) {
		unilink_error("cannot write %s: the image %s cannot be found",
			      path, g->image);
		return -1;
	}
	if (unilink_out_open(&out, path) < 0)
		return -1;
	/* No name in the comment: "--" may not appear in one. */
	fprintf(out.f,
		"<!-- libvirt domain of an appliance (%s image, %s), "
		"written by unilink.\n",
		g->specialised ? "specialised" : "generic",
		g->xen ? "Xen PVH" : "QEMU q35");
	if (g->xen)
		fputs("     virsh -c xen:/// define THIS-FILE; virsh -c "
		      "xen:/// start NAME; virsh shutdown asks through "
		      "xenstore. -->\n",
		      out.f);
	else
		fputs("     TCG: virsh define THIS-FILE. KVM: sed \"s/<domain "
		      "type='qemu'>/<domain type='kvm'>/\" THIS-FILE | "
		      "virsh define /dev/stdin.\n     virsh shutdown "
		      "presses the ACPI power button; the appliance powers "
		      "off (ACPI S5). -->\n",
		      out.f);
	domain(out.f, g, kernel);
	return unilink_out_commit(&out);
}

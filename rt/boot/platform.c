/* SPDX-License-Identifier: ISC */
/*
 * Which hypervisor are we on? Xen announces itself with the signature
 * "XenVMMXenVMM" at a CPUID leaf 0x40000000 + n * 0x100 (n < 256: Xen moves
 * its leaves up when it also offers another hypervisor's interface at
 * 0x40000000). Anything else is treated as KVM/QEMU, and so is everything
 * when the image cannot serve Xen (uni_boot_xen_possible).
 *
 * uni_boot_platform() is what the rest of the library OS asks: in an image
 * specialised for kvm or linux it is a constant (only that platform's entry
 * is in the image), so that the other platforms' branches fold away.
 */
#include <stdbool.h>
#include <string.h>

#include "boot/internal.h"
#include "config/reader.h"
#include "uni/boot.h"
#include "uni/config.h"
#include "uni/cpu.h"

#define HV_LEAF_FIRST 0x40000000u
#define HV_LEAF_LAST 0x4000ff00u
#define HV_LEAF_STEP 0x100u
#define CPUID1_ECX_HYPERVISOR (1u << 31)

static bool leaf_is_xen(uint32_t leaf)
{
	struct cpuid_regs r = cpuid(leaf, 0);
	char sig[12];

	memcpy(sig, &r.ebx, 4);
	memcpy(sig + 4, &r.ecx, 4);
	memcpy(sig + 8, &r.edx, 4);
	/* Leaves base+1 (version) and base+2 (hypercall MSR) must exist. */
	return memcmp(sig, "XenVMMXenVMM", 12) == 0 && r.eax >= leaf + 2;
}

UNI_CONFIG_EXTERN_ENUM(appliance, platform);

bool uni_boot_xen_possible(void)
{
	return uni_config_boot_reader_needed ||
	       UNI_CFG_VAR(appliance, platform) == UNI_PLATFORM_XEN;
}

enum uni_platform uni_boot_platform(void)
{
	int32_t configured = UNI_CFG_VAR(appliance, platform);

	if (uni_config_boot_reader_needed)
		return (enum uni_platform)uni_boot.platform; /* generic: any */
	if (configured != UNI_PLATFORM_XEN)
		return (enum uni_platform)configured; /* the only entry kept */
	/* A Xen image boots on QEMU/KVM too, never as a process. */
	return uni_boot.platform == UNI_PLATFORM_XEN ? UNI_PLATFORM_XEN
						     : UNI_PLATFORM_KVM;
}

bool uni_boot_hosted(void)
{
	return uni_boot_platform() == UNI_PLATFORM_LINUX;
}

void uni_boot_detect_platform(void)
{
	uint32_t leaf;

	uni_boot.platform = UNI_PLATFORM_KVM;
	uni_boot.xen_cpuid_base = 0;
	if (!uni_boot_xen_possible() ||
	    !(cpuid(1, 0).ecx & CPUID1_ECX_HYPERVISOR))
		return;
	for (leaf = HV_LEAF_FIRST; leaf <= HV_LEAF_LAST; leaf += HV_LEAF_STEP) {
		if (leaf_is_xen(leaf)) {
			uni_boot.platform = UNI_PLATFORM_XEN;
			uni_boot.xen_cpuid_base = leaf;
			return;
		}
	}
}

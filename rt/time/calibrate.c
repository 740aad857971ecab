/* SPDX-License-Identifier: ISC */
/*
 * TSC calibration without a long busy wait. The sources, in order:
 *   Xen        its timing leaf (base+3): guest TSC kHz, or the pvclock
 *              multiplier and shift in sub-leaf 1;
 *   KVM        the pvclock (MSR_KVM_SYSTEM_TIME_NEW) multiplier and shift;
 *   CPUID      leaf 0x15 (crystal ratio) or 0x16 (base MHz);
 *   hypervisor the timing leaf 0x40000010 (TSC kHz, LAPIC bus kHz);
 *   PIT        a 250 us count of PIT channel 2 or 0 (pit.c), the last
 *              resort, refined while the appliance runs (refine.c).
 * A source whose answer is not a plausible TSC rate is passed over.
 */
#include <stdint.h>

#include <xen/xen.h>

#include "time/freq.h"
#include "time/hw.h"
#include "uni/boot.h"
#include "uni/cpu.h"
#include "uni/time.h"

/*
 * KVM's paravirtual clock (Linux: Documentation/virt/kvm/x86/msr.rst and
 * cpuid.rst, uapi asm/kvm_para.h). Its vcpu_time_info is the Xen layout.
 */
#define KVM_CPUID_SIGNATURE_EBX 0x4b4d564b /* "KVMK" */
#define KVM_CPUID_SIGNATURE_ECX 0x564b4d56 /* "VMKV" */
#define KVM_CPUID_SIGNATURE_EDX 0x0000004d /* "M\0\0\0" */
#define KVM_FEATURE_CLOCKSOURCE2 3
#define MSR_KVM_SYSTEM_TIME_NEW 0x4b564d01

#define HV_TIMING_LEAF 0x40000010
#define CPUID1_ECX_HYPERVISOR (1u << 31)

static bool set_hz(struct time_calibration *c, uint64_t hz, const char *src)
{
	if (!time_tsc_hz_plausible(hz) ||
	    !time_scale_init(&c->tsc_to_ns, hz, UNI_NSEC_PER_SEC))
		return false;
	c->tsc_hz = hz;
	c->source = src;
	return true;
}

static bool set_pvclock(struct time_calibration *c, uint32_t mul, int shift,
			const char *src)
{
	struct time_scale s;
	uint64_t hz;

	if (!time_scale_from_pvclock(&s, mul, shift))
		return false;
	hz = time_scale_source_hz(&s, UNI_NSEC_PER_SEC);
	if (!time_tsc_hz_plausible(hz))
		return false;
	c->tsc_to_ns = s;
	c->tsc_hz = hz;
	c->source = src;
	return true;
}

static bool calib_xen(struct time_calibration *c)
{
	uint32_t base = uni_boot.xen_cpuid_base;
	struct cpuid_regs r;

	if (uni_boot_platform() != UNI_PLATFORM_XEN || base == 0 ||
	    cpuid(base, 0).eax < base + 3)
		return false;
	r = cpuid(base + 3, 0);
	if (set_hz(c, time_hz_from_khz(r.ecx), "xen cpuid"))
		return true;
	r = cpuid(base + 3, 1);
	return set_pvclock(c, r.ecx, (int)(int8_t)r.edx, "xen pvclock");
}

static bool hv_present(void)
{
	return (cpuid(1, 0).ecx & CPUID1_ECX_HYPERVISOR) != 0;
}

/* The hypervisor leaf base whose signature is KVM's, or 0. */
static uint32_t kvm_base(void)
{
	uint32_t base;

	for (base = 0x40000000; base < 0x40010000; base += 0x100) {
		struct cpuid_regs r = cpuid(base, 0);

		if (r.ebx == KVM_CPUID_SIGNATURE_EBX &&
		    r.ecx == KVM_CPUID_SIGNATURE_ECX &&
		    r.edx == KVM_CPUID_SIGNATURE_EDX)
			return base;
	}
	return 0;
}

static struct vcpu_time_info kvm_clock __attribute__((aligned(64)));

/* Read mul and shift consistently (version even and unchanged). */
static void read_pvclock(volatile struct vcpu_time_info *t, uint32_t *mul,
			 int *shift)
{
	uint32_t v;

	do {
		v = t->version;
		cpu_rmb();
		*mul = t->tsc_to_system_mul;
		*shift = t->tsc_shift;
		cpu_rmb();
	} while ((v & 1) != 0 || v != t->version);
}

static bool calib_kvm(struct time_calibration *c)
{
	uint32_t base, mul;
	int shift;

	if (!hv_present() || (base = kvm_base()) == 0 ||
	    (cpuid(base + 1, 0).eax & (1u << KVM_FEATURE_CLOCKSOURCE2)) == 0)
		return false;
	/* Identity-mapped: the static's address is its physical address. */
	wrmsr(MSR_KVM_SYSTEM_TIME_NEW, (uint64_t)(uintptr_t)&kvm_clock | 1);
	read_pvclock(&kvm_clock, &mul, &shift);
	wrmsr(MSR_KVM_SYSTEM_TIME_NEW, 0);
	return set_pvclock(c, mul, shift, "kvm pvclock");
}

static bool calib_cpuid(struct time_calibration *c)
{
	uint32_t max = cpuid(0, 0).eax;
	struct cpuid_regs l15 = {0}, l16 = {0};

	if (max >= 0x15)
		l15 = cpuid(0x15, 0);
	if (max >= 0x16)
		l16 = cpuid(0x16, 0);
	if (l15.eax != 0 && l15.ebx != 0 && l15.ecx != 0)
		return set_hz(c,
			      time_hz_from_leaf15(l15.eax, l15.ebx, l15.ecx, 0),
			      "cpuid 0x15");
	return set_hz(c, time_hz_from_leaf15(0, 0, 0, l16.eax), "cpuid 0x16");
}

static bool calib_hv_timing_leaf(struct time_calibration *c)
{
	struct cpuid_regs r;

	if (!hv_present() || cpuid(0x40000000, 0).eax < HV_TIMING_LEAF)
		return false;
	r = cpuid(HV_TIMING_LEAF, 0);
	if (!set_hz(c, time_hz_from_khz(r.eax), "cpuid 0x40000010"))
		return false;
	c->apic_hz = time_hz_from_khz(r.ebx);
	return true;
}

/* The LAPIC timer's rate is measured over the same window. */
static bool calib_pit(struct time_calibration *c)
{
	const char *how = "pit";

	time_lapic_span_begin();
	c->from_pit =
	    set_hz(c, time_pit_measure_tsc_hz(&how, &c->pit_end), how);
	return c->from_pit;
}

bool time_calibrate(struct time_calibration *c)
{
	return calib_xen(c) || calib_kvm(c) || calib_cpuid(c) ||
	       calib_hv_timing_leaf(c) || calib_pit(c);
}

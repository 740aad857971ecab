/* SPDX-License-Identifier: ISC */
/*
 * The local APIC: enabled with LINT0/LINT1 masked (no legacy PIC interrupt
 * gets through), and its timer as the event loop's wake-up. x2APIC MSRs when
 * the CPU has them, else xAPIC MMIO mapped uncached. The timer runs in
 * TSC-deadline mode when CPUID.1:ECX[24] offers it, else in one-shot mode
 * with its rate measured against the TSC: over the TSC calibration itself
 * when that is long enough (the PIT), else in a window of its own. Long
 * enough is SPAN_MIN_US (200 us) and 200 times the wider of the two
 * samples' brackets, so that a slowly trapping APIC (Xen under TCG) is
 * measured within 1%; the rate follows the TSC rate when refine.c
 * improves it.
 */
#include "time/freq.h"
#include "time/hw.h"
#include "uni/boot.h"
#include "uni/cpu.h"
#include "uni/irq.h"
#include "uni/paging.h"
#include "uni/time.h"

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_ENABLE (1ULL << 11)
#define APIC_BASE_X2APIC (1ULL << 10)
#define APIC_BASE_ADDR_MASK 0x000ffffffffff000ULL
#define MSR_X2APIC_FIRST 0x800
#define MSR_TSC_DEADLINE 0x6e0

#define APIC_ID 0x20
#define APIC_TPR 0x80
#define APIC_EOI 0xb0
#define APIC_SVR 0xf0
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR 0x390
#define APIC_TIMER_DIV 0x3e0

#define APIC_SVR_ENABLE (1u << 8)
#define APIC_LVT_MASKED (1u << 16)
#define APIC_LVT_TSC_DEADLINE (2u << 17)
#define APIC_DIV_BY_1 0xb

#define CPUID1_EDX_APIC (1u << 9)
#define CPUID1_ECX_X2APIC (1u << 21)
#define CPUID1_ECX_TSC_DEADLINE (1u << 24)

#define SPAN_MIN_US 200
#define SPAN_PER_BRACKET 200

#define TIMER_VECTOR 0xec
#define SPURIOUS_VECTOR 0xff

enum timer_mode { MODE_NONE, MODE_DEADLINE, MODE_ONESHOT };

static bool x2apic;
static volatile uint32_t *xapic;
static enum timer_mode mode;
static struct time_scale ns_to_apic;
static uint64_t oneshot_hz; /* the one-shot timer's rate */
static volatile uint64_t timer_irqs;

static uint32_t apic_read(uint32_t reg)
{
	if (x2apic)
		return (uint32_t)rdmsr(MSR_X2APIC_FIRST + (reg >> 4));
	return xapic[reg / 4];
}

static void apic_write(uint32_t reg, uint32_t v)
{
	if (x2apic)
		wrmsr(MSR_X2APIC_FIRST + (reg >> 4), v);
	else
		xapic[reg / 4] = v;
}

void uni_lapic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

uint32_t uni_lapic_id(void)
{
	uint32_t id = apic_read(APIC_ID);

	return x2apic ? id : id >> 24;
}

static void map_xapic(uint64_t base_msr)
{
	uint64_t phys = base_msr & APIC_BASE_ADDR_MASK;

	uni_map(phys, 4096, UNI_MAP_W | UNI_MAP_UC);
	xapic = (volatile uint32_t *)(uintptr_t)phys;
}

void time_lapic_enable(void)
{
	struct cpuid_regs r = cpuid(1, 0);
	uint64_t base = rdmsr(MSR_APIC_BASE);

	if ((r.edx & CPUID1_EDX_APIC) == 0)
		uni_panic("time: expected a local APIC (CPUID.1:EDX[9]), "
			  "the CPU has none");
	x2apic = (r.ecx & CPUID1_ECX_X2APIC) != 0;
	/* Disabled -> x2APIC directly is an invalid transition: via xAPIC. */
	base |= APIC_BASE_ENABLE;
	wrmsr(MSR_APIC_BASE, base);
	if (x2apic)
		wrmsr(MSR_APIC_BASE, base | APIC_BASE_X2APIC);
	else
		map_xapic(base);
	apic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
	apic_write(APIC_LVT_LINT1, APIC_LVT_MASKED);
	apic_write(APIC_LVT_ERROR, APIC_LVT_MASKED);
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED);
	apic_write(APIC_TPR, 0);
	apic_write(APIC_SVR, APIC_SVR_ENABLE | SPURIOUS_VECTOR);
}

/* The timer's current count with the TSC midway, and how tight that is. */
static uint32_t apic_sample(uint64_t *tsc, uint64_t *width)
{
	uint64_t before = rdtsc();
	uint32_t count = apic_read(APIC_TIMER_CUR);
	uint64_t after = rdtsc();

	*width = after - before;
	*tsc = before + *width / 2;
	return count;
}

/*
 * The most tightly bracketed of 8 samples: a wide bracket means the vCPU
 * was descheduled, or the access trapped slowly, between the TSC reads.
 * *width is that bracket.
 */
static uint32_t apic_best_sample(uint64_t *tsc, uint64_t *width)
{
	uint64_t t, w;
	uint32_t count, best = 0;
	int i;

	*width = UINT64_MAX;
	for (i = 0; i < 8; i++) {
		count = apic_sample(&t, &w);
		if (w < *width) {
			*width = w;
			best = count;
			*tsc = t;
		}
	}
	return best;
}

static bool has_tsc_deadline(void)
{
	return (cpuid(1, 0).ecx & CPUID1_ECX_TSC_DEADLINE) != 0;
}

static uint64_t span_tsc, span_width;
static uint32_t span_count;
static bool span_on;

void time_lapic_span_begin(void)
{
	if (has_tsc_deadline())
		return;
	apic_write(APIC_TIMER_DIV, APIC_DIV_BY_1);
	apic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | TIMER_VECTOR);
	apic_write(APIC_TIMER_INIT, UINT32_MAX);
	span_count = apic_best_sample(&span_tsc, &span_width);
	span_on = true;
}

/* The TSC ticks a span must last for brackets of width w (at tsc_hz). */
static uint64_t span_needed(uint64_t w, uint64_t tsc_hz)
{
	uint64_t min = tsc_hz / 1000000 * SPAN_MIN_US;

	return w > min / SPAN_PER_BRACKET ? w * SPAN_PER_BRACKET : min;
}

uint64_t time_lapic_span_end(uint64_t tsc_hz)
{
	uint64_t tsc, width;
	uint32_t count;

	if (!span_on)
		return 0;
	span_on = false;
	count = apic_best_sample(&tsc, &width);
	apic_write(APIC_TIMER_INIT, 0);
	if (width < span_width)
		width = span_width;
	if (count == 0 || tsc - span_tsc < span_needed(width, tsc_hz))
		return 0;
	return time_hz_from_reference(span_count - count, tsc - span_tsc,
				      tsc_hz);
}

/*
 * Count the timer down against the TSC (at divide 1) for as long as the
 * first sample's bracket asks: SPAN_MIN_US, longer when the APIC traps
 * slowly. The window starts after that sample: under Xen the trapping
 * reads can take longer than the minimum window itself.
 */
static uint64_t calibrate_apic_hz(void)
{
	uint64_t window, t0;

	time_lapic_span_begin();
	window = span_needed(2 * span_width, uni_tsc_hz());
	t0 = rdtsc();
	while (rdtsc() - t0 < window)
		cpu_pause();
	return time_lapic_span_end(uni_tsc_hz());
}

static void timer_irq(uint8_t vector, void *arg)
{
	timer_irqs++;
	uni_lapic_eoi();
}

static void spurious_irq(uint8_t vector, void *arg)
{
	/* A spurious interrupt takes no EOI. */
}

static void take_vectors(void)
{
	if (uni_irq_register(TIMER_VECTOR, timer_irq, NULL) != 0 ||
	    uni_irq_register(SPURIOUS_VECTOR, spurious_irq, NULL) != 0)
		uni_panic("time: expected LAPIC vectors %#x and %#x free, "
			  "one is taken",
			  TIMER_VECTOR, SPURIOUS_VECTOR);
}

static void init_oneshot(uint64_t apic_hz)
{
	if (!time_apic_hz_plausible(apic_hz))
		apic_hz = calibrate_apic_hz();
	if (!time_apic_hz_plausible(apic_hz) ||
	    !time_scale_init(&ns_to_apic, UNI_NSEC_PER_SEC, apic_hz))
		uni_panic("time: LAPIC timer rate: expected 1 MHz to 20 GHz, "
			  "measured %llu Hz",
			  (unsigned long long)apic_hz);
	oneshot_hz = apic_hz;
	apic_write(APIC_TIMER_DIV, APIC_DIV_BY_1);
	apic_write(APIC_LVT_TIMER, TIMER_VECTOR);
	mode = MODE_ONESHOT;
}

/* The one-shot rate was measured in TSC ticks: it scales with the TSC's. */
void time_lapic_rescale(uint64_t old_tsc_hz, uint64_t new_tsc_hz)
{
	uint64_t hz;

	if (mode != MODE_ONESHOT)
		return;
	hz = time_mul_div(oneshot_hz, new_tsc_hz, old_tsc_hz);
	if (time_apic_hz_plausible(hz) &&
	    time_scale_init(&ns_to_apic, UNI_NSEC_PER_SEC, hz))
		oneshot_hz = hz;
}

void time_lapic_timer_init(uint64_t apic_hz)
{
	take_vectors();
	if (has_tsc_deadline()) {
		apic_write(APIC_LVT_TIMER,
			   APIC_LVT_TSC_DEADLINE | TIMER_VECTOR);
		/* The LVT write must land before the first deadline write. */
		__asm__ volatile("mfence" : : : "memory");
		mode = MODE_DEADLINE;
		return;
	}
	init_oneshot(apic_hz);
}

void time_lapic_arm(uint64_t deadline_ns)
{
	uint64_t now, ticks;

	if (mode == MODE_DEADLINE) {
		wrmsr(MSR_TSC_DEADLINE, time_ns_to_tsc(deadline_ns));
		return;
	}
	now = uni_now_ns();
	ticks = deadline_ns > now
		    ? time_scale_apply(&ns_to_apic, deadline_ns - now) + 1
		    : 1;
	/* A far deadline wakes us early; the loop arms the timer again. */
	apic_write(APIC_TIMER_INIT,
		   ticks > UINT32_MAX ? UINT32_MAX : (uint32_t)ticks);
}

const char *time_lapic_mode(void)
{
	switch (mode) {
	case MODE_DEADLINE:
		return x2apic ? "tsc-deadline (x2apic)"
			      : "tsc-deadline (xapic)";
	case MODE_ONESHOT:
		return x2apic ? "one-shot (x2apic)" : "one-shot (xapic)";
	case MODE_NONE:
		break;
	}
	return "off";
}

uint64_t time_lapic_interrupts(void)
{
	return timer_irqs;
}

/* SPDX-License-Identifier: ISC */
/*
 * The arithmetic of calibration, apart from the hardware it reads so that
 * it can be tested natively: frequencies from CPUID leaves and from a count
 * of a reference clock's ticks, and the plausibility bounds they must meet.
 */
#ifndef UNI_TIME_FREQ_H
#define UNI_TIME_FREQ_H

#include <stdbool.h>
#include <stdint.h>

#define TIME_PIT_HZ 1193182ULL

/* A TSC rate we believe: 100 MHz to 20 GHz. */
bool time_tsc_hz_plausible(uint64_t hz);

/* A LAPIC timer rate we believe: 1 MHz to 20 GHz. */
bool time_apic_hz_plausible(uint64_t hz);

/*
 * CPUID 0x15: TSC = crystal * ebx / eax. When the crystal (ecx) is not
 * given, CPUID 0x16's base frequency in MHz stands for the TSC rate.
 * Returns 0 when the leaves say nothing usable.
 */
uint64_t time_hz_from_leaf15(uint32_t eax_den, uint32_t ebx_num,
			     uint32_t ecx_crystal_hz, uint32_t leaf16_eax_mhz);

/* kHz as reported by Xen's and the VMware-style timing leaves. */
uint64_t time_hz_from_khz(uint32_t khz);

/* The rate of a counter that advanced by ticks while a ref_hz reference
 * advanced by ref_ticks; 0 if the reference did not move. */
uint64_t time_hz_from_reference(uint64_t ticks, uint64_t ref_ticks,
				uint64_t ref_hz);

/* Ticks a 16-bit down-counter (the PIT) went through from c0 to c1. */
uint32_t time_pit_elapsed(uint16_t c0, uint16_t c1);

/*
 * The ticks a 16-bit counter went through when its count moved by diff16
 * (mod 2^16) and about expected ticks passed: the number congruent to
 * diff16 nearest expected. Right when expected is off by less than 2^15.
 */
uint64_t time_pit_unwrap(uint16_t diff16, uint64_t expected);

#endif

/* SPDX-License-Identifier: ISC */
/* Calibration arithmetic (see freq.h); pure, tested natively. */
#include "time/freq.h"
#include "time/scale.h"

#define MHZ 1000000ULL

bool time_tsc_hz_plausible(uint64_t hz)
{
	return hz >= 100 * MHZ && hz <= 20000 * MHZ;
}

bool time_apic_hz_plausible(uint64_t hz)
{
	return hz >= 1 * MHZ && hz <= 20000 * MHZ;
}

uint64_t time_hz_from_leaf15(uint32_t eax_den, uint32_t ebx_num,
			     uint32_t ecx_crystal_hz, uint32_t leaf16_eax_mhz)
{
	if (eax_den != 0 && ebx_num != 0 && ecx_crystal_hz != 0)
		return time_mul_div(ecx_crystal_hz, ebx_num, eax_den);
	return (uint64_t)(leaf16_eax_mhz & 0xffff) * MHZ;
}

uint64_t time_hz_from_khz(uint32_t khz)
{
	return (uint64_t)khz * 1000;
}

uint64_t time_hz_from_reference(uint64_t ticks, uint64_t ref_ticks,
				uint64_t ref_hz)
{
	uint64_t hz;

	if (ref_ticks == 0)
		return 0;
	hz = time_mul_div(ticks, ref_hz, ref_ticks);
	return hz == UINT64_MAX ? 0 : hz;
}

uint32_t time_pit_elapsed(uint16_t c0, uint16_t c1)
{
	return (uint16_t)(c0 - c1);
}

uint64_t time_pit_unwrap(uint16_t diff16, uint64_t expected)
{
	uint64_t t = (expected & ~(uint64_t)0xffff) + diff16;

	if (t + 0x8000 < expected)
		t += 0x10000;
	else if (t > expected + 0x8000 && t >= 0x10000)
		t -= 0x10000;
	return t;
}

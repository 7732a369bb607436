// Which instruction set the kernels use: read once from CPUID, with XGETBV to check that the
// operating system saves the registers the set needs (Intel SDM vol. 1, 13.3 and 15.2).
#include "CKernels.h"

#include <stdatomic.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static unsigned long long read_xcr0(void) {
    unsigned int eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

static ck_isa detect(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return CK_ISA_PORTABLE;
    int osxsave = (ecx >> 27) & 1, avx = (ecx >> 28) & 1, fma = (ecx >> 12) & 1;
    if (!osxsave || !avx) return CK_ISA_PORTABLE;
    unsigned long long xcr0 = read_xcr0();
    int ymm_saved = (xcr0 & 0x6) == 0x6;          // SSE and AVX state
    int zmm_saved = (xcr0 & 0xe6) == 0xe6;        // and opmask, ZMM0-15 upper halves, ZMM16-31
    if (!ymm_saved || !__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return CK_ISA_PORTABLE;
    // AVX-512 VL as well as F: the kernels also use the 128- and 256-bit forms on registers
    // 16-31. Every AVX-512 CPU but Xeon Phi has both.
    int avx2 = (ebx >> 5) & 1, avx512f = (ebx >> 16) & 1, avx512vl = (ebx >> 31) & 1;
    if (avx512f && avx512vl && zmm_saved && fma) return CK_ISA_AVX512;
    if (avx2 && fma) return CK_ISA_AVX2;
    return CK_ISA_PORTABLE;
}
#else
static ck_isa detect(void) { return CK_ISA_PORTABLE; }
#endif

// -1 until first asked; then the ISA. Detection is idempotent, so a race only repeats it.
static _Atomic int detected = -1;
static _Atomic int active = -1;

ck_isa ck_isa_detected(void) {
    int isa = atomic_load_explicit(&detected, memory_order_relaxed);
    if (isa < 0) {
        isa = (int)detect();
        atomic_store_explicit(&detected, isa, memory_order_relaxed);
    }
    return (ck_isa)isa;
}

ck_isa ck_isa_active(void) {
    int isa = atomic_load_explicit(&active, memory_order_relaxed);
    return isa < 0 ? ck_isa_detected() : (ck_isa)isa;
}

int ck_set_isa(ck_isa isa) {
    if ((int)isa < 0 || isa > ck_isa_detected()) return 0;
    atomic_store_explicit(&active, (int)isa, memory_order_relaxed);
    return 1;
}

const char *ck_isa_name(ck_isa isa) {
    switch (isa) {
    case CK_ISA_AVX512: return "avx512";
    case CK_ISA_AVX2: return "avx2";
    default: return "portable";
    }
}

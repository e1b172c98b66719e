/* Test-only: Wine 8 has no bcryptprimitives.dll, from which Rust's standard
 * library imports ProcessPrng (Windows 10 and later ship it). This stand-in
 * forwards to BCryptGenRandom with the system RNG. Never shipped. */
#include <windows.h>
#include <bcrypt.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, chunk, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}

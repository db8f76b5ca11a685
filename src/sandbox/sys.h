/* System calls for the run's init and the program's child, which share the
 * worker's memory (CLONE_VM) and so its thread's TLS: libc's wrappers would
 * write the worker's errno on every failure (ECHILD ends each reaping loop,
 * ENOENT each PATH miss), and its set*id() wrappers signal every thread of the
 * worker to change credentials with them. These return the kernel's answer:
 * the result, or a negative errno, and touch nothing else. */
#ifndef SANDBOX_SYS_H
#define SANDBOX_SYS_H

#include <signal.h>
#include <stddef.h>
#include <sys/syscall.h>

#define SYS_INLINE static inline __attribute__((always_inline, no_sanitize("address", "undefined")))

#if defined(__x86_64__)
SYS_INLINE long sys6(long n, long a, long b, long c, long d, long e, long f)
{
    register long r10 __asm__("r10") = d;
    register long r8 __asm__("r8") = e;
    register long r9 __asm__("r9") = f;
    long ret;
    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
                     : "rcx", "r11", "memory");
    return ret;
}
#elif defined(__aarch64__)
SYS_INLINE long sys6(long n, long a, long b, long c, long d, long e, long f)
{
    register long x8 __asm__("x8") = n;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc 0"
                     : "+r"(x0)
                     : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                     : "memory");
    return x0;
}
#else
#error "the sandbox's raw system calls exist for x86_64 and aarch64 only"
#endif

#define SYS_(n, a, b, c, d, e, f)                                                                  \
    sys6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))
#define sys0(n) SYS_(n, 0, 0, 0, 0, 0, 0)
#define sys1(n, a) SYS_(n, a, 0, 0, 0, 0, 0)
#define sys2(n, a, b) SYS_(n, a, b, 0, 0, 0, 0)
#define sys3(n, a, b, c) SYS_(n, a, b, c, 0, 0, 0)
#define sys4(n, a, b, c, d) SYS_(n, a, b, c, d, 0, 0)
#define sys5(n, a, b, c, d, e) SYS_(n, a, b, c, d, e, 0)

/* The kernel's struct sigaction (x86_64 and arm64 both carry sa_restorer). */
struct sys_sigaction {
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)(void);
    unsigned long mask;
};

#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif

#endif

/* expect: ok
 * System calls newer than the filter's libseccomp (statmount 457, listmount
 * 458, the lsm_* calls, mseal 462, the *xattrat calls, open_tree_attr 467 and
 * whatever comes next) reach a kernel the deny-list was never written for.
 * Each must fail with ENOSYS, as on an older kernel; cachestat (a page-cache
 * side channel libseccomp does know) with EPERM. Exits 42 if any does not. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
    int bad = 0;
    static const long numbers[] = {457, 458, 459, 460, 461, 462, 463, 464, 465,
                                   466, 467, 468, 469, 470, 500, 1000, 4095};
    for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
        errno = 0;
        long rc = syscall(numbers[i], 0, 0, 0, 0, 0, 0);
        if (rc != -1 || errno != ENOSYS) {
            printf("syscall %ld: %ld (%s)\n", numbers[i], rc, strerror(errno));
            bad = 1;
        }
    }
    errno = 0;
    long rc = syscall(451 /* cachestat */, 0, 0, 0, 0);
    if (rc != -1 || errno != EPERM) {
        printf("cachestat: %ld (%s)\n", rc, strerror(errno));
        bad = 1;
    }
    return bad ? 42 : 0;
}

/* expect: ok
 * mount: a tmpfs over /usr, a remount of / read-write, an unmount of /proc.
 * Exits 42 if any works. */
#include <stdio.h>
#include <sys/mount.h>

int main(void)
{
    int bad = 0;
    if (mount("tmpfs", "/usr", "tmpfs", 0, NULL) == 0) {
        printf("mount tmpfs: WORKED\n");
        bad = 1;
    }
    if (mount(NULL, "/", NULL, MS_REMOUNT, NULL) == 0) {
        printf("remount /: WORKED\n");
        bad = 1;
    }
    if (umount2("/proc", MNT_DETACH) == 0) {
        printf("umount /proc: WORKED\n");
        bad = 1;
    }
    return bad ? 42 : 0;
}

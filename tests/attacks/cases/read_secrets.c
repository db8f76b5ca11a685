/* expect: ok
 * Reading host secrets: /etc/shadow, /root, and the host paths given. Exits
 * 42 if any of them can be opened. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int bad = 0;
    const char *fixed[] = {"/etc/shadow", "/etc/gshadow", "/root/.bashrc", "/proc/1/environ"};
    for (int i = 0; i < 4; i++) {
        int fd = open(fixed[i], O_RDONLY);
        if (fd >= 0) {
            printf("%s: OPENED\n", fixed[i]);
            bad = 1;
            close(fd);
        }
    }
    DIR *d = opendir("/root");
    if (d) {
        printf("/root: LISTED\n");
        bad = 1;
        closedir(d);
    }
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd >= 0) {
            printf("%s: OPENED\n", argv[i]);
            bad = 1;
            close(fd);
        }
    }
    return bad ? 42 : 0;
}

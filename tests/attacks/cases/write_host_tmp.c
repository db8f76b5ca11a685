/* expect: ok
 * Writing the host's shared directories: creates argv[1] under /tmp, /var/tmp
 * and /dev/shm. Whatever it manages lands in the run's own tmpfs; the test
 * checks the host's directories afterwards. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    const char *dirs[] = {"/tmp", "/var/tmp", "/dev/shm"};
    for (int i = 0; i < 3; i++) {
        char path[512];
        snprintf(path, sizeof(path), "%s/%s", dirs[i], argv[1]);
        int fd = open(path, O_WRONLY | O_CREAT, 0644);
        printf("%s: %s\n", path, fd >= 0 ? "created in the box" : "refused");
        if (fd >= 0)
            close(fd);
    }
    return 0;
}

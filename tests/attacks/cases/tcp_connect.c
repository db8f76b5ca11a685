/* expect: ok
 * Connecting out: TCP to 127.0.0.1 on the ports given (the test's listener,
 * the project's Redis and PostgreSQL test ports), plus raw and netlink
 * sockets. Exits 42 if anything connects or opens. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) {
            printf("port %s: socket refused\n", argv[i]);
            continue;
        }
        struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(atoi(argv[i]))};
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0) {
            printf("port %s: CONNECTED\n", argv[i]);
            bad = 1;
        }
        close(fd);
    }
    static const int families[] = {AF_INET6, AF_PACKET, AF_NETLINK};
    for (int i = 0; i < 3; i++) {
        int fd = socket(families[i], SOCK_RAW, 0);
        if (fd >= 0) {
            printf("family %d: OPENED\n", families[i]);
            bad = 1;
            close(fd);
        }
    }
    int u = socket(AF_UNIX, SOCK_STREAM, 0);
    printf("unix socket: %s\n", u >= 0 ? "allowed" : "refused");
    return bad ? 42 : 0;
}

/* The kernel's floor for a broadcast on this machine: one process writes a
 * 230-byte frame to each of N loopback TCP connections, another reads them,
 * and the time until the last one is read is the least any gateway can take
 * with one write per connection (no WebSocket, no JSON, no event loop
 * library). bench/gateway prints it beside verdict's broadcast and Node's.
 * Usage: bench_gateway floor [CONNS] [ROUNDS]; the writer is pinned to CPU 0
 * and the reader to CPU 1 when the machine has them, as the gateway bench
 * pins the gateway and its load clients. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define FRAME 230
#define SOURCES 8

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void pin(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (cpu < sysconf(_SC_NPROCESSORS_ONLN))
        (void)sched_setaffinity(0, sizeof(set), &set);
}

static void die(const char *what)
{
    perror(what);
    exit(1);
}

/* The reader: connects n sockets (from 127.0.0.2-9), reports ready on the
 * pipe, then for each round reads one frame from every socket and writes the
 * round's end time (ns) on the pipe. */
static void reader(int port, int n, int rounds, int report)
{
    pin(1);
    int ep = epoll_create1(0);
    if (ep < 0)
        die("epoll_create1");
    for (int i = 0; i < n; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0)
            die("socket");
        struct sockaddr_in src = {.sin_family = AF_INET};
        src.sin_addr.s_addr = htonl(0x7f000002u + (uint32_t)(i % SOURCES));
        if (bind(fd, (struct sockaddr *)&src, sizeof(src)) < 0)
            die("bind");
        struct sockaddr_in dst = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
        dst.sin_addr.s_addr = htonl(0x7f000001u);
        if (connect(fd, (struct sockaddr *)&dst, sizeof(dst)) < 0)
            die("connect");
        struct epoll_event ev = {.events = EPOLLIN, .data.fd = fd};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0)
            die("epoll_ctl");
    }
    uint64_t t = 0;
    if (write(report, &t, sizeof(t)) != sizeof(t))
        die("write");
    struct epoll_event evs[1024];
    char buf[4096];
    for (int r = 0; r < rounds; r++) {
        int got = 0;
        while (got < n) {
            int k = epoll_wait(ep, evs, 1024, -1);
            for (int i = 0; i < k; i++)
                if (read(evs[i].data.fd, buf, sizeof(buf)) > 0)
                    got++;
        }
        t = now_ns();
        if (write(report, &t, sizeof(t)) != sizeof(t))
            die("write");
    }
    exit(0);
}

int floor_main(int argc, char **argv);

int floor_main(int argc, char **argv)
{
    int n = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 15000;
    int rounds = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 5;
    int lfd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(0x7f000001u);
    socklen_t alen = sizeof(a);
    if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(lfd, 4096) < 0 ||
        getsockname(lfd, (struct sockaddr *)&a, &alen) < 0)
        die("listen");
    int p[2];
    if (pipe(p) < 0)
        die("pipe");
    pid_t pid = fork();
    if (pid < 0)
        die("fork");
    if (pid == 0) {
        close(p[0]);
        reader(ntohs(a.sin_port), n, rounds, p[1]);
    }
    close(p[1]);
    pin(0);
    int *fds = calloc((size_t)n, sizeof(int));
    for (int i = 0; i < n; i++) {
        if ((fds[i] = accept(lfd, NULL, NULL)) < 0)
            die("accept");
        int one = 1;
        (void)setsockopt(fds[i], IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    }
    uint64_t t;
    if (read(p[0], &t, sizeof(t)) != sizeof(t))
        die("reader");
    char frame[FRAME];
    memset(frame, 'x', sizeof(frame));
    for (int r = 0; r < rounds; r++) {
        usleep(200000);
        uint64_t t0 = now_ns();
        for (int i = 0; i < n; i++)
            if (write(fds[i], frame, sizeof(frame)) != (ssize_t)sizeof(frame))
                die("write");
        uint64_t sent = now_ns();
        if (read(p[0], &t, sizeof(t)) != sizeof(t))
            die("reader");
        printf("floor round %d: %d connections, written in %.1f ms, last read after %.1f ms\n", r,
               n, (double)(sent - t0) / 1e6, (double)(t - t0) / 1e6);
        fflush(stdout);
    }
    int st;
    waitpid(pid, &st, 0);
    return 0;
}

/* LaTeX statements to Markdown through pandoc: a child process fed on its
 * stdin and read on its stdout, under a deadline, with no shell and a
 * cleared environment. */
#include "judge/statement.h"

#include "common/alloc.h"
#include "common/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* problemtools' problemset class defines these; pandoc knows none of them.
 * The title comes from problem.yaml (the "# Title" line), samples from
 * data/sample (served beside the statement), so those macros print nothing;
 * an illustration is a figure: its image (kept with the problem and served,
 * judge/images.h) and its caption. */
const char statement_latex_preamble[] = "\\newcommand{\\problemname}[1]{}\n"
                                        "\\newcommand{\\illustration}[3]{\\begin{figure}"
                                        "\\includegraphics{#2}\\caption{#3}\\end{figure}}\n"
                                        "\\newcommand{\\sampleheader}[1]{}\n"
                                        "\\newcommand{\\sampletable}[4]{}\n"
                                        "\\newcommand{\\sampletableinteractive}[4]{}\n"
                                        "\\newcommand{\\nextsample}{}\n"
                                        "\\newcommand{\\remainingsamples}{}\n"
                                        "\\newcommand{\\fontencoding}[1]{}\n"
                                        "\\newcommand{\\InputFile}{}\n"
                                        "\\newcommand{\\OutputFile}{}\n";

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* The LaTeX pandoc reads: the preamble, \problemyamlname as the title (its
 * special characters escaped), then the statement. */
static char *statement_input(const char *tex, size_t len, const char *title, size_t *out_len)
{
    struct buf b;
    buf_init(&b);
    buf_puts(&b, statement_latex_preamble);
    buf_puts(&b, "\\newcommand{\\problemyamlname}{");
    for (const char *s = title; *s; s++) {
        if (strchr("&%$#_{}", *s))
            buf_printf(&b, "\\%c", *s);
        else if (strchr("\\~^", *s))
            buf_puts(&b, " ");
        else
            buf_append(&b, s, 1);
    }
    buf_puts(&b, "}\n");
    buf_append(&b, tex, len);
    *out_len = b.len;
    return buf_steal(&b);
}

/* Starts pandoc with its stdin and stdout on pipes; stderr is dropped. */
static int statement_spawn(pid_t *pid, int *to, int *from, char *err, size_t errlen)
{
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) < 0)
        goto fail;
    if (pipe2(out, O_CLOEXEC) < 0) {
        close(in[0]);
        close(in[1]);
        goto fail;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    /* No raw HTML: the page renders Markdown with HTML off (a statement is
     * text), so pandoc's <img ...>, <figure> or <sup> would show as tags;
     * without it images are Markdown images, x^2 is x², and so on. */
    char *const argv[] = {"pandoc",      "--sandbox",
                          "-f",          "latex",
                          "-t",          "gfm-raw_html+tex_math_dollars",
                          "--wrap=none", "--shift-heading-level-by=1",
                          NULL};
    char *const envp[] = {"PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8", "HOME=/nonexistent",
                          NULL};
    int rc = posix_spawnp(pid, "pandoc", &fa, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    if (rc != 0) {
        close(in[1]);
        close(out[0]);
        snprintf(err, errlen, "pandoc cannot be started: %s (install Debian's pandoc)",
                 strerror(rc));
        return -1;
    }
    fcntl(in[1], F_SETFL, O_NONBLOCK);
    *to = in[1];
    *from = out[0];
    return 0;
fail:
    snprintf(err, errlen, "pandoc: pipe: %s", strerror(errno));
    return -1;
}

struct exchange {
    const char *in;
    size_t in_len, in_off;
    struct buf out;
    bool too_big;
};

/* Feeds the input and reads the output until pandoc closes its stdout or
 * the deadline passes. Returns 0, or -ETIMEDOUT / -EIO. */
static int statement_exchange(int to, int from, struct exchange *x)
{
    uint64_t deadline = now_ms() + STATEMENT_PANDOC_MS;
    char chunk[65536];
    for (;;) {
        struct pollfd fds[2] = {{from, POLLIN, 0}, {to, POLLOUT, 0}};
        uint64_t now = now_ms();
        if (now >= deadline)
            return -ETIMEDOUT;
        int n = poll(fds, to >= 0 ? 2 : 1, (int)(deadline - now));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -EIO;
        if (to >= 0 && fds[1].revents) {
            ssize_t w = write(to, x->in + x->in_off, x->in_len - x->in_off);
            if (w > 0)
                x->in_off += (size_t)w;
            if ((w < 0 && errno != EAGAIN) || x->in_off == x->in_len) {
                close(to); /* EPIPE included: pandoc stopped reading */
                to = -1;
            }
        }
        if (fds[0].revents) {
            ssize_t r = read(from, chunk, sizeof(chunk));
            if (r == 0)
                break;
            if (r < 0 && errno != EINTR && errno != EAGAIN)
                break;
            if (r > 0 && x->out.len + (size_t)r > STATEMENT_MD_MAX)
                x->too_big = true;
            else if (r > 0)
                buf_append(&x->out, chunk, (size_t)r);
        }
    }
    if (to >= 0)
        close(to);
    return 0;
}

/* Runs pandoc with SIGPIPE blocked in this thread (it may stop reading
 * early), consuming a SIGPIPE left pending before the mask is restored. */
static int statement_run(const char *in, size_t len, struct exchange *x, char *err, size_t errlen)
{
    sigset_t pipe_set, old;
    sigemptyset(&pipe_set);
    sigaddset(&pipe_set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
    pid_t pid;
    int to, from, rc = statement_spawn(&pid, &to, &from, err, errlen);
    if (rc == 0) {
        *x = (struct exchange){.in = in, .in_len = len};
        buf_init(&x->out);
        rc = statement_exchange(to, from, x);
        close(from);
        if (rc < 0)
            kill(pid, SIGKILL); /* pandoc over its deadline */
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
            ;
        if (rc == -ETIMEDOUT)
            snprintf(err, errlen, "pandoc took longer than %d s", STATEMENT_PANDOC_MS / 1000);
        else if (rc < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            snprintf(err, errlen, "pandoc failed (exit status %d)",
                     WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
        else if (x->too_big)
            snprintf(err, errlen, "pandoc's Markdown is over %u MiB", STATEMENT_MD_MAX >> 20);
        if (rc == 0 && (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || x->too_big))
            rc = -EIO;
        if (rc < 0)
            buf_dispose(&x->out);
    }
    struct timespec zero = {0, 0};
    while (sigtimedwait(&pipe_set, NULL, &zero) > 0)
        ;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc < 0 ? -1 : 0;
}

int statement_from_latex(const char *tex, size_t len, const char *title, char **md, char *err,
                         size_t errlen)
{
    size_t in_len;
    char *in = statement_input(tex, len, title, &in_len);
    struct exchange x;
    int rc = statement_run(in, in_len, &x, err, errlen);
    free(in);
    if (rc < 0)
        return -1;
    if (x.out.data == NULL)
        buf_puts(&x.out, "");
    *md = buf_steal(&x.out);
    return 0;
}

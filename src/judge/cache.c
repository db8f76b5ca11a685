/* The on-disk test cache (see cache.h). Small synchronous file I/O: test files
 * are written once per problem version and read by the kernel afterwards. */
#include "judge/cache.h"

#include "common/alloc.h"
#include "common/fs.h"
#include "contract/ids.h"
#include "judge/plan.h"
#include "judge/problem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_MAX_TESTS 10000

static int write_file(const char *dir, const char *name, const char *data, size_t len, mode_t mode)
{
    char path[CACHE_PATH_MAX + 16];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0)
        return -errno;
    int rc = 0;
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            rc = -errno;
            break;
        }
        data += w;
        len -= (size_t)w;
    }
    /* The umask must not make a file unreadable to the boxes' uids. */
    if (rc == 0 && fchmod(fd, mode) < 0)
        rc = -errno;
    if (close(fd) < 0 && rc == 0)
        rc = -errno;
    return rc;
}

int cache_open(const char *root, const char *problem, int version, struct cache_problem *out)
{
    /* A problem id names a directory: only a valid one (no '/', no "..") is
     * ever joined to the root. */
    if (!ids_problem_valid(problem, strlen(problem)) || version < 0)
        return -EINVAL;
    int n = snprintf(out->dir, sizeof(out->dir), "%s/%s/%d", root, problem, version);
    if (n < 0 || (size_t)n >= sizeof(out->dir))
        return -ENAMETOOLONG;
    char path[CACHE_PATH_MAX + 16];
    snprintf(path, sizeof(path), "%s/meta", out->dir);
    FILE *f = fopen(path, "re");
    if (f == NULL)
        return -errno;
    unsigned ntests, nsamples, checker, judging = 0, validator = 0;
    /* Versions cached before packaged problems have three lines. */
    int got = fscanf(f, "tests %u\nsamples %u\nchecker %u\njudging %u\nvalidator %u\n", &ntests,
                     &nsamples, &checker, &judging, &validator);
    fclose(f);
    if ((got != 3 && got != 5) || nsamples > ntests || ntests > CACHE_MAX_TESTS)
        return -EBADMSG;
    out->ntests = ntests;
    out->nsamples = nsamples;
    out->has_checker = checker != 0;
    out->has_judging = judging != 0;
    out->has_validator = validator != 0;
    return 0;
}

void cache_test_path(const struct cache_problem *p, unsigned i, bool output, char *buf, size_t len)
{
    snprintf(buf, len, "%s/%03u.%s", p->dir, i + 1, output ? "out" : "in");
}

int cache_writer_begin(struct cache_writer *w, const char *root, const char *problem, int version)
{
    memset(w, 0, sizeof(*w));
    /* A problem id names a directory: only a valid one (no '/', no "..") is
     * ever joined to the root. */
    if (!ids_problem_valid(problem, strlen(problem)) || version < 0)
        return -EINVAL;
    char parent[CACHE_PATH_MAX - 32];
    int n = snprintf(parent, sizeof(parent), "%s/%s", root, problem);
    if (n < 0 || (size_t)n >= sizeof(parent))
        return -ENAMETOOLONG;
    int rc = fs_mkdir_p(parent, 0755);
    if (rc < 0)
        return rc;
    snprintf(w->root, sizeof(w->root), "%s", root);
    snprintf(w->problem, sizeof(w->problem), "%s", problem);
    snprintf(w->parent, sizeof(w->parent), "%s", parent);
    w->version = version;
    /* parent is at most CACHE_PATH_MAX - 32 bytes long: both fit. */
    if (snprintf(w->final, sizeof(w->final), "%s/%d", w->parent, version) < 0 ||
        snprintf(w->tmp, sizeof(w->tmp), "%s/.tmp-%d-XXXXXX", w->parent, version) < 0)
        return -EINVAL;
    if (mkdtemp(w->tmp) == NULL) {
        w->tmp[0] = '\0';
        return -errno;
    }
    if (chmod(w->tmp, 0755) < 0) {
        rc = -errno;
        cache_writer_abort(w);
        return rc;
    }
    return 0;
}

int cache_writer_add(struct cache_writer *w, bool sample, const char *in, size_t inlen,
                     const char *out, size_t outlen)
{
    if (w->ntests >= CACHE_MAX_TESTS || (sample && w->nsamples != w->ntests))
        return -EINVAL;
    char name[16];
    snprintf(name, sizeof(name), "%03u.in", w->ntests + 1);
    int rc = write_file(w->tmp, name, in, inlen, 0644);
    if (rc < 0)
        return rc;
    snprintf(name, sizeof(name), "%03u.out", w->ntests + 1);
    if ((rc = write_file(w->tmp, name, out, outlen, 0644)) < 0)
        return rc;
    w->ntests++;
    if (sample)
        w->nsamples++;
    return 0;
}

int cache_writer_mark_visible(struct cache_writer *w)
{
    if (w->ntests == 0)
        return -EINVAL;
    char name[24];
    snprintf(name, sizeof(name), "%03u.visible", w->ntests);
    return write_file(w->tmp, name, "", 0, 0644);
}

bool cache_test_visible(const struct cache_problem *p, unsigned i)
{
    char path[CACHE_PATH_MAX + 24];
    snprintf(path, sizeof(path), "%s/%03u.visible", p->dir, i + 1);
    return access(path, F_OK) == 0;
}

int cache_writer_put_checker(struct cache_writer *w, const char *data, size_t len)
{
    int rc = write_file(w->tmp, "checker", data, len, 0755);
    if (rc == 0)
        w->has_checker = true;
    return rc;
}

int cache_writer_put_judging(struct cache_writer *w, const char *doc, size_t len)
{
    int rc = write_file(w->tmp, "judging.json", doc, len, 0644);
    if (rc == 0)
        w->has_judging = true;
    return rc;
}

void cache_writer_validator_dir(const struct cache_writer *w, char *buf, size_t len)
{
    snprintf(buf, len, "%s/validator", w->tmp);
}

void cache_writer_put_validator(struct cache_writer *w)
{
    w->has_validator = true;
}

/* Removes the directory dfd/name and what it holds (a cache version, with
 * its built validator's directories), never following a symlink. */
static void remove_tree(int dfd, const char *name, int depth)
{
    int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd < 0 ? NULL : fdopendir(fd);
    if (d == NULL) {
        if (fd >= 0)
            close(fd);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (unlinkat(dirfd(d), e->d_name, 0) < 0 && (errno == EISDIR || errno == EPERM) &&
            depth < 16)
            remove_tree(dirfd(d), e->d_name, depth + 1);
    }
    closedir(d);
    (void)unlinkat(dfd, name, AT_REMOVEDIR);
}

static void remove_dir(const char *path)
{
    remove_tree(AT_FDCWD, path, 0);
}

/* Removes versions older than version - 1 of the problem in parent. */
static void remove_old_versions(const char *parent, int version)
{
    DIR *d = opendir(parent);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char *end;
        long v = strtol(e->d_name, &end, 10);
        if (e->d_name[0] < '0' || e->d_name[0] > '9' || *end != '\0' || v >= version - 1)
            continue;
        char path[CACHE_PATH_MAX + 320];
        snprintf(path, sizeof(path), "%s/%s", parent, e->d_name);
        remove_dir(path);
    }
    closedir(d);
}

int cache_writer_commit(struct cache_writer *w, struct cache_problem *out)
{
    char meta[96];
    int n =
        snprintf(meta, sizeof(meta), "tests %u\nsamples %u\nchecker %u\njudging %u\nvalidator %u\n",
                 w->ntests, w->nsamples, w->has_checker ? 1u : 0u, w->has_judging ? 1u : 0u,
                 w->has_validator ? 1u : 0u);
    int rc = write_file(w->tmp, "meta", meta, (size_t)n, 0644);
    if (rc < 0) {
        cache_writer_abort(w);
        return rc;
    }
    if (rename(w->tmp, w->final) < 0) {
        rc = -errno;
        /* Another worker on this host built the same version first: keep theirs. */
        cache_writer_abort(w);
        if (rc != -ENOTEMPTY && rc != -EEXIST)
            return rc;
    }
    w->tmp[0] = '\0';
    remove_old_versions(w->parent, w->version);
    return cache_open(w->root, w->problem, w->version, out);
}

void cache_writer_abort(struct cache_writer *w)
{
    if (w->tmp[0] != '\0')
        remove_dir(w->tmp);
    w->tmp[0] = '\0';
}

int cache_plan_read(const struct cache_problem *p, struct plan **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!p->has_judging)
        return 0;
    char path[CACHE_PATH_MAX + 16];
    snprintf(path, sizeof(path), "%s/judging.json", p->dir);
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    struct stat st;
    int rc = 0;
    char *doc = NULL;
    if (fstat(fd, &st) < 0) {
        rc = -errno;
        goto out;
    }
    if ((uint64_t)st.st_size > (uint64_t)PROBLEM_FILE_MAX * 4) {
        rc = -EFBIG;
        goto out;
    }
    doc = xmalloc((size_t)st.st_size + 1);
    ssize_t n = read(fd, doc, (size_t)st.st_size);
    if (n != (ssize_t)st.st_size) {
        rc = n < 0 ? -errno : -EIO;
        goto out;
    }
    if ((*out = plan_parse(doc, (size_t)n, p->ntests, err, errlen)) == NULL)
        rc = -EBADMSG;
out:
    free(doc);
    close(fd);
    return rc;
}

#!/usr/bin/env bash
# Builds verdict's images with podman (Debian's package) on a machine with no
# Docker and no access to a registry's base images: the Debian bookworm base is
# made here with debootstrap and imported, and deploy/Dockerfile's stages start
# from it (build arg BASE). Then it checks the images: `verdict --help` in the
# `verdict` image and, with JUDGE=1, one submission judged by a worker
# container against a private Redis and PostgreSQL on the host.
#
#   deploy/build-image.sh [TARGET...]      (default: verdict verdict-worker; as root)
#
# Environment: WORK (default /var/tmp/verdict-image: the debootstrap tree),
# MIRROR (default http://deb.debian.org/debian), TAG (default latest), LOCAL_CA
# (below), REBASE=1 (make the base again even if it exists),
# JUDGE=1 (the worker check; needs a built verdict binary for `services`),
# REDIS_PORT / PG_PORT (default 17979 / 17980, for JUDGE=1).
#
# What this machine needs, and why (README "Deployment", "Building the image
# here"): podman's default runtime crun refuses a cgroup v1 host whose cgroup2
# hierarchy holds a controller ("hybrid mode"), so runc (Debian package) runs
# the containers; the process lacks CAP_SYS_RESOURCE, so the containers'
# rlimits are set at or below ours (--ulimit), never podman's defaults above.
# Leaves behind only the images it built (and the base image).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/var/tmp/verdict-image}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
TAG=${TAG:-latest}
BASE=localhost/verdict-bookworm-base:$TAG
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(verdict verdict-worker)

[ "$(id -u)" = 0 ] || { echo "build-image: run as root (podman rootful, debootstrap)" >&2; exit 1; }
need=()
command -v podman >/dev/null || need+=(podman)
command -v runc >/dev/null || need+=(runc)
command -v debootstrap >/dev/null || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
fi

# rlimits: the open files this shell may have, not more; processes: NPROC
# (32768 by default: on the development machine runc's init was refused any
# RLIMIT_NPROC from 65536 up, though the shell's limit is 96363).
nofile=$(ulimit -Hn)
nproc=${NPROC:-32768}
[ "$nofile" != unlimited ] || nofile=1048576
limits=(--ulimit "nofile=$nofile:$nofile" --ulimit "nproc=$nproc:$nproc")
engine=(podman --runtime runc)

# 1. The base: Debian bookworm from debootstrap (minbase), with the updates
#    and security suites the official image also has, imported as one layer.
[ "${REBASE:-0}" = 0 ] || podman rmi -f "$BASE" >/dev/null 2>&1 || true
if ! podman image exists "$BASE"; then
    rm -rf "$WORK/root"
    mkdir -p "$WORK"
    echo "build-image: debootstrap bookworm into $WORK/root" >&2
    debootstrap --variant=minbase bookworm "$WORK/root" "$MIRROR" >"$WORK/debootstrap.log" 2>&1 ||
        { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
    cat >"$WORK/root/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
    rm -rf "$WORK/root/var/cache/apt/archives/"*.deb "$WORK/root/var/lib/apt/lists/"*
    change=(--change 'CMD ["/bin/bash"]')
    # This machine reaches the npm registry through an intercepting proxy whose
    # CA only the host trusts (/usr/local/share/ca-certificates): the build
    # stage's `npm ci` fails with SELF_SIGNED_CERT_IN_CHAIN without it. With
    # LOCAL_CA=1 (the default when there are such certificates) the base trusts
    # them too (ca-certificates picks them up, Node through
    # NODE_EXTRA_CA_CERTS); images meant for elsewhere: LOCAL_CA=0.
    local_cas=(/usr/local/share/ca-certificates/*.crt)
    if [ "${LOCAL_CA:-1}" = 1 ] && [ -e "${local_cas[0]}" ]; then
        mkdir -p "$WORK/root/usr/local/share/ca-certificates"
        cp "${local_cas[@]}" "$WORK/root/usr/local/share/ca-certificates/"
        cat "${local_cas[@]}" >"$WORK/root/usr/local/share/ca-certificates/local.pem"
        change+=(--change 'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/local.pem')
    fi
    tar -C "$WORK/root" -c . | podman import "${change[@]}" - "$BASE" >/dev/null
    rm -rf "$WORK/root"
fi

# 2. The targets, from the repository root (the build context, .dockerignore).
for t in "${targets[@]}"; do
    echo "build-image: building target $t as localhost/$t:$TAG" >&2
    start=$(date +%s)
    "${engine[@]}" build "${limits[@]}" --build-arg "BASE=$BASE" -f "$root/deploy/Dockerfile" \
        --target "$t" -t "localhost/$t:$TAG" "$root"
    echo "build-image: $t built in $(($(date +%s) - start)) s" >&2
done
podman image prune -f >/dev/null # the build stage's dangling layers

# 3. Checks: the binary starts in its image and knows its roles.
for t in "${targets[@]}"; do
    "${engine[@]}" run --rm "${limits[@]}" "localhost/$t:$TAG" --help >/dev/null
    echo "build-image: localhost/$t:$TAG runs (verdict --help)" >&2
done
if [ "${JUDGE:-0}" = 1 ]; then
    IMAGE=localhost/verdict:$TAG exec "$root/deploy/judge-in-container.sh" "localhost/verdict-worker:$TAG"
fi

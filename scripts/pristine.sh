#!/usr/bin/env bash
# Runs the README's commands on a pristine Debian 12, as a new machine would:
# a clean clone of this checkout's HEAD in a fresh debootstrapped bookworm root,
# entered with unshare + pivot_root (not chroot: the sandbox needs a real root),
# with its own /proc, /sys, cgroup v1 (memory, pids, cpuacct) in a cgroup
# namespace of its own, /dev, and tmpfs /run and /tmp. Needs root on the host.
#
# The root shares the host's kernel, and so its uids, pids and network: the
# sandbox's uids are per worker instance, and the instance locks live in
# /run/verdict, which the root therefore shares with the host (as two workers
# on one machine do); without it a worker in the root ran boxes under the same
# uids as a worker on the host, and RLIMIT_NPROC (per uid) made execve fail
# with EAGAIN. No PID namespace either: the sandbox tests derive their uids
# from their pid. Whatever the run leaves running is found through its cgroup
# and killed at the end.
#
#   scripts/pristine.sh test    scripts/test.sh; exits with its status
#   scripts/pristine.sh demo    scripts/demo.sh in the background: waits for the
#                               URL, has `verdict submit` judge a solution (AC
#                               expected), then stops it with Ctrl-C (SIGINT)
#   scripts/pristine.sh all     test, then demo, each in a fresh root
#   scripts/pristine.sh shell [CMD]  a shell (or CMD) in a fresh root, to look around
#
# Options (environment):
#   PRISTINE_BASE  debootstrapped template, made once and kept
#                  (default /var/tmp/verdict-bookworm-base)
#   PRISTINE_ROOT  the root of one run, copied from the template each time
#                  (default /var/tmp/verdict-pristine)
#   PRISTINE_MIRROR  Debian mirror (default: the first one of the host's apt sources)
#   PRISTINE_REV   what to clone (default HEAD)
#   VERDICT_*PORT  passed into the root: ports for test.sh
#                  (VERDICT_TEST_REDIS_PORT, VERDICT_TEST_PG_PORT) and for demo.sh's
#                  `verdict up` (VERDICT_PORT, VERDICT_GATEWAY_PORT, VERDICT_REDIS_PORT,
#                  VERDICT_DB_PORT), since the root shares the host's network
#
# The host's local CAs (/usr/local/share/ca-certificates) are copied in: a
# network that intercepts HTTPS needs them on every machine.
# Downloaded .deb files are kept beside the template (PRISTINE_BASE.apt) so a
# re-run does not fetch them again; what is installed is installed afresh.
# Debian's own redis-server and postgresql services are not started in the
# root (a policy-rc.d says no, as in any root without an init): they would take
# the host's ports 6379 and 5432.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/steps.sh
. "$src/scripts/steps.sh"

mode=${1:-test}
base=${PRISTINE_BASE:-/var/tmp/verdict-bookworm-base}
root=${PRISTINE_ROOT:-/var/tmp/verdict-pristine}
rev=$(git -C "$src" rev-parse "${PRISTINE_REV:-HEAD}")
step_logs=${root}.logs

[ "$(id -u)" -eq 0 ] || { echo "pristine.sh: needs root" >&2; exit 1; }
case "$mode" in
  test | demo | shell) ;;
  all)
    "$0" test
    exec "$0" demo
    ;;
  *)
    echo "usage: $0 test|demo|all|shell" >&2
    exit 2
    ;;
esac

mirror=${PRISTINE_MIRROR:-$(grep -hoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' \
  /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | head -n 1 |
  awk '{print $2}' || true)}
mirror=${mirror:-http://deb.debian.org/debian}
mirror=${mirror%/}

# The template: debootstrap once, into a temporary name so that a failed run
# leaves nothing that looks finished.
if [ ! -x "$base/bin/bash" ]; then
  command -v debootstrap >/dev/null ||
    step debootstrap-install "installing debootstrap" apt-get install -y -q debootstrap
  rm -rf "$base.tmp"
  step debootstrap "debootstrap bookworm from $mirror" debootstrap bookworm "$base.tmp" "$mirror"
  mv "$base.tmp" "$base"
fi

# A fresh root for this run. Nothing is mounted under it any more: the mounts
# lived in the namespace of the previous run, gone with its last process.
if findmnt -rn -o TARGET | grep -q "^$root\(/\|$\)"; then
  echo "pristine.sh: $root is still mounted (another run?)" >&2
  exit 1
fi
rm -rf "$root"
cp -a "$base" "$root"
mkdir -p "$base.apt/partial"
cat >"$root/etc/apt/sources.list" <<EOF
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb ${mirror}-security bookworm-security main
EOF
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The host's own certificate authorities, as any machine on its network has
# them: where HTTPS is intercepted (npm's registry here), nothing gets through
# without. Debian's ca-certificates adds them to the system store on install,
# which Debian's Node.js reads.
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
fi
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
# A clean clone, as a new user would make it (the host's git, since the root
# has none yet; scripts/deps.sh installs it).
step clone "cloning $rev" git clone -q --no-local "$src" "$root/root/verdict"
git -C "$root/root/verdict" checkout -q --detach "$rev"

# The run's own cgroups: a child of each host hierarchy, which the root sees as
# its whole hierarchy (cgroup namespace), so the sandbox's groups there never
# meet those of a verdict on the host.
cg=verdict-pristine-$$
for c in memory pids cpuacct; do
  mkdir -p "/sys/fs/cgroup/$c/$cg"
done
cleanup() {
  # Anything the run left running: every process in the run's cgroups.
  local pid
  find "/sys/fs/cgroup/pids/$cg" -name cgroup.procs -exec cat {} + 2>/dev/null |
    while read -r pid; do kill -9 "$pid" 2>/dev/null || true; done
  for c in memory pids cpuacct; do
    for _ in $(seq 50); do
      rmdir "/sys/fs/cgroup/$c/$cg" 2>/dev/null && break
      # Groups the sandbox left inside go first, deepest first.
      find "/sys/fs/cgroup/$c/$cg" -mindepth 1 -depth -type d -exec rmdir {} + 2>/dev/null || true
      sleep 0.1
    done
  done
}
trap cleanup EXIT

# What runs inside, after pivot_root.
case "$mode" in
  test) inner='scripts/test.sh' ;;
  shell) inner=${2:-exec bash -i} ;;
  demo)
    # shellcheck disable=SC2016 # expanded inside the root
    inner='
      api=${VERDICT_PORT:-3000} gw=${VERDICT_GATEWAY_PORT:-3001}
      scripts/demo.sh >/tmp/demo.log 2>&1 &
      demo=$!
      for _ in $(seq 3600); do
        grep -q "verdict is up" /tmp/demo.log && break
        kill -0 $demo 2>/dev/null || break
        sleep 1
      done
      cat /tmp/demo.log
      grep -q "verdict is up" /tmp/demo.log || { echo "pristine: demo did not come up" >&2; exit 1; }
      grep -q "http://127.0.0.1:$api/" /tmp/demo.log || { echo "pristine: no URL printed" >&2; exit 1; }
      rc=0
      build-release/verdict submit --api "http://127.0.0.1:$api" --gateway "ws://127.0.0.1:$gw/ws" \
        --problem a-plus-b --lang c --user pristine problems/a-plus-b/submissions/accepted/accepted.c || rc=$?
      echo "pristine: verdict submit exited with $rc (0: AC)"
      kill -INT $demo
      wait $demo || rc=1
      tail -n 3 /tmp/demo.log
      exit $rc'
    ;;
esac

env_args=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM="${TERM:-dumb}")
while IFS= read -r var; do
  env_args+=("$var=${!var}")
done < <(compgen -e | grep -E '^VERDICT_[A-Z_]*PORT$' || true)

# shellcheck disable=SC2016 # expanded by the entering shell
enter='
set -euo pipefail
root=$1 apt=$2 inner=$3
shift 3
mount --make-rprivate /
mount --bind "$root" "$root"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount -t tmpfs -o mode=755 cgroup "$root/sys/fs/cgroup"
for c in memory pids cpuacct; do
  mkdir -p "$root/sys/fs/cgroup/$c"
  mount -t cgroup -o "$c" cgroup "$root/sys/fs/cgroup/$c"
done
mount --rbind /dev "$root/dev"
mount -t tmpfs -o mode=755 tmpfs "$root/run"
mkdir -p /run/verdict "$root/run/verdict"
mount --bind /run/verdict "$root/run/verdict"
mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
mount --bind "$apt" "$root/var/cache/apt/archives"
cd "$root"
mkdir -p .oldroot
pivot_root . .oldroot
cd /
umount -l /.oldroot
rmdir /.oldroot
cd /root/verdict
exec env -i "$@" bash -c "$inner"
'
echo "pristine.sh: $mode in $root (clone of $rev, Debian from $mirror)" >&2
rc=0
(
  # Into the run's cgroups first, so that the new cgroup namespace is rooted there.
  for c in memory pids cpuacct; do echo "$BASHPID" >"/sys/fs/cgroup/$c/$cg/cgroup.procs"; done
  exec unshare --mount --cgroup --fork --kill-child \
    bash -c "$enter" enter "$root" "$base.apt" "$inner" "${env_args[@]}"
) || rc=$?
echo "pristine.sh: $mode exited with status $rc" >&2
exit "$rc"

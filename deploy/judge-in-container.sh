#!/usr/bin/env bash
# Judges submissions with the built images (deploy/build-image.sh): `verdict
# migrate` and `problems import` from the `verdict` image, the api (as nobody)
# and a worker from the `verdict-worker` image, the worker with exactly the
# privileges README "Deployment" lists, against a private Redis and
# PostgreSQL on the host (scripts/services.sh; host network). Posts a-plus-b in C (accepted), Python
# (accepted) and C (wrong answer) and checks each verdict through the api.
#
#   deploy/judge-in-container.sh [WORKER_IMAGE]   (as root; default localhost/verdict-worker:latest)
#
# Environment: IMAGE (default localhost/verdict:latest), REDIS_PORT / PG_PORT
# (17979 / 17980), API_PORT (17981), VERDICT_BIN (a host build, for the
# services only). Removes its containers and services on exit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
worker_image=${1:-localhost/verdict-worker:latest}
image=${IMAGE:-localhost/verdict:latest}
api_port=${API_PORT:-17981}
engine=(podman --runtime runc) # build-image.sh says why runc
limits=(--ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit "nproc=${NPROC:-32768}:${NPROC:-32768}")
name=verdict-judge-$$

svc=$(mktemp -d /tmp/verdict-judge-in-container.XXXXXX)
chmod 755 "$svc"
cleanup() {
    for c in "$name-api" "$name-worker"; do
        podman logs "$c" >"$svc/$c.log" 2>&1 || true
        podman rm -f "$c" >/dev/null 2>&1 || true
    done
    [ -z "${KEEP:-}" ] || cp "$svc"/*.log "$KEEP"/ 2>/dev/null || true
    "$root/scripts/services.sh" stop "$svc" >/dev/null 2>&1 || true
    rm -rf "$svc"
}
trap cleanup EXIT
eval "export $("$root/scripts/services.sh" start "$svc" "${REDIS_PORT:-17979}" "${PG_PORT:-17980}" |
    tr '\n' ' ')"
db=$VERDICT_TEST_DB
redis=$VERDICT_TEST_REDIS
run=("${engine[@]}" run "${limits[@]}" --network host)

"${run[@]}" --rm "$image" migrate --db "$db"
"${run[@]}" --rm -v "$root/problems:/problems:ro" "$image" problems import /problems --db "$db" \
    >/dev/null
# The api from the worker's image, as nobody (as deploy/compose.yaml runs it:
# it accepts only the languages whose toolchains it finds).
"${run[@]}" -d --name "$name-api" --user 65534:65534 "$worker_image" api --port "$api_port" \
    --host 127.0.0.1 --db "$db" --redis "$redis" >/dev/null
# The worker's privileges, read from deploy/compose.yaml (test_deploy.py
# checks deploy/k8s and README list the same),
# but CAP_SYS_RESOURCE where this process has not got it to give (the
# development machine's bounding set lacks it; workers on the host run
# without it too). The host's /run/verdict is shared so that the worker takes
# a sandbox instance (cgroups, uids) no worker on the host holds.
read -r -a caps <<<"$(python3 -c 'import sys, yaml
print(" ".join(yaml.safe_load(open(sys.argv[1]))["services"]["worker"]["cap_add"]))' \
    "$root/deploy/compose.yaml")"
bnd=$((16#$(awk '/^CapBnd/ {print $2}' /proc/self/status)))
(((bnd >> 24) & 1)) || caps=("${caps[@]/SYS_RESOURCE/}")
capargs=(--cap-drop ALL)
for c in "${caps[@]}"; do [ -z "$c" ] || capargs+=(--cap-add "$c"); done
mkdir -p /run/verdict
"${run[@]}" -d --name "$name-worker" "${capargs[@]}" --security-opt seccomp=unconfined \
    --security-opt apparmor=unconfined --cgroupns host \
    -v /sys/fs/cgroup:/sys/fs/cgroup:rw,rbind -v /run/verdict:/run/verdict \
    "$worker_image" worker --slots 1 --db "$db" --redis "$redis" >/dev/null

timeout 30 bash -c "until curl -fs http://127.0.0.1:$api_port/healthz >/dev/null; do sleep 0.2; done"
sub=$root/problems/a-plus-b/submissions
failed=0
for case in "c accepted/accepted.c AC" "python accepted/accepted.py AC" "c wrong_answer/wa.c WA"; do
    read -r lang file want <<<"$case"
    body=$(python3 -c 'import json, sys; print(json.dumps({"userId": "image", "problemId": "a-plus-b",
        "language": sys.argv[1], "code": open(sys.argv[2]).read()}))' "$lang" "$sub/$file")
    answer=$(curl -sS -H 'Content-Type: application/json' --data-binary "$body" \
        "http://127.0.0.1:$api_port/api/submissions")
    id=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["id"])' "$answer") ||
        { echo "judge-in-container: POST answered: $answer" >&2; exit 1; }
    got=
    for _ in $(seq 1 300); do
        got=$(curl -fs "http://127.0.0.1:$api_port/api/submissions/$id" |
            python3 -c 'import json, sys; d = json.load(sys.stdin)
print(d["verdict"] if d["status"] == "done" else "")')
        [ -z "$got" ] || break
        sleep 0.2
    done
    if [ "$got" = "$want" ]; then
        echo "judge-in-container: $lang $file: $got"
    else
        echo "judge-in-container: $lang $file: got '${got:-nothing}', want $want" >&2
        failed=1
    fi
done
[ $failed = 0 ] || { podman logs "$name-worker" 2>&1 | tail -20 >&2; exit 1; }

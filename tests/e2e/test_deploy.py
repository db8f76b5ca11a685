"""The deployment recipe (deploy/) checked against the program it deploys:
every YAML file parses, every Kubernetes object is complete, every role, flag
and VERDICT_* variable the compose file and the manifests pass is one the built
binary's `--help` lists, the worker's capabilities are the same list in the
compose file, the manifest and README, the Dockerfile's stages and targets
hold together, and its runtime stage installs the Debian package of every
shared library the binary loads. No container engine runs here (no Docker
daemon), so this is what can be proven on this machine."""
import os
import re
import subprocess
import sys

import yaml

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

DEPLOY = os.path.join(h.SRC, "deploy")
ROLES = ("api", "worker", "gateway", "migrate")
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def helps():
    out = {}
    for role in ROLES:
        p = subprocess.run([h.BIN, role, "--help"], capture_output=True, text=True, timeout=30)
        out[role] = p.stdout + p.stderr
    return out


def check_args(where, args, env, help_of):
    if not args:
        return
    role = args[0]
    check(role in help_of, f"{where}: '{role}' is a role")
    if role not in help_of:
        return
    for a in args[1:]:
        if a.startswith("--"):
            check(re.search(r"^\s+" + re.escape(a) + r"\b", help_of[role], re.M) is not None,
                  f"{where}: {role} takes {a}")
    for name in env:
        check(f"$" + name in help_of[role], f"{where}: {role} reads ${name}")


def k8s(help_of):
    caps = None
    images = {}
    kdir = os.path.join(DEPLOY, "k8s")
    for name in sorted(os.listdir(kdir)):
        if not name.endswith(".yaml"):
            continue
        docs = [d for d in yaml.safe_load_all(open(os.path.join(kdir, name))) if d]
        check(len(docs) > 0, f"k8s/{name} parses")
        for d in docs:
            what = f"k8s/{name} {d.get('kind')}/{d.get('metadata', {}).get('name')}"
            check(all(k in d for k in ("apiVersion", "kind", "metadata")), what + " is complete")
            if d["kind"] != "Namespace":
                check(d["metadata"].get("namespace") == "verdict", what + " in namespace verdict")
            spec = d.get("spec", {}).get("template", {}).get("spec", {})
            for c in spec.get("containers", []):
                images[c["name"]] = c.get("image")
                env = [e["name"] for e in c.get("env", [])]
                check_args(f"{what} {c['name']}", c.get("args", []), env, help_of)
                add = c.get("securityContext", {}).get("capabilities", {}).get("add")
                if add:
                    caps = sorted(add)
    api_has_toolchains("k8s", images.get("api"), images.get("worker"))
    return caps


def compose(help_of):
    doc = yaml.safe_load(open(os.path.join(DEPLOY, "compose.yaml")))
    check("services" in doc, "compose.yaml parses and has services")
    caps, targets = None, set()
    for name, s in doc["services"].items():
        if "build" in s:
            targets.add(s["build"]["target"])
        if str(s.get("image", "")).startswith("verdict"):
            check_args(f"compose {name}", s.get("command", []), list(s.get("environment", {})),
                       help_of)
        if "cap_add" in s:
            caps = sorted(s["cap_add"])
            check(s.get("cap_drop") == ["ALL"], f"compose {name}: every other capability dropped")
    images = {name: s.get("image") for name, s in doc["services"].items()}
    api_has_toolchains("compose", images.get("api"), images.get("worker"))
    return caps, targets


def api_has_toolchains(where, api_image, worker_image):
    """The api accepts a language only when its toolchain is on the api's own
    file system (lang_installed), so it runs from the image that has them:
    in the `verdict` image it refused every submission ('unknown language',
    deploy/judge-in-container.sh)."""
    check(api_image is not None and api_image == worker_image,
          f"{where}: the api runs from the worker's image ({api_image} vs {worker_image})")


def dockerfile(targets):
    text = open(os.path.join(DEPLOY, "Dockerfile")).read()
    # A FROM may name a build arg declared before the first FROM (BASE: the
    # bookworm image, a debootstrap'd one for deploy/build-image.sh); its
    # default is what a plain `docker build` uses.
    head = text.split("\nFROM ", 1)[0]
    args = dict(re.findall(r"^ARG\s+(\w+)=(\S+)", head, re.M))
    stages = [(re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), m.group(0)), base), name)
              for base, name in re.findall(r"^FROM\s+(\S+)\s+AS\s+(\S+)", text, re.M)]
    names = [s[1] for s in stages]
    check(len(stages) >= 3, f"Dockerfile: stages {names}")
    for t in targets:
        check(t in names, f"Dockerfile: compose's target {t} is a stage")
    for ref in re.findall(r"COPY\s+--from=(\S+)", text):
        check(ref in names, f"Dockerfile: COPY --from={ref} names a stage")
    for base, _ in stages:
        check(base in names or base.startswith("debian:bookworm"),
              f"Dockerfile: {base} is bookworm or an earlier stage")
    runtime = text.split("AS verdict\n", 1)[1].split("FROM ", 1)[0]
    return set(re.findall(r"[a-z0-9][a-z0-9.+-]*", runtime))


def libraries():
    """The Debian packages of the shared libraries the binary loads (and libpq,
    which it opens on first use), but libc's and the sanitizers'."""
    out = subprocess.run(["ldd", h.BIN], capture_output=True, text=True).stdout
    skip = {"libc6", "libgcc-s1", "libstdc++6", "libasan8", "libubsan1"}
    pkgs = {"libpq5"}
    for path in re.findall(r"=> (/\S+)", out):
        for p in (path, "/usr" + path, os.path.realpath(path)):
            r = subprocess.run(["dpkg", "-S", p], capture_output=True, text=True)
            if r.returncode == 0:
                pkgs.add(r.stdout.split(":")[0])
                break
    return pkgs - skip


# What the sandbox's own system calls need beyond CAP_SYS_ADMIN (capabilities(7),
# setns(2)): a pattern in src/sandbox/*.c, and the capability it requires.
SANDBOX_NEEDS = [
    (r"SYS_setns,[^;]*CLONE_NEWNS", "SYS_CHROOT",
     "setns(CLONE_NEWNS) into a slot's mount namespace needs CAP_SYS_CHROOT too"),
]


def sandbox_caps(caps):
    """The worker's capability list holds what the sandbox's calls require (the
    worker image judged nothing without CAP_SYS_CHROOT: 'join the slot's
    namespaces: Operation not permitted')."""
    sdir = os.path.join(h.SRC, "src", "sandbox")
    text = "".join(open(os.path.join(sdir, f)).read() for f in sorted(os.listdir(sdir))
                   if f.endswith(".c"))
    for pattern, cap, why in SANDBOX_NEEDS:
        if re.search(pattern, text):
            check(caps is not None and cap in caps, f"the worker's capabilities hold {cap}: {why}")


def main():
    help_of = helps()
    kcaps = k8s(help_of)
    ccaps, targets = compose(help_of)
    readme = open(os.path.join(h.SRC, "README.md")).read()
    m = re.search(r"worker's privileges.*?\n\n(.*?)\n\n", readme, re.S)
    rcaps = sorted(re.findall(r"`CAP_([A-Z_]+)`", m.group(1))) if m else None
    check(kcaps is not None and kcaps == ccaps == rcaps,
          f"the worker's capabilities agree: k8s {kcaps}, compose {ccaps}, README {rcaps}")
    sandbox_caps(ccaps)
    for name in os.listdir(os.path.join(DEPLOY, "helm")):
        check(isinstance(yaml.safe_load(open(os.path.join(DEPLOY, "helm", name))), dict),
              f"helm/{name} parses")
    installed = dockerfile(targets)
    for script in ("build-image.sh", "judge-in-container.sh"):
        r = subprocess.run(["bash", "-n", os.path.join(DEPLOY, script)], capture_output=True,
                           text=True)
        check(r.returncode == 0, f"{script} parses (bash -n) {r.stderr.strip()}")
    for pkg in sorted(libraries()):
        check(pkg in installed, f"Dockerfile: the runtime stage installs {pkg}")
    print(f"{len(failures)} failed")
    return 1 if failures else 0


sys.exit(main())

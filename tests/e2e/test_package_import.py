"""End to end: Kattis problem packages (tests/packages) as verdict problems
(issue 12). `verdict problems import` of a directory of packages and of a
package zip, then GET /api/problems/{id} serving them (type, samples with
their interaction, scoring; never the plan, hidden tests or validator
sources); PUT /api/problems/{id} of a package zip; and every kind of broken
package, on either path, refused with its file and rule and changing
nothing (checked in PostgreSQL)."""
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
import harness as h  # noqa: E402

PKGS = os.path.join(h.SRC, "tests", "packages")
ADMIN = "package-admin-token"
AUTH = {"Authorization": "Bearer " + ADMIN}
RDB = 8
db = h.fresh_db("packages")
h.redis_cli(RDB, "FLUSHDB")
tmp = tempfile.mkdtemp(prefix="verdict-packages-")


def verdict(*args):
    return subprocess.run([h.BIN, *args, "--db", db], capture_output=True, text=True, timeout=120)


def zip_dir(src, top=None, extra=None):
    """The bytes of a zip of the directory src (under the folder top, or at
    the zip's root), plus extra {name: bytes} entries."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for base, _, files in os.walk(src):
            for f in sorted(files):
                path = os.path.join(base, f)
                rel = os.path.relpath(path, src)
                z.write(path, os.path.join(top, rel) if top else rel)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def snapshot():
    """Every problem row and test row, to prove a refused write changed nothing."""
    return h.psql(db, "SELECT coalesce(string_agg(id || ':' || version || ':' || content_hash || "
                      "':' || (SELECT count(*) FROM tests t WHERE t.problem_id = p.id), ',' ORDER "
                      "BY id), '') FROM problems p")


def test_cli_imports_a_directory_of_packages_and_a_zip():
    root = os.path.join(tmp, "set")
    os.makedirs(root)
    for name in ("legacyscore", "legacyflags", "draft2023", "modern2025", "flags2025"):
        shutil.copytree(os.path.join(PKGS, name), os.path.join(root, name))
    with open(os.path.join(root, "Zipped-Flags.zip"), "wb") as f:
        f.write(zip_dir(os.path.join(PKGS, "flags2025"), top="flags2025"))
    r = verdict("problems", "import", root)
    assert r.returncode == 0, r.stderr
    assert "6 imported (6 changed), 0 failed" in r.stderr, r.stderr
    lines = r.stdout.splitlines()
    # No limit in these packages: computed from their accepted programs, judged
    # in-process with their output validators (machine-dependent, a whole second).
    assert any(re.fullmatch(r"legacyscore: version 1, 5 tests, scoring, time limit [1-9]000 ms",
                            l) for l in lines), lines
    assert any(re.fullmatch(r"draft2023: version 1, 3 tests, pass-fail interactive, time limit "
                            r"[1-9]000 ms", l) for l in lines), lines
    assert any(l.startswith("legacyscore: time limit ") and "slowest accepted test" in l
               for l in lines), lines
    assert "modern2025: version 1, 4 tests, scoring, time limit 1500 ms" in lines, lines
    assert "zipped-flags: version 1, 4 tests, pass-fail, time limit 2000 ms" in lines, lines
    assert "legacyscore: warning: problem.yaml: frobnicate: unknown key (ignored)" in r.stderr
    row = h.psql(db, "SELECT checker || '|' || (judging->'types')::text || '|' || "
                     "jsonb_array_length(judging->'tests') FROM problems WHERE id = 'flags2025'")
    assert row == 'kattis|["pass-fail"]|4', row
    # The same again: nothing changes, the versions stay.
    r = verdict("problems", "import", root)
    assert r.returncode == 0 and "6 imported (0 changed)" in r.stderr, r.stderr
    assert "modern2025: version 1 (unchanged), 4 tests" in r.stdout, r.stdout


def test_a_broken_package_among_good_ones_is_skipped_and_changes_nothing():
    root = os.path.join(tmp, "mixed")
    os.makedirs(root)
    shutil.copytree(os.path.join(PKGS, "legacyflags"), os.path.join(root, "legacyflags"))
    shutil.copytree(os.path.join(PKGS, "broken", "noans"), os.path.join(root, "modern2025"))
    before = h.psql(db, "SELECT version || content_hash FROM problems WHERE id = 'modern2025'")
    r = verdict("problems", "import", root)
    assert r.returncode == 1, r.stderr
    assert "1 imported (0 changed), 1 failed" in r.stderr, r.stderr
    assert ("skipped %s/modern2025: data/secret/03.in: no matching .ans" % root) in r.stderr
    after = h.psql(db, "SELECT version || content_hash FROM problems WHERE id = 'modern2025'")
    assert before == after, (before, after)


BROKEN = {
    "broken/noans": "data/secret/03.in: no matching .ans",
    "broken/badversion": "problem.yaml: problem_format_version '2024-01': not supported",
    "broken/badmemory": "problem.yaml: limits.memory: not a positive integer",
    "refused/multipass": "problem.yaml: type: multi-pass problems are not supported yet",
    "refused/badflags": "data/secret/test_group.yaml: output validator arguments "
                        "'float_tolerance' are not flags of the default output validator",
    "refused/binary": "data/secret/2.in: not UTF-8 text",
}


# Refused by running the package's input validators: by the CLI's import in
# its sandbox, and by a worker settling the api's PUT (README "Kattis problem
# packages").
CLI_BROKEN = {
    "refused/badinput": "data/secret/1.in: rejected by input validator "
                        "input_validators/nonneg.py: not accepted (exit code 43): negative number",
    # No time limit, and an output validator that does not compile: the
    # package's fault (a 400), not this host's (was a 503, "could not be timed").
    "refused/badcmp": "limits.time_limit not given, and its example programs cannot be judged: "
                      "the output validator does not compile",
    # ... or one that fails on every answer (exit 3): an internal error the
    # package causes, not the sandbox.
    "refused/crashcmp": "limits.time_limit not given, and accepted/a.py: IE under a 20 s limit "
                        "(test 1 (secret/1): output validator failed (RE, exit code 3))",
}


def test_the_settle_child_says_a_package_fault_is_the_packages():
    # What a worker runs for a PUT (cli/settle.h): {"error"} and exit 1 for
    # the package's fault, {"internal"} and exit 2 only for this host's.
    path = os.path.join(tmp, "badcmp.zip")
    with open(path, "wb") as f:
        f.write(zip_dir(os.path.join(PKGS, "refused", "badcmp")))
    r = subprocess.run([h.BIN, "problems", "settle", path], capture_output=True, text=True,
                       timeout=120)
    doc = json.loads(r.stdout)
    assert r.returncode == 1, (r.returncode, doc, r.stderr)
    assert list(doc) == ["error"], doc
    assert CLI_BROKEN["refused/badcmp"] in doc["error"], doc
    # A zip it cannot read (the worker wrote it) is this host's fault.
    r = subprocess.run([h.BIN, "problems", "settle", os.path.join(tmp, "gone", "x.zip")],
                       capture_output=True, text=True, timeout=30)
    assert r.returncode == 2 and json.loads(r.stdout) == {
        "internal": "cannot read the zip: No such file or directory"}, (r.returncode, r.stdout)


def test_each_kind_of_broken_package_is_refused_by_the_cli():
    before = snapshot()
    for rel, message in {**BROKEN, **CLI_BROKEN}.items():
        r = verdict("problems", "import", os.path.join(PKGS, rel))
        assert r.returncode == 1, (rel, r.stdout)
        assert message in r.stderr, (rel, r.stderr)
        path = os.path.join(tmp, os.path.basename(rel) + ".zip")
        with open(path, "wb") as f:
            f.write(zip_dir(os.path.join(PKGS, rel)))
        r = verdict("problems", "import", path)
        assert r.returncode == 1 and message in r.stderr, (rel, r.stderr)
    assert snapshot() == before


api, port = h.start_api(db, RDB, ["--admin-token", ADMIN, "--max-upload-kb", "256"])
# Settles the PUT zips (input validators, time limits): the api has no sandbox.
worker = h.start_worker(db, RDB, slots=1)


def get(pid):
    st, _, data = h.http(port, "GET", "/api/problems/" + pid)
    return st, data.decode(), (json.loads(data) if st == 200 else None)


def test_get_serves_what_a_page_needs_and_nothing_hidden():
    st, raw, p = get("draft2023")
    assert st == 200, raw
    assert p["type"] == ["pass-fail", "interactive"], p
    assert p["statement"].startswith("# Guess\n"), p["statement"]
    assert p["samples"][0] == {"interaction": "<100\n>50\n<lower\n"}, p["samples"]
    assert p["checker"] == "validator" and p["testCount"] == 3, p
    assert "judging" not in p and "interact.cpp" not in raw, raw
    assert "secret/02" not in raw and "--max-queries" not in raw, raw
    st, raw, p = get("legacyscore")
    assert p["type"] == ["scoring"] and p["scoring"] == {"maxScore": 100}, p
    assert p["samples"] == [{"input": "1 2\n", "output": "3\n"}], p["samples"]
    assert p["memoryLimitMb"] == 256 and p["timeLimitMs"] in range(1000, 10000, 1000), p
    with open(os.path.join(PKGS, "legacyscore", "output_validators", "check", "check.cpp")) as f:
        source = f.read()
    assert source.strip()[:40] not in raw, raw
    st, raw, p = get("zipped-flags")
    assert p["title"] == "Float Flags" and p["difficulty"] == "hard", p
    assert "$\\pi r^2$" in p["statement"], p["statement"]
    st, raw, p = get("echo")  # not there: this database has only the packages
    assert st == 404


def put_zip(pid, data):
    hd = dict(AUTH)
    hd["Content-Type"] = "application/zip"
    st, _, body = h.http(port, "PUT", "/api/problems/" + pid, data, hd, timeout=60)
    return st, json.loads(body)


def test_put_of_a_package_zip():
    st, r = put_zip("uploaded", zip_dir(os.path.join(PKGS, "modern2025"), top="Modern"))
    assert st == 200, r
    assert r["changed"] is True and r["problem"]["type"] == ["scoring"], r
    assert r["problem"]["id"] == "uploaded" and r["problem"]["timeLimitMs"] == 1500, r
    st, raw, p = get("uploaded")
    assert st == 200 and p["version"] == r["version"] and p["scoring"] == {"maxScore": 100}, p
    n = h.psql(db, "SELECT count(*) FROM tests WHERE problem_id = 'uploaded'")
    assert n == "4", n
    assert r["timeLimitProvisional"] is False and r["warnings"] == [], r
    st, r2 = put_zip("uploaded", zip_dir(os.path.join(PKGS, "modern2025")))
    assert st == 200 and r2["changed"] is False and r2["version"] == r["version"], r2
    # No time limit given: a worker computes it from the accepted programs, as
    # the CLI import does.
    st, r3 = put_zip("legacy-up", zip_dir(os.path.join(PKGS, "legacyscore")))
    assert st == 200 and r3["timeLimitProvisional"] is False, r3
    assert r3["problem"]["timeLimitMs"] in range(1000, 10000, 1000), r3
    assert "slowest accepted test" in r3["timeLimitNote"], r3
    assert any("frobnicate" in w for w in r3["warnings"]), r3


def test_patch_keeps_a_packaged_problems_validator():
    hd = dict(AUTH)
    st, _, body = h.http(port, "PATCH", "/api/problems/uploaded", {"checker": "tokens"}, hd)
    assert st == 400 and b"checker validator goes with a package" in body, body
    st, _, body = h.http(port, "PATCH", "/api/problems/uploaded", {"title": "Renamed"}, hd)
    assert st == 200, body
    st, raw, p = get("uploaded")
    assert p["title"] == "Renamed" and p["checker"] == "validator", p


def bomb():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("problem.yaml", "statement/problem.en.md"):
            z.write(os.path.join(PKGS, "flags2025", "problem.yaml"), name)
        z.writestr("data/secret/1.in", b"\0" * (20 << 20))
    return out.getvalue()


def link_zip():
    data = io.BytesIO(zip_dir(os.path.join(PKGS, "flags2025")))
    with zipfile.ZipFile(data, "a") as z:
        info = zipfile.ZipInfo("data/secret/words/2.in")
        info.create_system = 3
        info.external_attr = (0o120777 << 16)
        z.writestr(info, "/etc/passwd")
    return data.getvalue()


def test_each_kind_of_broken_package_zip_is_a_400_that_changes_nothing():
    before = snapshot()
    cases = {rel: (zip_dir(os.path.join(PKGS, rel)), msg)
             for rel, msg in {**BROKEN, **CLI_BROKEN}.items()}
    cases["escape"] = (zip_dir(os.path.join(PKGS, "flags2025"),
                               extra={"../evil.txt": "x"}),
                       "zip/../evil.txt: not a plain relative path (refused)")
    cases["link"] = (link_zip(), "zip/data/secret/words/2.in: a link or special file (refused)")
    cases["bomb"] = (bomb(), "zip/data/secret/1.in: unpacks past 16 MiB")
    for name, (data, message) in cases.items():
        st, r = put_zip("uploaded", data)
        assert st == 400, (name, st, r)
        assert message in r["error"], (name, r)
    assert snapshot() == before


suite = h.Suite()
try:
    rc = suite.run([v for k, v in list(globals().items()) if k.startswith("test_")])
finally:
    api.stop()
    worker.stop()
for bad in ("AddressSanitizer", "runtime error", "LeakSanitizer"):
    for proc in (api, worker):
        if bad in proc.log:
            print(proc.log)
            rc = 1
h.drop_db(db)
shutil.rmtree(tmp, ignore_errors=True)
sys.exit(rc)

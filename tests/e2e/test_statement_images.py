"""End to end: a package's statement images (issue 12; README "Statement
images"). `verdict problems import` of a package directory and the api's PUT
of a package zip keep the images of statement/ with the problem version; the
statement's references point at GET /api/problems/{id}/files/<name>, which
serves them with their content type, an ETag (304 on If-None-Match), nosniff
and a sandboxing Content-Security-Policy (an SVG's script never runs on our
origin); unknown names, other files of the package, traversal and deleted
problems are 404; a PUT that changes an image moves the version and the ETag,
a PUT of JSON (no images) drops them; `verdict problems export` writes them
back beside a statement whose references are relative again, and that
package imports to the same bytes. Images in subdirectories of statement/
are kept under flat names (img/fig1.png as img-fig1.png) that the export's
references still find."""
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
ADMIN = "images-admin-token"
AUTH = {"Authorization": "Bearer " + ADMIN}
RDB = 13
db = h.fresh_db("images")
h.redis_cli(RDB, "FLUSHDB")
tmp = tempfile.mkdtemp(prefix="verdict-images-")
PNG = open(os.path.join(PKGS, "flags2025", "statement", "circle.png"), "rb").read()
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>fetch("/api/tokens",{method:"POST"})</script><circle r="4"/></svg>')


def verdict(*args):
    return subprocess.run([h.BIN, *args, "--db", db], capture_output=True, text=True, timeout=120)


def get(path, headers=None):
    return h.http(port, "GET", path, None, headers or {})


def package_zip(svg, statement="# Diagram\n\nSee ![the diagram](diagram.svg).\n"):
    """A 2025-09 package with a Markdown statement that shows one SVG."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("problem.yaml", "problem_format_version: 2025-09\nname: Diagram\n"
                   "uuid: 6b1c2f0e-54a1-4c43-9d7b-3f1a2e8c9d10\n"
                   "limits:\n  time_limit: 1\n")
        z.writestr("statement/problem.en.md", statement)
        z.writestr("statement/diagram.svg", svg)
        z.writestr("data/sample/1.in", "1\n")
        z.writestr("data/sample/1.ans", "1\n")
        z.writestr("data/secret/1.in", "2\n")
        z.writestr("data/secret/1.ans", "2\n")
    return out.getvalue()


def put(pid, body, ctype):
    hd = dict(AUTH)
    hd["Content-Type"] = ctype
    st, _, data = h.http(port, "PUT", "/api/problems/" + pid, body, hd, timeout=60)
    return st, json.loads(data)


def test_cli_import_keeps_the_image_and_links_it():
    r = verdict("problems", "import", os.path.join(PKGS, "flags2025"))
    assert r.returncode == 0, r.stderr
    st, _, body = get("/api/problems/flags2025")
    p = json.loads(body)
    assert st == 200 and "](/api/problems/flags2025/files/circle.png)" in p["statement"], p
    st, hd, data = get("/api/problems/flags2025/files/circle.png")
    assert st == 200 and data == PNG, (st, data[:20])
    assert hd["Content-Type"] == "image/png", hd
    assert hd["X-Content-Type-Options"] == "nosniff", hd
    assert "no-cache" in hd["Cache-Control"] and "sandbox" in hd["Content-Security-Policy"], hd
    etag = hd["ETag"]
    assert etag.startswith('"') and len(etag) == 66, etag
    st, hd2, data = get("/api/problems/flags2025/files/circle.png", {"If-None-Match": etag})
    assert st == 304 and data == b"" and hd2["ETag"] == etag, (st, hd2)
    st, _, data = get("/api/problems/flags2025/files/circle.png", {"If-None-Match": '"x"'})
    assert st == 200 and data == PNG


def test_unknown_names_other_files_and_traversal_are_404():
    for path in ("/api/problems/flags2025/files/square.png",
                 "/api/problems/flags2025/files/problem.en.tex",
                 "/api/problems/flags2025/files/..%2fproblem.yaml",
                 "/api/problems/flags2025/files/%2e%2e",
                 "/api/problems/flags2025/files/.circle.png",
                 "/api/problems/nosuch/files/circle.png",
                 "/api/problems/Bad_Id/files/circle.png"):
        st, hd, data = get(path)
        assert st == 404 and json.loads(data)["error"], (path, st, data)
    st, _, _ = get("/api/problems/flags2025/files/a/../circle.png")
    assert st == 404, st


def test_put_zip_serves_an_svg_that_runs_no_script():
    st, r = put("diagram", package_zip(SVG), "application/zip")
    assert st == 200 and r["changed"], r
    assert "![the diagram](/api/problems/diagram/files/diagram.svg)" in r["problem"]["statement"]
    st, hd, data = get("/api/problems/diagram/files/diagram.svg")
    assert st == 200 and data == SVG
    assert hd["Content-Type"] == "image/svg+xml", hd
    csp = hd["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "style-src 'unsafe-inline'" in csp, csp
    assert "sandbox" in csp and "script-src" not in csp, csp
    etag = hd["ETag"]
    # The same zip: unchanged. Another image: a new version and a new ETag.
    st, r2 = put("diagram", package_zip(SVG), "application/zip")
    assert st == 200 and not r2["changed"] and r2["version"] == r["version"], r2
    svg2 = SVG.replace(b'r="4"', b'r="5"')
    st, r3 = put("diagram", package_zip(svg2), "application/zip")
    assert st == 200 and r3["changed"] and r3["version"] == r["version"] + 1, r3
    st, hd, data = get("/api/problems/diagram/files/diagram.svg", {"If-None-Match": etag})
    assert st == 200 and data == svg2 and hd["ETag"] != etag, (st, hd)
    n = h.psql(db, "SELECT count(*) FROM problem_files WHERE problem_id = 'diagram'")
    assert n == "1", n


def test_put_json_drops_the_images_and_delete_hides_them():
    doc = {"title": "Diagram", "difficulty": "easy", "statement": "# Diagram\n\nNo image.\n",
           "timeLimitMs": 1000, "memoryLimitMb": 64, "outputLimitKb": 64, "checker": "tokens",
           "tests": [{"input": "1\n", "output": "1\n"}]}
    st, r = put("diagram", json.dumps(doc), "application/json")
    assert st == 200 and r["changed"], r
    st, _, _ = get("/api/problems/diagram/files/diagram.svg")
    assert st == 404
    st, r = put("diagram", package_zip(SVG), "application/zip")
    assert st == 200 and r["changed"], r
    st, _, _ = h.http(port, "DELETE", "/api/problems/diagram", None, AUTH)
    assert st == 200
    st, _, _ = get("/api/problems/diagram/files/diagram.svg")
    assert st == 404


def test_export_writes_the_images_back():
    out = os.path.join(tmp, "export")
    os.makedirs(out)
    r = verdict("problems", "export", "flags2025", out)
    assert r.returncode == 0, r.stderr
    pkg = os.path.join(out, "flags2025")
    assert open(os.path.join(pkg, "statement", "circle.png"), "rb").read() == PNG
    st = open(os.path.join(pkg, "statement", "problem.en.md")).read()
    assert "](circle.png)" in st and "/api/problems/" not in st, st
    again = os.path.join(tmp, "again")
    shutil.copytree(pkg, again)
    r = verdict("problems", "import", again)
    assert r.returncode == 0, r.stderr
    st, _, body = get("/api/problems/again")
    assert "](/api/problems/again/files/circle.png)" in json.loads(body)["statement"]
    st, _, data = get("/api/problems/again/files/circle.png")
    assert st == 200 and data == PNG



def referenced_paths(md):
    """The targets of the statement's inline Markdown images."""
    return re.findall(r"!\[[^\]]*\]\(([^) ]+)", md)


def test_images_in_subdirectories_are_served_and_exported_resolving():
    statement = ("# Figures\n\n![one](img/fig1.png) ![two](./img/sub/two.png) "
                 "![top](img-fig1.png)\n")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package_zip(SVG, statement))) as src, \
            zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            z.writestr(item, src.read(item))
        z.writestr("statement/img/fig1.png", PNG)
        z.writestr("statement/img/sub/two.png", PNG + b"2")
        z.writestr("statement/img-fig1.png", PNG + b"top")
    st, r = put("figures", out.getvalue(), "application/zip")
    assert st == 200 and r["changed"], r
    md = r["problem"]["statement"]
    want = {"img-fig1-2.png": PNG, "img-sub-two.png": PNG + b"2", "img-fig1.png": PNG + b"top"}
    assert referenced_paths(md) == ["/api/problems/figures/files/" + n for n in
                                    ("img-fig1-2.png", "img-sub-two.png", "img-fig1.png")], md
    for name, data in want.items():
        st, hd, body = get("/api/problems/figures/files/" + name)
        assert st == 200 and body == data and hd["Content-Type"] == "image/png", (name, st)
    st, _, _ = get("/api/problems/figures/files/img/fig1.png")
    assert st == 404
    # The export's references resolve beside its statement, and it imports
    # to the same statement and images.
    dest = os.path.join(tmp, "figures-export")
    os.makedirs(dest)
    r = verdict("problems", "export", "figures", dest)
    assert r.returncode == 0, r.stderr
    sdir = os.path.join(dest, "figures", "statement")
    exported = open(os.path.join(sdir, "problem.en.md")).read()
    for ref in referenced_paths(exported):
        assert os.path.isfile(os.path.join(sdir, ref)), (ref, exported)
    assert len(referenced_paths(exported)) == 3, exported
    r = verdict("problems", "import", os.path.join(dest, "figures"))
    assert r.returncode == 0, r.stderr
    st, _, body = get("/api/problems/figures")
    assert json.loads(body)["statement"] == md



def test_reference_definitions_are_linked_and_code_is_not():
    statement = ("# Diagram\n\nSee ![the diagram][d].\n\n[d]: ./diagram.svg \"Diagram\"\n\n"
                 "```markdown\n![the diagram](diagram.svg)\n```\n\nOr `![x](diagram.svg)`.\n")
    st, r = put("refdiagram", package_zip(SVG, statement), "application/zip")
    assert st == 200 and r["changed"], r
    md = r["problem"]["statement"]
    assert "[d]: /api/problems/refdiagram/files/diagram.svg \"Diagram\"\n" in md, md
    assert "```markdown\n![the diagram](diagram.svg)\n```" in md, md
    assert "`![x](diagram.svg)`" in md, md
    dest = os.path.join(tmp, "refdiagram-export")
    os.makedirs(dest)
    r = verdict("problems", "export", "refdiagram", dest)
    assert r.returncode == 0, r.stderr
    sdir = os.path.join(dest, "refdiagram", "statement")
    exported = open(os.path.join(sdir, "problem.en.md")).read()
    # The title goes to problem.yaml's name; the rest comes back unlinked.
    assert "# Diagram\n\n" + exported == statement.replace("./diagram.svg", "diagram.svg"), exported
    assert open(os.path.join(sdir, "diagram.svg"), "rb").read() == SVG


api, port = h.start_api(db, RDB, ["--admin-token", ADMIN])
suite = h.Suite()
try:
    rc = suite.run([v for k, v in list(globals().items()) if k.startswith("test_")])
finally:
    api.stop()
for bad in ("AddressSanitizer", "runtime error", "LeakSanitizer"):
    if bad in api.log:
        print(api.log)
        rc = 1
h.drop_db(db)
shutil.rmtree(tmp, ignore_errors=True)
sys.exit(rc)

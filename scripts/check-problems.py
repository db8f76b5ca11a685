#!/usr/bin/env python3
"""Dev check for the problem set under problems/.

For every problem it validates the layout and problem.json, then compiles and
runs every program in submissions/<folder>/ BARE (no sandbox) on samples + tests, judging
the output with the problem's checker semantics:

  tokens     whitespace-insensitive token compare
  exact      byte compare
  float:EPS  same token count; numeric tokens within EPS absolute or relative,
             other tokens equal (EPS a plain decimal, 0 <= EPS < 1)
  custom     checker.c compiled and run as: checker input expected output
             (exit 0 = AC, 1 = WA, anything else = checker failure)

Like the judge, tests run in order (samples first) and a solution's verdict is
its first failing test's.  accepted.* must get AC on every test within the time
limit (CPU time); <verdict>.<ext> must get that verdict (wa, tle, re, mle, ole).
Time is CPU time (user + sys of the process tree); a run is killed at 2x the
limit of wall time (plus slack for JVM start-up).

It also checks that gen.py recreates samples/ and tests/ byte for byte.

Usage: scripts/check-problems.py [--problem ID ...] [--lang EXT ...]
                                 [--skip-slow] [--no-regen] [--keep]
Exit status 0 when everything passes.
"""
import argparse
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROBLEMS = os.path.join(ROOT, 'problems')

# The id and checker rules are the C code's (src/contract/ids.c
# ids_problem_valid, src/judge/checker.c checker_parse), which the importer
# applies; tests/e2e/test_problem_rules.py runs both over the edge cases of
# tests/integration/contract_cases.tsv and fails when they differ.
ID_RE = re.compile(r'[a-z0-9][a-z0-9-]{0,63}')
EPS_RE = re.compile(r'(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?')
CASE_RE = re.compile(r'^(\d{2,})\.(in|out)$')
SOL_RE = re.compile(r'^([a-z0-9_-]+)\.(c|cpp|py|js|java|go|rs)$')
VERDICT_OF = {'accepted': 'AC', 'wrong_answer': 'WA', 'time_limit_exceeded': 'TLE',
              'run_time_error': 'RE'}
NUM_RE = re.compile(r'^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$')

TOOLS = {
    'c': ['/usr/bin/gcc'],
    'cpp': ['/usr/bin/g++'],
    'py': ['/usr/bin/python3'],
    'js': ['/usr/bin/node'],
    'java': ['/usr/bin/javac', '/usr/bin/java'],
    'go': ['/usr/bin/go'],
    'rs': ['/usr/bin/rustc'],
}
# Extra wall-clock slack (ms) for start-up of heavy runtimes before the kill.
STARTUP_SLACK_MS = {'java': 1500, 'go': 200, 'js': 300, 'py': 200}


class Fail(Exception):
    pass


def problem_id_ok(pid):
    """True for a problem id: 1-64 of a-z 0-9 -, not starting with -."""
    return ID_RE.fullmatch(pid) is not None


def checker_eps(checker):
    """EPS of a "float:EPS" checker name, or None when it is not one."""
    if not checker.startswith('float:') or not EPS_RE.fullmatch(checker[6:]):
        return None
    eps = float(checker[6:])
    return eps if 0 <= eps < 1 else None


def kattis_flags(checker):
    """The flags of a "kattis[:FLAGS]" checker (Kattis's default output
    validator) as a dict, or None when it is not one (checker.h says how)."""
    if checker != 'kattis' and not checker.startswith('kattis:'):
        return None
    flags = {'case_sensitive': False, 'space_change_sensitive': False, 'abs': None, 'rel': None}
    text = checker[7:]
    if len(text.encode()) >= 256:
        return None
    words = [w for w in text.split(' ') if w]
    i = 0
    while i < len(words):
        w = words[i]
        if w in ('case_sensitive', 'space_change_sensitive'):
            flags[w] = True
            i += 1
            continue
        if w not in ('float_absolute_tolerance', 'float_relative_tolerance', 'float_tolerance'):
            return None
        if i + 1 == len(words) or not EPS_RE.fullmatch(words[i + 1]):
            return None
        tol = float(words[i + 1])
        if tol == float('inf'):
            return None
        if w != 'float_relative_tolerance':
            flags['abs'] = tol
        if w != 'float_absolute_tolerance':
            flags['rel'] = tol
        i += 2
    return flags


def checker_ok(checker):
    """True for a checker name: tokens, exact, custom, float:EPS or kattis[:FLAGS]."""
    return (checker in ('tokens', 'exact', 'custom') or checker_eps(checker) is not None
            or kattis_flags(checker) is not None)


def clean_env():
    env = {'PATH': '/usr/bin:/bin', 'LANG': 'C.UTF-8', 'HOME': tempfile.gettempdir()}
    return env


def compile_solution(src, ext, workdir):
    """Returns (argv, compile_error or None)."""
    os.makedirs(workdir, exist_ok=True)
    exe = os.path.join(workdir, 'prog')
    env = clean_env()
    if ext == 'c':
        cmd = ['/usr/bin/gcc', '-O2', '-std=c17', '-o', exe, src, '-lm']
        run = [exe]
    elif ext == 'cpp':
        cmd = ['/usr/bin/g++', '-O2', '-std=c++20', '-o', exe, src]
        run = [exe]
    elif ext == 'py':
        return ['/usr/bin/python3', src], None
    elif ext == 'js':
        return ['/usr/bin/node', src], None
    elif ext == 'java':
        shutil.copy(src, os.path.join(workdir, 'Main.java'))
        cmd = ['/usr/bin/javac', '-encoding', 'UTF-8', '-d', workdir,
               os.path.join(workdir, 'Main.java')]
        run = ['/usr/bin/java', '-Xss64m', '-cp', workdir, 'Main']
    elif ext == 'go':
        gosrc = os.path.join(workdir, 'main.go')
        shutil.copy(src, gosrc)
        env['GOCACHE'] = os.path.join(tempfile.gettempdir(), 'verdict-check-gocache')
        env['GO111MODULE'] = 'off'
        env['GOPATH'] = os.path.join(workdir, 'gopath')
        cmd = ['/usr/bin/go', 'build', '-o', exe, gosrc]
        run = [exe]
    elif ext == 'rs':
        cmd = ['/usr/bin/rustc', '-O', '--edition', '2021', '-o', exe, src]
        run = [exe]
    else:
        raise Fail('unknown extension ' + ext)
    p = subprocess.run(cmd, cwd=workdir, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=300)
    if p.returncode != 0:
        return None, p.stdout.decode(errors='replace')
    return run, None


def run_once(argv, in_path, out_path, limit_ms, slack_ms, cwd):
    """Runs argv with stdin/stdout redirected. Returns (status, cpu_ms, wall_ms)
    where status is 'ok', 'tle', or ('re', detail)."""
    wall_kill = (2 * limit_ms + slack_ms) / 1000.0
    with open(in_path, 'rb') as fin, open(out_path, 'wb') as fout:
        start = time.monotonic()
        p = subprocess.Popen(argv, stdin=fin, stdout=fout, stderr=subprocess.DEVNULL,
                             cwd=cwd, env=clean_env(), start_new_session=True)
        killed = False
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid != 0:
                break
            if time.monotonic() - start > wall_kill:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                killed = True
                pid, status, ru = os.wait4(p.pid, 0)
                break
            time.sleep(0.002)
        p.returncode = 0  # reaped by us; keep Popen from waiting again
        wall_ms = (time.monotonic() - start) * 1000
    cpu_ms = (ru.ru_utime + ru.ru_stime) * 1000
    if killed or cpu_ms > limit_ms:
        return 'tle', cpu_ms, wall_ms
    if os.WIFSIGNALED(status):
        return ('re', 'signal %d' % os.WTERMSIG(status)), cpu_ms, wall_ms
    if os.WEXITSTATUS(status) != 0:
        return ('re', 'exit %d' % os.WEXITSTATUS(status)), cpu_ms, wall_ms
    return 'ok', cpu_ms, wall_ms


def tokens_of(data):
    return data.split()


KATTIS_NUM_RE = re.compile(rb'[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?')
TOKEN_RUNS_RE = re.compile(rb'[^ \t\n\r\x0b\x0c]+')


def kattis_number(tok):
    """The value of a decimal-number token (under 128 bytes, finite), or None."""
    if len(tok) >= 128 or not KATTIS_NUM_RE.fullmatch(tok):
        return None
    v = float(tok)
    return v if v not in (float('inf'), float('-inf')) else None


def kattis_compare(flags, exp, got):
    """Kattis's default output validator under its flags: (ok, detail)."""
    # The white space before, between and after the tokens, run by run.
    if flags['space_change_sensitive'] and TOKEN_RUNS_RE.split(exp) != TOKEN_RUNS_RE.split(got):
        return False, 'white space differs'
    a, b = exp.split(), got.split()
    for i, (x, y) in enumerate(zip(a, b)):
        ev = kattis_number(x) if flags['abs'] is not None or flags['rel'] is not None else None
        if ev is not None:
            ov = kattis_number(y)
            d = abs(ev - ov) if ov is not None else None
            if d is None or not ((flags['abs'] is not None and d <= flags['abs']) or
                                 (flags['rel'] is not None and d <= flags['rel'] * abs(ev))):
                return False, 'token %d: expected %s got %s' % (
                    i + 1, x[:30].decode(errors='replace'), y[:30].decode(errors='replace'))
        elif x != y and (flags['case_sensitive'] or x.lower() != y.lower()):
            return False, 'token %d: expected %s got %s' % (
                i + 1, x[:30].decode(errors='replace'), y[:30].decode(errors='replace'))
    if len(a) != len(b):
        return False, 'expected %d tokens, got %d' % (len(a), len(b))
    return True, ''


def check_output(checker, checker_exe, in_path, exp_path, out_path):
    """Returns (ok: bool, detail)."""
    with open(exp_path, 'rb') as f:
        exp = f.read()
    with open(out_path, 'rb') as f:
        got = f.read()
    if checker == 'exact':
        return got == exp, 'bytes differ'
    if checker == 'tokens':
        a, b = tokens_of(exp), tokens_of(got)
        if a == b:
            return True, ''
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return False, 'token %d: expected %s got %s' % (
                    i + 1, x[:30].decode(errors='replace'), y[:30].decode(errors='replace'))
        return False, 'expected %d tokens, got %d' % (len(a), len(b))
    eps = checker_eps(checker)
    if eps is not None:
        a, b = tokens_of(exp), tokens_of(got)
        if len(a) != len(b):
            return False, 'expected %d tokens, got %d' % (len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            xs, ys = x.decode(errors='replace'), y.decode(errors='replace')
            if NUM_RE.match(xs) and NUM_RE.match(ys):
                fx, fy = float(xs), float(ys)
                d = abs(fx - fy)
                if not (d <= eps or d <= eps * abs(fx)):
                    return False, 'token %d: expected %s got %s' % (i + 1, xs, ys)
            elif x != y:
                return False, 'token %d: expected %r got %r' % (i + 1, xs[:30], ys[:30])
        return True, ''
    flags = kattis_flags(checker)
    if flags is not None:
        return kattis_compare(flags, exp, got)
    if checker == 'custom':
        p = subprocess.run([checker_exe, in_path, exp_path, out_path],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
        if p.returncode == 0:
            return True, ''
        if p.returncode == 1:
            return False, p.stdout.decode(errors='replace').strip()[:80]
        raise Fail('checker failed (exit %d) on %s: %s' % (
            p.returncode, out_path, p.stdout.decode(errors='replace')[:200]))
    raise Fail('unknown checker ' + checker)


def list_cases(pdir, kind, errors):
    d = os.path.join(pdir, kind)
    if not os.path.isdir(d):
        errors.append('%s/ missing' % kind)
        return []
    ins, outs = set(), set()
    for f in os.listdir(d):
        m = CASE_RE.match(f)
        if not m:
            errors.append('%s/%s: unexpected file' % (kind, f))
            continue
        (ins if m.group(2) == 'in' else outs).add(m.group(1))
    for n in sorted(ins ^ outs):
        errors.append('%s/%s: .in/.out pair incomplete' % (kind, n))
    names = sorted(ins & outs)
    if not names:
        errors.append('%s/ has no cases' % kind)
    return [(kind + '/' + n, os.path.join(d, n + '.in'), os.path.join(d, n + '.out'))
            for n in names]


def validate(pid, pdir):
    """Returns (meta, cases, solutions, errors)."""
    errors = []
    if not problem_id_ok(pid):
        errors.append('bad id %r' % pid)
    meta = {}
    try:
        with open(os.path.join(pdir, 'problem.json'), encoding='utf-8') as f:
            meta = json.load(f)
    except (OSError, ValueError) as e:
        errors.append('problem.json: %s' % e)
    if not isinstance(meta, dict):
        errors.append('problem.json: not an object')
        meta = {}
    want = {'title': str, 'difficulty': str, 'timeLimitMs': int,
            'memoryLimitMb': int, 'outputLimitKb': int, 'checker': str}
    for k, t in want.items():
        if k not in meta:
            errors.append('problem.json: missing %s' % k)
        elif not isinstance(meta[k], t) or isinstance(meta[k], bool):
            errors.append('problem.json: %s must be %s' % (k, t.__name__))
    extra = set(meta) - set(want)
    if extra:
        errors.append('problem.json: unknown fields %s' % sorted(extra))
    if meta.get('difficulty') not in ('easy', 'medium', 'hard'):
        errors.append('problem.json: difficulty must be easy|medium|hard')
    for k, lo, hi in (('timeLimitMs', 100, 20000), ('memoryLimitMb', 16, 2048),
                      ('outputLimitKb', 1, 65536)):
        v = meta.get(k)
        if isinstance(v, int) and not lo <= v <= hi:
            errors.append('problem.json: %s=%d out of [%d, %d]' % (k, v, lo, hi))
    chk = meta.get('checker')
    if isinstance(chk, str) and not checker_ok(chk):
        errors.append('problem.json: bad checker %r' % chk)
    has_checker_c = os.path.isfile(os.path.join(pdir, 'checker.c'))
    if chk == 'custom' and not has_checker_c:
        errors.append('checker is custom but checker.c is missing')
    if chk != 'custom' and has_checker_c:
        errors.append('checker.c present but checker is %r' % chk)
    # statement
    try:
        with open(os.path.join(pdir, 'statement.md'), encoding='utf-8') as f:
            statement = f.read()
        first = statement.split('\n', 1)[0]
        if not first.startswith('# ') or not first[2:].strip():
            errors.append('statement.md: first line must be "# Title"')
        elif isinstance(meta.get('title'), str) and first[2:].strip() != meta['title']:
            errors.append('statement.md title %r != problem.json title %r'
                          % (first[2:].strip(), meta['title']))
        for word in ('Input', 'Output', 'Constraints', 'Example'):
            if not re.search(r'^#+ .*' + word, statement, re.M):
                errors.append('statement.md: no "%s" section' % word)
    except OSError as e:
        errors.append('statement.md: %s' % e)
        statement = ''
    samples = list_cases(pdir, 'samples', errors)
    tests = list_cases(pdir, 'tests', errors)
    if samples and statement:
        with open(samples[0][1], encoding='utf-8', errors='replace') as f:
            s_in = f.read().strip()
        with open(samples[0][2], encoding='utf-8', errors='replace') as f:
            s_out = f.read().strip()
        if s_in not in statement or s_out not in statement:
            errors.append('statement.md: the example does not match samples/01')
    if not os.path.isfile(os.path.join(pdir, 'gen.py')):
        errors.append('gen.py missing')
    # submissions/<folder>/<name>.<ext>, the Kattis package layout: the folder
    # is the verdict the program must get.
    sols = []
    sdir = os.path.join(pdir, 'submissions')
    for folder in sorted(os.listdir(sdir)) if os.path.isdir(sdir) else []:
        if folder not in VERDICT_OF:
            errors.append('submissions/%s: unknown folder' % folder)
            continue
        for f in sorted(os.listdir(os.path.join(sdir, folder))):
            m = SOL_RE.match(f)
            if not m:
                errors.append('submissions/%s/%s: name must be <name>.<ext>' % (folder, f))
                continue
            sols.append((folder + '/' + f, folder, m.group(2)))
    names = [s[0] for s in sols]
    for need in ('accepted/accepted.c', 'accepted/accepted.py'):
        if need not in names:
            errors.append('submissions/%s missing' % need)
    if not any(s[1] != 'accepted' for s in sols):
        errors.append('submissions/ has no failing program')
    size = 0
    for dp, _, fs in os.walk(pdir):
        size += sum(os.path.getsize(os.path.join(dp, f)) for f in fs)
    if size > 4 * 1024 * 1024:
        errors.append('problem is %.1f MB (keep it under ~3 MB)' % (size / 1048576))
    return meta, samples + tests, sols, errors, size


def fuzz_checker(checker_exe, case, workdir):
    """A custom checker must answer 0 or 1 (never crash) on garbage output."""
    _, in_path, exp_path = case
    garbage = [b'', b'\n', b'-1\n', b'0\n', b'abc def\n', b'99999999999999999999999999\n',
               b'-9223372036854775808 9223372036854775807\n', b'1 1 1 1 1 1\n',
               bytes(range(256)) * 4, b'1\x00 2\n', b'+1 -0 1e3\n',
               (b'1 ' * 300000) + b'\n']
    with open(exp_path, 'rb') as f:
        exp = f.read()
    garbage.append(exp + b' 1\n')
    garbage.append(exp[: len(exp) // 2])
    garbage.append(exp.replace(b'\n', b' '))
    bad = []
    for i, g in enumerate(garbage):
        out = os.path.join(workdir, 'garbage.out')
        with open(out, 'wb') as f:
            f.write(g)
        p = subprocess.run([checker_exe, in_path, exp_path, out], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=60)
        if p.returncode not in (0, 1):
            bad.append('garbage #%d -> exit %d' % (i, p.returncode))
    # the expected answer itself, with other whitespace, must be accepted
    out = os.path.join(workdir, 'garbage.out')
    with open(out, 'wb') as f:
        f.write(b'  ' + exp.replace(b'\n', b' \n\t'))
    p = subprocess.run([checker_exe, in_path, exp_path, out], timeout=60,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if p.returncode != 0:
        bad.append('reformatted expected answer rejected')
    return bad


def check_regen(pdir, workdir):
    """gen.py must recreate samples/ and tests/ byte for byte."""
    # The copy keeps the layout gen.py expects: problems/genlib.py beside it.
    root = os.path.join(workdir, 'regen')
    shutil.rmtree(root, ignore_errors=True)
    copy = os.path.join(root, os.path.basename(os.path.normpath(pdir)))
    shutil.copytree(pdir, copy)
    shutil.copy(os.path.join(os.path.dirname(os.path.normpath(pdir)), 'genlib.py'), root)
    p = subprocess.run(['/usr/bin/python3', os.path.join(copy, 'gen.py')], cwd=copy,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=600)
    if p.returncode != 0:
        return ['gen.py failed: ' + p.stdout.decode(errors='replace').strip()[-200:]]
    bad = []
    for kind in ('samples', 'tests'):
        a, b = os.path.join(pdir, kind), os.path.join(copy, kind)
        fa = sorted(os.listdir(a)) if os.path.isdir(a) else []
        fb = sorted(os.listdir(b)) if os.path.isdir(b) else []
        if fa != fb:
            bad.append('gen.py makes %s/ files %s, on disk %s' % (kind, fb, fa))
            continue
        for f in fa:
            with open(os.path.join(a, f), 'rb') as x, open(os.path.join(b, f), 'rb') as y:
                if x.read() != y.read():
                    bad.append('gen.py does not reproduce %s/%s' % (kind, f))
    shutil.rmtree(copy, ignore_errors=True)
    return bad


def is_function_problem(pdir):
    """True for a function problem (problem.json "function"): its programs are
    a function, not stdin/stdout programs, so this script cannot run them."""
    try:
        with open(os.path.join(pdir, 'problem.json'), encoding='utf-8') as f:
            return 'function' in json.load(f)
    except (OSError, ValueError):
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--problem', action='append', help='only this problem id (repeatable)')
    ap.add_argument('--lang', action='append', help='only solutions with this extension')
    ap.add_argument('--skip-slow', action='store_true',
                    help='do not run tle.* solutions (they cost 2x the limit)')
    ap.add_argument('--keep', action='store_true', help='keep the build directory')
    ap.add_argument('--no-regen', action='store_true',
                    help='do not check that gen.py reproduces samples/ and tests/')
    args = ap.parse_args()

    missing = sorted(ext for ext, tools in TOOLS.items()
                     if not all(os.path.exists(t) for t in tools))
    for ext in missing:
        print('SKIP language .%s: %s not found' % (ext, ' / '.join(TOOLS[ext])))

    # Run with the usual 8 MB stack (inherited by the solutions) so results
    # do not depend on the caller's ulimit -s.
    soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
    if hard == resource.RLIM_INFINITY or hard >= 8 << 20:
        resource.setrlimit(resource.RLIMIT_STACK, (8 << 20, hard))

    build = tempfile.mkdtemp(prefix='verdict-check-')
    ids = sorted(d for d in os.listdir(PROBLEMS) if os.path.isdir(os.path.join(PROBLEMS, d)))
    if args.problem:
        unknown = set(args.problem) - set(ids)
        if unknown:
            print('unknown problem(s): %s' % ', '.join(sorted(unknown)))
            return 2
        ids = [i for i in ids if i in args.problem]
    rows = []
    failures = []
    total_size = 0
    langs_seen = set()
    for pid in ids:
        pdir = os.path.join(PROBLEMS, pid)
        if is_function_problem(pdir):
            print('SKIP %s: a function problem (`verdict problems verify %s` proves it)'
                  % (pid, pid))
            continue
        meta, cases, sols, errors, size = validate(pid, pdir)
        total_size += size
        for e in errors:
            failures.append('%s: %s' % (pid, e))
            print('FAIL %s: %s' % (pid, e))
        if errors and not cases:
            continue
        if not args.no_regen and os.path.isfile(os.path.join(pdir, 'gen.py')):
            for b in check_regen(pdir, os.path.join(build, pid)):
                failures.append('%s: %s' % (pid, b))
                print('FAIL %s: %s' % (pid, b))
        limit = meta.get('timeLimitMs', 1000)
        out_limit = meta.get('outputLimitKb', 64) * 1024
        checker = meta.get('checker', 'tokens')
        checker_exe = None
        if checker == 'custom':
            checker_exe = os.path.join(build, pid, 'checker')
            os.makedirs(os.path.dirname(checker_exe), exist_ok=True)
            p = subprocess.run(['/usr/bin/gcc', '-O2', '-std=c17', '-Wall', '-Wextra', '-Werror',
                                '-o', checker_exe, os.path.join(pdir, 'checker.c'), '-lm'],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            if p.returncode != 0:
                failures.append('%s: checker.c does not compile:\n%s' % (pid, p.stdout.decode()))
                print(failures[-1])
                continue
            for b in fuzz_checker(checker_exe, cases[0], os.path.join(build, pid)):
                failures.append('%s: checker: %s' % (pid, b))
                print('FAIL %s: checker: %s' % (pid, b))
        for fname, verdict_name, ext in sols:
            if ext in missing or (args.lang and ext not in args.lang):
                continue
            if args.skip_slow and verdict_name == 'time_limit_exceeded':
                continue
            langs_seen.add(ext)
            want = VERDICT_OF[verdict_name]
            workdir = os.path.join(build, pid, fname.replace('.', '_').replace('/', '_'))
            argv, cerr = compile_solution(os.path.join(pdir, 'submissions', fname), ext, workdir)
            if argv is None:
                got, where, detail, max_cpu = 'CE', '-', cerr.strip().split('\n')[0][:80], 0
            else:
                got, where, detail, max_cpu = 'AC', '-', '', 0.0
                slack = STARTUP_SLACK_MS.get(ext, 100)
                for name, in_path, exp_path in cases:
                    out_path = os.path.join(workdir, 'run.out')
                    status, cpu, wall = run_once(argv, in_path, out_path, limit, slack, workdir)
                    max_cpu = max(max_cpu, cpu)
                    v = None
                    if status == 'tle':
                        v, detail = 'TLE', 'cpu %.0f ms, wall %.0f ms' % (cpu, wall)
                    elif isinstance(status, tuple):
                        v, detail = 'RE', status[1]
                    elif os.path.getsize(out_path) > out_limit:
                        v, detail = 'OLE', '%d bytes' % os.path.getsize(out_path)
                    else:
                        ok, d = check_output(checker, checker_exe, in_path, exp_path, out_path)
                        if not ok:
                            v, detail = 'WA', d
                    if v:
                        got, where = v, name
                        break
            passed = got == want
            rows.append((pid, fname, want, got, where, '%.0f' % max_cpu, 'ok' if passed else 'FAIL',
                         detail if not passed or got != 'AC' else ''))
            print('%-6s %-22s %-14s want %-4s got %-4s at %-12s max cpu %6.0f ms  %s' % (
                'ok' if passed else 'FAIL', pid, fname, want, got, where, max_cpu, detail[:60]),
                flush=True)
            if not passed:
                failures.append('%s/%s: want %s, got %s at %s (%s)' % (pid, fname, want, got,
                                                                     where, detail))
    if not args.keep:
        shutil.rmtree(build, ignore_errors=True)
    else:
        print('build kept in', build)

    print()
    hdr = ('problem', 'solution', 'want', 'got', 'first fail', 'max cpu ms', 'result')
    widths = [max(len(str(r[i])) for r in rows + [hdr]) for i in range(len(hdr))]
    line = '  '.join('%-*s' % (w, h) for w, h in zip(widths, hdr))
    print(line)
    print('-' * len(line))
    for r in rows:
        print('  '.join('%-*s' % (w, c) for w, c in zip(widths, r[:7])))
    print()
    print('%d problems, %d solution runs, languages run: %s; data %.1f MB' % (
        len(ids), len(rows), ' '.join(sorted(langs_seen)) or '-', total_size / 1048576))
    if not args.problem and total_size > 26 * 1024 * 1024:
        failures.append('problem set is %.1f MB (keep it under ~25 MB)' % (total_size / 1048576))
    if failures:
        print('%d FAILURE(S):' % len(failures))
        for f in failures:
            print('  ' + f)
        return 1
    print('ALL OK')
    return 0


if __name__ == '__main__':
    sys.exit(main())

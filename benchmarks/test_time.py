"""How long the README's commands take on this machine: set-up, `make test`'s two halves, and `make demo`.

    python3 benchmarks/test_time.py          # times make setup browser, test-nbs, test-py and demo; writes benchmarks/results/test_time.json
    python3 benchmarks/test_time.py --show   # the saved figures

Set-up (the virtual environment, the data, Chromium) is done first and timed apart: it is what `make setup browser`
does once per machine, and its time is kept only when this checkout had no virtual environment yet (a fresh clone).
Both halves of the tests share one fresh score cache (`IMAGEDENOISE_SCORE_CACHE`), as in `make test`; `make demo` runs
last, without it, into a temporary folder, as a user's first run. A benchmark that prints figures, not a test: it
asserts nothing about the time. The README states what it wrote.
"""
from __future__ import annotations
import argparse, json, os, re, shutil, subprocess, sys, tempfile, time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULT = ROOT/'benchmarks'/'results'/'test_time.json'
APT_FILES = ('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz', '/usr/bin/chromium', '/usr/bin/chromedriver')  # what set-up installs with apt


def timed(target:str, env:dict)->tuple[float, int, str]:
    "Seconds `make target` took, its exit status and its output (also shown on this terminal as it comes)."
    start, lines = time.perf_counter(), []
    with subprocess.Popen(['make', '--no-print-directory', target], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True) as proc:
        for line in proc.stdout: sys.stdout.write(line); lines.append(line)
    return time.perf_counter() - start, proc.returncode, ''.join(lines)


def slowest(nbs_log:str, py_log:str, n:int=10)->dict:
    "The `n` slowest chapters (nbdev_test --timing) and tests (pytest --durations), in seconds: where the time went."
    chapters = [(m[1], int(m[2])) for m in re.finditer(r'^(\S+\.ipynb): (\d+) secs$', nbs_log, re.M)]
    tests = {}
    for m in re.finditer(r'^([\d.]+)s (?:call|setup|teardown) +(\S+)', py_log, re.M): tests[m[2]] = tests.get(m[2], 0) + float(m[1])  # a test's phases together
    return dict(slowest_chapters=dict(sorted(chapters, key=lambda o: -o[1])[:n]), slowest_tests={k: round(v, 2) for k, v in sorted(tests.items(), key=lambda o: -o[1])[:n]})


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--show', action='store_true', help='print the saved figures and exit')
    a = p.parse_args()
    if not a.show:
        fresh, start = not (ROOT/'.venv'/'.installed').exists(), time.perf_counter()
        apt_present = all(Path(f).exists() for f in APT_FILES)  # then set-up only makes the virtual environment
        subprocess.run(['make', '--no-print-directory', 'setup', 'browser'], cwd=ROOT, check=True)
        setup = time.perf_counter() - start
        env = {**os.environ, 'IMAGEDENOISE_SCORE_CACHE': tempfile.mkdtemp(prefix='imagedenoise-scores-')}
        (nbs, nbs_status, nbs_log), (py, py_status, py_log) = timed('test-nbs', env), timed('test-py', env)
        shutil.rmtree(env['IMAGEDENOISE_SCORE_CACHE'], ignore_errors=True)
        out = tempfile.mkdtemp(prefix='imagedenoise-demo-')
        demo, demo_status, _ = timed('demo', {k: v for k, v in os.environ.items() if k != 'IMAGEDENOISE_SCORE_CACHE'} | {'OUT': out})
        shutil.rmtree(out, ignore_errors=True)
        cpu = subprocess.run([str(ROOT/'.venv'/'bin'/'python'), '-c', "from imagedenoise.precision import cpu_info; print(cpu_info()['name'])"],
                             capture_output=True, text=True, check=True).stdout.strip()
        commit = subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        res = dict(nbdev_test_seconds=round(nbs), pytest_seconds=round(py), total_seconds=round(nbs + py),
                   passed=nbs_status == 0 and py_status == 0, demo_seconds=round(demo), demo_passed=demo_status == 0,
                   setup_seconds=round(setup) if fresh else None, setup_apt_packages_present=apt_present, cpu=cpu, cores=os.cpu_count(), commit=commit, date=date.today().isoformat(), **slowest(nbs_log, py_log))
        tmp = RESULT.with_suffix('.json.tmp')
        tmp.write_text(json.dumps(res, indent=1) + '\n'); os.replace(tmp, RESULT)
    res = json.loads(RESULT.read_text())
    print(f"make test after set-up: {res['total_seconds'] / 60:.1f} min (chapters {res['nbdev_test_seconds'] / 60:.1f}, tests/ "
          f"{res['pytest_seconds'] / 60:.1f}) on {res['cpu']}, {res['cores']} cores, at {res['commit']}; "
          f"{'all passed' if res['passed'] else 'SOME FAILED'}")
    if res.get('demo_seconds') is not None: print(f"make demo: {res['demo_seconds'] / 60:.1f} min{'' if res['demo_passed'] else ' (FAILED)'}")
    if res.get('setup_seconds') is not None:
        print(f"set-up in a fresh clone (make setup browser): {res['setup_seconds'] / 60:.1f} min"
              f"{' (the apt packages were installed already)' if res['setup_apt_packages_present'] else ''}")
    for key in ('slowest_chapters', 'slowest_tests'):
        if res.get(key): print(f"{key.replace('_', ' ')}: " + ', '.join(f"{k} {v:.0f} s" for k, v in res[key].items()))
    return 0 if res['passed'] and res.get('demo_passed', True) else 1


if __name__ == '__main__': sys.exit(main())

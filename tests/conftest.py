import contextlib, hashlib, io, os, traceback
from pathlib import Path
from typing import NamedTuple
import numpy as np, pytest
from imagedenoise.files import IDX_FILES, write_idx


def write_tiny_dataset(folder, n=12, label=0, gz=True):
    "Write a tiny data set of `n` 28×28 uint8 images per split, all labelled `label`, as IDX files in `folder`."
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(label)
    for key, stem in IDX_FILES.items():
        a = rng.integers(0, 256, (n, 28, 28), dtype=np.uint8) if key[0] == 'x' else np.full(n, label, np.uint8)
        write_idx(folder/(stem + ('.gz' if gz else '')), a)
    return folder


@pytest.fixture
def no_default_places(tmp_path, monkeypatch):
    "Hide Debian's folder, Keras's cache and IMAGEDENOISE_DATA, so that only what a test sets up is found."
    from imagedenoise.files import DATASETS
    for info in DATASETS.values(): monkeypatch.setitem(info, 'debian', str(tmp_path/'no-debian'))
    monkeypatch.setenv('KERAS_HOME', str(tmp_path/'keras-home'))
    monkeypatch.delenv('IMAGEDENOISE_DATA', raising=False)
    return tmp_path


WEIGHTS = Path(__file__).resolve().parent.parent/'imagedenoise'/'weights'

def _digest()->dict: return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(WEIGHTS.iterdir()) if p.is_file()}

@pytest.fixture(scope='session', autouse=True)
def shipped_weights_untouched():
    "No test may change the shipped weights (commands that release weights are tested on copies of the package)."
    before = _digest()
    yield
    assert _digest() == before, "a test changed files under imagedenoise/weights/"


class Ran(NamedTuple):
    "What a run of the command gave: its exit status and what it wrote, as `subprocess.run(..., capture_output=True, text=True)` has them."
    returncode: int
    stdout: str
    stderr: str

def run_in_process(*args, # The command's arguments, as a user types them after `imagedenoise`
                   env:dict|None=None, # Environment variables set for the run (and restored after it)
                   cwd=None, # The folder to run in (restored after it)
                  )->Ran:
    "Run the `imagedenoise` command's `main` (what the console script calls) in this process, as `subprocess.run` would in a fresh one."
    from imagedenoise.cli import main
    out, err, saved_env, saved_cwd = io.StringIO(), io.StringIO(), dict(os.environ), os.getcwd()
    os.environ.update({k: str(v) for k, v in (env or {}).items()})
    try:
        if cwd: os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try: code = main([str(a) for a in args])
            except SystemExit as e: code = 0 if e.code is None else e.code if isinstance(e.code, int) else 1  # as Python exits: argparse's refusal is 2
            except Exception: traceback.print_exc(); code = 1  # what Python prints for an uncaught exception, with its status
    finally:
        os.chdir(saved_cwd); os.environ.clear(); os.environ.update(saved_env)
    return Ran(code, out.getvalue(), err.getvalue())

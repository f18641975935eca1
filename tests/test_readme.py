"README.md is generated from nbs/index.ipynb; this fails when someone edits one without regenerating."
import subprocess, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_readme_is_in_sync_with_index():
    r = subprocess.run([sys.executable, str(ROOT/'docs'/'readme.py'), '--check'], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_readme_starts_with_the_two_commands():
    "The README's first lines give the main-job and test commands, as the developers' guide asks."
    text = (ROOT/'README.md').read_text()
    block = text.split('```sh', 1)[1].split('```', 1)[0]
    assert [l.split()[:2] for l in block.strip().splitlines()] == [['make', 'demo'], ['make', 'test']]
    assert text.index('```sh') < text.index('## What it does')

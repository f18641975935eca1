"""The chapters as a reader meets them, checked without running them again (`nbdev_test` runs each once, every cell, before
these tests): retraining switched off, the shipped weights untouched, no figure typed into prose, the study first with a
picture on each chapter's first screen and no machinery of its own."""
import json, re, subprocess
from pathlib import Path
import pytest

NBS = Path(__file__).resolve().parent.parent/'nbs'
CHAPTERS = sorted(p.name for p in NBS.glob('*.ipynb'))
WEIGHTS = Path(__file__).resolve().parent.parent/'imagedenoise'/'weights'

# A number followed by a unit: what goes stale when typed into prose. Numbers in code spans, code blocks, links'
# targets and the outputs of cells (rendered from computed values) are not prose.
UNITS = r'dB|%|images/s|img/s|ms|s|seconds|min|minutes|hours|h|MB|GB|MiB|GiB|GFLOP/s|MFLOP'
FIGURE = re.compile(r'(?<![\w.·])\d[\d,]*(?:\.\d+)?(?:[\s\u00a0\u202f]*)(?:' + UNITS + r')(?![\w/])')
SCORE = re.compile(r'(?<![\w.])0\.\d{3,}')  # an SSIM-like score, four decimals: a figure without a unit
MEASURED = r'\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+'  # a figure that was measured: thousands or decimals (not 28 → 14 → 7)
PAIR = re.compile(r'(?<![\w.])(?:' + MEASURED + r')\s*(?:→|->)\s*(?:' + MEASURED + r')')  # before → after
RATIO = re.compile(r'(?<![\w.×])\d+(?:\.\d+)?\s*times\b|(?<![\w.])×\s?\d+(?:\.\d+)?|(?<![\w.×])\d+\.\d+\s?×(?!\s?\d)')  # 1.7 times, ×1.8, 1.8×

def prose(cell:dict)->str:
    "The text of a Markdown cell as a reader sees it, without code, links' targets or HTML comments."
    s = ''.join(cell['source'])
    s = re.sub(r'```.*?```', ' ', s, flags=re.S)
    s = re.sub(r'`[^`]*`', ' ', s)
    s = re.sub(r'\]\([^)]*\)', ']', s)
    return re.sub(r'<!--.*?-->', ' ', s, flags=re.S)

def typed_figures(nb:dict)->list[str]:
    "Every figure with a unit, four-decimal score, pair of measured figures and ratio in the Markdown cells of notebook `nb`."
    return [m.group(0) for c in nb['cells'] if c['cell_type'] == 'markdown'
            for pat in (FIGURE, SCORE, PAIR, RATIO) for m in pat.finditer(prose(c))]

def test_the_prose_check_catches_figures():
    nb = {'cells': [{'cell_type': 'markdown', 'source': 'The deep model scores 22.10 dB and 0.8363 SSIM in 78 minutes, at 3,069 images/s.'},
                    {'cell_type': 'markdown', 'source': 'A 3×3 convolution, `22.10 dB` in code, 0.8·MSE, sigma 0.3, 28×28 images, [link](a.html#x-5)'},
                    {'cell_type': 'code', 'source': 'x = 22.10  # dB'}]}
    assert typed_figures(nb) == ['22.10 dB', '78 minutes', '3,069 images/s', '0.8363']

def test_the_prose_check_catches_pairs_and_ratios():
    nb = {'cells': [{'cell_type': 'markdown', 'source': 'basic 8,034 → 13,555, deep 1.37 -> 1.60; 1.5 to 1.7 times as fast, ×1.8 and 2.25× the epochs.'},
                    {'cell_type': 'markdown', 'source': '28 → 14 → 7 pixels, 32 → 64 → 128 filters, a 2× upsampling, 3×3 kernels, four times the channels, 28×28.'}]}
    assert typed_figures(nb) == ['8,034 → 13,555', '1.37 -> 1.60', '1.7 times', '×1.8', '2.25×']

@pytest.mark.parametrize('name', CHAPTERS)
def test_no_typed_figures_in_prose(name):
    "A figure a chapter states comes from a cell that computes it (or reads a results file), not from typed prose."
    found = typed_figures(json.loads((NBS/name).read_text()))
    assert not found, f"{name}: figures typed into prose (compute them in an `echo: false` cell instead): {found}"

def test_retraining_switches_ship_off():
    "Each chapter's full-training switch ships off, so that running it (`nbdev_test`, Jupyter's Run All) loads the shipped weights."
    for name in CHAPTERS:
        nb = json.loads((NBS/name).read_text())
        switches = [''.join(c['source']).strip() for c in nb['cells'] if c['cell_type'] == 'code' and re.fullmatch(r'RETRAIN = \w+', ''.join(c['source']).strip())]
        assert switches in ([], ['RETRAIN = False']), f"{name}: the retraining switch must ship off, found {switches}"

def test_shipped_weights_are_as_committed():
    "Nothing that ran before (the chapters, under `nbdev_test`) changed the shipped weights: each file is the blob git has for it."
    git = lambda *a: subprocess.run(['git', *a], cwd=WEIGHTS, capture_output=True, text=True)
    listed = git('ls-files', '-s', '.')
    if listed.returncode != 0 or not listed.stdout: pytest.skip('not a git checkout')
    committed = {line.split('\t')[1]: line.split()[1] for line in listed.stdout.splitlines()}
    now = {name: git('hash-object', name).stdout.strip() for name in committed}
    assert now == committed, f"changed under imagedenoise/weights/: {[n for n in committed if now[n] != committed[n]]}"
    assert not git('ls-files', '--others', '--exclude-standard', '.').stdout, "new files under imagedenoise/weights/"


# The study part of the book, as the sidebar lists it.
import yaml
SIDEBAR = yaml.safe_load((NBS/'sidebar.yml').read_text())['website']['sidebar']['contents']
STUDY = next(c['contents'] for c in SIDEBAR if isinstance(c, dict) and c.get('section') == 'The study')

def first_picture(nb:dict)->int|None:
    "The index, among the code cells of notebook `nb`, of the first whose saved outputs hold an image."
    code = [c for c in nb['cells'] if c['cell_type'] == 'code']
    return next((i for i, c in enumerate(code) if any('image/png' in o.get('data', {}) for o in c.get('outputs', []))), None)

def test_the_study_is_a_part_of_the_book():
    assert STUDY[:3] == ['00_data.ipynb', '01_noise.ipynb', '02_metrics.ipynb'] and STUDY[-1] == '08_evaluation.ipynb'
    assert [c.get('section') for c in SIDEBAR if isinstance(c, dict)] == ['The study', 'Beyond the study', 'Using it', 'Engineering']
    assert sorted(p for c in SIDEBAR for p in ([c] if isinstance(c, str) else c['contents'])) == CHAPTERS  # every chapter, once

@pytest.mark.parametrize('name', STUDY)
def test_a_picture_on_the_first_screen(name):
    "Each chapter of the study shows a picture (saved with the notebook) within its first six code cells."
    at = first_picture(json.loads((NBS/name).read_text()))
    assert at is not None and at < 6, f"{name}: the first picture is in code cell {at} (counting from 0); show one within the first six"

MACHINERY = re.compile(r'tempfile|os\.(?:replace|link|rename)|\.write_(?:bytes|text)\(|open\([^)]*[\'"][wa]|/proc/cpuinfo|cpuinfo|WEIGHTS_DIR|--release|importlib')

@pytest.mark.parametrize('name', STUDY)
def test_the_study_defines_no_machinery(name):
    "The study's modules write no files, detect no CPU and release no weights: they import that from the Engineering modules."
    nb = json.loads((NBS/name).read_text())
    exported = '\n'.join(''.join(c['source']) for c in nb['cells'] if c['cell_type'] == 'code' and re.match(r'#\|\s*export', ''.join(c['source'])))
    found = MACHINERY.findall(exported)
    assert not found, f"{name}: exports machinery ({found}); move it to an Engineering module and import it"


TF_IMPORT = re.compile(r'\s*(?:import (?:keras|tensorflow)\b|from (?:keras|tensorflow)[\w.]* import)')
OUR_IMPORT = re.compile(r'\s*(?:import imagedenoise\b|from imagedenoise[\w.]* import)')

def first_line(nb:dict, pattern)->tuple|None:
    "(code cell, line) of the first line of notebook `nb` that matches `pattern`, in the order a kernel runs them."
    code = [c for c in nb['cells'] if c['cell_type'] == 'code']
    return next(((i, j) for i, c in enumerate(code) for j, line in enumerate(''.join(c['source']).splitlines()) if pattern.match(line)), None)

def test_the_import_check_catches_keras_first():
    nb = {'cells': [{'cell_type': 'code', 'source': 'import keras\nfrom imagedenoise.basic import conv'}]}
    assert first_line(nb, TF_IMPORT) < first_line(nb, OUR_IMPORT)

@pytest.mark.parametrize('name', CHAPTERS)
def test_imagedenoise_is_imported_before_tensorflow(name):
    "A chapter's kernel imports imagedenoise before Keras or TensorFlow: else TensorFlow loads without the package's CPU options (oneDNN off where it is not TensorFlow's default: training several times slower)."
    nb = json.loads((NBS/name).read_text())
    tf, ours = first_line(nb, TF_IMPORT), first_line(nb, OUR_IMPORT)
    assert tf is None or (ours is not None and ours < tf), f"{name}: Keras or TensorFlow is imported (code cell {tf}) before imagedenoise ({ours})"

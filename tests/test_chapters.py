"""The chapters as a reader meets them: every notebook runs top to bottom as Jupyter would (nbclient, all cells,
retraining switched off) without touching the shipped weights, and no chapter states a figure in typed prose."""
import hashlib, json, os, re, time
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

def prose(cell:dict)->str:
    "The text of a Markdown cell as a reader sees it, without code, links' targets or HTML comments."
    s = ''.join(cell['source'])
    s = re.sub(r'```.*?```', ' ', s, flags=re.S)
    s = re.sub(r'`[^`]*`', ' ', s)
    s = re.sub(r'\]\([^)]*\)', ']', s)
    return re.sub(r'<!--.*?-->', ' ', s, flags=re.S)

def typed_figures(nb:dict)->list[str]:
    "Every figure with a unit, and every four-decimal score, in the Markdown cells of notebook `nb`."
    return [m.group(0) for c in nb['cells'] if c['cell_type'] == 'markdown'
            for pat in (FIGURE, SCORE) for m in pat.finditer(prose(c))]

def test_the_prose_check_catches_figures():
    nb = {'cells': [{'cell_type': 'markdown', 'source': 'The deep model scores 22.10 dB and 0.8363 SSIM in 78 minutes, at 3,069 images/s.'},
                    {'cell_type': 'markdown', 'source': 'A 3×3 convolution, `22.10 dB` in code, 0.8·MSE, sigma 0.3, 28×28 images, [link](a.html#x-5)'},
                    {'cell_type': 'code', 'source': 'x = 22.10  # dB'}]}
    assert typed_figures(nb) == ['22.10 dB', '78 minutes', '3,069 images/s', '0.8363']

@pytest.mark.parametrize('name', CHAPTERS)
def test_no_typed_figures_in_prose(name):
    "A figure a chapter states comes from a cell that computes it (or reads a results file), not from typed prose."
    found = typed_figures(json.loads((NBS/name).read_text()))
    assert not found, f"{name}: figures typed into prose (compute them in an `echo: false` cell instead): {found}"

def weights_digest()->dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(WEIGHTS.iterdir()) if p.is_file()}

@pytest.mark.skipif(os.environ.get('IMAGEDENOISE_SKIP_RUN_ALL') == '1', reason='IMAGEDENOISE_SKIP_RUN_ALL=1')
@pytest.mark.parametrize('name', CHAPTERS)
def test_chapter_runs_top_to_bottom(name, tmp_path):
    "Run All, as Jupyter does it: every cell (slow or not) in a fresh kernel, in nbs/, switches as shipped; the weights stay as they are."
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(NBS/name, as_version=4)
    switches = [c.source for c in nb.cells if c.cell_type == 'code' and re.fullmatch(r'RETRAIN = \w+', c.source.strip())]
    assert switches in ([], ['RETRAIN = False']), f"{name}: the retraining switch must ship off, found {switches}"
    before = weights_digest()
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name='python3', resources={'metadata': {'path': str(NBS)}}).execute()
    seconds = time.perf_counter() - start
    times = tmp_path.parent.parent/'run_all_seconds.json'  # one file per pytest run, read by the closing summary
    record = json.loads(times.read_text()) if times.exists() else {}
    times.write_text(json.dumps(record | {name: round(seconds, 1)}))
    print(f"{name}: {seconds:.1f} s")
    assert weights_digest() == before, f"{name} changed files under imagedenoise/weights/"

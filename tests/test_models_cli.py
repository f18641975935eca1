"""The model commands end to end, as a user runs them: evaluate, train, benchmark, and damaged weights.

Each runs the command's `main` with the user's arguments in this process (`run_in_process`), sparing each the seconds of a fresh
process's start-up; tests/test_cli.py and tests/test_bad_input.py run the installed command in fresh processes."""
import functools, json, os, shutil, subprocess, sys
from pathlib import Path
import pytest
from conftest import run_in_process

STUDY = dict(basic=(20.63, 0.7554), hybrid=(20.80, 0.7771), deep=(22.70, 0.8371))


@functools.lru_cache  # one run per model and seed, whichever test asks first
def evaluate_json(name, seed):
    r = run_in_process('evaluate', '--model', name, '--seed', str(seed), '--json')
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)
    assert {'model', 'psnr', 'ssim', 'sigma', 'seed', 'n'} <= set(res)
    assert (res['model'], res['sigma'], res['seed'], res['n']) == (name, 0.3, seed, 10_000)
    return res


@pytest.mark.parametrize('name', ['basic', 'hybrid'])
def test_evaluate_json_meets_the_study(name):
    "The acceptance figures, as `imagedenoise evaluate --json` prints them, on a noise seed other than 0."
    res = evaluate_json(name, 7)
    assert res['psnr'] >= STUDY[name][0] and res['ssim'] >= STUDY[name][1], res


def test_evaluate_json_deep():
    "The shipped deep model: the best of the three, but still short of the study's 22.70 dB (an open item, not a pass)."
    res = evaluate_json('deep', 7)
    assert abs(res['psnr'] - 22.10) < 0.05 and abs(res['ssim'] - 0.8363) < 0.002, res
    assert res['psnr'] > evaluate_json('hybrid', 7)['psnr'] + 0.5


def test_evaluate_a_damaged_model_file(tmp_path):
    bad = tmp_path/'model.keras'
    bad.write_bytes(b'PK\x03\x04 truncated zip')
    r = run_in_process('evaluate', '--model', str(bad))
    assert r.returncode == 1 and 'model.keras is not a readable Keras model file' in r.stderr
    assert 'Traceback' not in r.stderr
    r = run_in_process('evaluate', '--model', str(tmp_path/'missing.keras'))
    assert r.returncode == 1 and 'missing.keras not found' in r.stderr


def test_missing_pretrained_weights_say_how_to_retrain(tmp_path):
    "A copy of the package without its weights gives an error that names the fix."
    import imagedenoise
    pkg = tmp_path/'imagedenoise'
    shutil.copytree(Path(imagedenoise.__file__).parent, pkg, ignore=shutil.ignore_patterns('*.keras', '__pycache__'))
    code = "from imagedenoise.evaluate import load_pretrained\nload_pretrained('deep')"
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, cwd=tmp_path,
                       env={**os.environ, 'PYTHONPATH': str(tmp_path), 'TF_CPP_MIN_LOG_LEVEL': '3'})
    assert r.returncode != 0
    assert "pretrained weights for 'deep' not found" in r.stderr and 'imagedenoise train --model deep' in r.stderr


def test_train_saves_a_model_that_evaluate_reads(tmp_path):
    out = tmp_path/'tiny.keras'
    r = run_in_process('train', '--model', 'basic', '--epochs', '1', '--n-train', '5000', '--n', '500', '--out', str(out))
    assert r.returncode == 0, r.stderr
    assert out.exists() and 'saved' in r.stdout and 'a seeded subset of 500 test images' in r.stdout, r.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ['tiny.keras', 'tiny.keras.json']  # the model and its training record; no temporary file left behind
    assert json.loads((tmp_path/'tiny.keras.json').read_text())['completed'] is True
    r = run_in_process('evaluate', '--model', str(out), '--n', '2000', '--json')
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)['psnr'] > 13  # one epoch on 5,000 images already beats the noisy input (12.8 dB)
    before = out.read_bytes()
    r = run_in_process('train', '--model', 'basic', '--epochs', '1', '--n-train', '1000', '--out', str(out))
    assert r.returncode == 1 and 'exists; pass --overwrite' in r.stderr
    assert out.read_bytes() == before


def test_train_fast_keeps_its_recipes_precision_unless_told(tmp_path):
    "The speedrun's budget is in float32: `train --model fast` trains in float32 on any CPU; `--precision` still overrides it."
    r = run_in_process('train', '--model', 'fast', '--epochs', '1', '--n-train', '500', '--n', '200', '--out', str(tmp_path/'fast.keras'))
    assert r.returncode == 0, r.stderr
    assert 'precision=float32' in r.stdout and 'in float32; saved' in r.stdout, r.stdout
    r = run_in_process('train', '--model', 'basic', '--epochs', '1', '--n-train', '500', '--n', '200', '--precision', 'float32', '--out', str(tmp_path/'basic.keras'))
    assert r.returncode == 0 and 'precision=float32' in r.stdout, r.stdout + r.stderr


def test_benchmark_quick_prints_the_table_and_saves_figures(tmp_path):
    r = run_in_process('benchmark', '--quick', '--json', '--out', str(tmp_path))
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout, parse_constant=lambda c: pytest.fail(f'{c} in the JSON output: not valid JSON'))
    rows = {row['method']: row for row in res['rows']}
    assert list(rows) == ['noisy input', 'basic', 'hybrid', 'deep', 'unet', 'fast']
    assert rows['deep']['study_psnr'] == 22.70 and rows['deep']['n'] == 2000
    assert rows['noisy input']['psnr'] < rows['basic']['psnr'] < rows['deep']['psnr'] < rows['unet']['psnr']
    assert rows['unet']['study_psnr'] is None and rows['fast']['study_psnr'] is None  # beyond the study
    assert rows['fast']['psnr'] > rows['deep']['psnr']  # the speedrun passes the study's best model
    assert sorted(p.name for p in tmp_path.iterdir()) == ['denoised.png', 'psnr_distribution.png']


def test_denoise_own_images_of_any_size(tmp_path):
    "A colour PNG of 37×101 pixels, a .npy image and a bad file: two results at their own size, one clear error, exit 1."
    from PIL import Image
    import numpy as np
    rng = np.random.default_rng(0)
    Image.fromarray((rng.random((37, 101, 3)) * 255).astype(np.uint8)).save(tmp_path/'photo.png')
    np.save(tmp_path/'scan.npy', rng.random((30, 30)).astype(np.float32))
    (tmp_path/'notes.png').write_text('not an image')
    inputs = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    r = run_in_process('denoise', *(str(tmp_path/n) for n in ['photo.png', 'notes.png', 'scan.npy']), '--out', str(tmp_path/'out'))
    assert r.returncode == 1
    assert 'notes.png: not a PNG, JPEG or TIFF file (by its content)' in r.stderr and 'Traceback' not in r.stderr
    assert 'denoised 2 of 3 file(s)' in r.stdout
    assert sorted(p.name for p in (tmp_path/'out').iterdir()) == ['photo_denoised.png', 'scan_denoised.npy']
    with Image.open(tmp_path/'out'/'photo_denoised.png') as im: assert (im.size, im.mode) == ((101, 37), 'L')
    out = np.load(tmp_path/'out'/'scan_denoised.npy')
    assert out.shape == (30, 30) and out.dtype == np.float32 and 0 <= out.min() and out.max() <= 1
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == inputs  # inputs untouched
    r = run_in_process('denoise', str(tmp_path/'photo.png'), '--out', str(tmp_path/'out'))
    assert r.returncode == 1 and 'exists; pass --overwrite' in r.stderr
    r = run_in_process('denoise', str(tmp_path/'photo.png'), '--out', str(tmp_path/'out'), '--overwrite')
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize('name', ['tv', 'nlm', 'wavelet', 'bm3d'])
def test_evaluate_a_classical_baseline(name):
    "Every baseline answers to `evaluate --json` like the networks, on a seeded subset, and says so."
    r = run_in_process('evaluate', '--model', name, '--n', '5' if name == 'bm3d' else '300', '--json')
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)
    assert (res['model'], res['n'], res['subset']) == (name, 5 if name == 'bm3d' else 300, True)
    assert 14 < res['psnr'] < 20 and res['ms_per_image'] > 0, res  # the noisy input scores 12.8 dB, the networks 20.9+


def test_evaluate_help_lists_every_name():
    r = run_in_process('evaluate', '--help')
    assert r.returncode == 0 and '--model {basic,hybrid,deep,unet,fast,tv,nlm,wavelet,bm3d}' in r.stdout, r.stdout


def test_evaluate_json_unet():
    "Model 4, beyond the study, on the headline protocol (noise seed 0, the scores the chapters compute and share in a test run): the best network here, above the study's deep model, short of its own 24.0 dB goal (open)."
    res = evaluate_json('unet', 0)
    assert abs(res['psnr'] - 22.87) < 0.05 and abs(res['ssim'] - 0.8424) < 0.002, res
    assert res['psnr'] > 22.70 and res['ssim'] > 0.8371, res  # the study's deep model
    assert res['psnr'] > evaluate_json('deep', 0)['psnr'] + 0.5


def test_denoise_photographs_with_the_defaults(tmp_path):
    "8-bit PNGs of two test photographs, as a user has them: with no options each comes back nearer the clean photograph, and a clean one within 35 dB of itself."
    import numpy as np
    from PIL import Image
    from skimage import data
    from skimage.metrics import peak_signal_noise_ratio as psnr
    rng = np.random.default_rng(0)
    def png(name, clean, sigma):
        x = np.round(np.clip(clean + sigma * rng.standard_normal(clean.shape), 0, 255)).astype(np.uint8)
        Image.fromarray(x).save(tmp_path/name)
        return clean, x
    files = {'camera15.png': png('camera15.png', data.camera(), 15), 'coins50.png': png('coins50.png', data.coins(), 50),
             'camera_clean.png': png('camera_clean.png', data.camera(), 0)}
    r = run_in_process('denoise', *(str(tmp_path/n) for n in files), '--out', str(tmp_path/'out'))
    assert r.returncode == 0, r.stderr
    assert r.stdout.count('estimated noise sigma') == 3 and r.stdout.rstrip().endswith('denoised 3 of 3 file(s) with photo')
    for name, (clean, noisy) in files.items():
        with Image.open(tmp_path/'out'/name.replace('.png', '_denoised.png')) as im: out = np.asarray(im)
        assert out.shape == clean.shape
        if name == 'camera_clean.png': assert psnr(clean, out, data_range=255) >= 35, name  # 37.5 dB in float32 in the Photographs chapter
        else: assert psnr(clean, out, data_range=255) > psnr(clean, noisy, data_range=255) + 3, name

"""The `imagedenoise` command end to end, as a user runs it: the installed command in a fresh process, or (`run_in_process`, where
only what it prints is the point) its `main` with the same arguments in this one."""
import json, os, subprocess, sys
from pathlib import Path
import pytest
from conftest import run_in_process, write_tiny_dataset

EXE = Path(sys.executable).parent/'imagedenoise'


def run(*args, env=None):
    e = {**os.environ, 'TF_CPP_MIN_LOG_LEVEL': '2', 'MPLBACKEND': 'Agg', **(env or {})}
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, env=e, timeout=300)


def test_help_lists_the_commands():
    r = run('--help')
    assert r.returncode == 0 and 'noise' in r.stdout


def test_denoise_help_lists_every_network_and_denoiser():
    "denoise's help names its default (photo) and every choice of --model: each pretrained network, blind and photo included, and the classical denoisers."
    r = run('denoise', '--help')
    assert r.returncode == 0, r.stderr
    text = ' '.join(r.stdout.split())
    assert 'default: photo' in text and "estimated noise sigma" in text
    for name in ('basic', 'hybrid', 'deep', 'unet', 'fast', 'blind', 'photo', 'tv', 'nlm', 'wavelet', 'bm3d'): assert name in text, name


def test_noise_json_on_the_headline_protocol(tmp_path):
    r = run('noise', '--levels', '0.3', '--json', '--out', str(tmp_path/'out'))
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)
    row, = res['rows']
    assert (res['dataset'], res['noise'], res['seed'], row['level'], row['n']) == ('fashion_mnist', 'gaussian', 0, 0.3, 10_000)
    assert abs(row['psnr'] - 12.80) < 0.05 and abs(row['ssim'] - 0.455) < 0.005
    assert sorted(p.name for p in (tmp_path/'out').iterdir()) == ['noise_levels.png', 'samples.png']
    assert run_in_process('noise', '--levels', '0.3', '--json').stdout.split('"figures"')[0] == r.stdout.split('"figures"')[0]  # same seed, same numbers


def test_noise_table_is_readable():
    r = run_in_process('noise', '--levels', '0.1', '0.5', '--seed', '3')
    assert r.returncode == 0, r.stderr
    assert 'level' in r.stdout and 'psnr' in r.stdout and 'seed 3' in r.stdout
    assert len(r.stdout.strip().splitlines()) == 5


def test_damaged_data_is_reported_with_the_file_name(tmp_path):
    folder = write_tiny_dataset(tmp_path/'fm')
    (folder/'t10k-images-idx3-ubyte.gz').write_bytes(b'\x1f\x8b garbage')
    r = run_in_process('noise', '--data', str(folder))
    assert r.returncode == 1
    assert 't10k-images-idx3-ubyte.gz: corrupt or truncated gzip' in r.stderr
    assert 'Traceback' not in r.stderr


def test_bad_arguments_are_refused(tmp_path):
    r = run_in_process('noise', '--levels', 'abc')
    assert r.returncode == 2 and "'abc' is not a number" in r.stderr
    r = run_in_process('noise', '--kind', 'blur')
    assert r.returncode == 2 and 'invalid choice' in r.stderr


def test_other_data_via_environment(tmp_path):
    folder = write_tiny_dataset(tmp_path/'fm', n=20)
    r = run_in_process('noise', '--levels', '0.2', '--json', env={'IMAGEDENOISE_DATA': str(folder)})
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)['rows'][0]['n'] == 20


def test_no_tensorflow_chatter_unless_asked():
    "A user sees the command's own output: no TensorFlow C++/absl lines on stderr, unless --verbose."
    env = {k: v for k, v in os.environ.items() if k not in ('TF_CPP_MIN_LOG_LEVEL', 'IMAGEDENOISE_VERBOSE')}
    quiet = subprocess.run([str(EXE), 'evaluate', '--model', 'basic', '--n', '50'], capture_output=True, text=True, env=env, timeout=300)
    assert quiet.returncode == 0 and quiet.stderr == '', quiet.stderr
    loud = subprocess.run([str(EXE), '--verbose', 'evaluate', '--model', 'basic', '--n', '50'], capture_output=True, text=True, env=env, timeout=300)
    assert loud.returncode == 0 and 'oneDNN custom operations are on' in loud.stderr, loud.stderr

"`benchmarks/speed.py` as `make bench` runs it, in its quick mode: it prints figures (no speed is asserted), in the documented shape."
import json, os, subprocess, sys
from pathlib import Path
import pytest

SPEED = Path(__file__).parent.parent/'benchmarks'/'speed.py'
KEYS = {'model', 'params', 'flops_per_image', 'train_images_per_s', 'train_bf16_images_per_s', 'infer_images_per_s',
        'infer_bf16_images_per_s', 'infer_keras_images_per_s', 'infer_keras_bf16_images_per_s', 'peak_rss_mb', 'peak_fraction'}


def speed(*args, env=None):
    return subprocess.run([sys.executable, str(SPEED), *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, 'TF_CPP_MIN_LOG_LEVEL': '3', **(env or {})})


@pytest.fixture(scope='module')
def quick_run(tmp_path_factory):
    "One `--quick` run with a time-to-quality curve and a stand-in peer: its JSON rows, shared by the tests that read them."
    fake = tmp_path_factory.mktemp('peer')/'peer-python'
    fake.write_text('#!/bin/sh\necho \'{"framework": "pytorch", "version": "0.0", "threads": 2, "cpu": "test CPU", "model": "basic", '
                    '"batch_size": 128, "precision": "float32", "train_images_per_s": 1000.0}\'\n')
    fake.chmod(0o755)
    r = speed('--quick', '--models', 'basic', '--json', '--time-to-quality', '--ttq-minutes', '0.01', '--peer', str(fake))
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


def test_quick_json_has_every_figure_and_show_prints_the_table(tmp_path, quick_run):
    rows = json.loads(quick_run)
    assert [row['model'] for row in rows] == ['basic']
    assert KEYS <= set(rows[0]), KEYS - set(rows[0])
    assert rows[0]['params'] == 28_353 and rows[0]['flops_per_image'] == 9_031_680
    native = rows[0]['machine']['native_bfloat16']
    assert all(rows[0][k] > 0 if native or 'bf16' not in k else rows[0][k] is None for k in KEYS - {'model'}), rows[0]
    assert {'cpu', 'cores', 'isa_flags', 'tensorflow', 'onednn'} <= set(rows[0]['machine']), rows[0]['machine']
    saved = tmp_path/'speed.json'
    saved.write_text(quick_run)
    shown = speed('--show', str(saved))
    assert shown.returncode == 0, shown.stderr
    header = shown.stdout.splitlines()[1].split(' | ')
    assert header[:6] == ['model', 'params', 'flops_per_image', 'batch_size', 'train_images_per_s', 'train_bf16_images_per_s']
    assert shown.stdout.splitlines()[3].startswith('basic | 28,353 | 9,031,680 | 128 |')


def test_quick_skips_bfloat16_on_a_cpu_without_it(tmp_path):
    "On a CPU without bfloat16 instructions (here a Zen 2's /proc/cpuinfo, on any machine), --quick measures float32 only and says so."
    fake = tmp_path/'cpuinfo'
    fake.write_text("processor\t: 0\nmodel name\t: AMD EPYC 7B12\nflags\t\t: fpu sse2 avx avx2 fma\n")
    r = speed('--quick', '--models', 'basic', '--json', env={'IMAGEDENOISE_CPUINFO': str(fake)})
    assert r.returncode == 0, r.stderr[-2000:]
    row, = json.loads(r.stdout)
    assert row['machine']['cpu'] == 'AMD EPYC 7B12' and row['machine']['native_bfloat16'] is False
    assert row['train_bf16_images_per_s'] is None and row['infer_bf16_images_per_s'] is None and row['train_images_per_s'] > 0
    saved = tmp_path/'speed.json'
    saved.write_text(r.stdout)
    assert 'bfloat16 columns skipped' in speed('--show', str(saved)).stdout


def test_time_to_quality_curve_and_the_peer_ratio_in_one_run(tmp_path, quick_run):
    "--time-to-quality stops at its time budget with a PSNR point per epoch; --peer puts ours/PyTorch in the same run (a stand-in peer here)."
    row, = json.loads(quick_run)
    assert row['ttq_budget_minutes'] == 0.01 and row['ttq_n'] == 2000 and row['epochs_run'] == 1, row
    assert row['ttq_n_train'] == 5000, row  # --quick: an epoch of 5,000 training images (a full run: all of them, None)
    point, = row['ttq_curve']
    assert point['epoch'] == 1 and point['minutes'] > 0 and 12 < point['psnr'] < 30 and 0 < point['ssim'] < 1, point
    assert row['peer_train_images_per_s'] == 1000.0 and abs(row['ratio_vs_peer'] - row['train_images_per_s'] / 1000) < 1e-3
    saved = tmp_path/'speed.json'
    saved.write_text(quick_run)
    shown = speed('--show', str(saved)).stdout
    assert 'ours/PyTorch = ' in shown and 'on test CPU' in shown and 'time to quality, basic, float32: ' in shown, shown


PROFILE = SPEED.parent/'profile.py'


def test_profile_sums_the_time_by_op_type_and_layer(tmp_path):
    r = subprocess.run([sys.executable, str(PROFILE), '--model', 'basic', '--steps', '5', '--json'], capture_output=True, text=True,
                       timeout=600, env={**os.environ, 'TF_CPP_MIN_LOG_LEVEL': '3'})
    assert r.returncode == 0, r.stderr[-2000:]
    prof = json.loads(r.stdout)
    assert (prof['model'], prof['precision'], prof['mode'], prof['images']) == ('basic', 'float32', 'training', 5 * 128)
    for key in ('by_type', 'by_layer'):
        assert abs(sum(e['share'] for e in prof[key]) - 1) < 0.01, prof[key]
    layers = {e['name'] for e in prof['by_layer']}
    assert 'denoised: Conv2D 32→1 at 28×28' in layers and 'conv2d: Conv2D 1→32 at 28×28' in layers, layers
    assert any('Conv2D' in e['name'] for e in prof['by_type'][:3]), prof['by_type'][:3]  # the convolutions lead
    saved = tmp_path/'profile.json'
    saved.write_text(json.dumps([prof]))
    shown = subprocess.run([sys.executable, str(PROFILE), '--show', str(saved)], capture_output=True, text=True)
    assert shown.returncode == 0 and shown.stdout.startswith('basic, float32, training:'), shown.stderr
    bad = subprocess.run([sys.executable, str(PROFILE), '--model', 'vgg'], capture_output=True, text=True)
    assert bad.returncode == 2 and "unknown model 'vgg'; choose one of basic, hybrid" in bad.stderr, bad.stderr

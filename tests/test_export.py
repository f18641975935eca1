"Export as a user meets it: exported files match `denoise` at odd sizes, the command refuses to replace files, a missing extra is named."
import os, subprocess, sys
import numpy as np, pytest
from conftest import run_in_process

ENV = {**os.environ, 'TF_CPP_MIN_LOG_LEVEL': '3', 'MPLBACKEND': 'Agg'}


@pytest.fixture(scope='module')
def exported(tmp_path_factory):
    "ONNX and LiteRT exports of two networks, each made by the `imagedenoise export` command (its `main`, in this process), once for the module."
    out, paths = tmp_path_factory.mktemp('exports'), {}
    for name in ('basic', 'unet'):
        for fmt, suffix in (('onnx', '.onnx'), ('litert', '.tflite')):
            r = run_in_process('export', '--model', name, '--out', out/f'{name}{suffix}')
            assert r.returncode == 0, r.stderr[-2000:]
            paths[name, fmt] = out/f'{name}{suffix}'
    return paths


@pytest.mark.parametrize('name', ['basic', 'unet'])
@pytest.mark.parametrize('fmt', ['onnx', 'litert'])
def test_an_export_matches_denoise_at_odd_sizes(exported, name, fmt):
    "The exported file, given the padding `denoise` applies, returns what `denoise` returns (float32), to 1e-4."
    from imagedenoise.denoise import denoise, pad_to_multiple
    from imagedenoise.export import run_exported
    for h, w in ((37, 53), (61, 29)):
        image = np.random.default_rng([h, w]).random((h, w), np.float32)
        padded, (rows, cols) = pad_to_multiple(image[None, ..., None], 4)
        got = run_exported(exported[name, fmt], padded)[0, rows, cols, 0]
        assert np.abs(got - denoise(image, name, precision='float32')).max() < 1e-4, (name, fmt, h, w)


def test_the_command_never_replaces_a_file_unasked(tmp_path):
    target = tmp_path/'model.onnx'
    target.write_bytes(b'my own file')
    r = run_in_process('export', '--model', 'basic', '--out', target)
    assert r.returncode == 1 and 'model.onnx exists; pass overwrite=True (--overwrite)' in r.stderr, r.stderr
    assert target.read_bytes() == b'my own file' and sorted(p.name for p in tmp_path.iterdir()) == ['model.onnx']
    r = run_in_process('export', '--model', 'basic', '--out', target, '--overwrite')
    assert r.returncode == 0 and 'exported basic to' in r.stdout and 'input sides multiples of 4)' in r.stdout, r.stderr
    assert target.read_bytes()[:10] != b'my own fil' and sorted(p.name for p in tmp_path.iterdir()) == ['model.onnx']


def test_the_command_refuses_what_it_cannot_write_before_exporting(tmp_path):
    (tmp_path/'a-file').write_text('x')
    r = run_in_process('export', '--model', 'basic', '--out', tmp_path/'a-file'/'model.onnx')
    assert r.returncode == 1 and 'cannot write' in r.stderr and 'Traceback' not in r.stderr, r.stderr
    r = run_in_process('export', '--model', 'basic', '--out', tmp_path/'model.pt')
    assert r.returncode == 1 and "cannot tell the export format from the suffix '.pt'" in r.stderr, r.stderr
    r = run_in_process('export', '--model', 'nlm', '--out', tmp_path/'nlm.onnx')
    assert r.returncode == 1 and "'nlm' is not a network" in r.stderr, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ['a-file']


def test_a_missing_extra_is_named(tmp_path):
    "Without onnxruntime, the command says which extra to install, and writes nothing."
    code = ("import importlib.util as u; find = u.find_spec\n"
            "u.find_spec = lambda name, *a: None if name.split('.')[0] == 'onnxruntime' else find(name, *a)\n"
            "from imagedenoise.cli import main\n"
            f"raise SystemExit(main(['export', '--model', 'basic', '--out', {str(tmp_path/'m.onnx')!r}]))")
    r = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, env=ENV, timeout=600)
    assert r.returncode == 1, r.stderr
    assert 'exporting to onnx needs onnxruntime: install the export extra, pip install "imagedenoise[export]"' in r.stderr, r.stderr
    assert not list(tmp_path.iterdir())

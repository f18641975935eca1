"""Bad input and interruptions, as a user meets them (issue 17): the real `imagedenoise` command with the user's arguments.

What a fresh process is needed for runs in one (`run`, `start`): signals, runs side by side, peak memory, the environment at
start-up, files that could hang or exhaust the test's own process. What a message says runs the command's `main` in this process
(`run_in_process`): the same code, without the seconds of start-up (TensorFlow's import) each fresh process costs."""
import gzip, json, os, shutil, signal, struct, subprocess, sys, time
from pathlib import Path
import numpy as np, pytest
from PIL import Image
from conftest import run_in_process, write_tiny_dataset

EXE = Path(sys.executable).parent/'imagedenoise'
ENV = {**os.environ, 'TF_CPP_MIN_LOG_LEVEL': '3', 'MPLBACKEND': 'Agg'}


def run(*args, cwd=None):
    return subprocess.run([str(EXE), *map(str, args)], capture_output=True, text=True, env=ENV, cwd=cwd, timeout=600)


def default_sigint():
    "A shell without job control starts background jobs with SIGINT ignored, and children inherit that: undo it."
    signal.signal(signal.SIGINT, signal.SIG_DFL)

def start(*args, cwd=None):
    "Start a command as a user would from a terminal (Ctrl-C delivers SIGINT), however pytest itself was started."
    return subprocess.Popen([str(EXE), *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV, cwd=cwd,
                            preexec_fn=default_sigint)


def noisy_png(path, side, seed=0):
    Image.fromarray(np.random.default_rng(seed).integers(0, 256, (side, side), dtype=np.uint8)).save(path)
    return path


def files_in(folder):
    "Every file in `folder`, hidden ones (temporaries) included."
    return sorted(p.name for p in Path(folder).iterdir()) if Path(folder).exists() else []


# 1 and 2: sizes of zero or less are refused before any data is loaded, naming the option
@pytest.mark.parametrize('args, option', [
    (['train', '--model', 'basic', '--epochs', '-1', '--n-train', '300'], '--epochs'),
    (['train', '--model', 'basic', '--epochs', '0'], '--epochs'),
    (['train', '--model', 'basic', '--n-train', '0'], '--n-train'),
    (['train', '--model', 'basic', '--n-train', '-5'], '--n-train'),
    (['evaluate', '--model', 'basic', '--n', '0'], '--n'),
    (['noise', '--seed', '-1'], '--seed')])
def test_sizes_and_seeds_are_refused(tmp_path, args, option):
    r = run_in_process(*args, '--out' if args[0] == 'train' else '--json', *([tmp_path/'x.keras'] if args[0] == 'train' else []))
    assert r.returncode == 2, r.stderr
    assert f'argument {option}: must be a whole number >=' in r.stderr
    assert files_in(tmp_path) == []  # nothing trained, nothing saved


# 3 and 7: a large image is denoised in tiles, and Ctrl-C stops it within seconds with nothing half-written
def test_ctrl_c_stops_a_large_image_quickly(tmp_path):
    big = noisy_png(tmp_path/'big.png', 4000)
    p = start('denoise', '--out', tmp_path/'out', big)
    while not (tmp_path/'out').exists() and p.poll() is None: time.sleep(0.05)  # the model is loaded
    time.sleep(2)
    sent = time.perf_counter()
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    assert time.perf_counter() - sent < 5
    assert p.returncode == 130, err
    assert 'imagedenoise denoise: interrupted' in err and 'Traceback' not in err
    assert files_in(tmp_path/'out') == []


def test_sigterm_stops_cleanly(tmp_path):
    "SIGTERM (what `kill` and schedulers send) ends a run as Ctrl-C does: one line, exit 143, nothing half-written."
    big = noisy_png(tmp_path/'big.png', 4000)
    p = start('denoise', '--out', tmp_path/'out', big)
    while not (tmp_path/'out').exists() and p.poll() is None: time.sleep(0.05)
    time.sleep(2)
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 143, err
    assert 'imagedenoise denoise: interrupted (SIGTERM)' in err and 'Traceback' not in err
    assert files_in(tmp_path/'out') == []


# 4: .npz data is checked, and float images in [0, 1] are used as they are
def test_npz_float_images_and_bad_arrays(tmp_path):
    from imagedenoise.data import load_dataset
    ds = load_dataset(path=write_tiny_dataset(tmp_path/'fm', n=40))
    arrays = dict(x_train=ds.x_train[..., 0], y_train=ds.y_train, x_test=ds.x_test[..., 0], y_test=ds.y_test)
    np.savez(tmp_path/'float.npz', **arrays)
    np.savez(tmp_path/'u8.npz', **{k: (v * 255).round().astype(np.uint8) if k[0] == 'x' else v for k, v in arrays.items()})
    rows = [json.loads(run_in_process('noise', '--levels', '0.3', '--json', '--data', tmp_path/f).stdout)['rows'][0] for f in ('float.npz', 'u8.npz')]
    assert abs(rows[0]['ssim'] - rows[1]['ssim']) < 1e-4 and rows[0]['ssim'] > 0.3
    np.savez(tmp_path/'labels.npz', **{**arrays, 'y_test': arrays['y_test'] + 20})
    r = run_in_process('noise', '--data', tmp_path/'labels.npz')
    assert r.returncode == 1 and 'labels.npz: y_test: labels must be class numbers from 0 to 9, got values from 20' in r.stderr
    np.savez(tmp_path/'sizes.npz', **{**arrays, 'x_test': np.zeros((40, 32, 32), np.uint8)})
    r = run_in_process('noise', '--data', tmp_path/'sizes.npz')
    assert r.returncode == 1 and 'training images are (28, 28) and test images (32, 32)' in r.stderr


# 6: two runs writing the same new result: one writes it, the other is told and replaces nothing
def test_concurrent_runs_never_replace_each_others_result(tmp_path):
    for i in range(2): (tmp_path/f'in{i}').mkdir(); noisy_png(tmp_path/f'in{i}'/'img.png', 600, seed=i)
    runs = [start('denoise', '--model', 'basic', '--out', tmp_path/'same', tmp_path/f'in{i}'/'img.png') for i in range(2)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in runs]
    assert sorted(code for code, _ in results) == [0, 1], results
    assert 'exists' in next(err for code, err in results if code == 1)
    assert files_in(tmp_path/'same') == ['img_denoised.png']


# 7: an interrupted training run leaves its best checkpoint, marked as unfinished; an unwritable --out is found first
def test_interrupted_training_is_marked_and_evaluate_says_so(tmp_path):
    out = tmp_path/'m.keras'
    p = start('train', '--model', 'basic', '--epochs', '5', '--n-train', '6000', '--out', out)
    while not out.exists() and p.poll() is None: time.sleep(0.1)  # the first epoch's checkpoint
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 130 and 'imagedenoise train: interrupted' in err and 'Traceback' not in err
    r = run_in_process('evaluate', '--model', out, '--n', '200', '--json')
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout)
    assert res['training_completed'] is False and res['epochs_planned'] == 5 and 1 <= res['epochs_done'] < 5
    assert 'did not finish' in r.stderr


def test_unwritable_out_is_refused_before_training(tmp_path):
    (tmp_path/'a-file').write_text('')
    r = run_in_process('train', '--model', 'basic', '--out', tmp_path/'a-file'/'m.keras')
    assert r.returncode == 1 and 'cannot write' in r.stderr
    assert 'training basic' not in r.stdout


# 8: --json is JSON, even for an exact model (infinite PSNR)
def test_evaluate_json_has_no_infinity(tmp_path):
    import keras
    i = keras.Input((None, None, 1))
    keras.Model(i, keras.layers.Activation('linear')(i)).save(tmp_path/'identity.keras')
    r = run_in_process('evaluate', '--model', tmp_path/'identity.keras', '--sigma', '0', '--n', '10', '--json')
    assert r.returncode == 0, r.stderr
    res = json.loads(r.stdout, parse_constant=lambda c: pytest.fail(f'not JSON: {c}'))
    assert res['psnr'] is None and res['ssim'] == 1.0


# 9: messages that say what is wrong
def test_messages(tmp_path):
    from imagedenoise.pretrained import WEIGHTS_DIR
    (tmp_path/'trunc.keras').write_bytes((WEIGHTS_DIR/'basic.keras').read_bytes()[:3000])
    r = run_in_process('evaluate', '--model', tmp_path/'trunc.keras', '--n', '10')
    assert r.returncode == 1 and 'it is truncated or not a zip archive' in r.stderr and 'File not found' not in r.stderr
    (tmp_path/'garbage.npy').write_bytes(b'hello, not an array at all')
    np.save(tmp_path/'rgb8.npy', np.random.default_rng(0).integers(0, 256, (40, 40, 3), dtype=np.uint8))
    frames = [Image.fromarray(np.full((40, 40), v, np.uint8)) for v in (50, 200)]
    frames[0].save(tmp_path/'anim.png', save_all=True, append_images=frames[1:])
    r = run_in_process('denoise', '--model', 'basic', '--out', tmp_path/'out', tmp_path/'garbage.npy', tmp_path/'rgb8.npy', tmp_path/'anim.png')
    assert r.returncode == 1
    assert "garbage.npy: not a .npy file (it does not start with NumPy's header)" in r.stderr
    assert 'imagedenoise: warning: ' in r.stderr and 'anim.png: has 2 frames; only the first is denoised' in r.stderr
    assert files_in(tmp_path/'out') == ['anim_denoised.png', 'rgb8_denoised.npy']
    r = run_in_process('denoise', '--model', 'nosuch', '--out', tmp_path/'never', tmp_path/'anim.png')
    assert r.returncode == 1 and "unknown model 'nosuch'" in r.stderr and not (tmp_path/'never').exists()


def test_a_model_with_output_outside_the_unit_range_is_blamed(tmp_path):
    import keras
    i = keras.Input((None, None, 1))
    keras.Model(i, keras.layers.Rescaling(255.)(i), name='x255').save(tmp_path/'x255.keras')
    r = run_in_process('denoise', '--model', tmp_path/'x255.keras', '--out', tmp_path/'out', noisy_png(tmp_path/'a.png', 30))
    assert r.returncode == 1 and "the output of model 'x255' must lie in [0, 1]" in r.stderr and 'x / 255' not in r.stderr


def test_a_class_missing_from_the_test_labels(tmp_path):
    from imagedenoise.files import IDX_FILES, write_idx
    folder = write_tiny_dataset(tmp_path/'fm', n=20, label=3)  # every label 3: nine classes are missing
    r = run_in_process('noise', '--levels', '0.3', '--data', folder, '--out', tmp_path/'out')
    assert r.returncode == 0, r.stderr
    assert files_in(tmp_path/'out') == ['noise_levels.png', 'samples.png']


def test_a_gzip_bomb_is_refused_in_bounded_memory(tmp_path):
    bomb = tmp_path/'bomb-idx1-ubyte.gz'
    with gzip.open(bomb, 'wb', compresslevel=9) as f:
        f.write(bytes([0, 0, 8, 1]) + struct.pack('>I', 10))
        for _ in range(64): f.write(bytes(2**24))  # 1 GiB of zeros, about 1 MB compressed
    code = ("import sys; from imagedenoise.files import read_idx, DataError\n"
            "try: read_idx(sys.argv[1])\nexcept DataError as e: print(e)\n"  # VmHWM: this process's peak (ru_maxrss would count pytest's, across exec)
            "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) // 1024)")
    r = subprocess.run([sys.executable, '-c', code, str(bomb)], capture_output=True, text=True, timeout=120)
    message, rss_mb = r.stdout.strip().splitlines()
    assert 'longer than its header says' in message
    assert int(rss_mb) < 400, rss_mb


# Issue 27: untrusted files and interrupted releases, each as the real command meets it.

def test_ctrl_c_during_a_release_leaves_the_shipped_model_as_it_was(tmp_path):
    "Interrupt a real release on a copy of the package in its second epoch: the shipped files stay byte for byte, nothing is left."
    import imagedenoise
    pkg = tmp_path/'imagedenoise'
    shutil.copytree(Path(imagedenoise.__file__).parent, pkg, ignore=shutil.ignore_patterns('__pycache__'))
    weights = pkg/'weights'
    before = {p.name: p.read_bytes() for p in weights.iterdir()}
    code = "import sys; from imagedenoise.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen([sys.executable, '-c', code, 'train', '--model', 'basic', '--release', '--epochs', '3', '--n-train', '600'],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path, preexec_fn=default_sigint,
                            env={**ENV, 'PYTHONPATH': str(tmp_path)})
    deadline = time.time() + 300
    while time.time() < deadline and not list(weights.glob('.basic.release-*/basic.keras')) and proc.poll() is None: time.sleep(0.2)
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(signal.SIGINT)  # in epoch 2: the first checkpoint is written
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and 'interrupted' in err, (proc.returncode, err[-2000:])
    assert {p.name: p.read_bytes() for p in weights.iterdir()} == before  # the same files, the same bytes: no temporary left either


def test_a_model_whose_run_did_not_finish_warns_when_loaded(tmp_path):
    import imagedenoise
    src = Path(imagedenoise.__file__).parent/'weights'
    shutil.copy(src/'basic.keras', tmp_path/'m.keras')
    rec = json.loads((src/'basic.keras.json').read_text()) | dict(completed=False, epochs_done=1, epochs_planned=20)
    (tmp_path/'m.keras.json').write_text(json.dumps(rec))
    noisy_png(tmp_path/'in.png', 16)
    r = run_in_process('denoise', tmp_path/'in.png', '--model', tmp_path/'m.keras', '--out', tmp_path/'out')
    assert r.returncode == 0 and 'm.keras is the best checkpoint of a training run that did not finish (1 of 20 epochs done)' in r.stderr, r.stderr


def test_a_malformed_training_record_is_named_not_a_traceback(tmp_path):
    import imagedenoise
    shutil.copy(Path(imagedenoise.__file__).parent/'weights'/'basic.keras', tmp_path/'m.keras')
    (tmp_path/'m.keras.json').write_text('{"foo": 1}')
    r = run_in_process('evaluate', '--model', tmp_path/'m.keras', '--n', '50', '--json')
    assert r.returncode == 0 and 'Traceback' not in r.stderr, r.stderr
    assert 'm.keras.json is not a training record of this library' in r.stderr, r.stderr


def test_postscript_named_png_never_reaches_ghostscript(tmp_path):
    (tmp_path/'evil.png').write_bytes(b'%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n(x) print showpage\n')
    r = run_in_process('denoise', tmp_path/'evil.png', '--out', tmp_path/'out', '--model', 'basic')
    assert r.returncode == 1 and 'evil.png: not a PNG, JPEG or TIFF file (by its content)' in r.stderr, r.stderr


def test_a_huge_image_is_refused_before_it_is_decoded(tmp_path):
    Image.new('1', (13000, 13000)).save(tmp_path/'huge.png')
    start = time.time()
    r = run_in_process('denoise', tmp_path/'huge.png', '--out', tmp_path/'out', '--model', 'basic')
    assert r.returncode == 1 and '13000×13000 pixels, more than the 67,108,864 read at most' in r.stderr and '--max-pixels' in r.stderr, r.stderr
    assert time.time() - start < 60


def test_exif_orientation_is_honoured(tmp_path):
    exif = Image.Exif(); exif[0x0112] = 6
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (20, 40), dtype=np.uint8)).save(tmp_path/'photo.jpg', exif=exif)
    r = run_in_process('denoise', tmp_path/'photo.jpg', '--out', tmp_path/'out', '--model', 'basic')
    assert r.returncode == 0, r.stderr
    assert Image.open(tmp_path/'out'/'photo_denoised.png').size == (20, 40)  # shown 20 wide, 40 high


def test_fifos_are_refused_not_waited_on(tmp_path):
    data = tmp_path/'data'; data.mkdir()
    for stem in ('train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'): os.mkfifo(data/stem)
    r = run('noise', '--data', data, '--levels', '0.3')
    assert r.returncode == 1 and 'not a regular file' in r.stderr, r.stderr
    os.mkfifo(tmp_path/'cpuinfo')
    r = subprocess.run([str(EXE), 'evaluate', '--model', 'basic', '--n', '20', '--json'], capture_output=True, text=True, timeout=300,
                       env={**ENV, 'IMAGEDENOISE_CPUINFO': str(tmp_path/'cpuinfo')})
    assert r.returncode == 0, r.stderr
    os.mkfifo(tmp_path/'in.png')
    r = run('denoise', tmp_path/'in.png', tmp_path, '--out', tmp_path/'out', '--model', 'basic')
    assert 'in.png: not a regular file (a FIFO, device or socket)' in r.stderr and 'is a folder; give image files' in r.stderr, r.stderr


def test_a_bogus_matplotlib_backend_does_not_stop_the_commands(tmp_path):
    env = {**ENV, 'MPLBACKEND': 'bogus'}
    for args in (['--help'], ['evaluate', '--help'], ['evaluate', '--model', 'basic', '--n', '20', '--json']):
        r = subprocess.run([str(EXE), *args], capture_output=True, text=True, env=env, timeout=300)
        assert r.returncode == 0 and 'Traceback' not in r.stderr, (args, r.stderr[-1500:])


def test_figures_are_never_replaced_unasked_and_out_is_checked_first(tmp_path):
    (tmp_path/'samples.png').write_bytes(b'mine')
    r = run_in_process('noise', '--levels', '0.3', '--out', tmp_path)
    assert r.returncode == 1 and 'samples.png exists; pass --overwrite to replace it' in r.stderr, r.stderr
    assert (tmp_path/'samples.png').read_bytes() == b'mine' and 'gaussian' not in r.stdout  # refused before any work
    (tmp_path/'a-file').write_text('x')
    start = time.time()
    r = run_in_process('benchmark', '--quick', '--out', tmp_path/'a-file'/'figures')
    assert r.returncode == 1 and 'a-file' in r.stderr and time.time() - start < 60, r.stderr
    r = run_in_process('noise', '--levels', '0.3', '--out', tmp_path, '--overwrite')
    assert r.returncode == 0 and (tmp_path/'samples.png').read_bytes()[:4] == b'\x89PNG', r.stderr


def test_evaluate_records_the_precision_that_ran():
    r = run_in_process('evaluate', '--model', 'basic', '--n', '20', '--json', '--precision', 'auto')
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)['precision'] in ('float32', 'bfloat16'), r.stdout


def test_long_legal_names_work_or_are_refused_before_the_work(tmp_path):
    noisy_png(tmp_path/f"{'x' * 240}.png", 16)
    r = run_in_process('denoise', tmp_path/f"{'x' * 240}.png", '--out', tmp_path/'out', '--model', 'basic')
    assert r.returncode == 0 and files_in(tmp_path/'out') == [f"{'x' * 240}_denoised.png"], r.stderr  # 253 bytes: legal
    noisy_png(tmp_path/f"{'z' * 250}.png", 16)
    r = run_in_process('denoise', tmp_path/f"{'z' * 250}.png", '--out', tmp_path/'out2', '--model', 'basic')
    assert r.returncode == 1 and 'more than the 255 this file system allows' in r.stderr, r.stderr  # its result's name would not be
    assert files_in(tmp_path/'out2') == []
    r = run_in_process('train', '--model', 'basic', '--epochs', '1', '--n-train', '300', '--out', tmp_path/f"{'y' * 250}.keras")
    assert r.returncode == 1 and 'more than the 255 this file system allows' in r.stderr and 'Epoch' not in r.stdout, r.stderr


def hostile_keras(src, dst, change=None, pad_config=0):
    "A copy of the `.keras` archive `src` with `change(config)` applied, or its config.json padded with `pad_config` spaces."
    import zipfile
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
        for m in zin.infolist():
            data = zin.read(m)
            if m.filename == 'config.json' and change: cfg = json.loads(data); change(cfg); data = json.dumps(cfg).encode()
            if m.filename == 'config.json' and pad_config:
                with zout.open('config.json', 'w', force_zip64=True) as f:  # written in chunks: the test itself stays small
                    f.write(data[:-1])
                    for _ in range(pad_config // 2**20): f.write(b' ' * 2**20)
                    f.write(data[-1:])
                continue
            zout.writestr(m.filename, data)
    return dst


def huge_first_conv(cfg):
    next(l for l in cfg['config']['layers'] if l['class_name'] == 'Conv2D')['config']['filters'] = 2**26


# 3: a hostile .keras file is refused before Keras builds it: small memory, and a message that names the file
def test_hostile_keras_files_are_refused_in_bounded_memory(tmp_path):
    from imagedenoise.pretrained import WEIGHTS_DIR
    wide = hostile_keras(WEIGHTS_DIR/'basic.keras', tmp_path/'wide.keras', huge_first_conv)
    padded = hostile_keras(WEIGHTS_DIR/'basic.keras', tmp_path/'padded.keras', pad_config=256 * 2**20)
    assert wide.stat().st_size < 400_000 and padded.stat().st_size < 2_000_000  # small files that ask for a lot
    code = ("import sys; from imagedenoise.pretrained import load_model_file\n"
            "try: load_model_file(sys.argv[1])\nexcept ValueError as e: print(e)\n"
            "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) // 1024)")
    for path, why in ((wide, 'its Conv2D layer asks for 67108864 filters'), (padded, 'its config.json is 268,')):
        r = subprocess.run([sys.executable, '-c', code, str(path)], capture_output=True, text=True, env=ENV, timeout=300)
        message, rss_mb = r.stdout.strip().splitlines()
        assert f'{path} is refused as a Keras model file: {why}' in message, r.stdout + r.stderr
        assert int(rss_mb) < 1500, rss_mb  # TensorFlow's import alone is most of it; building the wide model took 13 GB
    r = run('denoise', '--model', wide, '--out', tmp_path/'out', noisy_png(tmp_path/'a.png', 20))
    assert r.returncode == 1 and f'{wide} is refused as a Keras model file' in r.stderr and 'Traceback' not in r.stderr, r.stderr
    assert files_in(tmp_path/'out') == []


# 15, the rest: each message says what is wrong with the input, not what broke inside
def test_messages_name_the_real_problem(tmp_path):
    rng = np.random.default_rng(0)
    def data_npz(name, n_train, side):
        np.savez(tmp_path/name, x_train=rng.integers(0, 256, (n_train, side, side), dtype=np.uint8), y_train=np.zeros(n_train, np.uint8),
                 x_test=rng.integers(0, 256, (20, side, side), dtype=np.uint8), y_test=np.zeros(20, np.uint8))
        return tmp_path/name
    (tmp_path/'notes.txt').write_text('not a data set')
    (tmp_path/'text.npz').write_text('x_train, y_train, x_test, y_test')
    cases = [(['evaluate', '--model', 'basic', '--n', '10', '--data', tmp_path/'notes.txt'], 'notes.txt: is a file, not a folder', 'the folder needs'),
             (['evaluate', '--model', 'basic', '--n', '10', '--data', tmp_path/'text.npz'], 'text.npz: not a .npz file (it is not a zip archive)', 'allow_pickle'),
             (['train', '--model', 'basic', '--epochs', '1', '--data', data_npz('few.npz', 3, 28), '--out', tmp_path/'m.keras'],
              '3 training image(s) are too few to set aside 0.1 of them for validation', 'is empty'),
             (['evaluate', '--model', 'basic', '--n', '10', '--data', data_npz('side30.npz', 30, 30)],
              "model 'basic' returned images of shape (10, 28, 28, 1) for images of shape (10, 30, 30, 1): its pooling", 'must have the same shape'),
             (['noise', '--kind', 'speckle', '--levels', '1e39', '--out', tmp_path/'speckle'], 'sigma must be a number from 0 to 1e+06, got 1e+39', 'NaN'),
             (['noise', '--kind', 'poisson', '--levels', '1e30', '--out', tmp_path/'poisson'], 'peak must be a number from 0.001 to 1e+12, got 1e+30', 'lam value')]
    for args, says, not_this in cases:
        r = run_in_process(*args)
        assert r.returncode == 1 and says in r.stderr and not_this not in r.stderr and 'Traceback' not in r.stderr, (args, r.stderr)
    assert not (tmp_path/'m.keras').exists() and files_in(tmp_path/'speckle') == files_in(tmp_path/'poisson') == []

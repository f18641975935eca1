"Fuzzing the readers: every input either loads correctly or raises the project's own error (seeded, bounded)."
import gzip, struct
import numpy as np
from hypothesis import HealthCheck, example, given, settings, strategies as st
from imagedenoise.files import DataError, read_idx, write_idx
from imagedenoise.denoise import ImageError, read_image

FUZZ = settings(max_examples=150, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def mutate(data:bytes, edits):
    "`data` with bytes overwritten, cut or appended as `edits` say."
    b = bytearray(data)
    for kind, pos, value in edits:
        if not b: break
        pos %= len(b)
        if kind == 0: b[pos] = value
        elif kind == 1: del b[pos:]
        else: b[pos:pos] = bytes([value]) * (pos % 7 + 1)
    return bytes(b)


EDITS = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2**16), st.integers(0, 255)), max_size=6)
VALID_IDX = bytes([0, 0, 8, 3]) + struct.pack('>3I', 3, 4, 5) + bytes(range(60))


def check_idx(path):
    try: a = read_idx(path)
    except DataError: return
    assert isinstance(a, np.ndarray) and a.ndim >= 1


@FUZZ
@given(edits=EDITS, gz=st.booleans())
def test_read_idx_mutated(tmp_path, edits, gz):
    data = mutate(VALID_IDX, edits)
    path = tmp_path/'f-idx3-ubyte'
    path.write_bytes(mutate(gzip.compress(VALID_IDX, mtime=0), edits) if gz else data)
    check_idx(path)


@FUZZ
@given(data=st.binary(max_size=200))
def test_read_idx_random_bytes(tmp_path, data):
    (tmp_path/'r').write_bytes(data)
    check_idx(tmp_path/'r')


def test_read_idx_round_trip(tmp_path):
    a = np.arange(60, dtype=np.uint8).reshape(3, 4, 5)
    write_idx(tmp_path/'a.gz', a)
    assert (read_idx(tmp_path/'a.gz') == a).all()


def check_image(path):
    try: x = read_image(path)
    except ImageError: return
    assert x.dtype == np.float32 and x.ndim == 2 and x.size and 0 <= x.min() and x.max() <= 1


def valid_files(tmp_path):
    from PIL import Image
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 256, (9, 11), dtype=np.uint8)).save(tmp_path/'v.png')
    Image.fromarray(rng.integers(0, 256, (9, 11, 3), dtype=np.uint8)).save(tmp_path/'v.jpg')
    np.save(tmp_path/'v.npy', rng.random((9, 11)).astype(np.float32))
    return {s: (tmp_path/f'v{s}').read_bytes() for s in ('.png', '.jpg', '.npy')}


@FUZZ
@given(suffix=st.sampled_from(['.png', '.jpg', '.npy']), edits=EDITS)
def test_read_image_mutated(tmp_path, suffix, edits):
    valid = valid_files(tmp_path)
    path = tmp_path/f'm{suffix}'
    path.write_bytes(mutate(valid[suffix], edits))
    check_image(path)


@FUZZ
@given(suffix=st.sampled_from(['.png', '.jpg', '.jpeg', '.npy']), data=st.binary(max_size=300))
def test_read_image_random_bytes(tmp_path, suffix, data):
    (tmp_path/f'r{suffix}').write_bytes(data)
    check_image(tmp_path/f'r{suffix}')


@FUZZ
@given(shape=st.lists(st.integers(0, 5), min_size=0, max_size=4), dtype=st.sampled_from(['u1', 'u2', 'i4', 'f2', 'f4', 'f8', 'c8', '?']),
       scale=st.sampled_from([1.0, 255.0, -1.0, np.nan]))
def test_read_image_any_npy(tmp_path, shape, dtype, scale):
    a = np.random.default_rng(len(shape)).random(shape) * scale
    with np.errstate(invalid='ignore'): a = a.astype(dtype) if dtype != '?' else a > 0.5
    np.save(tmp_path/'a.npy', a)
    check_image(tmp_path/'a.npy')


# .keras archives: whatever the config says, a model loads or the project's own error says why, in bounded memory

def vm_peak_mb():
    "This process's peak resident memory so far, in MB."
    return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) // 1024


def small_keras(tmp_path):
    import keras
    i = keras.Input((None, None, 1))
    x = keras.layers.Conv2D(4, 3, padding='same', activation='relu')(i)
    x = keras.layers.MaxPooling2D(2)(x)
    x = keras.layers.UpSampling2D(2)(x)
    keras.Model(i, keras.layers.Conv2D(1, 3, padding='same', activation='sigmoid')(x)).save(tmp_path/'small.keras')
    return tmp_path/'small.keras'


FIELDS = {'filters': 'Conv2D', 'kernel_size': 'Conv2D', 'strides': 'Conv2D', 'dilation_rate': 'Conv2D', 'units': 'Conv2D',
          'pool_size': 'MaxPooling2D', 'size': 'UpSampling2D', 'batch_shape': 'InputLayer'}  # each field, in the layers that have it
HOSTILE = st.one_of(st.sampled_from([2**12, 2**16, 2**22, 2**26]), st.integers(-2, 2**40), st.lists(st.integers(-2, 2**40), max_size=5),
                    st.none(), st.text(max_size=3), st.floats(allow_nan=True))


@settings(max_examples=60, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.lists(st.tuples(st.integers(0, 1), st.sampled_from(sorted(FIELDS)), HOSTILE), min_size=1, max_size=3))
@example(changes=[(0, 'filters', 2**26)])  # the 13.7 kB file that took 13 GB
@example(changes=[(1, 'filters', 2**14), (0, 'filters', 2**14)])  # two layers each within the width limit, 2.4 billion weights together
def test_keras_config_mutated(tmp_path, changes):
    import json, zipfile
    from imagedenoise.pretrained import load_model_file
    src = tmp_path/'small.keras' if (tmp_path/'small.keras').exists() else small_keras(tmp_path)
    before = vm_peak_mb()
    with zipfile.ZipFile(src) as z: members = {m: z.read(m) for m in z.namelist()}
    cfg = json.loads(members['config.json'])
    for which, field, value in changes:
        layers = [l for l in cfg['config']['layers'] if l['class_name'] == FIELDS[field]]
        layers[which % len(layers)]['config'][field] = value
    members['config.json'] = json.dumps(cfg).encode()
    with zipfile.ZipFile(tmp_path/'m.keras', 'w') as z:
        for name, data in members.items(): z.writestr(name, data)
    try: model = load_model_file(tmp_path/'m.keras')
    except ValueError as e: assert 'm.keras' in str(e), e  # the project's error names the file
    else: assert model.count_params() <= 10**8
    assert vm_peak_mb() - before < 1024


@FUZZ
@given(edits=EDITS)
def test_keras_archive_bytes_mutated(tmp_path, edits):
    from imagedenoise.pretrained import load_model_file
    src = tmp_path/'small.keras' if (tmp_path/'small.keras').exists() else small_keras(tmp_path)
    (tmp_path/'m.keras').write_bytes(mutate(src.read_bytes(), edits))
    try: load_model_file(tmp_path/'m.keras')
    except ValueError as e: assert 'm.keras' in str(e), e


# image headers: any size a header claims is checked before the pixels are decoded

def png_header(width, height, depth, colour):
    "A PNG with an IHDR chunk that claims `width`×`height` (valid CRC), then a tiny compressed body."
    import zlib
    def chunk(kind, data): return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
    ihdr = struct.pack('>IIBBBBB', width, height, depth, colour, 0, 0, 0)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', zlib.compress(bytes(64))) + chunk(b'IEND', b'')


@FUZZ
@given(width=st.integers(0, 2**31 - 1), height=st.integers(0, 2**31 - 1), depth=st.sampled_from([1, 2, 4, 8, 16, 3]),
       colour=st.sampled_from([0, 2, 3, 4, 6, 1]))
def test_read_image_png_header_sizes(tmp_path, width, height, depth, colour):
    before = vm_peak_mb()
    (tmp_path/'h.png').write_bytes(png_header(width, height, depth, colour))
    try: x = read_image(tmp_path/'h.png')
    except ImageError as e: assert 'h.png' in str(e), e
    else: assert x.shape == (height, width) and width * height <= 8192 * 8192
    assert vm_peak_mb() - before < 512


@FUZZ
@given(width=st.integers(0, 65535), height=st.integers(0, 65535))
def test_read_image_jpeg_header_sizes(tmp_path, width, height):
    import io
    from PIL import Image
    buf = io.BytesIO(); Image.fromarray(np.zeros((8, 8), np.uint8)).save(buf, 'JPEG')
    data = bytearray(buf.getvalue())
    sof = data.index(b'\xff\xc0')  # baseline frame header: precision, then height and width
    data[sof + 5:sof + 9] = struct.pack('>HH', height, width)
    before = vm_peak_mb()
    (tmp_path/'h.jpg').write_bytes(bytes(data))
    try: x = read_image(tmp_path/'h.jpg')
    except ImageError as e: assert 'h.jpg' in str(e), e
    else: assert x.shape == (height, width)
    assert vm_peak_mb() - before < 512

"Fuzzing the readers: every input either loads correctly or raises the project's own error (seeded, bounded)."
import gzip, struct
import numpy as np
from hypothesis import HealthCheck, given, settings, strategies as st
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

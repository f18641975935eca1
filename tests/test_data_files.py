"The data loader against damaged files, the order of the places it looks in, and a missing data set."
import gzip, numpy as np, pytest
from imagedenoise.data import load_dataset
from imagedenoise.files import DataError, IDX_FILES, read_idx, write_idx
from conftest import write_tiny_dataset


def test_corrupt_images_file_names_the_file(no_default_places):
    folder = write_tiny_dataset(no_default_places/'fmnist')
    f = folder/'train-images-idx3-ubyte.gz'
    f.write_bytes(gzip.compress(gzip.decompress(f.read_bytes())[:-100]))  # valid gzip, truncated IDX
    with pytest.raises(DataError, match=r'train-images-idx3-ubyte.gz: truncated: shape \(12, 28, 28\) needs 9,408 bytes'):
        load_dataset(path=folder)


def test_non_idx_file_names_the_file(no_default_places):
    folder = write_tiny_dataset(no_default_places/'fmnist', gz=False)
    (folder/'t10k-images-idx3-ubyte').write_bytes(b'<html>404 Not Found</html>')
    with pytest.raises(DataError, match='t10k-images-idx3-ubyte: not an IDX file'):
        load_dataset(path=folder)


def test_wrong_type_names_the_file(no_default_places):
    folder = write_tiny_dataset(no_default_places/'fmnist')
    write_idx(folder/'train-labels-idx1-ubyte.gz', np.zeros(12, np.int32))
    with pytest.raises(DataError, match='train-labels-idx1-ubyte.gz: holds int32 values where uint8 was expected'):
        load_dataset(path=folder)


def test_labels_and_images_must_agree(no_default_places):
    folder = write_tiny_dataset(no_default_places/'fmnist')
    write_idx(folder/'t10k-labels-idx1-ubyte.gz', np.zeros(5, np.uint8))
    with pytest.raises(DataError, match=r'the test split has images \(12, 28, 28\) and labels \(5,\)'):
        load_dataset(path=folder)


def test_random_damage_never_passes_silently(tmp_path):
    "Fuzz: any truncation or byte flip of a valid IDX file gives a DataError or exactly the right array."
    a = np.random.default_rng(0).integers(0, 256, (3, 5, 4), dtype=np.uint8)
    write_idx(tmp_path/'good', a)
    good = (tmp_path/'good').read_bytes()
    rng = np.random.default_rng(1)
    for trial in range(300):
        data = bytearray(good)
        if trial % 2: data = data[:rng.integers(0, len(data))]
        else: data[rng.integers(0, 16)] ^= int(rng.integers(1, 256))  # damage the header
        f = tmp_path/f'bad{trial}'
        f.write_bytes(bytes(data))
        try: out = read_idx(f, dtype=np.uint8, ndim=3)
        except DataError as e: assert f.name in str(e)
        else: assert out.shape == a.shape and np.array_equal(out, a)


def test_lookup_order(no_default_places, monkeypatch):
    "A path given beats IMAGEDENOISE_DATA, which beats Debian's folder, which beats Keras's cache."
    tmp = no_default_places
    write_tiny_dataset(tmp/'keras-home'/'datasets'/'fashion-mnist', label=4)
    assert load_dataset(download=False).y_test[0] == 4
    from imagedenoise.files import DATASETS
    monkeypatch.setitem(DATASETS['fashion_mnist'], 'debian', str(write_tiny_dataset(tmp/'debian', label=3)))
    assert load_dataset(download=False).y_test[0] == 3
    monkeypatch.setenv('IMAGEDENOISE_DATA', str(write_tiny_dataset(tmp/'env'/'fashion-mnist', label=2).parent))
    assert load_dataset(download=False).y_test[0] == 2
    assert load_dataset(path=write_tiny_dataset(tmp/'given', label=1), download=False).y_test[0] == 1


def test_named_place_that_fails_is_an_error_not_a_fallback(no_default_places, monkeypatch):
    write_tiny_dataset(no_default_places/'keras-home'/'datasets'/'fashion-mnist')
    monkeypatch.setenv('IMAGEDENOISE_DATA', str(no_default_places/'empty'))
    with pytest.raises(DataError, match='IMAGEDENOISE_DATA=.*empty: no fashion_mnist there'):
        load_dataset(download=False)


def test_keras_npz_for_mnist(no_default_places):
    cache = no_default_places/'keras-home'/'datasets'
    cache.mkdir(parents=True)
    x = np.random.default_rng(0).integers(0, 256, (6, 28, 28), dtype=np.uint8)
    np.savez(cache/'mnist.npz', x_train=x, y_train=np.arange(6, dtype=np.uint8), x_test=x[:2], y_test=np.arange(2, dtype=np.uint8))
    ds = load_dataset('mnist', download=False)
    assert ds.x_train.shape == (6, 28, 28, 1) and ds.classes[3] == '3'
    np.testing.assert_array_equal(ds.x_test[..., 0], x[:2] / np.float32(255))


def test_missing_dataset_says_how_to_fix_it(no_default_places):
    with pytest.raises(DataError) as e: load_dataset(download=False)
    msg = str(e.value)
    assert "Data set 'fashion_mnist' not found" in msg
    assert 'apt-get install dataset-fashion-mnist' in msg
    assert 'IMAGEDENOISE_DATA' in msg and str(no_default_places/'keras-home'/'datasets'/'fashion-mnist') in msg

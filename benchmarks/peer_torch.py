"""The side-by-side peer: the basic model of the study in PyTorch, trained the way `benchmarks/speed.py` times ours.

    python3 -m venv .venv-peer && .venv-peer/bin/pip install torch==2.13.0+cpu numpy   # once, its own venv (not a dependency of imagedenoise)
    .venv-peer/bin/python benchmarks/peer_torch.py    # prints one JSON object

Same network (Conv 32 + MaxPool twice, Conv 32 + UpSampling twice, a sigmoid Conv 1; 3×3, same padding),
same data (Fashion-MNIST's training images, read from the IDX files), same noise (clip(x + 0.3·N(0, 1), 0, 1),
drawn with NumPy for each batch), batch 128, Adam (1e-3), MSE, float32, one thread per core; the
throughput is timed between batches after a warm-up, as ours is. Both memory layouts are timed
(NCHW and channels-last) and the faster is the peer's figure. This is a benchmark: it asserts nothing.
"""
from __future__ import annotations
import argparse, gzip, json, os, platform, sys, time
from pathlib import Path
import numpy as np
sys.path = [p for p in sys.path if Path(p or '.').resolve() != Path(__file__).resolve().parent]  # benchmarks/profile.py would shadow the standard library's profile, which PyTorch imports

PLACES = [os.environ.get('IMAGEDENOISE_DATA'), '/usr/share/datasets/fashion-mnist', Path('~/.keras/datasets/fashion-mnist').expanduser()]

def training_images(path=None)->np.ndarray:
    "Fashion-MNIST's 60,000 training images as float32 in [0, 1], (N, 1, 28, 28)."
    for place in [path] + PLACES:
        if not place: continue
        for name in ('train-images-idx3-ubyte.gz', 'train-images-idx3-ubyte'):
            f = Path(place)/name
            if f.exists():
                raw = gzip.open(f).read() if name.endswith('.gz') else f.read_bytes()
                return (np.frombuffer(raw, np.uint8, offset=16).reshape(-1, 1, 28, 28) / np.float32(255)).astype(np.float32)
    raise SystemExit("Fashion-MNIST's train-images-idx3-ubyte(.gz) not found: pass --data FOLDER (or apt-get install dataset-fashion-mnist)")

def basic_autoencoder():
    "Model 1 of the study, as `imagedenoise.basic.build_basic_autoencoder` builds it."
    import torch.nn as nn
    conv = lambda i, o: [nn.Conv2d(i, o, 3, padding=1), nn.ReLU()]
    return nn.Sequential(*conv(1, 32), nn.MaxPool2d(2), *conv(32, 32), nn.MaxPool2d(2),
                         *conv(32, 32), nn.Upsample(scale_factor=2), *conv(32, 32), nn.Upsample(scale_factor=2),
                         nn.Conv2d(32, 1, 3, padding=1), nn.Sigmoid())

def train_images_per_s(x:np.ndarray, channels_last:bool, batch_size:int=128, warm:int=20, steps:int=300, seed:int=0)->float:
    "Steady-state training throughput: `steps` batches timed after `warm` batches."
    import torch
    torch.manual_seed(seed)
    model = basic_autoencoder()
    fmt = torch.channels_last if channels_last else torch.contiguous_format
    model = model.to(memory_format=fmt)
    opt, loss_fn = torch.optim.Adam(model.parameters(), 1e-3), torch.nn.MSELoss()
    rng = np.random.default_rng(seed)
    times = []
    for step in range(warm + steps):
        idx = rng.integers(0, len(x), batch_size)
        clean = x[idx]
        noisy = np.clip(clean + np.float32(0.3) * rng.standard_normal(clean.shape, dtype=np.float32), 0, 1)
        c, n = (torch.from_numpy(a).contiguous(memory_format=fmt) for a in (clean, noisy))
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(n), c)
        loss.backward(); opt.step()
        times.append(time.perf_counter())
    return steps * batch_size / (times[-1] - times[warm - 1])

def cpu_name()->str:
    try: return next(l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name'))
    except (OSError, StopIteration): return platform.processor() or 'unknown'

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--data', help='folder holding train-images-idx3-ubyte(.gz)')
    p.add_argument('--quick', action='store_true', help='fewer steps: rougher figures')
    a = p.parse_args()
    import torch
    torch.set_num_threads(os.cpu_count())
    x = training_images(a.data)
    warm, steps = (3, 20) if a.quick else (20, 300)
    rates = {layout: round(train_images_per_s(x, layout == 'channels_last', warm=warm, steps=steps), 1) for layout in ('nchw', 'channels_last')}
    print(json.dumps(dict(framework='pytorch', version=torch.__version__, threads=torch.get_num_threads(), cpu=cpu_name(),
                          model='basic', batch_size=128, precision='float32', train_images_per_s=max(rates.values()), by_layout=rates)))

if __name__ == '__main__': main()

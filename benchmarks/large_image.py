"""Denoising one large image: wall-clock time and peak memory of `imagedenoise denoise` for a square photograph.

    python benchmarks/large_image.py                    # 6000×6000, the deep model, the default tile
    python benchmarks/large_image.py --side 2000 --model basic --tile 384 512 768 1024

Each run is the real command in its own process (so the peak memory is that run's), on scikit-image's
`camera` tiled to the size asked for, under the protocol's Gaussian noise (sigma 0.3). The figures are
printed with the machine's CPU; nothing here asserts them. Goal (issue 17): 6000×6000 with the deep model
in under a minute and under 2 GB.
"""
from __future__ import annotations
import argparse, json, os, subprocess, sys, tempfile, time
from pathlib import Path

def make_image(path:Path, side:int):
    "A noisy `side`×`side` 8-bit PNG: scikit-image's camera, tiled, with the protocol's noise."
    import numpy as np
    from PIL import Image
    from skimage import data
    cam = data.camera().astype(np.float32) / 255
    reps = -(-side // cam.shape[0])
    clean = np.tile(cam, (reps, reps))[:side, :side]
    noisy = np.clip(clean + 0.3 * np.random.default_rng(0).standard_normal(clean.shape, dtype=np.float32), 0, 1)
    Image.fromarray((noisy * 255).round().astype(np.uint8)).save(path)

def run(image:Path, model:str, tile:int)->dict:
    "One `denoise` of `image` in a fresh process: seconds and peak RSS."
    code = ("import sys, time; from imagedenoise.denoise import denoise, read_image, write_image; "
            "t = time.perf_counter(); x = read_image(sys.argv[1]); "
            "write_image(sys.argv[2], denoise(x, sys.argv[3], tile=int(sys.argv[4]))); "
            "print(time.perf_counter() - t, next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')))")  # peak RSS in kB
    out = image.with_name(f'{image.stem}_{model}_{tile}.png')
    env = {**os.environ, 'TF_CPP_MIN_LOG_LEVEL': '3'}
    r = subprocess.run([sys.executable, '-c', code, str(image), str(out), model, str(tile)], capture_output=True, text=True, env=env, check=True)
    seconds, kb = r.stdout.split()[-2:]
    return dict(model=model, tile=tile, seconds=round(float(seconds), 1), peak_rss_mb=round(int(kb) / 1024))

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--side', type=int, default=6000)
    p.add_argument('--model', default='deep')
    p.add_argument('--tile', type=int, nargs='+', default=[512], help="tile sides to time (default: denoise's default, 512)")
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as d:
        image = Path(d)/f'noisy{args.side}.png'
        make_image(image, args.side)
        rows = [run(image, args.model, t) for t in args.tile]
    from imagedenoise.precision import cpu_info
    print(json.dumps(dict(cpu=cpu_info()['name'], cores=os.cpu_count(), side=args.side, rows=rows), indent=1))

if __name__ == '__main__': main()

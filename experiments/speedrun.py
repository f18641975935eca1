"""Toward the speedrun: which network and recipe gains PSNR fastest per minute of float32 training on 2 cores?

Each configuration trains on the full training set (fresh noise every epoch) and is scored on the first 2,000 test
images (noise seed 0) after every epoch, so each row carries its time-to-quality curve: PSNR against training minutes
(scoring is not counted). What it measures: the training time to the study's best figures (22.70 dB, 0.8371) at noise seeds
0 and 7; it began as a budget of 10 minutes, which no float32 configuration met.
"""
import os, sys, time; from pathlib import Path; sys.path.insert(0, os.path.dirname(__file__)); sys.path.insert(1, os.path.join(os.path.dirname(__file__), '..', 'benchmarks'))
import datetime
from common import machine, merged_rows, parser, scores, write_result
from speed import conv_flops  # benchmarks/speed.py
from speedrun_optimizers import conv_muon  # experiments/speedrun_optimizers.py

RECIPE = dict(batch_size=32, lr=2e-3, schedule='cosine')  # the U-Net's recipe (model 4), here over fewer epochs

def unet(seed=0):
    from imagedenoise.unet import build_unet
    return build_unet(seed=seed)

def slim_unet(seed=0):
    from speedrun_screens import unet_variant  # experiments/speedrun_screens.py
    return unet_variant(slim=True, seed=seed)

CONFIGS = {  # label: (builder, loss, epochs, recipe changes), the most telling first
    'U-Net, 4 epochs': (unet, 'psnr', 4, {}),
    'U-Net, 3 epochs, peak 4e-3': (unet, 'psnr', 3, dict(lr=4e-3)),
    'slim decoder, 5 epochs, peak 4e-3': (slim_unet, 'psnr', 5, dict(lr=4e-3)),
    'U-Net, 16×16 crops first (5 passes, batch 96), then 1 epoch': (unet, 'psnr', 1, dict(lr=4e-3, crop=16, crop_batch=96, crop_epochs=5)),
    'U-Net, 9 epochs, peak 4e-3, bfloat16': (unet, 'psnr', 9, dict(lr=4e-3, precision='bfloat16')),
    'U-Net, 8 epochs, Muon on conv kernels, peak 4e-3': (unet, 'psnr', 8, dict(lr=4e-3, optimizer=conv_muon)),
    'U-Net, 12 epochs, peak 4e-3': (unet, 'psnr', 12, dict(lr=4e-3)),
}

def crops_then_full(model, loss, ds, epochs:int, crop:int, crop_batch:int, crop_epochs:float, batch_size:int, lr:float, callbacks=(), seed:int=0)->float:
    """Progressive resizing: train on random `crop`×`crop` windows of the noisy/clean training pairs (fresh noise, batches of
    `crop_batch`) for `crop_epochs` passes, then on whole images for `epochs`; one warm-up and cosine decay over both phases
    (as `imagedenoise.train.train`'s 'cosine' schedule, without its validation pass). Returns the training seconds."""
    import numpy as np, keras, tensorflow as tf
    from imagedenoise.noise import NoisyPairs
    from imagedenoise.train import cosine_schedule
    train_idx, _ = ds.valid_split(0.1, seed)  # the images `train` trains on
    full, pairs, rng = NoisyPairs(ds.x_train, train_idx, batch_size, seed=seed), NoisyPairs(ds.x_train, train_idx, crop_batch, seed=seed + 1), np.random.default_rng(seed)
    def windows():
        for noisy, clean in pairs:
            n, side = len(clean), clean.shape[1]
            rows = rng.integers(0, side - crop + 1, n)[:, None] + np.arange(crop)
            cols = rng.integers(0, side - crop + 1, n)[:, None] + np.arange(crop)
            pick = lambda x: x[np.arange(n)[:, None, None], rows[:, :, None], cols[:, None, :]]  # one window per image
            yield pick(noisy), pick(clean)
    spec = tf.TensorSpec((None, crop, crop, 1), tf.float32)
    crop_steps = int(crop_epochs * len(pairs))
    model.compile(optimizer=keras.optimizers.Adam(cosine_schedule(lr, crop_steps + epochs * len(full), int(0.3 * len(full)))), loss=loss)
    start = time.perf_counter()
    model.fit(tf.data.Dataset.from_generator(windows, output_signature=(spec, spec)).repeat().prefetch(2), steps_per_epoch=crop_steps, epochs=1, verbose=0)
    for c in callbacks: c.offset = time.perf_counter() - start  # the full-image epochs' clock starts after the crops
    model.fit(full.to_tf(), epochs=epochs, verbose=0, callbacks=list(callbacks))
    return time.perf_counter() - start

def main():
    p = parser(__doc__)
    p.add_argument('--only', nargs='+', type=int, help='run only these configurations (0-based, in the order of CONFIGS)')
    p.add_argument('--keep', type=Path, help='also save each trained network in this folder, as N.keras (N: its configuration number)')
    a = p.parse_args()
    import keras
    from imagedenoise.data import load_dataset
    from imagedenoise.losses import psnr_loss
    from imagedenoise.metrics import score
    from imagedenoise.noise import noisy_test_set
    from imagedenoise.precision import check_precision
    from imagedenoise.train import train
    ds = load_dataset()
    noisy, clean = noisy_test_set(ds=ds, n=2000)

    class Curve(keras.callbacks.Callback):
        "PSNR/SSIM on the 2,000 test images after every epoch, against training minutes (scoring excluded)."
        offset = 0.0  # seconds trained before this fit (a crop phase)
        def on_train_begin(self, logs=None): self.start, self.paused, self.points = time.perf_counter() - self.offset, 0.0, []
        def on_epoch_end(self, epoch, logs=None):
            t = time.perf_counter()
            r = score(clean, self.model.predict(noisy, batch_size=1024, verbose=0))
            self.points.append(dict(epoch=epoch + 1, minutes=round((t - self.start - self.paused) / 60, 3), psnr=round(r['psnr'], 4), ssim=round(r['ssim'], 4)))
            print(f"    {self.points[-1]}", flush=True)
            self.paused += time.perf_counter() - t

    rows = []
    for i, (label, (build, loss, epochs, changes)) in enumerate(CONFIGS.items()):
        if a.only is not None and i not in a.only: continue
        model, curve, recipe = build(), Curve(), RECIPE | changes
        asked = recipe.pop('precision', a.precision)  # a configuration may fix its precision
        crops = {k: recipe.pop(k) for k in ('crop', 'crop_batch', 'crop_epochs') if k in recipe}
        if crops:
            if check_precision(asked) != 'float32': raise SystemExit('the crop phase trains in float32 only: pass --precision float32')
            crops_then_full(model, psnr_loss, ds, epochs, **crops, batch_size=recipe['batch_size'], lr=recipe['lr'], callbacks=[curve])
            precision = 'float32'
        else: precision = train(model, psnr_loss, ds=ds, epochs=epochs, patience=epochs, precision=asked, verbose=0, callbacks=[curve], **recipe).precision
        if a.keep: a.keep.mkdir(parents=True, exist_ok=True); model.save(a.keep/f'{i}.keras')
        last, full = curve.points[-1], {}
        for seed in (0, 7):  # the speedrun's criterion: all 10,000 test images at noise seeds 0 and 7
            r = scores(model, ds=ds, seed=seed)
            full |= {f'psnr_seed{seed}': round(r['psnr'], 4), f'ssim_seed{seed}': round(r['ssim'], 4)}
        rows.append(dict(variant=label, loss=loss, params=model.count_params(), mflops=round(conv_flops(build()) / 1e6, 1), epochs=epochs,
                         batch_size=recipe['batch_size'], lr=recipe['lr'], psnr=last['psnr'], ssim=last['ssim'], n_test=2000,
                         train_minutes=last['minutes'], precision=precision, **crops, **full, cpu=machine()['cpu'], date=datetime.date.today().isoformat(), curve=curve.points))
        write_result('speedrun', 'Which network and recipe gains PSNR fastest per minute of training?',
                 'full training set, −PSNR loss, cosine schedule to the peak in the lr column; PSNR/SSIM on the first 2,000 test images (noise seed 0) after every epoch, against training minutes (scoring excluded); at the end, all 10,000 test images at noise seeds 0 and 7',
                 merged_rows('speedrun', rows, CONFIGS, a.out), a.out)  # after every configuration: a stopped run keeps what it measured

if __name__ == '__main__': main()

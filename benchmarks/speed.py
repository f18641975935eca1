"""Speed of every model on this machine: parameters, forward FLOPs, training and inference throughput, peak memory.

    python benchmarks/speed.py            # a few minutes: a table
    python benchmarks/speed.py --quick    # seconds: fewer steps, rougher figures
    python benchmarks/speed.py --json     # a JSON list, one object per model
    python benchmarks/speed.py --time-to-quality   # also: wall time for each model to reach the study's PSNR

Each model is measured in its own process (so `peak_rss_mb` is that model's), on the real training feed
(Fashion-MNIST, fresh Gaussian noise, batch 128). `peak_fraction` is the share of this machine's float32
matrix-product throughput (measured here with TensorFlow) that training reaches, counting a training step
as 3× the forward FLOPs. This is a benchmark that prints figures, not a test: nothing here asserts a speed.
"""
from __future__ import annotations
import argparse, json, os, resource, subprocess, sys, time

def conv_flops(model)->int:
    "Forward FLOPs of one 28×28 image: 2 per multiply-add of every Conv2D (the other layers are negligible)."
    import keras
    total, h, w = 0, 28, 28  # the models are chains of layers: follow the resolution through them
    for layer in model.layers:
        if isinstance(layer, keras.layers.MaxPooling2D): h, w = h // 2, w // 2
        elif isinstance(layer, keras.layers.UpSampling2D): h, w = h * 2, w * 2
        elif isinstance(layer, keras.layers.Conv2D):
            kh, kw, c_in, c_out = layer.kernel.shape
            total += 2 * h * w * kh * kw * c_in * c_out
    return int(total)

def matmul_gflops(n:int=2048, reps:int=10)->float:
    "Float32 matrix-product throughput of TensorFlow on this machine, in GFLOP/s (best of `reps`)."
    import tensorflow as tf
    a, b = tf.random.normal((n, n)), tf.random.normal((n, n))
    tf.linalg.matmul(a, b).numpy()
    best = min(_timed(lambda: tf.linalg.matmul(a, b).numpy()) for _ in range(reps))
    return 2 * n**3 / best / 1e9

def _timed(f)->float:
    t = time.perf_counter(); f(); return time.perf_counter() - t

def measure(name:str, quick:bool)->dict:
    "Measure one model (run in a fresh process)."
    import numpy as np
    import imagedenoise  # sets TensorFlow's CPU options before TensorFlow loads
    import keras
    from imagedenoise.data import load_dataset
    from imagedenoise.evaluate import MODELS
    from imagedenoise.noise import NoisyPairs, noisy_test_set
    spec, ds = MODELS[name], load_dataset()
    model = spec.build(seed=0)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=spec.loss())
    warm, steps = (3, 10) if quick else (20, 150)
    feed = NoisyPairs(ds.x_train, batch_size=128)
    model.fit(feed.to_tf().take(warm), epochs=1, verbose=0)
    train_s = _timed(lambda: model.fit(feed.to_tf().take(steps), epochs=1, verbose=0))
    noisy, _ = noisy_test_set(ds=ds)
    x = noisy[:2000] if quick else noisy
    model.predict(x[:1024], batch_size=1024, verbose=0)
    infer_s = _timed(lambda: model.predict(x, batch_size=1024, verbose=0))
    flops = conv_flops(model)
    train_ips = steps * 128 / train_s
    return dict(model=name, params=int(model.count_params()), flops_per_image=flops,
                train_images_per_s=round(train_ips, 1), infer_images_per_s=round(len(x) / infer_s, 1),
                peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                train_gflops=round(3 * flops * train_ips / 1e9, 2))

def time_to_quality(name:str, max_epochs:int=60)->dict:
    "Train `name` with its recipe, scoring the test set after each epoch; wall time until it reaches the study's PSNR."
    import imagedenoise
    import keras
    from imagedenoise.evaluate import MODELS, evaluate_model
    from imagedenoise.train import train
    from imagedenoise.data import load_dataset
    spec, ds = MODELS[name], load_dataset()
    model, reached, start = spec.build(seed=0), {}, time.perf_counter()
    class Stop(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            res = evaluate_model(self.model, ds=ds)
            if res['psnr'] >= spec.study_psnr and not reached:
                reached.update(epochs=epoch + 1, seconds=round(time.perf_counter() - start, 1), psnr=round(res['psnr'], 3))
                self.model.stop_training = True
    train(model, spec.loss(), ds=ds, epochs=max_epochs, verbose=0, callbacks=[Stop()])
    return dict(model=name, study_psnr=spec.study_psnr, reached=bool(reached), **reached)

def _child(args:list[str])->dict:
    r = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                       env={**os.environ, 'TF_CPP_MIN_LOG_LEVEL': '3'})
    if r.returncode: raise SystemExit(f"benchmark of {args} failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--quick', action='store_true', help='fewer steps and test images: seconds, rougher figures')
    p.add_argument('--json', action='store_true', help='print a JSON list instead of a table')
    p.add_argument('--time-to-quality', action='store_true', help="also train each model until it reaches the study's PSNR")
    p.add_argument('--models', nargs='+', default=['basic', 'hybrid', 'deep'])
    p.add_argument('--one', help=argparse.SUPPRESS)
    p.add_argument('--ttq', help=argparse.SUPPRESS)
    p.add_argument('--matmul', action='store_true', help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.one: print(json.dumps(measure(a.one, a.quick))); return
    if a.ttq: print(json.dumps(time_to_quality(a.ttq))); return
    if a.matmul: print(json.dumps(dict(gflops=matmul_gflops(1024 if a.quick else 2048)))); return
    peak = _child(['--matmul'] + (['--quick'] if a.quick else []))['gflops']
    rows = [_child(['--one', m] + (['--quick'] if a.quick else [])) for m in a.models]
    for r in rows: r['peak_fraction'] = round(r.pop('train_gflops') / peak, 4)
    ttq = [_child(['--ttq', m]) for m in a.models] if a.time_to_quality else []
    if a.json: print(json.dumps(rows if not ttq else dict(models=rows, time_to_quality=ttq, matmul_gflops=peak))); return
    print(f"float32 matrix product (TensorFlow): {peak:.0f} GFLOP/s; {os.cpu_count()} CPUs{'; quick mode' if a.quick else ''}")
    cols = ['model', 'params', 'flops_per_image', 'train_images_per_s', 'infer_images_per_s', 'peak_rss_mb', 'peak_fraction']
    print(' | '.join(cols)); print(' | '.join('---' for _ in cols))
    for r in rows: print(' | '.join(f"{r[c]:,}" if isinstance(r[c], int) else str(r[c]) for c in cols))
    for t in ttq: print(f"time to the study's PSNR ({t['study_psnr']} dB), {t['model']}: "
                        + (f"{t['seconds'] / 60:.1f} min ({t['epochs']} epochs, {t['psnr']} dB)" if t['reached'] else 'not reached'))

if __name__ == '__main__': main()

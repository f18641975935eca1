"""Speed of every model on this machine: parameters, forward FLOPs, training and inference throughput, peak memory.

    python benchmarks/speed.py            # a few minutes: a table
    python benchmarks/speed.py --quick    # about a minute: fewer steps, rougher figures; bfloat16 only where the CPU has it;
                                          # with --time-to-quality, epochs of 5,000 training images
    python benchmarks/speed.py --json     # a JSON list, one object per model
    python benchmarks/speed.py --time-to-quality   # also: each model trained for up to 10 minutes, PSNR after every epoch
    python benchmarks/speed.py --time-to-quality --ttq-precisions float32 bfloat16   # ... training in each precision
    python benchmarks/speed.py --peer .venv-peer/bin/python   # also: the PyTorch peer in the same run, and ours/PyTorch
    python benchmarks/speed.py --show FILE         # the table of a saved --json output

Each model is measured in its own process (so `peak_rss_mb` is that model's), on the real training feed
(Fashion-MNIST, fresh Gaussian noise, at the batch size of each model's training recipe). `peak_fraction` is the share of this machine's float32
matrix-product throughput (measured here with TensorFlow) that training reaches, counting a training step
as 3× the forward FLOPs. Inference is timed as the library runs it (`imagedenoise.inference.inference_model`:
the upsampling folded into the convolutions, slice by slice), and, for comparison, with Keras's `predict` of
the network as built (`infer_keras_*`). This is a benchmark that prints figures, not a test: nothing here asserts a speed.
"""
from __future__ import annotations
import argparse, json, math, os, re, resource, subprocess, sys, time
from pathlib import Path


def layer_resolutions(model, size:int=28):
    "Each layer with the side of the images it outputs, for a `size`×`size` input (the models are chains of layers: follow the resolution)."
    import keras
    for layer in model.layers:
        if isinstance(layer, keras.layers.MaxPooling2D): size //= 2
        elif isinstance(layer, keras.layers.UpSampling2D): size *= 2
        yield layer, size

def conv_flops(model)->int:
    "Forward FLOPs of one 28×28 image: 2 per multiply-add of every Conv2D (the other layers are negligible), for any graph of layers."
    import keras
    fixed = keras.models.clone_model(model, input_tensors=keras.Input((28, 28, 1)))  # every layer's output shape is then known
    return int(sum(2 * math.prod(l.output.shape[1:3]) * math.prod(l.kernel.shape) for l in fixed.layers if isinstance(l, keras.layers.Conv2D)))

def matmul_gflops(n:int=2048, reps:int=10)->float:
    "Float32 matrix-product throughput of TensorFlow on this machine, in GFLOP/s (best of `reps`)."
    import tensorflow as tf
    a, b = tf.random.normal((n, n)), tf.random.normal((n, n))
    tf.linalg.matmul(a, b).numpy()
    best = min(_timed(lambda: tf.linalg.matmul(a, b).numpy()) for _ in range(reps))
    return 2 * n**3 / best / 1e9

def _timed(f)->float:
    t = time.perf_counter(); f(); return time.perf_counter() - t

INFER_BATCH = 1024  # images per prediction step in the inference figures

def _best_predict(model, x, batch_size:int, reps:int)->float:
    "Seconds to predict `x`: the best of `reps` runs after a warm-up on the same batch shapes (so no tracing is timed)."
    model.predict(x, batch_size=batch_size, verbose=0)
    return min(_timed(lambda: model.predict(x, batch_size=batch_size, verbose=0)) for _ in range(reps))

def _batch_clock():
    import keras
    class BatchClock(keras.callbacks.Callback):
        "Records the time at the end of every training batch."
        def __init__(self): super().__init__(); self.times = []
        def on_train_batch_end(self, batch, logs=None): self.times.append(time.perf_counter())
    return BatchClock()

def train_rate(model, # A network, not yet compiled
               loss, # Its training loss
               ds, # The data (`imagedenoise.data.load_dataset()`)
               batch_size:int=128, # Images per step
               warm:int=20, # Steps run before the clock starts (tracing, the feed's start-up)
               steps:int=300, # Steps timed
               jit_compile='auto', # Keras's `compile` option: True compiles the step with XLA
              )->float:
    "Steady-state training throughput in images/s on the real feed (fresh noise): one `fit`, timed between batches."
    import keras
    from imagedenoise.noise import NoisyPairs
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=loss, jit_compile=jit_compile)
    clock = _batch_clock()
    model.fit(NoisyPairs(ds.x_train, batch_size=batch_size).to_tf().take(warm + steps), epochs=1, verbose=0, callbacks=[clock])
    return steps * batch_size / (clock.times[-1] - clock.times[warm - 1])

ISA_FLAGS = ('avx2', 'fma', 'avx512f', 'avx512_bf16', 'amx_bf16', 'amx_tile')  # the /proc/cpuinfo flags that decide the speed here

def machine()->dict:
    "What the figures were measured on: CPU, cores, the instruction sets that matter, TensorFlow and oneDNN (run in a fresh process with ONEDNN_VERBOSE=1)."
    import tensorflow as tf
    from imagedenoise.precision import cpu_info, native_bfloat16
    tf.keras.layers.Conv2D(2, 3)(tf.random.normal((1, 8, 8, 1)))  # one oneDNN primitive: it prints its version and ISA
    info = cpu_info()
    return dict(cpu=info['name'], cores=os.cpu_count(), isa_flags=[f for f in ISA_FLAGS if f in info['flags']],
                native_bfloat16=native_bfloat16(), tensorflow=tf.__version__)

def _onednn(text:str)->dict:
    "oneDNN's version and ISA from its verbose output."
    v = re.search(r'oneDNN v([\w.]+)', text); isa = re.search(r'info,cpu,isa:(.*)', text)
    return dict(onednn=v.group(1) if v else None, onednn_isa=isa.group(1).strip() if isa else None)

def measure(name:str, quick:bool, bf16:bool=True)->dict:
    "Measure one model (run in a fresh process); without `bf16`, the bfloat16 figures are skipped (None)."
    import imagedenoise  # sets TensorFlow's CPU options before TensorFlow loads
    from imagedenoise.data import load_dataset
    from imagedenoise.pretrained import MODELS
    from imagedenoise.noise import noisy_test_set
    from imagedenoise.precision import bfloat16_copy
    from imagedenoise.inference import inference_model
    spec, ds = MODELS[name], load_dataset()
    warm, steps = (3, 10) if quick else (20, 300)
    bs = spec.recipe.get('batch_size', 128)  # the batch size the model is trained with
    train_images_per_s = lambda model: train_rate(model, spec.loss(), ds, bs, warm, steps)
    model = spec.build(seed=0)
    train_ips = train_images_per_s(model)
    train_bf16_ips = train_images_per_s(bfloat16_copy(spec.build(seed=0))) if bf16 else None  # what `train(..., precision='bfloat16')` trains
    noisy, _ = noisy_test_set(ds=ds)
    x = noisy[:2000] if quick else noisy
    reps = 1 if quick else 3
    # what `denoise` and `imagedenoise evaluate` run: the network with its upsampling folded, predicting slice by slice
    infer_s = _best_predict(inference_model(model, 'float32'), x, INFER_BATCH, reps)
    infer_bf16_s = _best_predict(inference_model(model, 'bfloat16'), x, INFER_BATCH, reps) if bf16 else None
    # for comparison: Keras's `predict` of the network as built
    keras_s = _best_predict(model, x, INFER_BATCH, reps)
    keras_bf16_s = _best_predict(bfloat16_copy(model), x, INFER_BATCH, reps) if bf16 else None
    rate = lambda v: round(v, 1) if v is not None else None
    flops = conv_flops(model)
    return dict(model=name, params=int(model.count_params()), flops_per_image=flops, batch_size=bs, infer_batch_size=INFER_BATCH,
                train_images_per_s=rate(train_ips), train_bf16_images_per_s=rate(train_bf16_ips), infer_images_per_s=rate(len(x) / infer_s),
                infer_bf16_images_per_s=rate(len(x) / infer_bf16_s if bf16 else None), infer_keras_images_per_s=rate(len(x) / keras_s),
                infer_keras_bf16_images_per_s=rate(len(x) / keras_bf16_s if bf16 else None),
                peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                train_gflops=round(3 * flops * train_ips / 1e9, 2))

TTQ_N = 2000  # the fixed, seeded subset of test images scored after every epoch of a time-to-quality run
QUICK_TTQ_TRAIN = 5000  # --quick: a time-to-quality run's epochs cover only this many training images (rough, but seconds)

def time_to_quality(name:str, precision:str='float32', minutes:float=10.0, n_train:int|None=None)->dict:
    """Train `name` with its recipe (in `precision`) for at most `minutes` of training, scoring a fixed subset of the test
    images after every epoch: its PSNR and SSIM against training wall-clock (scoring excluded), and when it first reaches the study's figures."""
    import imagedenoise
    import keras
    from imagedenoise.pretrained import MODELS
    from imagedenoise.evaluate import evaluate_model
    from imagedenoise.train import train
    from imagedenoise.data import load_dataset
    spec, ds = MODELS[name], load_dataset()
    model, curve, reached, scoring, start = spec.build(seed=0), [], {}, [0.], time.perf_counter()
    class Score(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            trained = time.perf_counter() - start - scoring[0]  # wall time so far, less the time spent scoring
            t = time.perf_counter()
            if self.model is not model: model.set_weights(self.model.get_weights())  # a bfloat16 copy is trained: score the float32 model
            res = evaluate_model(model, ds=ds, n=TTQ_N)
            scoring[0] += time.perf_counter() - t
            curve.append(dict(epoch=epoch + 1, minutes=round(trained / 60, 3), psnr=round(res['psnr'], 4), ssim=round(res['ssim'], 4)))
            if spec.study_psnr and res['psnr'] >= spec.study_psnr and res['ssim'] >= spec.study_ssim and not reached:
                reached.update(epochs=epoch + 1, seconds=round(trained, 1), psnr=round(res['psnr'], 3), ssim=round(res['ssim'], 4))
            if trained >= 60 * minutes: self.model.stop_training = True
    hist = train(model, spec.loss(), ds=ds, verbose=0, callbacks=[Score()], n_train=n_train, **{**spec.recipe, 'precision': precision})  # the precision asked for, not the recipe's
    return dict(model=name, precision=precision, recipe=spec.recipe, study_psnr=spec.study_psnr, study_ssim=spec.study_ssim, reached=bool(reached),
                epochs_run=len(hist.history['loss']), budget_minutes=minutes, ttq_n=TTQ_N, n_train=n_train, curve=curve, **reached)

def peer(python:str, quick:bool)->dict:
    "The PyTorch peer's figures (`benchmarks/peer_torch.py`, run by the interpreter of its own venv), in this run."
    r = subprocess.run([python, str(Path(__file__).with_name('peer_torch.py'))] + (['--quick'] if quick else []), capture_output=True, text=True)
    if r.returncode: raise SystemExit(f"the PyTorch peer failed (make bench-peer sets up its venv):\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])

def _child(args:list[str], env:dict|None=None)->dict:
    r = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                       env={**os.environ, 'TF_CPP_MIN_LOG_LEVEL': '3', **(env or {})})
    if r.returncode: raise SystemExit(f"benchmark of {args} failed:\n{r.stderr[-3000:]}")
    res = json.loads(r.stdout.strip().splitlines()[-1])
    return {**res, **_onednn(r.stdout + r.stderr)} if args == ['--machine'] else res

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    p.add_argument('--quick', action='store_true', help='fewer steps and test images: seconds, rougher figures')
    p.add_argument('--json', action='store_true', help='print a JSON list instead of a table')
    p.add_argument('--time-to-quality', action='store_true', help=f"also train each model with its recipe, scoring {TTQ_N} test images after every epoch (PSNR against training time)")
    p.add_argument('--ttq-minutes', type=float, default=10.0, help='with --time-to-quality: stop each model after this many minutes of training (default: 10)')
    p.add_argument('--peer', metavar='PYTHON', help="also time the PyTorch peer (benchmarks/peer_torch.py) with this interpreter, and report ours/PyTorch")
    p.add_argument('--models', nargs='+', default=['basic', 'hybrid', 'deep', 'unet', 'fast'])
    p.add_argument('--ttq-models', nargs='+', metavar='MODEL', help='with --time-to-quality: only these (default: every model of --models)')
    p.add_argument('--ttq-precisions', nargs='+', choices=['float32', 'bfloat16'], default=['float32'], metavar='PRECISION',
                   help='with --time-to-quality: train in each of these (float32, bfloat16; default: float32)')
    p.add_argument('--one', help=argparse.SUPPRESS)
    p.add_argument('--ttq', help=argparse.SUPPRESS)
    p.add_argument('--matmul', action='store_true', help=argparse.SUPPRESS)
    p.add_argument('--machine', action='store_true', help=argparse.SUPPRESS)
    p.add_argument('--no-bf16', action='store_true', help=argparse.SUPPRESS)
    p.add_argument('--show', metavar='FILE', help='print the table of a saved --json output instead of measuring')
    a = p.parse_args()
    if a.one: print(json.dumps(measure(a.one, a.quick, bf16=not a.no_bf16))); return
    if a.machine: print(json.dumps(machine())); return
    if a.ttq: name, precision, minutes = a.ttq.split(':'); print(json.dumps(time_to_quality(name, precision, float(minutes), QUICK_TTQ_TRAIN if a.quick else None))); return
    if a.matmul: print(json.dumps(dict(gflops=matmul_gflops(1024 if a.quick else 2048)))); return
    if a.show: report(json.loads(open(a.show).read())); return
    mach = _child(['--machine'], env={'ONEDNN_VERBOSE': '1'})
    skip_bf16 = a.quick and not mach['native_bfloat16']  # --quick measures only what precision 'auto' would use here
    peak = _child(['--matmul'] + (['--quick'] if a.quick else []))['gflops']
    rows = []
    for m in a.models:
        r = _child(['--one', m] + (['--quick'] if a.quick else []) + (['--no-bf16'] if skip_bf16 else []))
        r.update(peak_fraction=round(r.pop('train_gflops') / peak, 4), matmul_gflops=round(peak, 1), cpus=os.cpu_count(), quick=a.quick, machine=mach)
        for precision in (a.ttq_precisions if a.time_to_quality and m in (a.ttq_models or a.models) else []):
            t, sfx = _child(['--ttq', f'{m}:{precision}:{a.ttq_minutes}'] + (['--quick'] if a.quick else [])), '' if precision == 'float32' else '_bf16'  # bfloat16's figures: keys ending in _bf16
            r.update(study_psnr=t['study_psnr'], study_ssim=t['study_ssim'], recipe=t['recipe'], ttq_budget_minutes=t['budget_minutes'], ttq_n=t['ttq_n'], ttq_n_train=t['n_train'])
            r.update({f'reached_study{sfx}': t['reached'], f'minutes_to_study{sfx}': round(t['seconds'] / 60, 2) if t['reached'] else None,
                      f'epochs_to_study{sfx}': t.get('epochs'), f'epochs_run{sfx}': t['epochs_run'],
                      f'psnr_at_study{sfx}': t.get('psnr'), f'ssim_at_study{sfx}': t.get('ssim'), f'ttq_curve{sfx}': t['curve']})
        rows.append(r)
    if a.peer:
        theirs = peer(a.peer, a.quick)
        for r in rows:
            if r['model'] == 'basic':
                r.update(peer=theirs, peer_train_images_per_s=theirs['train_images_per_s'], ratio_vs_peer=round(r['train_images_per_s'] / theirs['train_images_per_s'], 3))
    if a.json: print(json.dumps(rows)); return
    report(rows)

def report(rows:list[dict]):
    "Print the benchmark's table (and the time to the study's figures, when measured)."
    r0 = rows[0]
    print(f"float32 matrix product (TensorFlow): {r0['matmul_gflops']:.0f} GFLOP/s; {r0['cpus']} CPUs{'; quick mode' if r0['quick'] else ''}")
    cols = ['model', 'params', 'flops_per_image', 'batch_size', 'train_images_per_s', 'train_bf16_images_per_s', 'infer_images_per_s', 'infer_bf16_images_per_s', 'peak_rss_mb', 'peak_fraction']
    print(' | '.join(cols)); print(' | '.join('---' for _ in cols))
    for r in rows: print(' | '.join(f"{r[c]:,}" if isinstance(r.get(c), int) else '' if r.get(c) is None else str(r[c]) for c in cols))
    m = r0.get('machine')
    if m: print(f"measured on: {m['cpu']}, {m['cores']} cores, {' '.join(m['isa_flags'])}; TensorFlow {m['tensorflow']}, oneDNN {m.get('onednn')}")
    if r0.get('train_bf16_images_per_s') is None and m and not m['native_bfloat16']:
        print("bfloat16 columns skipped: this CPU has no bfloat16 instructions, so precision 'auto' computes in float32 here")
    for r in rows:
        if r.get('ratio_vs_peer'):
            p = r['peer']
            print(f"float32 training, {r['model']} model, batch {p['batch_size']}: ours {r['train_images_per_s']:,.0f} images/s, PyTorch {p['version']} "
                  f"{p['train_images_per_s']:,.0f} images/s ({p['threads']} threads): ours/PyTorch = {r['ratio_vs_peer']:.2f}, on {p['cpu']}")
    for r in rows:
        for sfx, precision in (('', 'float32'), ('_bf16', 'bfloat16')):
            if f'ttq_curve{sfx}' not in r: continue
            last = r[f'ttq_curve{sfx}'][-1]
            print(f"time to quality, {r['model']}, {precision}: {last['psnr']:.2f} dB / {last['ssim']:.4f} on {r['ttq_n']} test images after "
                  f"{last['minutes']:.1f} min ({last['epoch']} epochs); "
                  + ('no study figures' if not r.get('study_psnr') else
                     f"the study's {r['study_psnr']} dB / {r['study_ssim']} reached after {r[f'minutes_to_study{sfx}']:.1f} min" if r[f'reached_study{sfx}']
                     else f"the study's {r['study_psnr']} dB / {r['study_ssim']} not reached"))

if __name__ == '__main__': main()

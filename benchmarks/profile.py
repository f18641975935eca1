"""Where a model's training (or inference) time goes on this machine: TensorFlow's profiler, summed by op type and by layer.

    python benchmarks/profile.py --model basic                        # training steps, float32
    python benchmarks/profile.py --model basic --precision bfloat16   # ... as train(..., precision='bfloat16') trains
    python benchmarks/profile.py --model deep --infer                 # inference on the 10,000 test images
    python benchmarks/profile.py --model basic --json                 # one JSON object instead of the tables
    python benchmarks/profile.py --show FILE                          # the tables of saved --json outputs (a list, or one)

Training is profiled on the real feed (Fashion-MNIST, fresh Gaussian noise, the batch size of the model's recipe)
for `--steps` steps after as many warm-up steps. Times are the ops' self-times summed over both threads, so the
shares are shares of the CPU time TensorFlow spent, including the feed's (`Dataset`, `PyFunc`), which runs beside
the model on the same cores. A profiler adds overhead of its own: read the shares, not the images per second.
It is a benchmark that prints figures, not a test: nothing here asserts a speed.
"""
from __future__ import annotations
import argparse, collections, glob, json, re, shutil, sys, tempfile, time

FEED_OPS = ('Dataset', 'PyFunc')  # the op types of the training feed


def profile(model_name:str='basic', precision:str='float32', steps:int=60, infer:bool=False)->dict:
    "Profile `steps` training steps (or one inference pass over the test set) of a freshly built model `model_name`."
    from imagedenoise.pretrained import MODELS
    from imagedenoise.precision import bfloat16_copy, check_precision
    from imagedenoise.data import load_dataset
    spec = MODELS[model_name]
    model = spec.build(seed=0)
    net = model if check_precision(precision) == 'float32' else bfloat16_copy(model)
    ds, batch_size = load_dataset(), spec.recipe.get('batch_size', 128)
    logdir = tempfile.mkdtemp(prefix='imagedenoise-profile-')
    try: traced = _profiled(net, spec, ds, batch_size, steps, infer, logdir)
    finally: shutil.rmtree(logdir, ignore_errors=True)
    by_type, by_layer = collections.Counter(), collections.Counter()
    labels = _describe_layers(net)
    for r in traced['rows']:
        if r['type'] == 'IDLE': continue
        by_type[r['type']] += r['total_self_time'] / 1e6
        by_layer[_layer_of(r['operation'], r['type'], net.name, labels)] += r['total_self_time'] / 1e6
    total = sum(by_type.values())
    share = lambda c: [dict(name=k, seconds=round(v, 4), share=round(v / total, 4)) for k, v in c.most_common()]
    return dict(model=model_name, precision=precision, mode='inference' if infer else 'training', images=traced['images'],
                images_per_s=round(traced['images'] / traced['seconds']), cpu_seconds=round(total, 3),
                feed_share=round(sum(by_type[t] for t in FEED_OPS) / total, 4), by_type=share(by_type), by_layer=share(by_layer))


def _profiled(net, spec, ds, batch_size:int, steps:int, infer:bool, logdir:str)->dict:
    "Run the profiled work into `logdir`; TensorFlow's per-op table (rows as dicts), with the images and seconds timed."
    import keras, numpy as np, tensorflow as tf
    from tensorflow.python.profiler.internal import _pywrap_profiler_plugin as plugin
    from imagedenoise.noise import NoisyPairs, noisy_test_set
    if infer:
        noisy, _ = noisy_test_set(ds=ds)
        net.predict(noisy, batch_size=1024, verbose=0)  # warm-up on the same shapes
        tf.profiler.experimental.start(logdir); start = time.perf_counter()
        net.predict(noisy, batch_size=1024, verbose=0)
        seconds = time.perf_counter() - start; tf.profiler.experimental.stop(); images = len(noisy)
    else:
        net.compile(optimizer=keras.optimizers.Adam(1e-3), loss=spec.loss(), metrics=['mse'])
        feed = NoisyPairs(ds.x_train, np.arange(2 * steps * batch_size) % len(ds.x_train), batch_size, seed=0).to_tf()
        clock = {}
        def begin(batch, logs=None):
            if batch == steps: tf.profiler.experimental.start(logdir); clock['start'] = time.perf_counter()
        def end(batch, logs=None):
            if batch == 2 * steps - 1: clock['seconds'] = time.perf_counter() - clock['start']; tf.profiler.experimental.stop()
        net.fit(feed, epochs=1, verbose=0, shuffle=False, callbacks=[keras.callbacks.LambdaCallback(on_train_batch_begin=begin, on_train_batch_end=end)])
        seconds, images = clock['seconds'], steps * batch_size
    data, ok = plugin.xspace_to_tools_data(glob.glob(f'{logdir}/**/*.xplane.pb', recursive=True), 'framework_op_stats', {})
    if not ok: raise RuntimeError(f"TensorFlow's profiler wrote no readable trace in {logdir}")
    table = json.loads(data)
    table = table[0] if isinstance(table, list) else table
    cols = [c['id'] for c in table['cols']]
    rows = [dict(zip(cols, (c['v'] if isinstance(c, dict) else c for c in row['c']))) for row in table['rows']]
    return dict(rows=rows, images=images, seconds=seconds)


def _describe_layers(model)->dict:
    "Each layer's name mapped to a label such as `denoised: Conv2D 32→1 at 28×28`."
    import keras
    from speed import layer_resolutions  # benchmarks/speed.py, beside this script
    labels = {}
    for layer, size in layer_resolutions(model):
        what = type(layer).__name__
        if isinstance(layer, keras.layers.Conv2D): what += f' {layer.kernel.shape[2]}→{layer.kernel.shape[3]}'
        labels[layer.name] = f'{layer.name}: {what} at {size}×{size}'
    return labels


def _layer_of(op:str, op_type:str, model_name:str, labels:dict)->str:
    "The model layer an op belongs to, from its name (TensorFlow suffixes scopes with `_1`, `_2`...); else a group."
    if op_type in FEED_OPS or op.startswith('Iterator::'): return '(training feed)'
    parts = op.split('/')
    for i, p in enumerate(parts[:-1]):
        if re.fullmatch(re.escape(model_name) + r'(_\d+)?', p):
            scope = parts[i + 1]
            for name in (re.sub(r'_\d+$', '', scope), scope):  # the graph's scope is usually the layer's name + `_1`
                if name in labels: return labels[name]
            return '(other ops of the model)'
    return '(loss, optimizer and other ops)'


def show(results:list, top:int=8)->str:
    "Tables of the largest op types and layers of each profile."
    out = []
    for r in results:
        out.append(f"{r['model']}, {r['precision']}, {r['mode']}: {r['images_per_s']:,} images/s under the profiler; "
                   f"{r['cpu_seconds']:.2f} CPU-seconds for {r['images']:,} images, training feed {100 * r['feed_share']:.1f} %")
        for key, label in (('by_type', 'op type'), ('by_layer', 'layer')):
            out += [f'| {label} | CPU s | share |', '|---|---|---|']
            out += [f"| {e['name']} | {e['seconds']:.3f} | {100 * e['share']:.1f} % |" for e in r[key][:top]]
        out.append('')
    return '\n'.join(out)


def main(argv=None)->int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--model', default='basic', help='a model of imagedenoise.pretrained.MODELS (default: basic)')
    p.add_argument('--precision', default='float32', choices=('float32', 'bfloat16'))
    p.add_argument('--steps', type=int, default=60, help='training steps profiled, after as many warm-up steps (default: 60)')
    p.add_argument('--infer', action='store_true', help='profile inference on the test set instead of training')
    p.add_argument('--json', action='store_true', help='print one JSON object instead of the tables')
    p.add_argument('--show', metavar='FILE', help='print the tables of a saved --json output and exit')
    a = p.parse_args(argv)
    if a.show:
        saved = json.loads(open(a.show).read())
        print(show(saved if isinstance(saved, list) else [saved])); return 0
    from imagedenoise.pretrained import MODELS
    if a.model not in MODELS: p.error(f"unknown model {a.model!r}; choose one of {', '.join(MODELS)}")
    if a.steps < 1: p.error(f"--steps must be at least 1, got {a.steps}")
    r = profile(a.model, a.precision, a.steps, a.infer)
    print(json.dumps(r) if a.json else show([r]))
    return 0


if __name__ == '__main__': sys.exit(main())

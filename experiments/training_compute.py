"""Can the same network train faster if it is computed differently? Two levers, timed on the real training feed in float32.

- **Upsampling folded into the next convolution**: a 2× nearest-neighbour upsampling followed by a 3×3 convolution is one
  2×2 convolution at the low resolution with four times the filters, then depth to space (`imagedenoise.inference` does
  this for prediction). `UpConv2D` does it during training: it keeps the 3×3 kernel as its weight and derives the 2×2
  kernels from it in the graph, so it trains the same function with the same weights on fewer FLOPs. In the U-Net the
  upsampled image is concatenated with a skip first: the skip's share of the kernel stays a 3×3 convolution.
- **XLA**: Keras compiles the training step with `jit_compile=True` (off by default on a CPU).

Each model is timed in every configuration, in interleaved rounds so that a change in the machine's speed during the run
hits them alike; a row gives the median over the rounds. Nothing is trained to the end: the function is the same, so
only the time can change (the `max_abs_diff` column checks the folded network against the network as built).
"""
import os, sys; sys.path.insert(0, os.path.dirname(__file__)); sys.path.insert(1, os.path.join(os.path.dirname(__file__), '..', 'benchmarks'))
import statistics
import numpy as np
from common import parser, write_result
from speed import conv_flops, train_rate  # benchmarks/speed.py

STEPS = {'basic': 300, 'unet': 80}  # training steps timed per measurement (after 20 warm-up steps)
CONFIGS = ('as built', 'upsampling folded into the next convolution', 'XLA (jit_compile=True)')

def _layers():
    "`fold_for_training` and `folded_flops` (and the `UpConv2D` layer they use), defined once Keras is imported."
    import keras
    from keras import layers, ops
    from imagedenoise.inference import folded_kernel
    # TAPS[a, b, ky, kx, slot]: where tap (ky, kx) of the 3×3 kernel lands in the 2×2 kernel of phase `slot` (`folded_kernel` is linear)
    taps = np.stack([folded_kernel(np.eye(9, dtype=np.float32)[t].reshape(3, 3, 1, 1))[:, :, 0, :] for t in range(9)])  # (9, 2, 2, 4)
    TAPS = taps.reshape(3, 3, 2, 2, 4).transpose(2, 3, 0, 1, 4)

    class UpConv2D(layers.Layer):
        "Conv2D(3×3, 'same') of [2× nearest upsampling of the first input, the other inputs concatenated], computed at the low resolution."
        def __init__(self, filters:int, activation=None, **kwargs):
            super().__init__(**kwargs)
            self.filters, self.activation = filters, keras.activations.get(activation)
        def build(self, shapes):
            shapes = shapes if isinstance(shapes[0], (list, tuple)) else [shapes]
            self.up_channels = shapes[0][-1]
            self.kernel = self.add_weight(name='kernel', shape=(3, 3, sum(s[-1] for s in shapes), self.filters), initializer='glorot_uniform')
            self.bias = self.add_weight(name='bias', shape=(self.filters,), initializer='zeros')
        def call(self, inputs):
            low, *skips = inputs if isinstance(inputs, (list, tuple)) else [inputs]
            c = self.up_channels
            folded = ops.reshape(ops.einsum('abyxs,yxio->abiso', TAPS, self.kernel[:, :, :c]), (2, 2, c, 4 * self.filters))
            y = ops.conv(ops.pad(low, [[0, 0], [1, 1], [1, 1], [0, 0]]), folded)  # the four phases, side by side in the channels
            y = ops.depth_to_space(y, 2)[:, 1:-1, 1:-1]  # as `imagedenoise.inference.ShuffleCrop`
            if skips: y = y + ops.conv(ops.concatenate(skips, axis=-1) if len(skips) > 1 else skips[0], self.kernel[:, :, c:], padding='same')
            return self.activation(y + self.bias)

    def foldable_up(layer)->bool: return isinstance(layer, layers.UpSampling2D) and tuple(layer.size) == (2, 2) and layer.interpolation == 'nearest'
    def foldable_conv(layer)->bool:
        return type(layer) is layers.Conv2D and layer.kernel_size == (3, 3) and layer.strides == (1, 1) and layer.padding == 'same' and layer.dilation_rate == (1, 1) and layer.groups == 1 and layer.use_bias

    def upsampled_input(layer):
        "For a foldable Conv2D fed by a foldable upsampling (directly, or first in a channel Concatenate): that upsampling and the other inputs; else None."
        src = layer.input
        if not foldable_conv(layer) or isinstance(src, (list, tuple)): return None
        op = src._keras_history.operation
        if foldable_up(op): return op, []
        if isinstance(op, layers.Concatenate) and op.axis in (-1, 3) and foldable_up(first := op.input[0]._keras_history.operation): return first, list(op.input[1:])
        return None

    def fold_for_training(model:keras.Model)->keras.Model:
        "The same network (same weights, same order) with each UpSampling2D (+ Concatenate) + Conv2D computed by an `UpConv2D`."
        new = {}  # id of a tensor of `model` -> its tensor in the copy
        get = lambda t: [new[id(u)] for u in t] if isinstance(t, (list, tuple)) else new[id(t)]
        new[id(model.inputs[0])] = inp = keras.Input(model.inputs[0].shape[1:], name=model.inputs[0].name)
        for layer in model.layers[1:]:
            if found := upsampled_input(layer):
                up, rest = found
                twin, ins = UpConv2D(layer.filters, layer.activation, name=layer.name), [get(up.input)] + get(rest)
                ins = ins[0] if len(ins) == 1 else ins
            else: twin, ins = layer.__class__.from_config(layer.get_config()), get(layer.input)
            new[id(layer.output)] = twin(ins)
            twin.set_weights(layer.get_weights())
        return keras.Model(inp, get(model.outputs[0]), name=model.name)

    def folded_flops(model)->int:
        "Forward FLOPs of one 28×28 image once folded: each folded 3×3 convolution of the upsampled channels costs a 2×2 one with 4× the filters on (h+1)×(w+1)."
        fixed = keras.models.clone_model(model, input_tensors=keras.Input((28, 28, 1)))
        saved = 0
        for layer in fixed.layers[1:]:
            if found := upsampled_input(layer):
                (h, w, c), f = found[0].input.shape[1:], layer.filters
                saved += 2 * (4 * h * w * 9 * c * f - (h + 1) * (w + 1) * 4 * c * 4 * f)
        return conv_flops(model) - saved

    return fold_for_training, folded_flops

def main():
    p = parser(__doc__.split('\n')[0])
    p.add_argument('--rounds', type=int, default=3, help='interleaved rounds of timing (default: 3)')
    a = p.parse_args()
    if a.precision != 'float32': raise SystemExit('this experiment times float32 training: leave --precision at float32')
    from imagedenoise.data import load_dataset
    from imagedenoise.pretrained import MODELS
    from imagedenoise.noise import noisy_test_set
    fold_for_training, folded_flops = _layers()
    ds = load_dataset()
    noisy, _ = noisy_test_set(ds=ds, n=256)
    rows = []
    for name, steps in STEPS.items():
        spec = MODELS[name]
        built = spec.build(seed=0)
        folded = fold_for_training(built)
        assert [(l.name, [w.shape for w in l.weights]) for l in folded.layers if l.weights] == [(l.name, [w.shape for w in l.weights]) for l in built.layers if l.weights], 'the folded copy holds the same weights in the same order'
        diff = float(np.abs(folded.predict(noisy, verbose=0) - built.predict(noisy, verbose=0)).max())
        assert diff < 1e-5, f'the folded {name} model computes something else: outputs differ by up to {diff}'
        nets = {CONFIGS[0]: (lambda: spec.build(seed=0), 'auto'), CONFIGS[1]: (lambda: fold_for_training(spec.build(seed=0)), 'auto'),
                CONFIGS[2]: (lambda: spec.build(seed=0), True)}
        rates = {k: [] for k in CONFIGS}
        for r in range(a.rounds):
            for label, (make, jit) in nets.items():
                rates[label].append(round(train_rate(make(), spec.loss(), ds, spec.recipe.get('batch_size', 128), steps=steps, jit_compile=jit), 1))
                print(name, label, rates[label][-1], flush=True)
        base = statistics.median(rates[CONFIGS[0]])
        for label in CONFIGS:
            flops = folded_flops(built) if label == CONFIGS[1] else conv_flops(built)
            rows.append(dict(model=name, variant=label, mflops=round(flops / 1e6, 1), batch_size=spec.recipe.get('batch_size', 128),
                             images_per_s=statistics.median(rates[label]), rounds=rates[label], vs_as_built=round(statistics.median(rates[label]) / base, 3),
                             max_abs_diff=diff if label == CONFIGS[1] else 0.0))
    write_result('training_compute', 'Does the same network train faster if it is computed differently?',
                 f"float32 training throughput (images/s) on the real feed (Fashion-MNIST, fresh noise), at each model's recipe batch size, "
                 f"timed between batches after 20 warm-up steps ({', '.join(f'{k}: {v} steps' for k, v in STEPS.items())}); "
                 f"median of {a.rounds} interleaved rounds; max_abs_diff: the folded network's largest output difference from the network as built on 256 test images",
                 rows, a.out)

if __name__ == '__main__': main()

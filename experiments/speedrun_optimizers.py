"""One-epoch screens of the optimizer for the speedrun: Adam (the recipe), Adam with a moving average of its weights, Lion,
and Muon applied to the convolution kernels, each on the speedrun's U-Net and recipe.

Each configuration trains the U-Net (model 4) for one epoch (cosine schedule over it, batch 32) on the full training set
and is scored on the first 2,000 test images (noise seed 0), with its training minutes; Adam is run again beside them so
that every row's time comes from the same CPU.
"""
import os, sys; sys.path.insert(0, os.path.dirname(__file__))
import datetime
from pathlib import Path
from common import machine, merged_rows, parser, screen, write_result

ONE_EPOCH = dict(epochs=1, patience=1, batch_size=32, schedule='cosine')  # the speedrun's recipe, one epoch

def conv_muon(lr, momentum:float=0.95):
    """Keras's Muon, extended to convolutions: each kernel (kh, kw, in, out) with more than one output is orthogonalised as a
    (kh·kw·in, out) matrix (Keras's Muon hands every 4-D kernel to AdamW); biases and the last convolution go to AdamW.
    No weight decay, as Adam in the recipe has none."""
    import keras
    from keras import ops
    class ConvMuon(keras.optimizers.Muon):
        def _should_use_adamw(self, variable): return not (len(variable.shape) == 4 and variable.shape[-1] > 1)
        def _muon_update_step(self, gradient, variable, lr, m):
            self.assign_add(m, ops.add(gradient, m * (self.momentum - 1)))
            g = ops.add(gradient, self.momentum * m) if self.nesterov else m
            matrix = ops.reshape(g, (-1, g.shape[-1]))
            self.assign_sub(variable, ops.reshape(self.lr_adjust(lr * self.zeropower_via_newtonschulz5(matrix, self.ns_steps)), g.shape))
    return ConvMuon(lr, momentum=momentum, weight_decay=0., adam_weight_decay=0.)

def optimizers():
    "label: (peak learning rate, a maker of the optimizer from the rate or schedule)"
    import keras
    return {
        'Adam, peak 4e-3 (the speedrun recipe)': (4e-3, keras.optimizers.Adam),
        'Adam, weights averaged (EMA 0.99)': (4e-3, lambda lr: keras.optimizers.Adam(lr, use_ema=True, ema_momentum=0.99)),
        'Lion, peak 1e-3': (1e-3, keras.optimizers.Lion),
        'Muon on conv kernels, peak 4e-3': (4e-3, conv_muon),
        'Muon on conv kernels, peak 1e-2': (1e-2, conv_muon),
    }

def step_ms(made:dict, steps:int=60, rounds:int=3)->dict:
    """Milliseconds per training step of the U-Net (batch 32, −PSNR loss) with each optimizer of `made` (label: (lr, make)):
    the rounds of `steps` steps take the optimizers in turn, so that a slower spell of the machine falls on all of them; the fastest round counts."""
    import time, numpy as np, tensorflow as tf
    from imagedenoise.losses import psnr_loss
    from imagedenoise.unet import build_unet
    clean = np.random.default_rng(0).random((32, 28, 28, 1), np.float32)
    batches = tf.data.Dataset.from_tensors((clean * 0.9, clean)).repeat()
    models = {}
    for label, (lr, make) in made.items():
        models[label] = model = build_unet(seed=0)
        model.compile(optimizer=make(lr), loss=psnr_loss)
        model.fit(batches, steps_per_epoch=20, epochs=1, verbose=0)  # traced and warmed up
    times = {label: [] for label in made}
    for _ in range(rounds):
        for label, model in models.items():
            start = time.perf_counter(); model.fit(batches, steps_per_epoch=steps, epochs=1, verbose=0)
            times[label].append((time.perf_counter() - start) / steps * 1000)
    return {label: min(t) for label, t in times.items()}

def main():
    p = parser(__doc__)
    p.add_argument('--only', nargs='+', type=int, help='run only these configurations (0-based, in the order of `optimizers()`)')
    p.add_argument('--step-time', action='store_true', help="time each optimizer's training step on a quiet machine and add it to the result's rows (ms_per_step); trains nothing to the end")
    a = p.parse_args()
    if a.step_time: return add_step_times(a.out)
    from imagedenoise.data import load_dataset
    from imagedenoise.losses import psnr_loss
    from imagedenoise.unet import build_unet
    ds, rows = load_dataset(), []
    for i, (label, (lr, make)) in enumerate(optimizers().items()):
        if a.only is not None and i not in a.only: continue
        row = screen(label, build_unet(seed=0), psnr_loss, ds, a.precision, lr=lr, optimizer=make, **ONE_EPOCH)
        rows.append(row | dict(lr=lr, cpu=machine()['cpu'], date=datetime.date.today().isoformat()))
        write_result('speedrun_optimizers', 'Which optimizer gains the most PSNR in one epoch of the speedrun U-Net, and at what cost in time?',
                     'the U-Net (model 4), one epoch on the full training set, batch 32, cosine schedule to the peak in the lr column, −PSNR loss; first 2,000 test images, noise seed 0',
                     merged_rows('speedrun_optimizers', rows, optimizers(), a.out), a.out)  # after every configuration: a stopped run keeps what it measured

def add_step_times(out=None):
    "Time every configuration's training step and write it into the existing result's rows (the screens' own minutes may have shared the CPU)."
    import json
    from common import RESULTS
    path = Path(out or RESULTS/'speedrun_optimizers.json')
    res = json.loads(path.read_text())
    made = optimizers()
    ms = step_ms({row['variant']: made[row['variant']] for row in res['rows']})
    for row in res['rows']:
        row |= dict(ms_per_step=round(ms[row['variant']], 2), step_cpu=machine()['cpu'])
        print(row['variant'], row['ms_per_step'], 'ms per step', flush=True)
    res['step_time_command'] = 'python experiments/speedrun_optimizers.py --step-time'
    tmp = path.with_name(f'.{path.name}.tmp'); tmp.write_text(json.dumps(res, indent=1) + '\n'); tmp.replace(path)

if __name__ == '__main__': main()

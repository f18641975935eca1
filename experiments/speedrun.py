"""Toward the speedrun: which network and recipe gains PSNR fastest per minute of float32 training on 2 cores?

Each configuration trains on the full training set (fresh noise every epoch) and is scored on the first 2,000 test
images (noise seed 0) after every epoch, so each row carries its time-to-quality curve: PSNR against training minutes
(scoring is not counted). The goal it screens for: the study's best figures (22.70 dB, 0.8371) within 10 minutes.
"""
import os, sys, time; sys.path.insert(0, os.path.dirname(__file__)); sys.path.insert(1, os.path.join(os.path.dirname(__file__), '..', 'benchmarks'))
from common import parser, scores, write_result
from speed import conv_flops  # benchmarks/speed.py

def pixel_layers():
    "Pixel-unshuffle (space to depth) and pixel-shuffle (depth to space) as Keras layers."
    import keras, tensorflow as tf
    class PixelUnshuffle(keras.layers.Layer):
        def call(self, x): return tf.nn.space_to_depth(x, 2)
    class PixelShuffle(keras.layers.Layer):
        def call(self, x): return tf.nn.depth_to_space(x, 2)
    return PixelUnshuffle, PixelShuffle

def light_unet(filters=(32, 64), latent=128, merge='add', half=False, seed=0):
    """The U-Net with cheaper merges (`add`: project the upsampled features to the skip's channels and add, instead of a
    wide convolution over the concatenation), or (`half`) at half resolution after a pixel-unshuffle stem."""
    import keras
    from keras import layers
    from imagedenoise.models import conv
    from imagedenoise.unet import ClipToUnit
    keras.utils.set_random_seed(seed)
    Unshuffle, Shuffle = pixel_layers()
    inp = keras.Input((None, None, 1))
    x, saved = (Unshuffle()(inp) if half else inp), []
    for f in filters:
        x = conv(f)(conv(f)(x)); saved.append(x); x = layers.MaxPooling2D(2)(x)
    x = conv(latent)(conv(latent)(x))
    for f, skip in zip(reversed(filters), reversed(saved)):
        x = layers.UpSampling2D(2)(x)
        x = layers.Activation('relu')(layers.Add()([layers.Conv2D(f, 1)(x), skip])) if merge == 'add' else layers.Concatenate()([x, skip])
        x = conv(f)(conv(f)(x))
    noise = Shuffle()(layers.Conv2D(4, 3, padding='same')(x)) if half else layers.Conv2D(1, 3, padding='same')(x)
    return keras.Model(inp, ClipToUnit()(layers.Subtract()([inp, noise])))

RECIPE = dict(batch_size=32, lr=2e-3, schedule='cosine')  # the U-Net's recipe (model 4), here over fewer epochs

def unet(seed=0):
    from imagedenoise.unet import build_unet
    return build_unet(seed=seed)

def psnr_and_ssim(y_true, y_pred):
    "−PSNR + 20·(1 − SSIM) per image: PSNR first, with a push toward SSIM (20 dB per unit of SSIM)."
    from imagedenoise.losses import psnr_loss, ssim_loss
    return psnr_loss(y_true, y_pred) + 20.0 * ssim_loss(y_true, y_pred)

CONFIGS = {  # label: (builder, loss ('psnr' or 'psnr+ssim'), epochs, recipe changes), the most telling first
    'U-Net, 4 epochs': (unet, 'psnr', 4, {}),
    'U-Net, 4 epochs, −PSNR + 20·(1 − SSIM)': (unet, 'psnr+ssim', 4, {}),
    'U-Net with added skips, 4 epochs': (lambda: light_unet(), 'psnr', 4, {}),
    'U-Net at half resolution (pixel-unshuffle, 64/128, added skips), 3 epochs, batch 64': (lambda: light_unet((64,), 128, half=True), 'psnr', 3, dict(batch_size=64)),
}

def main():
    p = parser(__doc__)
    p.add_argument('--only', nargs='+', type=int, help='run only these configurations (0-based, in the order of CONFIGS)')
    a = p.parse_args()
    import keras
    from imagedenoise.data import load_dataset
    from imagedenoise.losses import psnr_loss
    from imagedenoise.metrics import score
    from imagedenoise.noise import noisy_test_set
    from imagedenoise.train import train
    ds = load_dataset()
    noisy, clean = noisy_test_set(ds=ds, n=2000)

    class Curve(keras.callbacks.Callback):
        "PSNR/SSIM on the 2,000 test images after every epoch, against training minutes (scoring excluded)."
        def on_train_begin(self, logs=None): self.start, self.paused, self.points = time.perf_counter(), 0.0, []
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
        h = train(model, psnr_loss if loss == 'psnr' else psnr_and_ssim, ds=ds, epochs=epochs, patience=epochs, precision=a.precision, verbose=0, callbacks=[curve], **recipe)
        last, full = curve.points[-1], {}
        for seed in (0, 7):  # the speedrun's criterion: all 10,000 test images at noise seeds 0 and 7
            r = scores(model, ds=ds, seed=seed)
            full |= {f'psnr_seed{seed}': round(r['psnr'], 4), f'ssim_seed{seed}': round(r['ssim'], 4)}
        rows.append(dict(variant=label, loss=loss, params=model.count_params(), mflops=round(conv_flops(model) / 1e6, 1), epochs=epochs,
                         batch_size=recipe['batch_size'], lr=recipe['lr'], psnr=last['psnr'], ssim=last['ssim'], n_test=2000,
                         train_minutes=last['minutes'], precision=h.precision, **full, curve=curve.points))
        write_result('speedrun', 'Which network and recipe gains PSNR fastest per minute of training?',
                 'full training set, cosine schedule from 2e-3, the loss in its column; PSNR/SSIM on the first 2,000 test images (noise seed 0) after every epoch, against training minutes (scoring excluded); at the end, all 10,000 test images at noise seeds 0 and 7',
                 rows, a.out)  # after every configuration: a stopped run keeps what it measured

if __name__ == '__main__': main()

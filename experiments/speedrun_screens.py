"""One-epoch screens for the speedrun: which change to the U-Net or its recipe gains PSNR per minute of float32 training?

Each configuration trains for one epoch (cosine schedule over that epoch) on the full training set and is scored on the
first 2,000 test images (noise seed 0); its training minutes are beside it. A change pays in a ten-minute budget only if
it gains more PSNR than the U-Net gains from the extra training time it costs (about 0.2 dB per doubling).
"""
import os, sys; sys.path.insert(0, os.path.dirname(__file__)); sys.path.insert(1, os.path.join(os.path.dirname(__file__), '..', 'benchmarks'))
from common import machine, parser, screen, write_result
from speed import conv_flops  # benchmarks/speed.py

ONE_EPOCH = dict(epochs=1, patience=1, batch_size=32, lr=4e-3, schedule='cosine')  # the speedrun's recipe, one epoch

def unet_variant(filters=(32, 64), latent=128, batch_norm=False, slim=False, seed=0):
    """The U-Net of model 4 with: other widths; batch normalisation after every convolution; or (`slim`) each decoder
    stage ending at the width of the stage above it, as in the original U-Net (a quarter fewer FLOPs)."""
    import keras
    from keras import layers
    from imagedenoise.unet import ClipToUnit
    keras.utils.set_random_seed(seed)
    def conv(f):
        if not batch_norm: return layers.Conv2D(f, 3, padding='same', activation='relu')
        return lambda x: layers.ReLU()(layers.BatchNormalization()(layers.Conv2D(f, 3, padding='same', use_bias=False)(x)))
    inp = keras.Input((None, None, 1))
    x, saved = inp, []
    for f in filters:
        x = conv(f)(conv(f)(x)); saved.append(x); x = layers.MaxPooling2D(2)(x)
    widths = [*reversed(filters)]  # the width each stage ends at when slim
    x = conv(widths[0] if slim else latent)(conv(latent)(x))
    for k, (f, skip) in enumerate(zip(reversed(filters), reversed(saved))):
        x = layers.Concatenate()([layers.UpSampling2D(2)(x), skip])
        x = conv(widths[k + 1] if slim and k + 1 < len(widths) else f)(conv(f)(x))
    noise = layers.Conv2D(1, 3, padding='same')(x)
    return keras.Model(inp, ClipToUnit()(layers.Subtract()([inp, noise])))

CONFIGS = {  # label: (network changes, recipe changes)
    'U-Net, peak 2e-3 (the U-Net recipe)': ({}, dict(lr=2e-3)),
    'U-Net, peak 4e-3 (the speedrun recipe)': ({}, {}),
    'U-Net, peak 8e-3': ({}, dict(lr=8e-3)),
    'U-Net, batch 16, peak 2.8e-3': ({}, dict(batch_size=16, lr=2.8e-3)),
    'U-Net, batch 64, peak 6e-3': ({}, dict(batch_size=64, lr=6e-3)),
    'batch normalisation': (dict(batch_norm=True), {}),
    'slim decoder (a quarter fewer FLOPs)': (dict(slim=True), {}),
    'wider: 48/96, 192 at the bottom': (dict(filters=(48, 96), latent=192), {}),
}

def main():
    a = parser(__doc__).parse_args()
    from imagedenoise.data import load_dataset
    from imagedenoise.losses import psnr_loss
    ds, rows = load_dataset(), []
    for label, (net, recipe) in CONFIGS.items():
        model = unet_variant(**net)
        row = screen(label, model, psnr_loss, ds, a.precision, **(ONE_EPOCH | recipe))
        rows.append(row | dict(mflops=round(conv_flops(model) / 1e6, 1), batch_size=(ONE_EPOCH | recipe)['batch_size'],
                               lr=(ONE_EPOCH | recipe)['lr'], cpu=machine()['cpu']))
    write_result('speedrun_screens', 'Which change to the U-Net or its recipe gains PSNR per minute of training?',
                 'one epoch on the full training set (cosine schedule over it), −PSNR loss; first 2,000 test images, noise seed 0', rows, a.out)

if __name__ == '__main__': main()

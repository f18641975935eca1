"""One-epoch screens for the speedrun: which change to the U-Net or its recipe gains PSNR per minute of float32 training?

Each configuration trains for one epoch (cosine schedule over that epoch) on the full training set and is scored on the
first 2,000 test images (noise seed 0); its training minutes are beside it. A change pays in a ten-minute budget only if
it gains more PSNR than the U-Net gains from the extra training time it costs (about 0.2 dB per doubling).
"""
import os, sys; sys.path.insert(0, os.path.dirname(__file__)); sys.path.insert(1, os.path.join(os.path.dirname(__file__), '..', 'benchmarks'))
from common import machine, parser, screen, write_result
from speed import conv_flops  # benchmarks/speed.py

ONE_EPOCH = dict(epochs=1, patience=1, batch_size=32, lr=4e-3, schedule='cosine')  # the speedrun's recipe, one epoch

def unet_variant(filters=(32, 64), latent=128, batch_norm=False, slim=False, add=False, seed=0):
    """The U-Net of model 4 with: other widths; batch normalisation after every convolution; (`slim`) each decoder
    stage ending at the width of the stage above it, as in the original U-Net (a quarter fewer FLOPs); or (`add`) the
    skips added instead of concatenated, each stage ending at the width of the stage above (as LinkNet does)."""
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
    narrow = slim or add  # each stage ends at the width of the stage above
    x = conv(widths[0] if narrow else latent)(conv(latent)(x))
    for k, (f, skip) in enumerate(zip(reversed(filters), reversed(saved))):
        x = (layers.Add() if add else layers.Concatenate())([layers.UpSampling2D(2)(x), skip])
        x = conv(widths[k + 1] if narrow and k + 1 < len(widths) else f)(conv(f)(x))
    noise = layers.Conv2D(1, 3, padding='same')(x)
    return keras.Model(inp, ClipToUnit()(layers.Subtract()([inp, noise])))

def patchify_unet(width=64, latent=128, head=0, seed=0):
    """A U-Net that never convolves at 28×28 (much of the U-Net's training time is spent there): a 2×2, stride-2 convolution
    (a learned pixel-unshuffle) takes the image to 14×14×`width`, a U-Net stage at 14×14 and 7×7 follows, and a 2×2,
    stride-2 transposed convolution brings the noise estimate back to 28×28; with `head` > 0, the transposed convolution
    makes `head` channels instead, and one 3×3 convolution over them and the noisy image makes the estimate."""
    import keras
    from keras import layers
    from imagedenoise.basic import conv
    from imagedenoise.unet import ClipToUnit
    keras.utils.set_random_seed(seed)
    inp = keras.Input((None, None, 1))
    skip = conv(width)(layers.Conv2D(width, 2, strides=2, activation='relu')(inp))
    x = conv(latent)(conv(latent)(layers.MaxPooling2D(2)(skip)))
    x = conv(width)(conv(width)(layers.Concatenate()([layers.UpSampling2D(2)(x), skip])))
    if head: noise = layers.Conv2D(1, 3, padding='same')(layers.Concatenate()([layers.Conv2DTranspose(head, 2, strides=2, activation='relu')(x), inp]))
    else: noise = layers.Conv2DTranspose(1, 2, strides=2)(x)
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
    'skips added, not concatenated': (dict(add=True), {}),
    '16 channels at 28×28 (16/64, 128)': (dict(filters=(16, 64)), {}),
    'patchify stem, no 28×28 convolution (64, 128)': (dict(patchify=True), {}),
    'patchify stem, wider (96, 192)': (dict(patchify=True, width=96, latent=192), {}),
    'patchify stem, one 28×28 convolution at the end': (dict(patchify=True, head=16), {}),
}

def main():
    a = parser(__doc__).parse_args()
    from imagedenoise.data import load_dataset
    from imagedenoise.losses import psnr_loss
    ds, rows = load_dataset(), []
    for label, (net, recipe) in CONFIGS.items():
        net = dict(net)
        model = patchify_unet(**net) if net.pop('patchify', False) else unet_variant(**net)
        row = screen(label, model, psnr_loss, ds, a.precision, **(ONE_EPOCH | recipe))
        rows.append(row | dict(mflops=round(conv_flops(model) / 1e6, 1), batch_size=(ONE_EPOCH | recipe)['batch_size'],
                               lr=(ONE_EPOCH | recipe)['lr'], cpu=machine()['cpu']))
    write_result('speedrun_screens', 'Which change to the U-Net or its recipe gains PSNR per minute of training?',
                 'one epoch on the full training set (cosine schedule over it), −PSNR loss; first 2,000 test images, noise seed 0', rows, a.out)

if __name__ == '__main__': main()

"""Variants of the U-Net (model 4) within 500k parameters, screened in short runs with the −PSNR loss."""
import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
from common import parser, screen, write_result

SHORT = dict(epochs=2, n_train=20_000, batch_size=32, lr=2e-3, schedule='cosine')

def two_unets(seed=0):
    "Two smaller U-Nets (24/48/80) in a row; the second sees the first's output and the noisy input."
    import keras
    from keras import layers
    from imagedenoise.unet import build_unet
    first, second = build_unet((24, 48), 80, name='first', seed=seed), build_unet((24, 48), 80, name='second', seed=seed + 1)
    inp = keras.Input((None, None, 1))
    x = first(inp)
    mix = layers.Conv2D(1, 1)(layers.Concatenate()([x, inp]))
    return keras.Model(inp, second(layers.Add()([x, mix])))

def full_res_convs(seed=0):
    "The U-Net with three more 32-channel convolutions at full resolution before the output."
    import keras
    from keras import layers
    from imagedenoise.basic import conv
    from imagedenoise.unet import ClipToUnit, build_unet
    base = build_unet(seed=seed)
    x = base.get_layer('noise').input
    for _ in range(3): x = conv(32)(x)
    noise = layers.Conv2D(1, 3, padding='same')(x)
    return keras.Model(base.input, ClipToUnit()(layers.Subtract()([base.input, noise])))

def main():
    a = parser(__doc__).parse_args()
    from imagedenoise.data import load_dataset
    from imagedenoise.losses import psnr_loss
    from imagedenoise.unet import build_unet
    variants = {'U-Net (as shipped)': lambda: build_unet(), 'first stage 40 channels': lambda: build_unet((40, 64)),
                'two U-Nets in a row': two_unets, 'three more convolutions at full resolution': full_res_convs,
                'three convolutions per stage (24/48/112)': lambda: build_unet((24, 48), 112, convs=3)}
    ds = load_dataset()
    rows = [screen(label, build(), psnr_loss, ds, a.precision, **SHORT) for label, build in variants.items()]
    write_result('unet_variants', 'Does another U-Net of under 500k parameters do better?',
                 'one change each, −PSNR loss: 2 epochs on 20,000 training images, batch 32, cosine from 2e-3; first 2,000 test images, noise seed 0',
                 rows, a.out)

if __name__ == '__main__': main()

"""Variants of the deep model (model 3) that the study's description allows, screened in short runs: the downsampling,
batch normalisation, the upsampling's interpolation and the decoder's order."""
import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
from common import parser, screen, write_result

SHORT = dict(epochs=2, n_train=20_000, batch_size=32, lr=3e-3, schedule='cosine')  # the deep model's cosine schedule, scaled down

def build_deep_variant(pool:str='max', # 'max': 2×2 max pooling (as shipped); 'stride': a stride-2 3×3 convolution instead
                       norm:bool=False, # Batch normalisation after every convolution
                       interpolation:str='nearest', # The upsampling's: 'nearest' (as shipped) or 'bilinear'
                       upsample_first:bool=True, # Decoder stages upsample, then convolve (as shipped); False: convolve, then upsample
                       seed:int=0):
    "The deep autoencoder (encoder 32 → 64, 128 in the latent space, two convolutions each, mirrored decoder) with one change."
    import keras
    from keras import layers
    keras.utils.set_random_seed(seed)
    def conv(x, f, strides=1):
        x = layers.Conv2D(f, 3, strides=strides, padding='same', activation=None if norm else 'relu')(x)
        return layers.ReLU()(layers.BatchNormalization()(x)) if norm else x
    inp = keras.Input((None, None, 1)); x = inp
    for f in (32, 64):
        for _ in range(2): x = conv(x, f)
        x = layers.MaxPooling2D(2)(x) if pool == 'max' else conv(x, f, strides=2)
    for _ in range(2): x = conv(x, 128)
    for f in (64, 32):
        if upsample_first: x = layers.UpSampling2D(2, interpolation=interpolation)(x)
        for _ in range(2): x = conv(x, f)
        if not upsample_first: x = layers.UpSampling2D(2, interpolation=interpolation)(x)
    return keras.Model(inp, layers.Conv2D(1, 3, padding='same', activation='sigmoid')(x))

VARIANTS = {'deep (as shipped)': {}, 'stride-2 convolutions': dict(pool='stride'), 'batch norm': dict(norm=True),
            'stride-2 + batch norm': dict(pool='stride', norm=True), 'bilinear upsampling': dict(interpolation='bilinear'),
            'convolve, then upsample': dict(upsample_first=False)}

def main():
    a = parser(__doc__).parse_args()
    from imagedenoise.data import load_dataset
    from imagedenoise.losses import HybridLoss
    ds = load_dataset()
    rows = [screen(label, build_deep_variant(**change), HybridLoss(0.8, 0.2), ds, a.precision, **SHORT) for label, change in VARIANTS.items()]
    write_result('deep_variants', "Does another reading of the study's Model 3 do better?",
                 'one change each to the deep model, hybrid loss: 2 epochs on 20,000 training images, batch 32, cosine from 3e-3; first 2,000 test images, noise seed 0',
                 rows, a.out)

if __name__ == '__main__': main()

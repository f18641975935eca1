"""Photographs: what would close the photo network's gap to BM3D at low noise? Short screens of its recipe with one change
each (training data, width at full resolution, loss, depth), trained without three of the training photographs (rocket, clock,
stereo_motorcycle) and scored on those three, so that nothing is chosen on the test photographs. The result file is
rewritten after each variant; rows of variants not run this time are kept."""
import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
import time
from common import merged_rows, parser, write_result

HELD_OUT = ('rocket', 'clock', 'stereo_motorcycle')  # training photographs kept out of the screens' training, and scored on
VARIANTS = {  # label: (build_photo_unet arguments, photo patches, dead-leaves patches, loss)
    'recipe': (dict(filters=(16, 32, 64, 128)), 8000, 8000, 'psnr'),  # the photo recipe before these screens
    'photographs only': (dict(filters=(16, 32, 64, 128)), 16000, 0, 'psnr'),
    'mse loss': (dict(filters=(16, 32, 64, 128)), 8000, 8000, 'mse'),
    '32 channels at full resolution': (dict(filters=(32, 32, 64, 128)), 8000, 8000, 'psnr'),
    'three convs per stage': (dict(filters=(16, 32, 64, 128), convs=3), 8000, 8000, 'psnr'),
    'photographs only, 32 channels at full resolution': (dict(filters=(32, 32, 64, 128)), 16000, 0, 'psnr'),
    'three photographs to one dead leaves, 32 channels at full resolution': (dict(filters=(32, 32, 64, 128)), 12000, 4000, 'psnr'),
    'three photographs to one dead leaves, 64 channels at full resolution': (dict(filters=(64, 32, 64, 128)), 12000, 4000, 'psnr'),
}
PROTOCOL = (f"the photo recipe (imagedenoise.pretrained.PHOTO before these screens: bias-free U-Net, 96×96 patches, batch 16, cosine from 1e-3, "
            f"8-bit Gaussian noise with sigma drawn from 0 to 55/255) for --epochs epochs with one change each, trained on the "
            f"training photographs but {', '.join(HELD_OUT)} (and dead leaves); scored on those three (cropped to multiples of 16) "
            f"with 8-bit noise at sigma 15, 25, 50 (seed 1) and clean (sigma 0), the network not told sigma, float32 inference; "
            f"seconds: one 512×512 image, float32")

def main():
    p = parser(__doc__)
    p.add_argument('--epochs', type=int, default=3, help='epochs per variant (default: 3, as the recipe had before these screens)')
    p.add_argument('--only', nargs='*', choices=['bm3d', *VARIANTS], help='run only these (default: BM3D, told sigma, and every variant)')
    a = p.parse_args()
    import numpy as np
    from imagedenoise.photos import TRAIN_PHOTOS, build_photo_unet, load_photo, network_denoiser, photo_dataset, photo_scores
    from imagedenoise.pretrained import LOSSES, PRETRAINED
    from imagedenoise.precision import check_precision
    from imagedenoise.train import train
    precision, recipe, rows = check_precision(a.precision), PRETRAINED['photo'].recipe, []
    held_out = {n: load_photo(n) for n in HELD_OUT}
    for label in a.only or ['bm3d', *VARIANTS]:
        if label == 'bm3d':
            from imagedenoise.photos import classical_photo_denoisers
            each = photo_scores(classical_photo_denoisers()['bm3d'], held_out, sigmas=(15, 25, 50), seed=1)
            s = each.groupby('sigma').psnr.mean()
            rows.append(dict(variant=label, **{f'psnr_{k}': float(s[k]) for k in (15, 25, 50)}, ssim_25=float(each[each.sigma == 25].ssim.mean()),
                             seconds=float(each.seconds.mean())))
            write_result('photos_screens', 'What would close the photo network’s gap to BM3D at low noise?', PROTOCOL,
                         merged_rows('photos_screens', rows, ['bm3d', *VARIANTS], a.out), a.out)
            continue
        arch, n_photo, n_leaves, loss = VARIANTS[label]
        build = lambda: build_photo_unet(**arch)
        model = build()
        h = train(model, LOSSES[loss](), ds=photo_dataset(n_photo, n_leaves, names=tuple(n for n in TRAIN_PHOTOS if n not in HELD_OUT)), verbose=2, precision=precision, **{**recipe, 'epochs': a.epochs})
        copy = build(); copy.set_weights(model.get_weights())
        denoise = network_denoiser(copy)
        each = photo_scores(denoise, held_out, sigmas=(0, 15, 25, 50), seed=1, warmup=True)
        s = each.groupby('sigma').psnr.mean()
        x = np.zeros((512, 512), np.float32); denoise(x, 0)
        start = time.perf_counter(); denoise(x, 0); seconds = time.perf_counter() - start
        rows.append(dict(variant=label, params=model.count_params(), epochs=a.epochs, precision=precision, train_minutes=h.seconds / 60,
                         **{f'psnr_{k}': float(s[k]) for k in (15, 25, 50, 0)}, psnr_0_min=float(each[each.sigma == 0].psnr.min()),
                         ssim_25=float(each[each.sigma == 25].ssim.mean()), seconds=seconds))
        write_result('photos_screens', 'What would close the photo network’s gap to BM3D at low noise?', PROTOCOL,
                     merged_rows('photos_screens', rows, ['bm3d', *VARIANTS], a.out), a.out)

if __name__ == '__main__': main()

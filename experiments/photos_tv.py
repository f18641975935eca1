"""Total variation on photographs: which weight, as a multiple of the estimated sigma? Screened on four training photographs."""
import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
from common import parser, write_result

def main():
    a = parser(__doc__).parse_args()
    import numpy as np
    from skimage.restoration import denoise_tv_chambolle, estimate_sigma
    from imagedenoise.photos import center_crop, load_photo, photo_scores
    photos = {n: center_crop(load_photo(n), 256) for n in ('rocket', 'clock', 'brick', 'stereo_motorcycle')}  # training photographs only
    rows = []
    for factor in (0.5, 0.75, 1.0, 1.5, 2.0):
        tv = lambda noisy, sigma: denoise_tv_chambolle(noisy.astype(np.float64), weight=factor * estimate_sigma(noisy.astype(np.float64)))
        s = photo_scores(tv, photos, seed=1).groupby('sigma').psnr.mean()
        rows.append(dict(factor=factor, **{f'psnr {k}': v for k, v in s.items()}, psnr_mean=s.mean()))
    write_result('photos_tv', "Total variation's weight on photographs, as a multiple of the estimated sigma",
                 'central 256×256 of rocket, clock, brick and stereo_motorcycle (training photographs), 8-bit noise at sigma 15, 25, 50 (seed 1)', rows, a.out)

if __name__ == '__main__': main()

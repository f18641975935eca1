"""Photographs: the photo network (blind) against BM3D (told the true sigma), NLM, TV, wavelet and the Fashion-MNIST networks,
on the six test photographs at sigma 15, 25 and 50 (0–255 scale, 8-bit noise), with seconds per image."""
import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
from common import parser, write_result

def main():
    a = parser(__doc__).parse_args()
    from imagedenoise.photos import classical_photo_denoisers, network_denoiser, photo_scores
    from imagedenoise.pretrained import load_pretrained
    methods = {'noisy': None} | {m: network_denoiser(load_pretrained(m)) for m in ('photo', 'deep', 'unet')} | classical_photo_denoisers()
    rows = []
    for name, f in methods.items():
        scores = photo_scores(f, warmup=name in ('photo', 'deep', 'unet')).assign(method=name)
        print(name, scores.groupby('sigma')[['psnr', 'ssim', 'seconds']].mean().round(3).to_dict('index'), flush=True)
        rows += scores.to_dict('records')
    clean = photo_scores(methods['photo'], sigmas=(0,)).assign(method='photo')
    rows += clean.to_dict('records')
    write_result('photos', 'Does a blind network trained on photographs beat BM3D on photographs it never saw?',
                 'the six test photographs (imagedenoise.photos.TEST_PHOTOS, cropped to multiples of 16), 8-bit Gaussian noise at '
                 'sigma 15, 25, 50 (seed 0), and the photo network on the clean photographs (sigma 0); BM3D told the true sigma, '
                 'NLM/TV/wavelet estimating it, the networks not told; seconds per image, one at a time', rows, a.out)

if __name__ == '__main__': main()

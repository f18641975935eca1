"""Photographs: does the photo network keep improving past 3 epochs? The photo recipe as it was before photos_screens.py
(16 channels at full resolution, as many dead-leaves patches as photograph patches, 3 epochs), for more epochs (the cosine
schedule spread over all of them), the six test photographs scored after every epoch at sigma 15, 25 and 50 and clean.
The result file is rewritten after each epoch, so a run cut short keeps the epochs it finished (`epochs_planned` says how
many were meant); rows of runs of other lengths or precisions are kept. BM3D's figures on the same photographs are in photos.json."""
import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
import json, time
from pathlib import Path
from common import RESULTS, parser, write_result

PROTOCOL = ("the photo recipe before photos_screens.py (imagedenoise.pretrained.PHOTO with a (16, 32, 64, 128) U-Net and "
            "photo_dataset(8000, 8000)) for --epochs epochs; after each, the six test photographs "
            "(cropped to multiples of 16) with 8-bit Gaussian noise at sigma 15, 25, 50 (seed 0) and clean (sigma 0), the network "
            "not told sigma, float32 inference; minutes are training time, without the scoring; one run per epochs_planned and precision, "
            "each made by python experiments/photos_epochs.py --epochs N --precision P")

def other_runs(out, # The result file
               epochs:int, precision:str, # This run's
              )->list[dict]:
    "The rows of the result file from runs of other lengths or precisions, each with its CPU and date."
    try: old = json.loads(Path(out).read_text())
    except (OSError, ValueError): return []
    return [r | {'cpu': r.get('cpu', old['machine']['cpu']), 'date': r.get('date', old['date'])}
            for r in old['rows'] if (r['epochs_planned'], r['precision']) != (epochs, precision)]

def main():
    p = parser(__doc__)
    p.add_argument('--epochs', type=int, default=6, help='epochs to train (default: 6; the recipe had 3)')
    a = p.parse_args()
    import keras
    from imagedenoise.photos import build_photo_unet, network_denoiser, photo_dataset, photo_scores
    from imagedenoise.pretrained import PRETRAINED
    from imagedenoise.train import train
    spec, rows, scoring = PRETRAINED['photo'], [], []
    from imagedenoise.precision import check_precision
    precision, out = check_precision(a.precision), a.out or RESULTS/'photos_epochs.json'
    kept = other_runs(out, a.epochs, precision)

    class ScoreEachEpoch(keras.callbacks.Callback):
        "Score a float32 copy of the network on the test photographs after every epoch, and rewrite the result file."
        def on_train_begin(self, logs=None): self.start = time.perf_counter()
        def on_epoch_end(self, epoch, logs=None):
            t = time.perf_counter()
            copy = build(); copy.set_weights(self.model.get_weights())  # a new model: a new float32 inference copy
            each = photo_scores(network_denoiser(copy), sigmas=(0, 15, 25, 50), warmup=True)
            s = each.groupby('sigma')[['psnr', 'ssim']].mean()
            scoring.append(time.perf_counter() - t)
            rows.append(dict(epoch=epoch + 1, epochs_planned=a.epochs, precision=precision,
                             minutes=(time.perf_counter() - self.start - sum(scoring)) / 60, val_loss=float(logs['val_loss']),
                             **{f'psnr_{k}': float(s.psnr[k]) for k in (15, 25, 50, 0)}, **{f'ssim_{k}': float(s.ssim[k]) for k in (15, 25, 50)},
                             psnr_0_min=float(each[each.sigma == 0].psnr.min())))  # the clean photograph that comes back worst
            write_result('photos_epochs', 'Does the photo network keep improving past its 3 epochs?', PROTOCOL, kept + rows, out)

    build = lambda: build_photo_unet(filters=(16, 32, 64, 128))  # the network before the screens
    train(build(), spec.loss(), ds=photo_dataset(8000, 8000), verbose=2, precision=precision, callbacks=[ScoreEachEpoch()],
          **{**spec.recipe, 'epochs': a.epochs})

if __name__ == '__main__': main()

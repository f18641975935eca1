"""What each ingredient of the U-Net contributes: skips, residual output, fresh noise, and the loss, in short runs."""
import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
from common import parser, scores, timed_train, write_result

SHORT = dict(epochs=2, n_train=20_000, batch_size=32, lr=2e-3, schedule='cosine')  # the U-Net recipe, scaled down

def main():
    a = parser(__doc__).parse_args()
    from imagedenoise.data import load_dataset
    from imagedenoise.losses import HybridLoss, psnr_loss
    from imagedenoise.unet import build_unet
    ds = load_dataset()
    variants = {'U-Net': {}, 'no skips': dict(skips=False), 'no residual': dict(residual=False), 'fixed noise': dict(fresh=False),
                'MSE loss': dict(loss='mse'), 'L1 loss': dict(loss='mae'), '−PSNR loss': dict(loss=psnr_loss)}
    rows = []
    for label, change in variants.items():
        model = build_unet(skips=change.get('skips', True), residual=change.get('residual', True))
        run = timed_train(model, change.get('loss', HybridLoss(0.8, 0.2)), ds=ds, fresh=change.get('fresh', True), precision=a.precision, **SHORT)
        rows.append(dict(variant=label, **scores(model, n=2000, ds=ds), **run))
        print(rows[-1], flush=True)
    write_result('unet_ablation', 'What does each ingredient of the U-Net contribute?',
                 'U-Net (hybrid loss) and one change each: 2 epochs on 20,000 training images, batch 32, cosine from 2e-3; first 2,000 test images, noise seed 0',
                 rows, a.out)

if __name__ == '__main__': main()

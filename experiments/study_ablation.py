"""The study's findings, separated: the basic network trained with the hybrid loss, so that the loss and the architecture of model 2 can be told apart."""
import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
from common import parser, scores, timed_train, write_result

def main():
    a = parser(__doc__).parse_args()
    from imagedenoise.data import load_dataset
    from imagedenoise.losses import HybridLoss
    from imagedenoise.basic import build_basic_autoencoder
    ds = load_dataset()
    model = build_basic_autoencoder()
    run = timed_train(model, HybridLoss(0.8, 0.2), ds=ds, epochs=20, precision=a.precision)  # model 1's recipe, model 2's loss
    write_result('study_ablation', "Does SSIM in the loss help at equal architecture? The basic network with the hybrid loss",
                 'basic recipe (20 epochs, plateau schedule), 0.8·MSE + 0.2·(1 − SSIM); all 10,000 test images, noise seed 0',
                 [dict(method='basic + hybrid loss', **scores(model, ds=ds), **run)], a.out)

if __name__ == '__main__': main()

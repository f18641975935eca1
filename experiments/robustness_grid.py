"""Every pretrained network, the blind model and the fast classical baselines under every noise condition of the Robustness chapter."""
import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
from common import parser, write_result

def main():
    p = parser(__doc__)
    p.add_argument('--n', type=int, default=2000, help='test images per condition, a seeded subset (default: %(default)s)')
    a = p.parse_args()
    from imagedenoise.baselines import make_baseline
    from imagedenoise.pretrained import load_pretrained
    from imagedenoise.robustness import robustness_table
    methods = ({name: load_pretrained(name) for name in ('basic', 'hybrid', 'deep', 'unet', 'blind')}
               | {name: make_baseline(name) for name in ('tv', 'nlm', 'wavelet')})
    table = robustness_table(methods, n=a.n)
    write_result('robustness_grid', 'How does each method hold up under other noise levels and kinds?',
                 f'pretrained networks and classical baselines; a seeded subset of {a.n:,} test images per condition, noise seed 0',
                 [{k: (bool(v) if k == 'clip' else v) for k, v in r.items()} for r in table.to_dict('records')], a.out)

if __name__ == '__main__': main()

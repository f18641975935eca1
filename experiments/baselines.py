"""The classical denoisers on the headline protocol: all test images (BM3D, the slowest, on a seeded subset)."""
import sys; sys.path.insert(0, __import__('os').path.dirname(__file__))
from common import parser, write_result

def main():
    a = parser(__doc__).parse_args()
    from imagedenoise.baselines import BASELINES, baselines_table
    table = baselines_table(list(BASELINES))
    write_result('baselines', 'How far do classical denoisers get, with no training?',
                 'each baseline on all 10,000 test images (BM3D: a seeded subset), noise seed 0; ms_per_image from a one-image-at-a-time loop',
                 table.reset_index().to_dict('records'), a.out)

if __name__ == '__main__': main()

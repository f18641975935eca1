"The docs build's page adaptation, without a browser: what the reader would otherwise see raw."
import json, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT/'docs'))
from build import adapt, unlink_code

SITE = 'https://imagedenoise.github.io/imagedenoise/'
SIG = ("### load_dataset\n\n```python\ndef load_dataset(\n    path:NoneType=None, # see [`find_dataset`](" + SITE + "data.html#find_dataset)\n)->Dataset:\n```\n\n"
       "*Load it (see [`read_idx`](" + SITE + "data.html#read_idx)).*")

def test_links_inside_code_blocks_become_text():
    out = unlink_code(SIG)
    assert "# see `find_dataset`\n" in out and '](' not in out.split('```')[1]
    assert f"[`read_idx`]({SITE}data.html#read_idx)" in out  # prose outside code keeps its link

def test_show_doc_output_is_adapted():
    nb = {'metadata': {}, 'cells': [{'cell_type': 'code', 'source': 'show_doc(load_dataset)', 'metadata': {},
           'outputs': [{'output_type': 'execute_result', 'data': {'text/markdown': SIG}}]}]}
    md = adapt(nb, {'data.html': '00_data.html'}, SITE)['cells'][0]['outputs'][0]['data']['text/markdown']
    assert '# see `find_dataset`\n' in md and '[`read_idx`](00_data.html#read_idx)' in md

def test_a_link_nbdev_made_inside_ours_is_not_nested():
    from build import fix_links
    text = f"such as [[`psnr_loss`]({SITE}loss.html#psnr_loss)](05_loss.ipynb) (its −PSNR)"
    test = fix_links(text, {'loss.html': '05_loss.html', '05_loss.ipynb': '05_loss.html'}, SITE)
    assert test == "such as [`psnr_loss`](05_loss.html#psnr_loss) (its −PSNR)", test

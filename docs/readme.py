"""Write README.md from nbs/index.ipynb (what `nbdev_readme` does with Quarto, without Quarto).

Markdown cells and Markdown outputs are copied with links to notebooks pointed into `nbs/`; `#| hide` cells are dropped,
`#| echo: false` cells show only their outputs; Markdown outputs are copied, images are saved under
`README_files/`, text outputs become code blocks (stderr is left out). `--check` writes nothing and fails if README.md (or
an image) differs from what it would write: the test suite runs it, so the README stays in sync.
"""
from __future__ import annotations
import base64, json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NB, README, IMAGES = ROOT/'nbs'/'index.ipynb', ROOT/'README.md', 'README_files'

def _text(x)->str: return ''.join(x) if isinstance(x, list) else x

def _links(md:str)->str: return re.sub(r'\]\((?!https?:|#|/)([\w.-]+\.ipynb)', r'](nbs/\1', md)

def render(nb:dict)->tuple[str, dict[str, bytes]]:
    "The README's Markdown and its images (path → bytes) for the notebook `nb`."
    parts, images = [], {}
    for cell in nb['cells']:
        src = _text(cell['source'])
        if cell['cell_type'] == 'markdown':
            parts.append(_links(src)); continue
        if cell['cell_type'] != 'code': continue
        directives = re.findall(r'^#\|\s*(.*)$', src, flags=re.M)
        if any(re.fullmatch(r'hide\s*', d) for d in directives): continue
        code = re.sub(r'^#\|.*\n?', '', src, flags=re.M).strip()
        if code and not any(re.match(r'echo:\s*false', d) for d in directives): parts.append(f"```python\n{code}\n```")
        for out in cell.get('outputs', []):
            data = out.get('data', {})
            if 'image/png' in data:
                path = f"{IMAGES}/figure-{len(images) + 1}.png"
                images[path] = base64.b64decode(_text(data['image/png']))
                parts.append(f"![]({path})")
            elif 'text/markdown' in data: parts.append(_links(_text(data['text/markdown']).strip()))
            elif out.get('output_type') == 'stream' and out.get('name') == 'stderr': continue  # warnings and logs are not README content
            elif out.get('output_type') == 'stream' or 'text/plain' in data:
                parts.append(f"```\n{_text(out.get('text') or data['text/plain']).rstrip()}\n```")
    return '\n\n'.join(p.strip('\n') for p in parts if p.strip()) + '\n', images

def main(check:bool=False)->int:
    text, images = render(json.loads(NB.read_text()))
    if check:
        stale = [p for p, b in [('README.md', text.encode())] + list(images.items())
                 if not (ROOT/p).is_file() or (ROOT/p).read_bytes() != b]
        if stale: print(f"out of date: {', '.join(stale)}; run 'make readme' and commit", file=sys.stderr); return 1
        return 0
    for old in (ROOT/IMAGES).glob('figure-*.png'):
        if f"{IMAGES}/{old.name}" not in images: old.unlink()
    for p, b in images.items(): (ROOT/p).parent.mkdir(exist_ok=True); (ROOT/p).write_bytes(b)
    README.write_text(text)
    print(f"wrote README.md and {len(images)} image(s) from {NB.relative_to(ROOT)}")
    return 0

if __name__ == '__main__': sys.exit(main('--check' in sys.argv[1:]))

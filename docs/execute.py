"""Run chapters top to bottom as Jupyter does (all cells, in `nbs/`, switches as shipped) and save them with their
outputs, so that the docs site and the README show real results. Standard-error streams (TensorFlow's log lines) are
left out of what is saved (`quiet`). Usage: `python docs/execute.py nbs/00_data.ipynb ... [--slowest N]`; then `make sync`."""
from __future__ import annotations
import os, sys, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient

os.environ.pop("MPLBACKEND", None)  # the kernel draws figures inline, as Jupyter does

def quiet(nb):
    "`nb` without the log lines TensorFlow writes: standard-error streams, and its `WARNING:tensorflow` and `INFO:tensorflow` lines on standard output."
    for c in nb.cells:
        if c.cell_type != 'code': continue
        outs = []
        for o in c.outputs:
            if o.output_type == 'stream':
                if o.name == 'stderr': continue
                o.text = ''.join(l for l in o.text.splitlines(keepends=True) if not l.startswith(('WARNING:tensorflow:', 'INFO:tensorflow:')))
                if not o.text: continue
            outs.append(o)
        c.outputs = outs
    return nb

def execute(path:Path, # A notebook
            slowest:int=0, # Print the seconds of this many of its slowest cells
           )->float: # The seconds it took
    "Run notebook `path` in a fresh kernel in its folder and save it with its outputs."
    nb = nbformat.read(path, as_version=4)
    start, seconds = time.perf_counter(), {}
    client = NotebookClient(nb, timeout=900, kernel_name='python3', resources={'metadata': {'path': str(path.parent)}})
    client.on_cell_start = lambda cell, cell_index: seconds.__setitem__(cell_index, -time.perf_counter())
    client.on_cell_executed = lambda cell, cell_index, execute_reply: seconds.__setitem__(cell_index, seconds[cell_index] + time.perf_counter())
    client.execute()
    for i, t in sorted(seconds.items(), key=lambda kv: -kv[1])[:slowest]:
        print(f"  {t:6.1f} s  cell {i}: {nb.cells[i].source.splitlines()[0][:80] if nb.cells[i].source else ''}")
    nbformat.write(quiet(nb), path)
    return time.perf_counter() - start

if __name__ == '__main__':
    import argparse
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('notebooks', nargs='+', type=Path)
    p.add_argument('--slowest', type=int, default=0, metavar='N', help="also print each notebook's N slowest cells")
    args = p.parse_args()
    for nb in args.notebooks: print(f"{nb}: {execute(nb, args.slowest):.0f} s", flush=True)

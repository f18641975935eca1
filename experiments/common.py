"""What the experiments share: the command line, scoring on the headline protocol, and one JSON result per experiment.

Each script in `experiments/` runs one experiment and writes `experiments/results/NAME.json`: its title, the command
that made it, the machine, and a row per configuration. The Lab notes chapter (`nbs/99_lab_notes.ipynb`) renders them.
"""
from __future__ import annotations
import argparse, datetime, json, os, platform, subprocess, sys
from pathlib import Path
import imagedenoise  # before Keras: it sets TensorFlow's CPU options (every experiment imports this module first)

RESULTS = Path(__file__).resolve().parent/'results'

def parser(doc:str)->argparse.ArgumentParser:
    "The options every experiment takes."
    p = argparse.ArgumentParser(description=doc)
    p.add_argument('--precision', default='float32', choices=('float32', 'bfloat16', 'auto'),
                   help='training precision (default: float32, the same figures on every machine)')
    p.add_argument('--out', type=Path, default=None, help='write the JSON here instead of experiments/results/NAME.json')
    return p

def machine()->dict:
    "The CPU, its core count and the TensorFlow version: speed figures mean nothing without them."
    import tensorflow as tf
    from imagedenoise.precision import cpu_info
    return dict(cpu=cpu_info()['name'], cores=os.cpu_count(), tensorflow=tf.__version__, python=platform.python_version())

def commit()->str|None:
    "The git commit the experiment ran at, with '+changes' if the code differed from it (None outside a checkout)."
    git = lambda *args: subprocess.run(['git', *args], capture_output=True, text=True, check=True, cwd=Path(__file__).parent).stdout.strip()
    try: head, changed = git('rev-parse', '--short', 'HEAD'), git('status', '--porcelain', '--untracked-files=all', '--', '.', '../imagedenoise', '../benchmarks', ':!results')
    except (OSError, subprocess.CalledProcessError): return None
    return f"{head}+changes" if head and changed else head or None

def scores(model, n:int|None=None, ds=None, seed:int=0)->dict:
    "PSNR and SSIM (per-image means) of `model` on the headline protocol (noise `seed`): all test images, or the first `n`."
    from imagedenoise.noise import noisy_test_set
    from imagedenoise.metrics import score
    noisy, clean = noisy_test_set(ds=ds, n=n, seed=seed)
    r = score(clean, model.predict(noisy, batch_size=1024, verbose=0))
    return dict(psnr=r['psnr'], ssim=r['ssim'], n_test=r['n'])

def timed_train(model, loss, **kwargs)->dict:
    "Train with `imagedenoise.train.train` (quietly); the epochs run and the training time in minutes."
    from imagedenoise.train import train
    h = train(model, loss, verbose=0, **kwargs)
    return dict(epochs=len(h.history['loss']), train_minutes=h.seconds / 60, precision=h.precision)

def screen(label:str, model, loss, ds, precision:str, **recipe)->dict:
    "One row of a short screen: train `model` with `loss` and `recipe`, score it on the first 2,000 test images, print the row."
    run = timed_train(model, loss, ds=ds, precision=precision, **recipe)
    row = dict(variant=label, params=model.count_params(), **scores(model, n=2000, ds=ds), **run)
    print(row, flush=True)
    return row

def merged_rows(name:str, # The experiment's name
                rows:list[dict], # This run's rows
                order, # Every configuration's label, in the order the rows are kept
                out:Path|None=None, # The result file (default: experiments/results/NAME.json)
               )->list[dict]:
    "This run's rows, with the rows of configurations it did not run kept from the result file (each with its CPU and date)."
    try: old = json.loads(Path(out or RESULTS/f'{name}.json').read_text())
    except (OSError, ValueError): old = {}
    kept = [r | {'cpu': r.get('cpu', old['machine']['cpu']), 'date': r.get('date', old['date'])} for r in old.get('rows', [])]
    by_label = {r['variant']: r for r in kept if r['variant'] in order} | {r['variant']: r for r in rows}
    return [by_label[k] for k in order if k in by_label]

def write_result(name:str, # The experiment's name (its script's, without .py)
                 title:str, # One line: what it asks
                 protocol:str, # What the rows were trained and scored on
                 rows:list[dict], # One per configuration: label, psnr, ssim, ...
                 out:Path|None=None, # Where to write (default: experiments/results/NAME.json)
                ):
    "Write the experiment's result atomically, with the command that made it and the machine it ran on."
    out = Path(out or RESULTS/f'{name}.json')
    res = dict(name=name, title=title, protocol=protocol,
               command=' '.join(['python', f'experiments/{name}.py'] + sys.argv[1:]),
               provenance='measured', date=datetime.date.today().isoformat(), commit=commit(), machine=machine(), rows=rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f'.{out.name}.{os.getpid()}.tmp')
    tmp.write_text(json.dumps(res, indent=1) + '\n')
    os.replace(tmp, out)
    print(f"wrote {out}")
    for r in rows: print('  ' + ', '.join(f'{k}={v:.4f}' if isinstance(v, float) else f'{k}={v}' for k, v in r.items()))

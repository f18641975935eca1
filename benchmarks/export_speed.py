"""Inference speed of exported networks against the library's own path: images per second of onnxruntime and LiteRT
on 28×28 batches and on one 512×512 image, beside `inference_model` (the folded Keras network, float32, as `denoise`
runs it). A benchmark, not a test: it prints figures. Usage: python benchmarks/export_speed.py [--models basic unet] [--json]"""
from __future__ import annotations
import argparse, json, os, tempfile, time
from pathlib import Path
import numpy as np

def rate(f, n_images:int, min_seconds:float=2.0)->float:
    "Images per second of `f()` (which handles `n_images`), after one warm-up call, timed over at least `min_seconds`."
    f(); calls, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < min_seconds or calls < 3: f(); calls += 1
    return calls * n_images / elapsed

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--models', nargs='+', default=['basic', 'unet'])
    p.add_argument('--json', action='store_true')
    args = p.parse_args()
    import onnxruntime as ort
    from ai_edge_litert.interpreter import Interpreter
    from imagedenoise.export import export_model
    from imagedenoise.inference import inference_model
    from imagedenoise.pretrained import load_pretrained
    from imagedenoise.precision import cpu_info
    rng = np.random.default_rng(0)
    batch, photo = rng.random((1024, 28, 28, 1), np.float32), rng.random((1, 512, 512, 1), np.float32)
    rows, tmp = [], Path(tempfile.mkdtemp())
    for name in args.models:
        keras_net = inference_model(load_pretrained(name), 'float32')
        onnx_file, litert_file = (export_model(name, tmp/f'{name}{s}')['path'] for s in ('.onnx', '.tflite'))
        session = ort.InferenceSession(str(onnx_file), providers=['CPUExecutionProvider'])
        feed = session.get_inputs()[0].name
        def litert(x, it=Interpreter(model_path=str(litert_file))):
            inp = it.get_input_details()[0]
            if tuple(inp['shape']) != x.shape: it.resize_tensor_input(inp['index'], x.shape); it.allocate_tensors()
            it.set_tensor(inp['index'], x); it.invoke(); return it.get_tensor(it.get_output_details()[0]['index'])
        for what, x in (('28×28, batches of 1,024', batch), ('512×512, one image', photo)):
            rows.append(dict(model=name, input=what, onnx_bytes=onnx_file.stat().st_size, litert_bytes=litert_file.stat().st_size,
                             keras_images_per_s=rate(lambda: keras_net.predict(x), len(x)),
                             onnxruntime_images_per_s=rate(lambda: session.run(None, {feed: x}), len(x)),
                             litert_images_per_s=rate(lambda: litert(x), len(x))))
    machine = dict(cpu=cpu_info()['name'], cores=os.cpu_count(), onnxruntime=ort.__version__)
    if args.json: print(json.dumps(dict(machine=machine, rows=rows), indent=1)); return
    print(f"{machine['cpu']}, {machine['cores']} cores, onnxruntime {machine['onnxruntime']}; images per second:")
    for r in rows:
        print(f"  {r['model']:6} {r['input']:26} keras (folded) {r['keras_images_per_s']:9.1f}  onnxruntime {r['onnxruntime_images_per_s']:9.1f}"
              f"  litert {r['litert_images_per_s']:9.1f}   (.onnx {r['onnx_bytes']:,} B, .tflite {r['litert_bytes']:,} B)")

if __name__ == '__main__': main()

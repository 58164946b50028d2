/**
 * Compiling the bundle's models with @litertjs/core (LiteRT.js, Apache-2.0) on its wasm (XNNPACK CPU)
 * backend. Shared by Node and the browser; the caller has already run `loadLiteRt` (litert-node.ts in Node,
 * browser.ts in the browser), which is the only part that differs.
 */
import type * as LiteRtModule from '@litertjs/core';
import { VisionError } from '../errors.js';
import type { FaceModels, TensorModel } from './models.js';
import { unpackTask } from './models.js';

type LiteRt = typeof LiteRtModule;

/**
 * The landmark model's input declares a dynamic batch dimension (shape signature [−1, 256, 256, 3]), which
 * LiteRT.js' wasm backend refuses to bind a tensor to, and LiteRT.js has no resize option. We run one face at a
 * time, so the batch is fixed to 1 in the model bytes before compiling: the one int32 vector
 * [4 | −1, 256, 256, 3] (flatbuffer vectors are length-prefixed, little-endian) becomes [4 | 1, 256, 256, 3].
 * Exactly one match is required; anything else means a different model and is an error, not a guess.
 */
export function fixLandmarkBatch(model: Uint8Array): Uint8Array {
  const pattern = [4, -1, 256, 256, 3];
  const view = new DataView(model.buffer, model.byteOffset, model.byteLength);
  const hits: number[] = [];
  for (let o = 0; o + 20 <= model.byteLength; o += 4) {
    if (pattern.every((v, k) => view.getInt32(o + 4 * k, true) === v)) hits.push(o);
  }
  if (hits.length !== 1) {
    throw new VisionError(
      'models-not-loaded',
      `the landmark model's input shape was not found exactly once (${hits.length} matches): not the expected Face Mesh V2 model`,
    );
  }
  const out = model.slice();
  new DataView(out.buffer).setInt32((hits[0] ?? 0) + 4, 1, true);
  return out;
}

async function compile(lrt: LiteRt, bytes: Uint8Array, name: string): Promise<TensorModel> {
  let model: LiteRtModule.CompiledModel;
  try {
    model = await lrt.loadAndCompile(bytes, { accelerator: 'wasm' });
  } catch (e) {
    throw new VisionError(
      'models-not-loaded',
      `the face model part ${name} did not compile: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  return {
    run: async (input, shape) => {
      const tensor = new lrt.Tensor(input, [...shape]);
      try {
        const outputs = await model.run(tensor);
        try {
          // Copy out of the wasm heap: the runtime reuses it on the next run.
          return outputs.map((o) => Float32Array.from(o.toTypedArray() as Float32Array));
        } finally {
          for (const o of outputs) o.delete();
        }
      } finally {
        tensor.delete();
      }
    },
  };
}

/** Unzips the bundle (already hash-checked by the caller) and compiles its three models. */
export async function compileFaceModels(
  lrt: LiteRt,
  task: Uint8Array,
  sha256: string,
  where: string,
  runtime: string,
): Promise<FaceModels> {
  const parts = unpackTask(task, where);
  return {
    detector: await compile(lrt, parts.detector, 'face_detector'),
    landmarks: await compile(lrt, fixLandmarkBatch(parts.landmarks), 'face_landmarks_detector'),
    blendshapes: await compile(lrt, parts.blendshapes, 'face_blendshapes'),
    sha256,
    runtime,
  };
}

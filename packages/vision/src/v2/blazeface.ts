/**
 * The Face Landmarker bundle's short-range face detector (BlazeFace family, 128×128 input): its SSD anchors,
 * the decoding of its 896 boxes and the weighted non-maximum suppression, as MediaPipe's face_detector_graph
 * configures them. Pure: no model runtime here, only numbers in and boxes out.
 */

/** Input side of the detector, in pixels. */
export const DETECTOR_INPUT = 128;
/** face_detector_graph.cc: min_detection_confidence (scores are sigmoids of the raw logits). */
export const DETECTOR_MIN_SCORE = 0.5;
/** face_detector_graph.cc: min_suppression_threshold (IoU at which boxes belong to one face). */
export const DETECTOR_NMS_IOU = 0.3;
/** tensors_to_detections: raw logits are clipped to ±100 before the sigmoid. */
const SCORE_CLIP = 100;
/** Six keypoints per box: subject's right eye, left eye, nose tip, mouth centre, right tragion, left tragion. */
export const DETECTOR_KEYPOINTS = 6;
const VALUES_PER_BOX = 4 + 2 * DETECTOR_KEYPOINTS;

/** One face in the detector's normalised input coordinates ([0, 1] across the 128-px input). */
export interface NormDetection {
  readonly score: number;
  readonly cx: number;
  readonly cy: number;
  readonly w: number;
  readonly h: number;
  /** [x, y] pairs, DETECTOR_KEYPOINTS of them. */
  readonly keypoints: readonly (readonly [number, number])[];
}

/**
 * SsdAnchorsCalculator with num_layers 4, strides [8, 16, 16, 16], one aspect ratio plus the interpolated one
 * (2 anchors per layer and cell), fixed anchor size, offset 0.5: 16×16×2 + 8×8×6 = 896 anchor centres.
 */
export function shortRangeAnchors(): readonly (readonly [number, number])[] {
  const strides = [8, 16, 16, 16];
  const anchors: [number, number][] = [];
  let layer = 0;
  while (layer < strides.length) {
    const stride = strides[layer] ?? 8;
    let perCell = 0;
    let last = layer;
    while (last < strides.length && strides[last] === stride) {
      perCell += 2;
      last++;
    }
    const cells = Math.ceil(DETECTOR_INPUT / stride);
    for (let y = 0; y < cells; y++) {
      for (let x = 0; x < cells; x++) {
        for (let k = 0; k < perCell; k++) anchors.push([(x + 0.5) / cells, (y + 0.5) / cells]);
      }
    }
    layer = last;
  }
  return anchors;
}

const ANCHORS = shortRangeAnchors();

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-Math.max(-SCORE_CLIP, Math.min(SCORE_CLIP, v))));

/** Decodes the raw regressors (896 × 16) and logits (896) into scored boxes above `minScore`. */
export function decodeDetections(
  regressors: Float32Array,
  logits: Float32Array,
  minScore = DETECTOR_MIN_SCORE,
): NormDetection[] {
  const out: NormDetection[] = [];
  const s = DETECTOR_INPUT;
  for (let i = 0; i < ANCHORS.length; i++) {
    const score = sigmoid(logits[i] ?? -SCORE_CLIP);
    if (score < minScore) continue;
    const anchor = ANCHORS[i];
    if (!anchor) continue;
    const o = i * VALUES_PER_BOX;
    const r = (k: number): number => regressors[o + k] ?? 0;
    const keypoints: [number, number][] = [];
    for (let k = 0; k < DETECTOR_KEYPOINTS; k++) {
      keypoints.push([r(4 + 2 * k) / s + anchor[0], r(5 + 2 * k) / s + anchor[1]]);
    }
    out.push({
      score,
      cx: r(0) / s + anchor[0],
      cy: r(1) / s + anchor[1],
      w: r(2) / s,
      h: r(3) / s,
      keypoints,
    });
  }
  return out;
}

function iou(a: NormDetection, b: NormDetection): number {
  const x1 = Math.max(a.cx - a.w / 2, b.cx - b.w / 2);
  const y1 = Math.max(a.cy - a.h / 2, b.cy - b.h / 2);
  const x2 = Math.min(a.cx + a.w / 2, b.cx + b.w / 2);
  const y2 = Math.min(a.cy + a.h / 2, b.cy + b.h / 2);
  const inter = Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
  const union = a.w * a.h + b.w * b.h - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * MediaPipe's WEIGHTED non-maximum suppression: boxes overlapping the best remaining one by more than
 * `threshold` are merged into it, box and keypoints averaged with their scores as weights; the merged
 * detection keeps the best score.
 */
export function weightedNms(dets: readonly NormDetection[], threshold = DETECTOR_NMS_IOU): NormDetection[] {
  let rest = [...dets].sort((a, b) => b.score - a.score);
  const out: NormDetection[] = [];
  while (rest.length > 0) {
    const best = rest[0];
    if (!best) break;
    const cluster = rest.filter((d) => iou(best, d) > threshold);
    rest = rest.filter((d) => iou(best, d) <= threshold);
    const total = cluster.reduce((s, d) => s + d.score, 0);
    const avg = (f: (d: NormDetection) => number): number =>
      cluster.reduce((s, d) => s + f(d) * d.score, 0) / total;
    out.push({
      score: best.score,
      cx: avg((d) => d.cx),
      cy: avg((d) => d.cy),
      w: avg((d) => d.w),
      h: avg((d) => d.h),
      keypoints: best.keypoints.map((_, k) => [
        avg((d) => d.keypoints[k]?.[0] ?? 0),
        avg((d) => d.keypoints[k]?.[1] ?? 0),
      ]),
    });
  }
  return out;
}

/**
 * 468-point MediaPipe face mesh -> 68-point iBUG/300-W scheme, used ONLY for evaluation against 68-point
 * annotations (the product stores and measures the 468-point mesh). This is the widely copied
 * `landmark_points_68` correspondence ("map A" in shared/design/vision-notes.md): one mesh vertex per
 * 68-point landmark, no averaging. The jaw (0–16) is approximate: the mesh's face oval and the annotated
 * jawline are different curves, so jaw points slide along the contour (see eval/README.md).
 */
export const MESH_TO_68: readonly number[] = [
  // 0–16 jaw, subject's right (image left) -> chin (8) -> subject's left
  162, 234, 93, 58, 172, 136, 149, 148, 152, 377, 378, 365, 397, 288, 323, 454, 389,
  // 17–21 right brow (lateral -> medial), 22–26 left brow (medial -> lateral)
  71, 63, 105, 66, 107, 336, 296, 334, 293, 301,
  // 27–30 nose bridge (nasion -> tip), 31–35 nostrils (right -> left)
  168, 197, 5, 4, 75, 97, 2, 326, 305,
  // 36–41 right eye (outer corner 36, clockwise), 42–47 left eye (inner corner 42, outer corner 45)
  33, 160, 158, 133, 153, 144, 362, 385, 387, 263, 373, 380,
  // 48–59 outer lips (right corner 48, upper lip, left corner 54, lower lip)
  61, 39, 37, 0, 267, 269, 291, 405, 314, 17, 84, 181,
  // 60–67 inner lips
  78, 82, 13, 312, 308, 317, 14, 87,
];

/** 68-point index groups for the report. */
export const JAW_68: readonly number[] = Array.from({ length: 17 }, (_, i) => i);
export const INNER_68: readonly number[] = Array.from({ length: 51 }, (_, i) => i + 17);
/** Outer eye corners (300-W normalisation). */
export const OUTER_EYE_CORNERS_68 = [36, 45] as const;

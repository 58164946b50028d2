import { CANONICAL_VERTICES_CM } from './canonical-mesh.data.js';

/**
 * Left/right correspondence of the 468 mesh vertices, derived from the symmetric canonical mesh: vertex i
 * maps to the vertex at (−x, y, z). Midline vertices map to themselves.
 */
function computeMirror(): readonly number[] {
  return CANONICAL_VERTICES_CM.map(([x, y, z], i) => {
    if (x === 0) return i;
    let best = -1;
    let bestD = Infinity;
    CANONICAL_VERTICES_CM.forEach(([x2, y2, z2], j) => {
      const d = (x2 + x) ** 2 + (y2 - y) ** 2 + (z2 - z) ** 2;
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    });
    return best;
  });
}

export const MESH_MIRROR: readonly number[] = computeMirror();

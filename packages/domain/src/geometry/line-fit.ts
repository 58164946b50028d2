import type { Vec2 } from './vec.js';

/**
 * Total-least-squares line through points: the centroid and the principal axis of the 2x2 covariance
 * matrix (the eigenvector of its largest eigenvalue λ₁). Unlike a y-on-x regression it is symmetric in x and
 * y, so a vertical midline is fitted as well as a horizontal one. Throws for fewer than two distinct points.
 */
export function fitLine(points: readonly Vec2[]): {
  centroid: [number, number];
  direction: [number, number];
} {
  if (points.length < 2) throw new RangeError('a line needs at least two points');
  let cx = 0;
  let cy = 0;
  for (const p of points) {
    cx += p[0];
    cy += p[1];
  }
  cx /= points.length;
  cy /= points.length;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const p of points) {
    const dx = p[0] - cx;
    const dy = p[1] - cy;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx + syy === 0) throw new RangeError('all points coincide');
  // Angle of the major axis of the covariance ellipse.
  const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  return { centroid: [cx, cy], direction: [Math.cos(theta), Math.sin(theta)] };
}

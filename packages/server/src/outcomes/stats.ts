/** z of a two-sided 95 % interval. */
export const Z95 = 1.959964;

/** Wilson score interval of k events in n (95 %): better than p ± z·SE for small n and rates near 0. */
export function wilson(k: number, n: number, z = Z95): { rate: number; low: number; high: number } | null {
  if (n <= 0 || k < 0 || k > n) return null;
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

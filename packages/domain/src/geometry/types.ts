/**
 * Branded units and coordinate frames. The compiler refuses to mix pixels with millimetres, degrees with
 * radians, or a point in the image with a point in the face-aligned frame.
 */
export type Px = number & { readonly __unit: 'px' };
export type Mm = number & { readonly __unit: 'mm' };
export type Radians = number & { readonly __unit: 'rad' };
export type Degrees = number & { readonly __unit: 'deg' };

/** A point in image pixels: x to the right, y down (the photo's own frame). */
export type ImagePoint = readonly [x: number, y: number] & { readonly __frame: 'image' };
/**
 * A point in the face-aligned frame, in millimetres: origin on the fitted midline at eye level,
 * +x toward the subject's LEFT (the viewer's right on a non-mirrored photo), +y SUPERIOR (up).
 * Roll is removed; yaw and pitch are not (2-D projection of the photo).
 */
export type FacePoint = readonly [x: number, y: number] & { readonly __frame: 'face' };

export const px = (v: number): Px => v as Px;
export const mm = (v: number): Mm => v as Mm;
export const radians = (v: number): Radians => v as Radians;
export const degrees = (v: number): Degrees => v as Degrees;
export const imagePoint = (x: number, y: number): ImagePoint => [x, y] as unknown as ImagePoint;
export const facePoint = (x: number, y: number): FacePoint => [x, y] as unknown as FacePoint;

export const toDegrees = (r: Radians): Degrees => degrees((r * 180) / Math.PI);
export const toRadians = (d: Degrees): Radians => radians((d * Math.PI) / 180);

/** Default comparison tolerance for geometry (in the unit of the compared values). */
export const PRECISION = 1e-9;
export const isCloseTo = (a: number, b: number, tolerance = PRECISION): boolean =>
  Math.abs(a - b) <= tolerance;

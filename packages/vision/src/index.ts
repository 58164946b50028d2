export const VISION_PACKAGE = '@liftplan/vision';

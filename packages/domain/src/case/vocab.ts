/** Shared vocabularies of the case file and the plan. */
export const REGIONS = ['brow', 'midface', 'nasolabial', 'jowl', 'marionette', 'neck'] as const;
export type Region = (typeof REGIONS)[number];

export const SIDES = ['left', 'right'] as const;
/** Always the SUBJECT's side (the patient's own left/right), never the viewer's. */
export type Side = (typeof SIDES)[number];
export const otherSide = (s: Side): Side => (s === 'left' ? 'right' : 'left');

/**
 * Standard photo views. `oblique-left` / `profile-left` show the subject's LEFT side of the face to the camera
 * (the head turned toward the subject's right); likewise for `-right`.
 */
export const VIEWS = ['front', 'oblique-left', 'oblique-right', 'profile-left', 'profile-right'] as const;
export type View = (typeof VIEWS)[number];

export const SKIN_THICKNESS = ['thin', 'normal', 'thick'] as const;
export const ELASTICITY = ['good', 'fair', 'poor'] as const;
export const FAT_VOLUME = ['deflated', 'balanced', 'heavy'] as const;
export const GLOGAU = ['I', 'II', 'III', 'IV'] as const;
export const FITZPATRICK = ['I', 'II', 'III', 'IV', 'V', 'VI'] as const;
export type SkinThickness = (typeof SKIN_THICKNESS)[number];
export type Elasticity = (typeof ELASTICITY)[number];
export type FatVolume = (typeof FAT_VOLUME)[number];
export type Glogau = (typeof GLOGAU)[number];
export type Fitzpatrick = (typeof FITZPATRICK)[number];

/** Medical-history checklist (product.md step 1); each flag is a yes/no the coordinator records at intake. */
export const HISTORY_FLAGS = [
  'pregnant',
  'breastfeeding',
  'anticoagulantsOrAntiplatelets',
  'bleedingDisorder',
  'activeSkinInfectionAtEntrySites',
  'acuteInfectiousDisease',
  'activeCancer',
  'autoimmuneDisease',
  'keloidTendency',
  'uncontrolledDiabetes',
  'immunodeficiency',
  'herpesLabialisHistory',
] as const;
export type HistoryFlag = (typeof HISTORY_FLAGS)[number];

export const PREVIOUS_PROCEDURE_KINDS = [
  'threads',
  'permanent-filler',
  'temporary-filler',
  'botulinum-toxin',
  'energy-device',
  'surgical-lift',
  'dental-work',
] as const;
export type PreviousProcedureKind = (typeof PREVIOUS_PROCEDURE_KINDS)[number];

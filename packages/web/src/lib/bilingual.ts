import type { Bilingual } from '@liftplan/domain';
import { langOf } from './format.js';

/** Picks the UI language's half of a bilingual domain text (aftercare, candidacy, zone names). */
export const pick = (b: Bilingual, lang: string): string => b[langOf(lang)];

/**
 * The procedure form's logic, pure: which lot a scanned GS1 barcode names, and how the rows entered differ from
 * the signed plan (the domain's `matchProcedure`, the same check the server refuses on).
 */
import {
  matchProcedure,
  parseGs1,
  type Bilingual,
  type Mismatch,
  type ThreadPlacement,
} from '@liftplan/domain';
import type { Lot, Product } from '@liftplan/api';

export interface LotChoice {
  readonly lot: Lot;
  readonly product: Product;
}

export type ScanResult =
  | { readonly ok: true; readonly lot: LotChoice; readonly gtin: string | null }
  | { readonly ok: false; readonly error: Bilingual };

/** The catalogue lot a scanned (or typed) GS1 string names: lot number, expiry checked against the catalogue. */
export function lotFromScan(code: string, lots: readonly LotChoice[], today: string): ScanResult {
  const r = parseGs1(code, Number(today.slice(0, 4)));
  if (!r.ok) return { ok: false, error: r.error };
  const { lot, expiry, gtin } = r.data;
  if (lot === undefined) {
    return {
      ok: false,
      error: {
        en: 'the barcode carries no lot number (10): scan the code that has it',
        ko: '바코드에 로트 번호 (10)가 없습니다. 로트 번호가 있는 바코드를 스캔해 주십시오.',
      },
    };
  }
  const matches = lots.filter((l) => l.lot.lotNumber === lot);
  const only = matches[0];
  if (!only) {
    return {
      ok: false,
      error: {
        en: `lot ${lot} is not in the catalogue: add it under Administration, then scan again`,
        ko: `로트 ${lot}이(가) 제품 목록에 없습니다. 관리 화면에서 추가한 후 다시 스캔해 주십시오.`,
      },
    };
  }
  if (matches.length > 1) {
    return {
      ok: false,
      error: {
        en: `lot ${lot} exists for ${matches.length} products: choose the lot from the list`,
        ko: `로트 ${lot}이(가) 여러 제품(${matches.length}개)에 있습니다. 목록에서 로트를 선택해 주십시오.`,
      },
    };
  }
  if (expiry !== undefined && expiry !== only.lot.expiryDate) {
    return {
      ok: false,
      error: {
        en: `the box says lot ${lot} expires on ${expiry}, the catalogue says ${only.lot.expiryDate}`,
        ko: `상자에는 로트 ${lot}의 유효기간이 ${expiry}, 제품 목록에는 ${only.lot.expiryDate}로 되어 있습니다.`,
      },
    };
  }
  return { ok: true, lot: only, gtin: gtin ?? null };
}

export interface RowEntry {
  readonly lot: LotChoice | undefined;
  readonly count: number;
  readonly deviation: string;
}

/**
 * Differences between what is entered and the signed plan, per placement id (rows without a lot yet are
 * not compared). A row left out on purpose carries its reason in `notPlaced`.
 */
export function planDifferences(
  placements: readonly ThreadPlacement[],
  entries: Readonly<Record<string, RowEntry>>,
  notPlaced: Readonly<Record<string, string>>,
): Mismatch[] {
  const used = placements.filter((p) => notPlaced[p.id] === undefined && entries[p.id]?.lot !== undefined);
  return matchProcedure({
    planned: placements.filter((p) => notPlaced[p.id] !== undefined || entries[p.id]?.lot !== undefined),
    recorded: used.map((p) => {
      const e = entries[p.id];
      const product = e?.lot?.product;
      return {
        placementId: p.id,
        product: {
          kind: product?.threadKind ?? '',
          material: product?.material ?? '',
          gauge: product?.gauge ?? '',
          lengthMm: product?.lengthMm ?? 0,
        },
        count: e?.count ?? 0,
        deviation: e?.deviation ?? null,
      };
    }),
    notPlaced,
  });
}

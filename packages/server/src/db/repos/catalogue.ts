import type { Kysely } from 'kysely';
import { notFound, parseOrThrow } from '../../errors.js';
import { NewLotSchema, NewProductSchema, type NewLot, type NewProduct } from '../../schemas.js';
import { nowIso, type RepoContext } from '../context.js';
import { requirePermission } from '../policy.js';
import { audited, newId, inClinic } from '../repo-kit.js';
import type { DB, LotRow, ProductRow } from '../types.js';

export interface Product {
  readonly id: string;
  readonly name: string;
  readonly manufacturer: string;
  readonly threadKind: string;
  readonly material: string;
  readonly gauge: string;
  readonly lengthMm: number;
  readonly version: number;
}

export interface Lot {
  readonly id: string;
  readonly productId: string;
  readonly lotNumber: string;
  readonly expiryDate: string;
  readonly stock: number;
  readonly version: number;
}

const toProduct = (r: ProductRow): Product => ({
  id: r.id,
  name: r.name,
  manufacturer: r.manufacturer,
  threadKind: r.thread_kind,
  material: r.material,
  gauge: r.gauge,
  lengthMm: r.length_mm,
  version: r.version,
});

export const toLot = (r: LotRow): Lot => ({
  id: r.id,
  productId: r.product_id,
  lotNumber: r.lot_number,
  expiryDate: r.expiry_date,
  stock: r.stock,
  version: r.version,
});

export interface CatalogueRepository {
  createProduct(ctx: RepoContext, input: NewProduct): Promise<Product>;
  listProducts(ctx: RepoContext): Promise<Product[]>;
  addLot(ctx: RepoContext, productId: string, input: NewLot): Promise<Lot>;
  getLot(ctx: RepoContext, lotId: string): Promise<Lot>;
  listLots(ctx: RepoContext, productId: string): Promise<Lot[]>;
}

/** Products and lots are not patient data: writes are audited, reads are not. */
export function catalogueRepository(db: Kysely<DB>): CatalogueRepository {
  return {
    createProduct: (ctx, input) => {
      const id = newId();
      return audited(db, ctx, { action: 'create', entity: 'product', entityId: id }, async (trx) => {
        requirePermission(ctx, 'catalogue:write');
        const p = parseOrThrow(NewProductSchema, input);
        const row: ProductRow = {
          id,
          organisation_id: ctx.actor.organisationId,
          name: p.name,
          manufacturer: p.manufacturer,
          thread_kind: p.threadKind,
          material: p.material,
          gauge: p.gauge,
          length_mm: p.lengthMm,
          created_at: nowIso(ctx),
          version: 1,
        };
        await trx.insertInto('products').values(row).execute();
        return toProduct(row);
      });
    },

    listProducts: (ctx) =>
      inClinic(ctx, async () => {
        requirePermission(ctx, 'catalogue:read');
        const rows = await db
          .selectFrom('products')
          .selectAll()
          .where('organisation_id', '=', ctx.actor.organisationId)
          .orderBy('name')
          .execute();
        return rows.map(toProduct);
      }),

    addLot: (ctx, productId, input) => {
      const id = newId();
      return audited(db, ctx, { action: 'create', entity: 'lot', entityId: id }, async (trx) => {
        requirePermission(ctx, 'catalogue:write');
        const l = parseOrThrow(NewLotSchema, input);
        const product = await trx
          .selectFrom('products')
          .select('id')
          .where('id', '=', productId)
          .where('organisation_id', '=', ctx.actor.organisationId)
          .executeTakeFirst();
        if (!product) throw notFound('product');
        const row: LotRow = {
          id,
          organisation_id: ctx.actor.organisationId,
          product_id: productId,
          lot_number: l.lotNumber,
          expiry_date: l.expiryDate,
          stock: l.stock,
          created_at: nowIso(ctx),
          version: 1,
        };
        await trx.insertInto('lots').values(row).execute();
        return toLot(row);
      });
    },

    getLot: (ctx, lotId) =>
      inClinic(ctx, async () => {
        requirePermission(ctx, 'catalogue:read');
        const row = await db
          .selectFrom('lots')
          .selectAll()
          .where('id', '=', lotId)
          .where('organisation_id', '=', ctx.actor.organisationId)
          .executeTakeFirst();
        if (!row) throw notFound('lot');
        return toLot(row);
      }),

    listLots: (ctx, productId) =>
      inClinic(ctx, async () => {
        requirePermission(ctx, 'catalogue:read');
        // Another clinic's product is no product here: 404, not an empty list.
        const product = await db
          .selectFrom('products')
          .select('id')
          .where('id', '=', productId)
          .where('organisation_id', '=', ctx.actor.organisationId)
          .executeTakeFirst();
        if (!product) throw notFound('product');
        const rows = await db
          .selectFrom('lots')
          .selectAll()
          .where('product_id', '=', productId)
          .where('organisation_id', '=', ctx.actor.organisationId)
          .orderBy('expiry_date')
          .execute();
        return rows.map(toLot);
      }),
  };
}

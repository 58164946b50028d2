import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { startLocalS3, type LocalS3 } from '../testing/s3.js';
import { LocalPhotoStore, type PhotoStore } from './photo-store.js';
import { S3PhotoStore } from './s3-store.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const chunks = (buf: Buffer, size = 4096): Readable =>
  Readable.from(
    Array.from({ length: Math.ceil(buf.length / size) }, (_, i) => buf.subarray(i * size, (i + 1) * size)),
  );
const blob = (n: number, size = 100_000): Buffer => {
  const b = Buffer.alloc(size, n % 251);
  b.writeUInt32BE(n, 0);
  return b;
};

/** One contract for every photo store: the local directory and an S3-compatible bucket (a real local server). */
describe.each(['local', 's3'] as const)('photo store contract (%s)', (kind) => {
  let dir: string;
  let s3: LocalS3 | undefined;
  let store: PhotoStore;
  let spool: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), `liftplan-store-${kind}-`));
    spool = path.join(dir, kind === 's3' ? 'spool' : 'tmp');
    if (kind === 's3') {
      s3 = await startLocalS3();
      store = new S3PhotoStore(s3.config(spool, 'clinic-a/'));
    } else {
      store = new LocalPhotoStore(dir);
    }
  });
  afterAll(async () => {
    await s3?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores content under its SHA-256 once, and reads it back whole, as a stream, by its head, as a file', async () => {
    const b = blob(1);
    const first = await store.put(chunks(b), 1_000_000);
    expect(first).toMatchObject({ sha256: sha(b), size: b.length, existed: false });
    expect(first.head.subarray(0, 4)).toEqual(b.subarray(0, 4));
    const again = await store.put(chunks(b, 777), 1_000_000);
    expect(again).toMatchObject({ sha256: sha(b), existed: true });
    expect(await store.has(first.sha256)).toBe(true);
    expect(await store.readAll(first.sha256)).toEqual(b);
    expect(await store.readHead(first.sha256, 10)).toEqual(b.subarray(0, 10));
    const streamed: Buffer[] = [];
    for await (const c of await store.open(first.sha256)) streamed.push(c as Buffer);
    expect(Buffer.concat(streamed)).toEqual(b);
    const seen = await store.withLocalFile(first.sha256, async (file) => {
      const { readFile } = await import('node:fs/promises');
      return readFile(file);
    });
    expect(seen).toEqual(b);
    expect(readdirSync(spool)).toEqual([]);
  });

  it('refuses past the size limit with a 413 and keeps nothing', async () => {
    const b = blob(2, 50_000);
    await expect(store.put(chunks(b), 10_000)).rejects.toSatisfy(
      (e: unknown) => e instanceof AppError && e.code === 'payload_too_large',
    );
    expect(await store.has(sha(b))).toBe(false);
    expect(readdirSync(spool)).toEqual([]);
  });

  it('removes blobs; a missing blob is answered by has() = false', async () => {
    const b = blob(3);
    const r = await store.put(chunks(b), 1_000_000);
    await store.remove(r.sha256);
    expect(await store.has(r.sha256)).toBe(false);
  });

  it('the start-up sweep removes temp files and blobs no row refers to, and keeps the rest', async () => {
    const keep = await store.put(chunks(blob(4)), 1_000_000);
    const orphan = await store.put(chunks(blob(5)), 1_000_000);
    writeFileSync(path.join(spool, 'cut-off.part'), 'half an upload');
    const r = await store.sweep(new Set([keep.sha256]));
    expect(r.tempFilesRemoved).toBe(1);
    expect(r.orphansRemoved).toBeGreaterThanOrEqual(1);
    expect(await store.has(keep.sha256)).toBe(true);
    expect(await store.has(orphan.sha256)).toBe(false);
    expect(readdirSync(spool)).toEqual([]);
  });
});

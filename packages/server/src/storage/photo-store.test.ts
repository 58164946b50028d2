import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  mkdirSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { LocalPhotoStore, sniffImageType } from './photo-store.js';

const chunks = (buf: Buffer, size = 7): Readable =>
  Readable.from(
    Array.from({ length: Math.ceil(buf.length / size) }, (_, i) => buf.subarray(i * size, (i + 1) * size)),
  );
const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);

describe('PhotoStore', () => {
  let root: string;
  let store: LocalPhotoStore;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'liftplan-photos-'));
    store = new LocalPhotoStore(root);
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('stores content under its SHA-256, sharded, and returns the head for sniffing', async () => {
    const r = await store.put(chunks(PNG), 1024);
    expect(r).toMatchObject({ sha256: sha(PNG), size: PNG.length, existed: false });
    expect(sniffImageType(r.head)).toBe('image/png');
    const p = path.join(root, r.sha256.slice(0, 2), r.sha256.slice(2, 4), r.sha256);
    expect(store.pathOf(r.sha256)).toBe(p);
    expect(readFileSync(p)).toEqual(PNG);
    expect(readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('stores duplicates once', async () => {
    const a = await store.put(chunks(PNG), 1024);
    const b = await store.put(chunks(PNG, 3), 1024);
    expect(b).toMatchObject({ sha256: a.sha256, existed: true });
    expect(readdirSync(path.dirname(store.pathOf(a.sha256)))).toEqual([a.sha256]);
    expect(readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('refuses content over the limit while streaming and leaves nothing behind', async () => {
    const big = Buffer.alloc(5000, 1);
    const err = await store.put(chunks(big, 1000), 4096).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('payload_too_large');
    expect(readdirSync(path.join(root, 'tmp'))).toEqual([]);
    expect(readdirSync(root)).toEqual(['tmp']);
  });

  it('cleans up when the source fails midway', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(100));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(store.put(failing, 1024)).rejects.toThrow('client went away');
    expect(readdirSync(path.join(root, 'tmp'))).toEqual([]);
  });

  it('sweep removes temp files and orphan blobs but keeps known ones', async () => {
    const kept = await store.put(chunks(PNG), 1024);
    const orphan = await store.put(chunks(Buffer.from('orphan bytes')), 1024);
    writeFileSync(path.join(root, 'tmp', 'crashed.part'), 'half');
    const r = await store.sweep(new Set([kept.sha256]));
    expect(r).toEqual({ tempFilesRemoved: 1, orphansRemoved: 1 });
    expect(await store.has(kept.sha256)).toBe(true);
    expect(await store.has(orphan.sha256)).toBe(false);
    mkdirSync(path.join(root, 'zz'));
    expect(await store.sweep(new Set([kept.sha256]))).toEqual({ tempFilesRemoved: 0, orphansRemoved: 0 });
    expect(existsSync(path.join(root, 'zz'))).toBe(true);
  });
});

describe('sniffImageType', () => {
  it('recognises image formats from bytes and refuses others', () => {
    expect(sniffImageType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('\0\0\0\x18ftypheic'))).toBe('image/heic');
    expect(sniffImageType(Buffer.from('%PDF-1.7'))).toBeUndefined();
    expect(sniffImageType(Buffer.alloc(0))).toBeUndefined();
  });
});

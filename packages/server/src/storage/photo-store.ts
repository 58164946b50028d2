import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { payloadTooLarge } from '../errors.js';

const SHA256 = /^[0-9a-f]{64}$/;
const TMP = 'tmp';
/** Bytes kept from the start of each upload, enough to sniff any image format. */
const HEAD_BYTES = 64;

export interface StoredBlob {
  readonly sha256: string;
  readonly size: number;
  /** The first bytes, to sniff the type from the content (never from the name or the header). */
  readonly head: Buffer;
  /** True when the same content was stored before: nothing new was written. */
  readonly existed: boolean;
}

export interface SweepResult {
  readonly tempFilesRemoved: number;
  readonly orphansRemoved: number;
}

async function fsyncPath(p: string): Promise<void> {
  const fh = await open(p, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

const exists = async (p: string): Promise<boolean> => {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
};

/**
 * Where photos live: content-addressed blobs, written once per content, never held whole in memory. Two
 * implementations: the local directory (default) and an S3-compatible bucket (`s3-store.ts`). Both make a blob
 * durable before `put` returns, so the database row committed after it never points at nothing; a crash in
 * between leaves an orphan blob or a temp file that `sweep` removes at start-up.
 */
export interface PhotoStore {
  /** Streams `source` into the store; throws 413 (and leaves nothing behind) past `maxBytes`. */
  put(source: Readable, maxBytes: number): Promise<StoredBlob>;
  has(sha256: string): Promise<boolean>;
  /** The blob as a stream (call `has` first for a clear answer when it is missing). */
  open(sha256: string): Promise<Readable>;
  /** The whole blob (derivatives, printed photos: at most the upload limit). */
  readAll(sha256: string): Promise<Buffer>;
  /** At most the first `bytes` bytes (header checks). */
  readHead(sha256: string, bytes: number): Promise<Buffer>;
  /** Runs `work` with the blob as a local file (the face-mesh detector reads files), then cleans up. */
  withLocalFile<T>(sha256: string, work: (file: string) => Promise<T>): Promise<T>;
  remove(sha256: string): Promise<void>;
  /** Start-up: removes temp files and blobs that no database row refers to. Run before accepting uploads. */
  sweep(known: ReadonlySet<string>): Promise<SweepResult>;
  /** For logs and the start-up line: where the photos are (no secrets). */
  describe(): string;
}

export function assertSha256(sha256: string): void {
  if (!SHA256.test(sha256)) throw new Error('not a SHA-256 hex digest');
}

/** The sharded key of a blob: `<sha[0:2]>/<sha[2:4]>/<sha>`. */
export function shardedKey(sha256: string): string {
  assertSha256(sha256);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

export interface SpooledUpload {
  readonly tmp: string;
  readonly sha256: string;
  readonly size: number;
  readonly head: Buffer;
}

/**
 * Streams `source` into a new temp file in `tmpDir` while hashing it (SHA-256) and keeping its first bytes,
 * fsynced; past `maxBytes` a 413 and nothing left behind. The caller moves or uploads the file and removes it.
 */
export async function spoolToTemp(
  source: Readable,
  maxBytes: number,
  tmpDir: string,
): Promise<SpooledUpload> {
  await mkdir(tmpDir, { recursive: true });
  const tmp = path.join(tmpDir, `${randomUUID()}.part`);
  const hash = createHash('sha256');
  let size = 0;
  const headChunks: Buffer[] = [];
  let headLen = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) {
        done(payloadTooLarge(`the photo is larger than ${Math.floor(maxBytes / (1024 * 1024))} MB`));
        return;
      }
      if (headLen < HEAD_BYTES) {
        headChunks.push(chunk.subarray(0, HEAD_BYTES - headLen));
        headLen += Math.min(chunk.length, HEAD_BYTES - headLen);
      }
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, meter, createWriteStream(tmp, { flags: 'wx' }));
    await fsyncPath(tmp);
  } catch (e) {
    await rm(tmp, { force: true });
    // A request stream cut short or over the limit: keep draining so the client sees our answer.
    source.resume();
    throw e;
  }
  return { tmp, sha256: hash.digest('hex'), size, head: Buffer.concat(headChunks) };
}

/** Removes every file in a temp folder (start-up: uploads that a crash cut off); returns how many. */
export async function clearTempDir(tmpDir: string): Promise<number> {
  await mkdir(tmpDir, { recursive: true });
  let n = 0;
  for (const f of await readdir(tmpDir)) {
    await rm(path.join(tmpDir, f), { force: true, recursive: true });
    n++;
  }
  return n;
}

/**
 * Local content-addressed photo store: `<root>/<sha[0:2]>/<sha[2:4]>/<sha>`. Uploads stream into `<root>/tmp` (the
 * same file system, so the final rename is atomic) while the SHA-256 is computed; the file and its directory
 * are fsynced before and after the rename. A blob is written once per content. The store never holds a whole
 * upload in memory.
 *
 * Crash safety, with the database: the blob is made durable first, the row is committed after. A crash in
 * between leaves a blob without a row (an orphan) or a temp file, and `sweep` at start-up removes both.
 */
export class LocalPhotoStore implements PhotoStore {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  pathOf(sha256: string): string {
    return path.join(this.root, ...shardedKey(sha256).split('/'));
  }

  async init(): Promise<void> {
    await mkdir(path.join(this.root, TMP), { recursive: true });
  }

  async put(source: Readable, maxBytes: number): Promise<StoredBlob> {
    const { tmp, sha256, size, head } = await spoolToTemp(source, maxBytes, path.join(this.root, TMP));
    const final = this.pathOf(sha256);
    if (await exists(final)) {
      await unlink(tmp);
      return { sha256, size, head, existed: true };
    }
    const dir = path.dirname(final);
    await mkdir(dir, { recursive: true });
    await rename(tmp, final);
    await fsyncPath(dir);
    await fsyncPath(path.dirname(dir));
    return { sha256, size, head, existed: false };
  }

  async has(sha256: string): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }

  open(sha256: string): Promise<Readable> {
    return Promise.resolve(createReadStream(this.pathOf(sha256)));
  }

  readAll(sha256: string): Promise<Buffer> {
    return readFile(this.pathOf(sha256));
  }

  async readHead(sha256: string, bytes: number): Promise<Buffer> {
    const fh = await open(this.pathOf(sha256), 'r');
    try {
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await fh.read(buf, 0, bytes, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }

  withLocalFile<T>(sha256: string, work: (file: string) => Promise<T>): Promise<T> {
    return work(this.pathOf(sha256));
  }

  describe(): string {
    return this.root;
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  /**
   * Start-up sweep after a crash: removes temp files and blobs that no database row refers to. Run it before
   * the server accepts uploads (an upload in flight has a blob and no row yet).
   */
  async sweep(known: ReadonlySet<string>): Promise<SweepResult> {
    await this.init();
    let tempFilesRemoved = 0;
    let orphansRemoved = 0;
    for (const f of await readdir(path.join(this.root, TMP))) {
      await rm(path.join(this.root, TMP, f), { force: true, recursive: true });
      tempFilesRemoved++;
    }
    for (const a of await readdir(this.root)) {
      if (a === TMP || !/^[0-9a-f]{2}$/.test(a)) continue;
      for (const b of await readdir(path.join(this.root, a))) {
        const dir = path.join(this.root, a, b);
        for (const f of await readdir(dir)) {
          if (!known.has(f)) {
            await rm(path.join(dir, f), { force: true });
            orphansRemoved++;
          }
        }
      }
    }
    return { tempFilesRemoved, orphansRemoved };
  }
}

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic' | 'image/avif';

/** The image type from its first bytes, or undefined for anything we do not accept. */
export function sniffImageType(head: Uint8Array): ImageType | undefined {
  const at = (i: number): number => head[i] ?? -1;
  const ascii = (from: number, to: number): string => String.fromCharCode(...head.subarray(from, to));
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  if (at(0) === 0x89 && ascii(1, 4) === 'PNG' && at(4) === 0x0d && at(5) === 0x0a) return 'image/png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return 'image/heic';
    if (brand === 'avif' || brand === 'avis') return 'image/avif';
  }
  return undefined;
}

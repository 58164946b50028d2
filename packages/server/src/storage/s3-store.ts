import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  clearTempDir,
  shardedKey,
  spoolToTemp,
  type PhotoStore,
  type StoredBlob,
  type SweepResult,
} from './photo-store.js';

export interface S3StoreConfig {
  readonly bucket: string;
  /** An S3-compatible endpoint (MinIO, a local test server); unset for AWS itself. */
  readonly endpoint: string | undefined;
  readonly region: string;
  /** Keys start with this (e.g. `clinic-a/`); empty for the bucket's root. */
  readonly prefix: string;
  readonly forcePathStyle: boolean;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** A local folder for uploads in flight (hashed there before they go to the bucket under their SHA-256). */
  readonly spoolDir: string;
}

const SHA_KEY = /([0-9a-f]{64})$/;

// The pinned SDK supports Node 20; its start-up notice is about versions published later, not this one.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const isNotFound = (e: unknown): boolean =>
  e instanceof Error &&
  (e.name === 'NotFound' ||
    e.name === 'NoSuchKey' ||
    ('$metadata' in e &&
      typeof e.$metadata === 'object' &&
      e.$metadata !== null &&
      'httpStatusCode' in e.$metadata &&
      e.$metadata.httpStatusCode === 404));

/**
 * Photos in an S3-compatible bucket, under `<prefix><sha[0:2]>/<sha[2:4]>/<sha>` as on disk. An upload is
 * spooled to a local temp file while it is hashed (the key is its SHA-256, known only at the end), then sent
 * with its length; `put` returns only after the bucket answered (durable there), so the row committed after
 * it never points at nothing. The start-up sweep clears the spool folder and deletes objects under the prefix
 * that no row refers to (uploads a crash cut off between the object and its row).
 */
export class S3PhotoStore implements PhotoStore {
  private readonly client: S3Client;

  constructor(private readonly cfg: S3StoreConfig) {
    this.client = new S3Client({
      region: cfg.region,
      forcePathStyle: cfg.forcePathStyle,
      // No streamed checksum trailers (aws-chunked): S3-compatible servers (MinIO releases, s3rver) store the
      // chunk framing as the content. Integrity is ours anyway: the key is the content's SHA-256.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // Explicit credentials: the SDK's default chain would probe instance metadata over the network.
      credentials: { accessKeyId: cfg.accessKeyId, secretAccessKey: cfg.secretAccessKey },
      ...(cfg.endpoint ? { endpoint: cfg.endpoint } : {}),
    });
  }

  private key(sha256: string): string {
    return `${this.cfg.prefix}${shardedKey(sha256)}`;
  }

  async put(source: Readable, maxBytes: number): Promise<StoredBlob> {
    const { tmp, sha256, size, head } = await spoolToTemp(source, maxBytes, this.cfg.spoolDir);
    try {
      if (await this.has(sha256)) return { sha256, size, head, existed: true };
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.cfg.bucket,
          Key: this.key(sha256),
          Body: createReadStream(tmp),
          ContentLength: size,
          ContentType: 'application/octet-stream',
        }),
      );
      return { sha256, size, head, existed: false };
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.cfg.bucket, Key: this.key(sha256) }));
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  private async get(sha256: string, range?: string) {
    const r = await this.client.send(
      new GetObjectCommand({
        Bucket: this.cfg.bucket,
        Key: this.key(sha256),
        ...(range ? { Range: range } : {}),
      }),
    );
    if (!r.Body) throw new Error(`the bucket answered without a body for ${sha256}`);
    return r.Body;
  }

  async open(sha256: string): Promise<Readable> {
    const body = await this.get(sha256);
    return body instanceof Readable ? body : Readable.fromWeb(body.transformToWebStream() as never);
  }

  async readAll(sha256: string): Promise<Buffer> {
    return Buffer.from(await (await this.get(sha256)).transformToByteArray());
  }

  async readHead(sha256: string, bytes: number): Promise<Buffer> {
    return Buffer.from(await (await this.get(sha256, `bytes=0-${bytes - 1}`)).transformToByteArray());
  }

  async withLocalFile<T>(sha256: string, work: (file: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(path.join(this.cfg.spoolDir || tmpdir(), 'read-'));
    const file = path.join(dir, sha256);
    try {
      await pipeline(await this.open(sha256), createWriteStream(file));
      return await work(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  async remove(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.cfg.bucket, Key: this.key(sha256) }));
  }

  async sweep(known: ReadonlySet<string>): Promise<SweepResult> {
    const tempFilesRemoved = await clearTempDir(this.cfg.spoolDir);
    let orphansRemoved = 0;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({
          Bucket: this.cfg.bucket,
          Prefix: this.cfg.prefix,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      for (const o of page.Contents ?? []) {
        const sha = o.Key ? SHA_KEY.exec(o.Key)?.[1] : undefined;
        if (sha && o.Key === this.key(sha) && !known.has(sha)) {
          await this.remove(sha);
          orphansRemoved++;
        }
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return { tempFilesRemoved, orphansRemoved };
  }

  describe(): string {
    return `s3://${this.cfg.bucket}/${this.cfg.prefix}${this.cfg.endpoint ? ` at ${this.cfg.endpoint}` : ''}`;
  }
}

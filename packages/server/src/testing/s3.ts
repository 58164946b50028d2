import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3StoreConfig } from '../storage/s3-store.js';

/** A real S3-compatible server on 127.0.0.1 (s3rver, files in a temp folder) for tests: started and stopped by them. */
export interface LocalS3 {
  readonly endpoint: string;
  readonly bucket: string;
  /** The environment a server process needs to use this bucket. */
  env(prefix?: string): Record<string, string>;
  config(spoolDir: string, prefix?: string): S3StoreConfig;
  stop(): Promise<void>;
}

export const S3_TEST_KEY = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export async function startLocalS3(bucket = 'liftplan-photos'): Promise<LocalS3> {
  const dir = mkdtempSync(path.join(tmpdir(), 'liftplan-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    bucket,
    env: (prefix = '') => ({
      PHOTO_STORE: 's3',
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_PREFIX: prefix,
      S3_ACCESS_KEY_ID: S3_TEST_KEY.accessKeyId,
      S3_SECRET_ACCESS_KEY: S3_TEST_KEY.secretAccessKey,
    }),
    config: (spoolDir, prefix = '') => ({
      bucket,
      endpoint,
      region: 'us-east-1',
      prefix,
      forcePathStyle: true,
      ...S3_TEST_KEY,
      spoolDir,
    }),
    stop: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createObjectStore,
  createStorageProvider,
  parseStorageRequestOptions,
  StorageLocation,
  type Env,
  type ObjectStore,
  type StorageProvider,
  type StorageRequestOptions,
} from '../../src/storage/index.js';
import { TransferringStorageProvider } from '../../src/storage/transfer/transferring-provider.js';
import { startEmulators, type EmulatorName, type RunningEmulators } from './emulators.js';

export type TargetName = 's3' | 'gcp' | 'azure' | 'file';
export const ALL_TARGETS: readonly TargetName[] = ['s3', 'gcp', 'azure', 'file'];

const EMULATOR_OF: Record<TargetName, EmulatorName | null> = { s3: 's3', gcp: 'gcs', azure: 'azure', file: null };

/** A unique, valid bucket/container name, so every test has its own bucket. */
export function uniqueBucket(): string {
  return `t${randomBytes(6).toString('hex')}`;
}

/** One storage backend under test: how to address it and build providers for it. */
export class StorageTarget {
  constructor(
    readonly name: TargetName,
    readonly env: Env,
    private readonly fileRoot: string,
  ) {}

  location(bucket: string, node = 'cluster1/dc1/node1'): StorageLocation {
    const base = this.name === 'file' ? `file://${this.fileRoot}/${bucket}` : `${this.name}://${bucket}`;
    return StorageLocation.parse(`${base}/${node}`);
  }

  options(json: Record<string, unknown> = {}): StorageRequestOptions {
    return parseStorageRequestOptions(json);
  }

  provider(bucket: string, json: Record<string, unknown> = {}, env: Env = this.env): StorageProvider {
    return createStorageProvider(this.location(bucket), this.options(json), env);
  }

  /** A provider whose backend is wrapped, e.g. by a fault-injecting store. */
  wrappedProvider(bucket: string, wrap: (store: ObjectStore) => ObjectStore, json: Record<string, unknown> = {}): StorageProvider {
    const location = this.location(bucket);
    const options = this.options(json);
    return new TransferringStorageProvider(location, wrap(createObjectStore(location, options, this.env)), options);
  }

  /** A provider for a fresh bucket that already exists. */
  async freshProvider(json: Record<string, unknown> = {}): Promise<StorageProvider> {
    const provider = this.provider(uniqueBucket(), { ...json, createMissingBucket: true });
    await provider.ensureBucket();
    return provider;
  }
}

export interface StorageTestbed {
  targets: Map<TargetName, StorageTarget>;
  /** Scratch dir for local files of the test. */
  scratch: string;
  stop(): Promise<void>;
}

/** Starts the emulators the given targets need (file needs none) and returns their targets. */
export async function startStorageTestbed(names: readonly TargetName[] = ALL_TARGETS): Promise<StorageTestbed> {
  const emulatorNames = names.map((n) => EMULATOR_OF[n]).filter((e): e is EmulatorName => e !== null);
  const emulators: RunningEmulators | null = emulatorNames.length > 0 ? await startEmulators(emulatorNames) : null;
  const scratch = await mkdtemp(join(tmpdir(), 'icarus-storage-'));
  const env: Env = { ...(emulators?.env ?? {}) };
  const targets = new Map(names.map((n) => [n, new StorageTarget(n, env, join(scratch, 'file-backups'))] as const));
  return {
    targets,
    scratch,
    stop: async () => {
      await emulators?.stop();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

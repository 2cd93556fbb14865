import { open, rm } from 'node:fs/promises';
import { createStorageProvider, parseStorageRequestOptions, StorageLocation } from '../../src/storage/index.js';

/**
 * Child process of the 2 GB memory test: uploads and downloads one big sparse file and prints its
 * own peak RSS, so the measurement covers only the storage layer (not the test runner).
 * argv[2] = JSON {location, env, path, size}.
 */
const { location, env, path, size } = JSON.parse(process.argv[2]) as { location: string; env: Record<string, string>; path: string; size: number };

const file = await open(path, 'w');
await file.truncate(size); // sparse: costs no disk until read back as zeros
await file.close();

const provider = createStorageProvider(StorageLocation.parse(location), parseStorageRequestOptions({ createMissingBucket: true }), env);
await provider.ensureBucket();
const key = provider.location.nodeKey('data/ks/t/1/big-Data.db');
let started = performance.now();
const up = await provider.uploadFile(key, path);
const uploadSeconds = (performance.now() - started) / 1000;
await rm(path);
started = performance.now();
const down = await provider.downloadFile(key, path, up.hash);
const downloadSeconds = (performance.now() - started) / 1000;
await provider.delete([key]);
await provider.close();
await rm(path);
console.log(
  JSON.stringify({ size: down.size, hash: up.hash, uploadSeconds, downloadSeconds, peakRssMB: process.resourceUsage().maxRSS / 1024 }),
);

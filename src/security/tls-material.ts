import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createSecureContext, type SecureContextOptions } from 'node:tls';
import { Logger } from '@nestjs/common';
import { WatchedFiles } from './watched-files.js';

/** PEM files making a TLS identity: a certificate and its key, and optionally the CA(s) to trust. */
export interface PemFiles {
  certFile?: string;
  keyFile?: string;
  caFile?: string;
}

/**
 * Certificate, key and CA read from files, re-read when any of them changes. A half-rotated set
 * (the new certificate written, the old key still there) does not make a context: the previous one
 * stays in force and the next change is tried again, so a rotation never takes the server down.
 */
export class TlsMaterial {
  private readonly logger = new Logger('security');
  private current: SecureContextOptions;
  private readonly watch: WatchedFiles;
  private readonly listeners: Array<(options: SecureContextOptions) => void> = [];

  constructor(
    private readonly files: PemFiles,
    private readonly what: string,
    intervalMs?: number,
  ) {
    const paths = [files.certFile, files.keyFile, files.caFile].filter((f): f is string => f !== undefined);
    // Watched (their state noted) before they are read, so a change in between is not missed.
    this.watch = new WatchedFiles(paths, () => this.reload(), intervalMs);
    this.current = TlsMaterial.read(files);
    this.watch.start();
  }

  /** The options as last loaded successfully. */
  get options(): SecureContextOptions {
    return this.current;
  }

  /** Called with the new options after every successful reload. */
  onReload(listener: (options: SecureContextOptions) => void): void {
    this.listeners.push(listener);
  }

  close(): void {
    this.watch.close();
  }

  private async reload(): Promise<void> {
    try {
      const read = async (file?: string) => (file ? await readFile(file) : undefined);
      const next = { cert: await read(this.files.certFile), key: await read(this.files.keyFile), ca: await read(this.files.caFile) };
      createSecureContext(next);
      this.current = next;
      for (const listener of this.listeners) listener(next);
      this.logger.log({ msg: 'TLS files reloaded', what: this.what });
    } catch (err) {
      this.logger.warn({ msg: 'TLS files not reloaded; the previous ones stay in force', what: this.what, error: (err as Error).message.split('\n')[0] });
    }
  }

  private static read(files: PemFiles): SecureContextOptions {
    const read = (file?: string) => (file ? readFileSync(file) : undefined);
    return { cert: read(files.certFile), key: read(files.keyFile), ca: read(files.caFile) };
  }
}

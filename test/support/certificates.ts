import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** PEM files made with the openssl CLI: a CA, and certificates it signed. */
export interface TestPki {
  dir: string;
  caCert: string;
  caKey: string;
  /** Signs a certificate for `name` (subjectAltName IPs given), returning its cert and key paths. */
  issue(name: string, ips?: string[]): Promise<{ cert: string; key: string }>;
}

/** A private CA in a temp dir. Certificates carry no extended key usage, so each serves as server and client. */
export async function makePki(label = 'ca'): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), `icarus-pki-${label}-`));
  const caCert = join(dir, 'ca.pem');
  const caKey = join(dir, 'ca.key');
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${label}`, '-keyout', caKey, '-out', caCert]);
  return {
    dir,
    caCert,
    caKey,
    async issue(name, ips = ['127.0.0.1']) {
      const key = join(dir, `${name}.key`);
      const cert = join(dir, `${name}.pem`);
      const csr = join(dir, `${name}.csr`);
      const ext = join(dir, `${name}.ext`);
      await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', key, '-out', csr]);
      // Node checks an IP against the certificate's subjectAltName, never its CN.
      await writeFile(ext, `subjectAltName=${ips.map((ip) => `IP:${ip}`).join(',')}\n`);
      await run('openssl', ['x509', '-req', '-in', csr, '-CA', caCert, '-CAkey', caKey, '-CAcreateserial', '-days', '2', '-extfile', ext, '-out', cert]);
      return { cert, key };
    },
  };
}

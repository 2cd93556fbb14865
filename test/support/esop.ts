import { execFile, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** Repository root, from dist-test/test/support/ or test/support/. */
const ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist-test/') ? '../../../' : '../../', import.meta.url));
const SCRIPT = `${ROOT}testbed/esop`;
/** picocli's colour escapes: Esop 3.0.1 forces them on, even into a pipe. */
const ANSI = /\x1b\[[0-9;]*m/g;

/** How one run of the real Esop ended. */
export interface EsopResult {
  /** Esop's exit code: 0 done; 1 the operation FAILED; 2 bad arguments; 128+n killed by signal n. */
  code: number;
  /** Esop's log (Logback's console appender writes to stdout) and command output (list tables, JSON). */
  stdout: string;
  /** Argument errors and the stack trace of a failed operation. */
  stderr: string;
}

export interface EsopOptions {
  /** Added to this process's environment (AWS_*, AZURE_*, GOOGLE_APPLICATION_CREDENTIALS, ESOP_JAVA_OPTS…). */
  env?: NodeJS.ProcessEnv;
  /** Kill Esop and throw after this long (default 5 min). */
  timeoutMs?: number;
  /** Working directory; Esop resolves a 4-part `file://` location against it. */
  cwd?: string;
}

/** Downloads the Esop fat jar into .testbed/esop/ unless it is cached (call it in a suite's `before`). */
export async function fetchEsop(): Promise<void> {
  try {
    await run(SCRIPT, ['fetch'], { timeout: 10 * 60_000 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`testbed/esop fetch failed: ${e.message}\n${e.stderr ?? ''}`);
  }
}

/**
 * Runs `java -jar esop.jar <args>` through testbed/esop, e.g.
 * `runEsop(['backup', '--jmx-service', node.jmx!, '--storage-location=file:///…/bucket/c/dc1/node1', …])`.
 * Resolves with the exit code and output (colour escapes removed) however Esop ends; rejects only
 * when the script cannot start or Esop outlives `timeoutMs`.
 */
export function runEsop(args: string[], options: EsopOptions = {}): Promise<EsopResult> {
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  return new Promise((resolve, reject) => {
    const child = spawn(SCRIPT, ['run', ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let timedOut = false;
    // The script execs java, so the child is the JVM itself.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${SCRIPT}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const out = { stdout: stdout.replace(ANSI, ''), stderr: stderr.replace(ANSI, '') };
      if (timedOut) {
        reject(new Error(`esop ${args[0] ?? ''} did not finish within ${timeoutMs} ms\n${out.stdout.slice(-4000)}\n${out.stderr.slice(-4000)}`));
        return;
      }
      resolve({ code: code ?? 128 + (signal ? constants.signals[signal] : 0), ...out });
    });
  });
}

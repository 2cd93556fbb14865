import { CancelledError } from '../../common/errors.js';

/**
 * The first SIGINT/SIGTERM aborts the run (the handler stops at its next step and cleans up); a
 * second one exits at once, with the shell's usual code for that signal. Returns the uninstaller.
 */
export function cancelOnSignals(controller: AbortController, notify: (text: string) => void): () => void {
  let received = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    received++;
    if (received > 1) process.exit(signal === 'SIGINT' ? 130 : 143);
    notify(`${signal} received, stopping (send it again to exit at once)`);
    controller.abort(new CancelledError(`cancelled by ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

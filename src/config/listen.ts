/** `[ADDRESS][:PORT]` as Icarus' `--listen` takes it; IPv6 addresses in brackets. */
export interface ListenAddress {
  /** undefined = all interfaces, as Icarus' default `:4567`. */
  host?: string;
  port: number;
}

export const DEFAULT_PORT = 4567;

export function parseListen(text: string): ListenAddress {
  const value = text.trim();
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(value);
  if (v6) return { host: v6[1], port: toPort(v6[2], text) };
  const parts = value.split(':');
  if (parts.length > 2) throw new Error(`'${text}' is not [ADDRESS][:PORT]; put IPv6 addresses in brackets`);
  const [host, port] = parts;
  if (host !== '' && !/^[A-Za-z0-9.-]+$/.test(host)) throw new Error(`'${text}' has an invalid address '${host}'`);
  return { host: host === '' ? undefined : host, port: toPort(port, text) };
}

function toPort(port: string | undefined, text: string): number {
  if (port === undefined || port === '') return DEFAULT_PORT;
  const n = Number(port);
  if (!/^\d+$/.test(port) || n < 0 || n > 65535) throw new Error(`'${text}' has an invalid port '${port}'`);
  return n;
}

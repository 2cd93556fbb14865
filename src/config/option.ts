/**
 * One configuration option: its CLI flag, its environment variable, its default and how to parse it.
 * Every option of the sidecar is declared this way so help texts, env docs and validation share one list.
 */
export interface OptionSpec {
  /** Key under which commander stores the flag (camelCase of the long flag). */
  key: string;
  /** Commander flag syntax, e.g. `-l, --listen <address>` or `--disable-cors`. */
  flags: string;
  env: string;
  description: string;
  /** Textual default, parsed like user input; undefined = unset. */
  default?: string;
  /** A secret: never printed, logged or echoed in errors. */
  sensitive?: boolean;
  /** A switch without a value; env accepts true/false/1/0/yes/no. */
  boolean?: boolean;
  /** The flag may be given several times; its environment variable holds the values comma-separated. */
  repeatable?: boolean;
}

export type RawValues = Record<string, string | string[] | boolean | undefined>;

/** Collects option problems so the process can stop with the whole list at once. */
export class ProblemList {
  readonly problems: string[] = [];
  add(spec: OptionSpec, message: string): void {
    this.problems.push(`${spec.flags.replace(/ <.*>$/, '')} (env ${spec.env}): ${message}`);
  }
}

/** Raw value of an option: CLI first, then environment, then default. A repeated flag's values are joined by commas. */
export function rawValue(spec: OptionSpec, cli: RawValues, env: NodeJS.ProcessEnv): string | boolean | undefined {
  const fromCli = cli[spec.key];
  if (Array.isArray(fromCli)) return fromCli.join(',');
  if (fromCli !== undefined) return fromCli;
  const fromEnv = env[spec.env];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return spec.default;
}

const TRUE = ['true', '1', 'yes', 'on'];
const FALSE = ['false', '0', 'no', 'off'];

export function readBoolean(spec: OptionSpec, cli: RawValues, env: NodeJS.ProcessEnv, problems: ProblemList): boolean {
  const raw = rawValue(spec, cli, env);
  if (raw === undefined) return false;
  if (typeof raw === 'boolean') return raw;
  const text = raw.toLowerCase();
  if (TRUE.includes(text)) return true;
  if (FALSE.includes(text)) return false;
  problems.add(spec, `'${raw}' is not a boolean (true/false)`);
  return false;
}

/** Reads an option through `parse`; a parse error becomes a problem and the result is undefined. */
export function readParsed<T>(
  spec: OptionSpec,
  cli: RawValues,
  env: NodeJS.ProcessEnv,
  problems: ProblemList,
  parse: (text: string) => T,
): T | undefined {
  const raw = rawValue(spec, cli, env);
  if (raw === undefined || typeof raw === 'boolean') return undefined;
  try {
    return parse(raw);
  } catch (err) {
    problems.add(spec, spec.sensitive ? 'invalid value' : (err as Error).message);
    return undefined;
  }
}

/**
 * A repeatable option's values (every flag given, else the environment's comma-separated list, else
 * the default), each read through `parse`; every refused value is a problem of its own.
 */
export function readList<T>(
  spec: OptionSpec,
  cli: RawValues,
  env: NodeJS.ProcessEnv,
  problems: ProblemList,
  parse: (text: string) => T,
): T[] {
  const fromCli = cli[spec.key];
  const texts = Array.isArray(fromCli) ? fromCli : (() => {
    const raw = rawValue(spec, cli, env);
    return typeof raw === 'string' ? raw.split(',') : [];
  })();
  const out: T[] = [];
  for (const text of texts.map((t) => t.trim()).filter((t) => t !== '')) {
    try {
      out.push(parse(text));
    } catch (err) {
      problems.add(spec, spec.sensitive ? 'invalid value' : (err as Error).message);
    }
  }
  return out;
}

export function parsePositiveInt(text: string): number {
  if (!/^\d+$/.test(text.trim()) || Number(text) < 1) throw new Error(`'${text}' is not a positive whole number`);
  return Number(text);
}

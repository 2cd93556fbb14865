import { type Command, Option, type OptionValues } from 'commander';
import { JOLOKIA_OPTIONS } from '../../config/jolokia.config.js';
import type { OptionSpec, RawValues } from '../../config/option.js';
import type { EsopCommandSpec } from './esop-command-spec.js';
import { type EsopFlag, flagTerm } from './esop-flag.js';
import { flagName, JMX_FLAGS, JMX_HELP_GROUP } from './jmx-compat.js';
import type { GivenFlags } from './request-body.js';

const JOLOKIA_HELP_GROUP = 'Cassandra (Jolokia; each also settable by its environment variable):';

/** Reads back, from commander's parsed values, what the command needs. */
export interface EsopOptionReader {
  /** The Esop flags given, with their values (aliases folded into their flag). */
  given(values: OptionValues): GivenFlags;
  /** Values of the Jolokia options, keyed as loadConfig expects. */
  jolokia(values: OptionValues): RawValues;
  /** Names of the JMX flags given. */
  jmx(values: OptionValues): string[];
}

/**
 * Adds a command's flags to commander. Commander takes at most two spellings per option, so a
 * third one (`--st` of `-s, --st, --snapshot-tag`) is a hidden option folded back into its flag;
 * help shows every spelling.
 */
export function addEsopOptions(command: Command, spec: EsopCommandSpec): EsopOptionReader {
  const keys = new Map<EsopFlag, string[]>();
  const terms = new Map<Option, string>();
  const used = new Set<string>();
  const add = (option: Option): string => {
    const key = option.attributeName();
    if (used.has(key)) throw new Error(`esop ${spec.name}: two options store '${key}'`);
    used.add(key);
    command.addOption(option);
    return key;
  };
  const groups = [...spec.groups, ...(spec.rate ? [{ heading: 'Daemon mode:', flags: [spec.rate] }] : [])];
  for (const group of groups) {
    for (const flag of group.flags) {
      const [primary, ...aliases] = optionsFor(flag);
      terms.set(primary, flagTerm(flag));
      // Hidden spellings get the heading too: commander orders help groups by every option, hidden ones included.
      keys.set(flag, [primary, ...aliases.map((a) => a.hideHelp())].map((o) => add(o.helpGroup(group.heading))));
    }
  }
  const jolokia: OptionSpec[] = spec.cassandra ? Object.values(JOLOKIA_OPTIONS) : [];
  for (const o of jolokia) {
    const facts = [`env ${o.env}`, ...(o.default !== undefined && !o.sensitive ? [`default ${o.default}`] : [])];
    const key = add(new Option(o.flags, `${o.description} (${facts.join(', ')})`).helpGroup(JOLOKIA_HELP_GROUP));
    if (key !== o.key) throw new Error(`${o.flags} is stored as '${key}', loadConfig reads '${o.key}'`);
  }
  const jmx = spec.cassandra ? JMX_FLAGS.map((f) => ({ name: flagName(f), key: add(jmxOption(f)) })) : [];
  command.configureHelp({ optionTerm: (option: Option) => terms.get(option) ?? option.flags });
  return {
    given: (values) => {
      const out = new Map<EsopFlag, unknown>();
      for (const [flag, flagKeys] of keys) {
        const value = flagKeys.map((k) => values[k]).find((v) => v !== undefined);
        if (value !== undefined) out.set(flag, value);
      }
      return out;
    },
    jolokia: (values) => Object.fromEntries(jolokia.map((o) => [o.key, values[o.key] as string | undefined])),
    jmx: (values) => jmx.filter((j) => values[j.key] !== undefined).map((j) => j.name),
  };
}

/** The visible option (a short and a long spelling, or two longs) and hidden ones for the rest. */
function optionsFor(flag: EsopFlag): Option[] {
  const short = flag.names.find((n) => /^-[^-]$/.test(n));
  const longs = flag.names.filter((n) => n !== short);
  const canonical = longs[longs.length - 1];
  const first = short ?? (longs.length > 1 ? longs[0] : undefined);
  const visible = first ? [first, canonical] : [canonical];
  const arg = flag.arg ? ` ${flag.arg}` : '';
  const description = flag.mandatory ? `${flag.description} (required)` : flag.description;
  const spellings = [visible.join(', '), ...flag.names.filter((n) => !visible.includes(n))];
  return spellings.map((names, i) => withParser(new Option(`${names}${arg}`, i === 0 ? description : undefined), flag));
}

function withParser(option: Option, flag: EsopFlag): Option {
  if (flag.kind === 'list' || flag.kind === 'rename') {
    return option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
  }
  return option;
}

function jmxOption(flags: string): Option {
  const description = flags.includes('<') ? 'not supported; see --jolokia-url' : 'not supported';
  return new Option(flags, description).helpGroup(JMX_HELP_GROUP);
}

import { type FieldRule, invalidValue, rulesOf } from './field-rules.js';
import { POLLUTION_KEYS, POLLUTION_MARK, type Random, randomJson, setOwn } from './random.js';

/*
 * Bodies for POST /operations that must all be refused (4xx): each starts from a valid request of a
 * registered type and breaks at least one field, or names no valid type, or is not a JSON object,
 * or is not even JSON. Nothing generated here may be a runnable operation.
 */

/** The node the fuzzed sidecar believes it runs next to; semantic mutations rely on it. */
export const FUZZ_KEYSPACE = 'ks1';
export const FUZZ_TABLE = 't1';

/** The directories the templates name, all under one root whose content must never change. */
export function fuzzDirs(root: string) {
  return {
    location: `file://${root}/bucket/cluster/dc1/node1`,
    data: `${root}/data`,
    commitlog: `${root}/commitlog`,
    conf: `${root}/conf`,
    importSource: `${root}/import`,
    restore: `${root}/restore`,
  };
}

/** One valid request per operation type (each is accepted as it is, so a broken field is the only reason to refuse it). */
export function validTemplates(root: string): Record<string, Record<string, unknown>> {
  const d = fuzzDirs(root);
  const ks = FUZZ_KEYSPACE;
  const t = FUZZ_TABLE;
  return {
    backup: { type: 'backup', storageLocation: d.location, entities: ks, snapshotTag: 'fuzz', dataDirs: [d.data], bandwidth: '10 MBPS' },
    cleanup: { type: 'cleanup', keyspace: ks, tables: [t], jobs: 1 },
    'commitlog-backup': { type: 'commitlog-backup', storageLocation: d.location, cassandraCommitLogDirectory: d.commitlog },
    'commitlog-restore': { type: 'commitlog-restore', storageLocation: d.location, commitlogDownloadDir: `${d.restore}/cl`, timestampStart: 1,
      timestampEnd: 2, cassandraCommitLogDirectory: d.commitlog, cassandraConfigDirectory: d.conf, keyspaceTables: { [ks]: [t] } },
    decommission: { type: 'decommission', force: false },
    drain: { type: 'drain' },
    drill: { type: 'drill', storageLocation: d.location, snapshotTag: 'fuzz', entities: `${ks}.${t}`, downloadDir: `${d.restore}/drill`, minFreeDiskPercent: 5, bandwidth: '10 MBPS' },
    flush: { type: 'flush', keyspace: ks, tables: [t] },
    import: { type: 'import', keyspace: ks, table: t, sourceDir: d.importSource, keepLevel: true },
    list: { type: 'list', storageLocation: d.location, json: true, lastN: 1 },
    rebuild: { type: 'rebuild', sourceDC: 'dc1', keyspace: ks, specificTokens: [{ start: '0', end: '10' }], specificSources: ['127.0.0.2'] },
    refresh: { type: 'refresh', keyspace: ks, table: t },
    'remove-backup': { type: 'remove-backup', storageLocation: d.location, backupName: 'fuzz-1', dry: true, retry: { enabled: false } },
    restore: { type: 'restore', storageLocation: d.location, snapshotTag: 'fuzz', restorationStrategyType: 'IMPORT', restorationPhase: 'INIT',
      import: { type: 'import', sourceDir: d.restore }, entities: ks, proxySettings: { proxyHost: 'proxy', proxyPort: 3128 } },
    scrub: { type: 'scrub', keyspace: ks, tables: [t], jobs: 0, skipCorrupted: true },
    stop: { type: 'stop' },
    truncate: { type: 'truncate', keyspace: ks, table: t },
    upgradesstables: { type: 'upgradesstables', keyspace: ks, tables: [t], includeAllSStables: true },
  };
}

type Body = Record<string, unknown>;
type Mutation = (body: Body, root: string) => void;

const perKeyspace: Mutation[] = [
  (b) => { delete b.keyspace; b.tables = [FUZZ_TABLE]; },
  (b) => { b.keyspace = 'nosuchks'; },
  (b) => { b.tables = ['nosuchtable']; },
];
const keyspaceTable: Mutation[] = [(b) => { b.keyspace = 'nosuchks'; }, (b) => { b.table = 'nosuchtable'; }];
const incomplete: Mutation = (b, root) => { b.storageLocation = `file://${root}/bucket`; };

/**
 * Requests every field of which is well-formed, refused by the type's own checks against the node
 * (names that do not exist, contradictory fields, a running node for IN_PLACE).
 */
const SEMANTIC: Record<string, Mutation[]> = {
  flush: perKeyspace, cleanup: perKeyspace, scrub: perKeyspace, upgradesstables: perKeyspace,
  refresh: keyspaceTable, truncate: keyspaceTable,
  import: [...keyspaceTable, (b, root) => { b.sourceDir = `${root}/no-such-dir`; }],
  rebuild: [(b) => { delete b.keyspace; }, (b) => { b.keyspace = 'nosuchks'; }],
  backup: [(b, root) => { b.dataDirs = [`${root}/no-such-dir`]; }, (b) => { b.entities = 'nosuchks'; }, (b) => { b.entities = `${FUZZ_KEYSPACE}.nosuch`; },
    (b) => { b.entities = `${FUZZ_KEYSPACE},${FUZZ_KEYSPACE}.${FUZZ_TABLE}`; }, (b) => { b.entities = 'a/b'; }],
  'commitlog-backup': [incomplete, (b, root) => { b.commitLog = `${root}/no-such-file`; }],
  'commitlog-restore': [incomplete, (b) => { b.timestampStart = 10; b.timestampEnd = 5; }],
  list: [incomplete],
  'remove-backup': [incomplete, (b) => { delete b.backupName; }, (b) => { b.removeOldest = true; }],
  restore: [(b) => { delete b.restorationPhase; }, (b) => { b.restorationStrategyType = 'IN_PLACE'; },
    (b) => { b.restoreSystemKeyspace = true; }, (b) => { b.rename = { 'ks1.a': 'ks1.b' }; },
    (b) => { b.restorationStrategyType = 'in_place'; delete b.restorationPhase; delete b.import; }, (b, root) => { b.import = { sourceDir: `${root}/data/x` }; }],
};

/** Type values that name no registered type. */
const BAD_TYPES: unknown[] = ['', ' ', 'FLUSH', 'flush ', ' drain', 'Drain', 'back-up', 'nodetool', 'repair', 'sleep', 'test-sleep', '__proto__',
  'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '../drain', 'drain\u0000', 'drain\n', 5, true, null, [], ['drain'], { type: 'drain' }];

export type BodyKind = 'field' | 'semantic' | 'type' | 'random' | 'pollution';

/** Builds invalid bodies from the templates; `rules` caches each type's field rules. */
export class BodyFactory {
  private readonly rules = new Map<string, FieldRule[]>();

  constructor(
    private readonly random: Random,
    private readonly root: string,
    private readonly templates: Record<string, Body>,
    requestClasses: Map<string, new () => object>,
  ) {
    for (const [type, cls] of requestClasses) this.rules.set(type, rulesOf(cls));
  }

  /** A body of the given kind (or its fallback when a type has nothing of that kind to break). */
  body(kind: BodyKind): unknown {
    const r = this.random;
    if (kind === 'random') return this.randomBody();
    const type = r.pick(Object.keys(this.templates));
    const body = structuredClone(this.templates[type]);
    this.addNoise(body);
    const rules = this.rules.get(type)!;
    const semantic = kind === 'semantic' ? SEMANTIC[type] : undefined;
    if (kind === 'type' || (!semantic && rules.length === 0)) {
      if (r.chance(0.2)) delete body.type;
      else body.type = r.pick(BAD_TYPES);
    } else if (semantic) {
      r.pick(semantic)(body, this.root);
    } else {
      this.breakFields(rules, body, r.int(1, 3));
    }
    if (kind === 'pollution') this.pollute(body);
    return body;
  }

  /** Replaces 1..n known fields of `body` with values they refuse. */
  private breakFields(rules: FieldRule[], body: Body, count: number): void {
    for (const rule of this.random.shuffle(rules).slice(0, count)) {
      const bad = invalidValue(rule, this.random, body[rule.property]);
      if (bad.remove) delete body[rule.property];
      else body[rule.property] = bad.value;
    }
  }

  /** Unknown fields with random JSON: ignored by the sidecar, so they never make a body invalid. */
  private addNoise(body: Body): void {
    for (let i = this.random.int(0, 3); i > 0; i--) {
      setOwn(body, this.random.pick(['note', 'extra', 'x', 'globalRequests', 'Type', 'TYPE', 'id', 'state', 'errors', 'progress']), randomJson(this.random, 3));
    }
  }

  /** Prototype-pollution payloads at the top and inside nested objects. */
  private pollute(body: Body): void {
    const payload = () => (this.random.chance(0.5) ? { [POLLUTION_MARK]: true } : { prototype: { [POLLUTION_MARK]: true } });
    for (const key of POLLUTION_KEYS) if (this.random.chance(0.7)) setOwn(body, key, payload());
    for (const value of Object.values(body)) {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) setOwn(value as Body, this.random.pick(POLLUTION_KEYS), payload());
    }
  }

  /** Random JSON that is never an object with a registered type. */
  private randomBody(): unknown {
    const value = randomJson(this.random, 4);
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(this.templates, String((value as Body).type))) {
      (value as Body).type = this.random.pick(BAD_TYPES);
    }
    return value;
  }
}

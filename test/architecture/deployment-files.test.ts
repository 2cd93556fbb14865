import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { parseAllDocuments } from 'yaml';
import { SERVER_COMMAND_OPTIONS } from '../../src/config/sidecar-config.js';
import { SERVER_OPTIONS } from '../../src/config/server.config.js';
import { ResourcesModule } from '../../src/resources/resources.module.js';

/*
 * The Dockerfile, docker-compose.yml and the Kubernetes example are for users with Docker; there is
 * none here, so CI checks what can be checked without it: every YAML file parses, the objects have
 * the structure their tools need, and everything they say about the sidecar is true of this code —
 * probe paths it serves, its default port, the environment variables its config reads.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SKIP = new Set(['node_modules', '.git', '.node', '.testbed', 'dist', 'dist-test']);

type Obj = Record<string, any>;

function files(dir: string, match: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIP.has(name)) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, match) : match(name) ? [path] : [];
  });
}

function yamlDocuments(path: string): Obj[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  for (const doc of docs) {
    assert.deepEqual([...doc.errors, ...doc.warnings].map((e) => e.message), [], relative(ROOT, path));
  }
  return docs.map((d) => d.toJS() as Obj).filter((d) => d !== null);
}

/** Paths the sidecar serves: the controllers ResourcesModule registers, and their GET methods. */
function servedPaths(): Set<string> {
  const out = new Set<string>();
  for (const controller of Reflect.getMetadata('controllers', ResourcesModule) as Array<{ prototype: Obj }>) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller));
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const path = Reflect.getMetadata(PATH_METADATA, controller.prototype[name]);
      if (typeof path === 'string') out.add(`/${[base, path].filter((p) => p && p !== '/').join('/')}`);
    }
  }
  return out;
}

/** Environment variables the sidecar reads: its options, and what the storage providers take (§4.2). */
function sidecarEnvNames(): Set<string> {
  const names = new Set(SERVER_COMMAND_OPTIONS.map((o) => o.env));
  for (const file of files(join(ROOT, 'src', 'storage'), (n) => n.endsWith('.ts') && !n.endsWith('.spec.ts'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\benv\.([A-Z][A-Z0-9_]+)|variable: '([A-Z][A-Z0-9_]+)'/g)) names.add(m[1] ?? m[2]);
  }
  return names;
}

const SERVED = servedPaths();
const ENV = sidecarEnvNames();
const DEFAULT_PORT = Number(SERVER_OPTIONS.listen.default.split(':').pop());
/** The jar `maven-dependency-plugin:copy -Dartifact=g:a:v:jar:classifier` writes: `a-v-classifier.jar`. */
function copiedJar(command: string[]): string {
  const artifact = command.find((c) => c.startsWith('-Dartifact='))!.slice('-Dartifact='.length).split(':');
  const out = command.find((c) => c.startsWith('-DoutputDirectory='))!.slice('-DoutputDirectory='.length);
  return `${out}/${artifact[1]}-${artifact[2]}${artifact[4] ? `-${artifact[4]}` : ''}.jar`;
}
/** `-javaagent:<jar>=host=…,port=…` of a JVM_EXTRA_OPTS value. */
function javaagent(opts: string): { jar: string; host: string; port: number } {
  const m = /-javaagent:([^=\s]+)=(\S+)/.exec(opts);
  assert.ok(m, `no -javaagent in ${opts}`);
  const params = Object.fromEntries(m[2].split(',').map((p) => p.split('=')));
  return { jar: m[1], host: params.host, port: Number(params.port) };
}
function assertKnownEnv(names: string[], where: string): void {
  assert.deepEqual(names.filter((n) => !ENV.has(n)), [], `${where}: variables the sidecar does not read`);
}

describe('deployment files', () => {
  it('every YAML file of the repository parses without errors or warnings', () => {
    const yamls = files(ROOT, (n) => /\.ya?ml$/.test(n));
    assert.ok(yamls.some((f) => f.endsWith('docker-compose.yml')) && yamls.some((f) => f.includes('deploy/kubernetes')));
    for (const file of yamls) yamlDocuments(file);
  });

  it('the served paths and option lists this check relies on are the real ones', () => {
    for (const path of ['/health/live', '/health/ready', '/metrics', '/status']) assert.ok(SERVED.has(path), path);
    for (const name of ['ICARUS_LISTEN', 'REDIS_URL', 'JOLOKIA_URL', 'ICARUS_K8S_SECRETS_ROOT', 'AWS_ENDPOINT', 'AZURE_STORAGE_KEY']) assert.ok(ENV.has(name), name);
    assert.equal(DEFAULT_PORT, 4567);
  });

  it('Dockerfile: Node 24 base images, copies only files that exist, serves the port and probe it declares', () => {
    const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
    const bases = [...text.matchAll(/^FROM\s+(\S+)/gm)].map((m) => m[1]);
    assert.ok(bases.length > 0);
    for (const base of bases) assert.match(base, /^node:24([.-]|$)/, base);
    for (const m of text.matchAll(/^COPY\s+(?!--from)(.+)$/gm)) {
      const sources = m[1].trim().split(/\s+/).slice(0, -1);
      for (const source of sources) assert.ok(existsSync(join(ROOT, source)), `COPY ${source}`);
    }
    assert.match(text, new RegExp(`^EXPOSE\\s+${DEFAULT_PORT}$`, 'm'));
    const probe = /^HEALTHCHECK.*http:\/\/127\.0\.0\.1:(\d+)(\/[\w/]+)/m.exec(text);
    assert.ok(probe && Number(probe[1]) === DEFAULT_PORT && SERVED.has(probe[2]), probe?.[0]);
    for (const m of text.matchAll(/^ENV\s+(.+)$/gm)) {
      assertKnownEnv([...m[1].matchAll(/(\w+)=/g)].map((v) => v[1]).filter((n) => /^(ICARUS|JOLOKIA|REDIS)_/.test(n)), 'Dockerfile ENV');
    }
  });

  describe('docker-compose.yml', () => {
    const [compose] = yamlDocuments(join(ROOT, 'docker-compose.yml'));
    const services = compose.services as Record<string, Obj>;
    const named = (volume: string) => (volume.includes(':') && !volume.startsWith('.') && !volume.startsWith('/') ? volume.split(':')[0] : null);

    it('has Redis with AOF, Cassandra 5.0, an S3 store and the sidecar; images, healthchecks, volumes, dependencies', () => {
      for (const name of ['redis', 'cassandra', 's3', 'icarus']) {
        assert.ok(services[name], name);
        assert.ok(services[name].healthcheck?.test, `${name} healthcheck`);
      }
      for (const [name, service] of Object.entries(services)) {
        assert.ok(service.image || service.build, `${name}: image or build`);
        for (const v of service.volumes ?? []) if (named(v)) assert.ok(named(v)! in (compose.volumes ?? {}), `${name}: volume ${v} declared`);
        for (const dep of Object.keys(Array.isArray(service.depends_on) ? Object.fromEntries(service.depends_on.map((d: string) => [d, 1])) : service.depends_on ?? {})) {
          assert.ok(services[dep], `${name} depends on ${dep}`);
        }
      }
      const redisCommand = services.redis.command.join(' ');
      assert.match(redisCommand, /--appendonly yes/);
      assert.match(services.redis.image, /^redis:/);
      assert.match(services.cassandra.image, /^cassandra:5\.0/);
      assert.match(services.s3.image, /versitygw/);
      assert.equal(services.icarus.build, '.');
      assert.ok(existsSync(join(ROOT, 'Dockerfile')));
    });

    it('the sidecar reaches Jolokia, Redis and S3 where they are, on the port it serves, probed on a path it serves', () => {
      const icarus = services.icarus;
      const env = icarus.environment as Record<string, string>;
      assertKnownEnv(Object.keys(env), 'compose icarus environment');
      // Jolokia: the agent copied by the one-shot service, loaded by Cassandra, on the URL the sidecar uses.
      const agent = javaagent(services.cassandra.environment.JVM_EXTRA_OPTS);
      const copier = Object.values(services).find((s) => (s.command ?? []).some?.((c: string) => String(c).includes('jolokia-agent-jvm')));
      assert.ok(copier, 'a service fetches the Jolokia agent');
      const jar = copiedJar(copier.command);
      const mountOf = (service: Obj, path: string) => (service.volumes as string[]).find((v) => path.startsWith(`${v.split(':')[1]}/`))?.split(':')[0];
      assert.equal(mountOf(services.cassandra, agent.jar), mountOf(copier, jar), 'Cassandra loads the jar the agent service wrote');
      assert.equal(agent.jar.split('/').pop(), jar.split('/').pop());
      const jolokia = new URL(env.JOLOKIA_URL);
      assert.equal(Number(jolokia.port), agent.port);
      assert.equal(agent.host, '127.0.0.1');
      assert.equal(jolokia.hostname, '127.0.0.1');
      assert.equal(icarus.network_mode, 'service:cassandra', 'a loopback agent is reachable only from the same network namespace');
      assert.ok(services[new URL(env.REDIS_URL).hostname], 'REDIS_URL names a service');
      const s3 = new URL(env.AWS_ENDPOINT);
      assert.ok(services[s3.hostname], 'AWS_ENDPOINT names a service');
      assert.ok(services.s3.command.join(' ').includes(`--port :${s3.port}`));
      // The port: what the sidecar listens on is what the namespace's owner publishes.
      const port = Number(env.ICARUS_LISTEN.split(':').pop());
      assert.equal(port, DEFAULT_PORT);
      assert.ok((services.cassandra.ports as string[]).some((p) => p.endsWith(`:${port}`)), 'the sidecar port is published');
      const probe = /http:\/\/127\.0\.0\.1:(\d+)(\/[\w/]+)/.exec(icarus.healthcheck.test.join(' '));
      assert.ok(probe && Number(probe[1]) === port && SERVED.has(probe[2]), icarus.healthcheck.test.join(' '));
      // Cassandra's data at the same path, so snapshot paths Cassandra reports are valid for the sidecar.
      assert.ok(icarus.volumes.includes('cassandra-data:/var/lib/cassandra'));
      assert.ok(services.cassandra.volumes.includes('cassandra-data:/var/lib/cassandra'));
    });
  });

  describe('deploy/kubernetes', () => {
    const docs = files(join(ROOT, 'deploy', 'kubernetes'), (n) => /\.ya?ml$/.test(n)).flatMap(yamlDocuments);
    const API: Record<string, string> = { Secret: 'v1', Service: 'v1', ConfigMap: 'v1', StatefulSet: 'apps/v1', Deployment: 'apps/v1' };
    const byKind = (kind: string) => docs.filter((d) => d.kind === kind);

    it('every object has apiVersion, kind and metadata.name, with the apiVersion of its kind', () => {
      assert.ok(docs.length >= 3);
      for (const doc of docs) {
        assert.ok(doc.kind && doc.apiVersion && doc.metadata?.name, JSON.stringify(doc).slice(0, 120));
        assert.equal(doc.apiVersion, API[doc.kind], `${doc.kind} ${doc.metadata.name}`);
      }
    });

    it('the sidecar sits next to Cassandra in one pod, probes wired to /health/*, Secret mounted under the secrets root', () => {
      const [set] = byKind('StatefulSet');
      assert.ok(set, 'a StatefulSet');
      const pod = set.spec.template.spec;
      assert.deepEqual(set.spec.selector.matchLabels, Object.fromEntries(Object.entries(set.spec.template.metadata.labels).filter(([k]) => k in set.spec.selector.matchLabels)));
      assert.ok(byKind('Service').some((s) => s.metadata.name === set.spec.serviceName), 'serviceName is a Service of the example');
      const containers = pod.containers as Obj[];
      const cassandra = containers.find((c) => /^cassandra:5\.0/.test(c.image));
      const icarus = containers.find((c) => c.name === 'icarus');
      assert.ok(cassandra && icarus, 'Cassandra and the sidecar in one pod');
      const env = Object.fromEntries((icarus.env as Obj[]).map((e) => [e.name, e.value]));
      assertKnownEnv(Object.keys(env), 'k8s icarus env');

      // Port and probes.
      const port = (icarus.ports as Obj[]).find((p) => p.containerPort === DEFAULT_PORT);
      assert.ok(port, 'the container port is the default one');
      assert.equal(Number(env.ICARUS_LISTEN.split(':').pop()), DEFAULT_PORT);
      for (const probe of ['livenessProbe', 'readinessProbe']) {
        const get = icarus[probe]?.httpGet;
        assert.ok(get && SERVED.has(get.path), `${probe} ${get?.path}`);
        assert.ok(get.port === port.name || get.port === DEFAULT_PORT, `${probe} port`);
      }
      assert.equal(icarus.livenessProbe.httpGet.path, '/health/live');
      assert.equal(icarus.readinessProbe.httpGet.path, '/health/ready');

      // Volumes: every mount names a pod volume or a claim template.
      const volumes = new Map<string, Obj>((pod.volumes as Obj[]).map((v) => [v.name, v]));
      const claims = new Set((set.spec.volumeClaimTemplates ?? []).map((c: Obj) => c.metadata.name));
      for (const c of [...containers, ...(pod.initContainers ?? [])]) {
        for (const m of c.volumeMounts ?? []) assert.ok(volumes.has(m.name) || claims.has(m.name), `${c.name}: volume ${m.name}`);
      }
      const dataMount = (c: Obj) => (c.volumeMounts as Obj[]).find((m) => m.mountPath === '/var/lib/cassandra')?.name;
      assert.ok(dataMount(cassandra) && dataMount(cassandra) === dataMount(icarus), 'Cassandra data at the same path in both');

      // The Secret: a volume of a Secret defined here, mounted at <ICARUS_K8S_SECRETS_ROOT>/<its name>, with Esop's keys.
      const secretMount = (icarus.volumeMounts as Obj[]).find((m) => volumes.get(m.name)?.secret);
      assert.ok(secretMount, 'a Secret is mounted in the sidecar');
      const secretName = volumes.get(secretMount.name)!.secret.secretName;
      assert.equal(secretMount.mountPath, `${env.ICARUS_K8S_SECRETS_ROOT}/${secretName}`);
      const secret = byKind('Secret').find((s) => s.metadata.name === secretName);
      assert.ok(secret, `Secret ${secretName} is defined`);
      const keys = Object.keys({ ...secret.data, ...secret.stringData });
      const ESOP_KEYS = ['awsaccesskeyid', 'awssecretaccesskey', 'awsregion', 'awsendpoint', 'awskmskeyid', 'azurestorageaccount', 'azurestoragekey', 'gcp'];
      assert.deepEqual(keys.filter((k) => !ESOP_KEYS.includes(k)), []);

      // Jolokia: the agent the init container fetched, on loopback, where JOLOKIA_URL points.
      const agent = javaagent((cassandra.env as Obj[]).find((e) => e.name === 'JVM_EXTRA_OPTS')!.value);
      const fetcher = (pod.initContainers as Obj[]).find((c) => c.command.some((a: string) => a.includes('jolokia-agent-jvm')));
      assert.ok(fetcher, 'an init container fetches the Jolokia agent');
      assert.equal(agent.jar, copiedJar(fetcher.command));
      const mountOf = (c: Obj, path: string) => (c.volumeMounts as Obj[]).find((m) => path.startsWith(`${m.mountPath}/`))?.name;
      assert.equal(mountOf(cassandra, agent.jar), mountOf(fetcher, agent.jar));
      const jolokia = new URL(env.JOLOKIA_URL);
      assert.equal(agent.host, '127.0.0.1');
      assert.equal(jolokia.hostname, '127.0.0.1');
      assert.equal(Number(jolokia.port), agent.port);

      // The Service's target ports are ports of the pod.
      const named = new Set(containers.flatMap((c) => (c.ports ?? []).map((p: Obj) => p.name)));
      for (const service of byKind('Service')) for (const p of service.spec.ports) assert.ok(named.has(p.targetPort) || typeof p.targetPort === 'number', p.targetPort);
    });
  });
});

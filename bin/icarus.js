#!/usr/bin/env node
// Entry of the `icarus` executable; the TypeScript build lives in dist/ (npm run build).
// The version check comes before any import of the app, so an unsupported Node says so plainly
// instead of failing somewhere inside a dependency.
const MIN_MAJOR = 22;
const major = Number(process.versions.node.split('.')[0]);
if (major < MIN_MAJOR) {
  process.stderr.write(
    `icarus: Node.js ${process.version} is not supported (end of life); Node ${MIN_MAJOR} or newer is required.\n` +
      `Run it as scripts/node bin/icarus.js …, which fetches Node 24 LTS into .node/ when the system one is too old.\n`,
  );
  process.exit(2);
}
await import('../dist/main.js');

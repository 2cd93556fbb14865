import { enableCompileCache } from 'node:module';

// A one-shot `icarus esop` command compiles over a thousand modules each run; V8's code cache on disk
// (in the OS temp dir, or NODE_COMPILE_CACHE) saves a sixth of its start-up. Enabled before anything else loads.
enableCompileCache();
await import('reflect-metadata');
const { buildProgram } = await import('./cli/program.js');
await buildProgram().parseAsync(process.argv);

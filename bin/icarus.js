#!/usr/bin/env node
// Entry of the `icarus` executable; the TypeScript build lives in dist/ (npm run build).
import '../dist/main.js';

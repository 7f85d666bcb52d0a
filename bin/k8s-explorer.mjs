#!/usr/bin/env node
// The `k8s-explorer` command. The sources are TypeScript; tsx compiles them on the fly, so the
// command works right after `npm install`, with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/server/cli.ts');
process.exitCode = await main(process.argv.slice(2));

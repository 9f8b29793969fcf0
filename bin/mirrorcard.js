#!/usr/bin/env node
// The `mirrorcard` command. Runs the TypeScript sources through tsx's loader, so there is no
// build step between a clone and a running server.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');

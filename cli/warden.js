#!/usr/bin/env node
// The `warden` bin: loads the TypeScript CLI through tsx, so the repository needs no build step for it.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCAL_RUNTIME_NODE_FLAGS } from '../../../infra/local/node-flags';

describe('LOCAL_RUNTIME_NODE_FLAGS', () => {
  it('are the flags `npm start` gives the runtime, so every way of starting it runs alike', () => {
    const { scripts } = JSON.parse(readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.start).toContain(`tsx ${LOCAL_RUNTIME_NODE_FLAGS.join(' ')} infra/local/main.ts`);
  });
});

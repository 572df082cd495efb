import { describe, expect, it } from 'vitest';
import { MANIFEST } from '../../../shared/manifest';
import { FUNCTION_VARIABLES, FunctionEnvironmentSchema, functionEnvironment } from '../../../shared/manifest/function-environment';
import { tableEnvName, type TableId } from '../../../shared/manifest/tables';

const complete = {
  WARDEN_TABLE_CONTROL: 'control',
  WARDEN_TABLE_AUDIT: 'audit',
  WARDEN_TABLE_POLICIES: 'policies',
  WARDEN_CURSOR_SECRET: 'x'.repeat(32),
};

describe('The environment contract', () => {
  it('names every variable the manifest gives a table, bucket, workflow or the bus', () => {
    const named = [
      ...(Object.keys(MANIFEST.tables) as TableId[]).map(tableEnvName),
      ...Object.values(MANIFEST.buckets).map((bucket) => bucket.envName),
      ...Object.values(MANIFEST.workflows).map((workflow) => workflow.envName),
      MANIFEST.eventBus.envName,
    ];
    for (const name of named) expect(FUNCTION_VARIABLES, name).toContain(name);
  });

  it('fills in the defaults and turns numbers into numbers', () => {
    const parsed = FunctionEnvironmentSchema.parse({ ...complete, WARDEN_CACHE_STALENESS_SECONDS: '5' });
    expect(parsed).toMatchObject({
      WARDEN_CACHE_STALENESS_SECONDS: 5,
      WARDEN_OPERATOR_TOKEN_MAX_LIFETIME_SECONDS: 43_200,
      WARDEN_EVENT_BUS_NAME: 'warden',
    });
  });

  it('refuses a value out of bounds, naming the variable', () => {
    expect(() => functionEnvironment({ ...complete, WARDEN_CACHE_STALENESS_SECONDS: '301' })).toThrow(/WARDEN_CACHE_STALENESS_SECONDS/);
    expect(() => functionEnvironment({ WARDEN_OPERATOR_TOKEN_MAX_LIFETIME_SECONDS: '10' }, { partial: true })).toThrow(
      /WARDEN_OPERATOR_TOKEN_MAX_LIFETIME_SECONDS/,
    );
  });

  it('refuses a set without a table or without a cursor secret', () => {
    const { WARDEN_TABLE_AUDIT: _audit, ...noAudit } = complete;
    expect(() => functionEnvironment(noAudit)).toThrow(/WARDEN_TABLE_AUDIT/);
    const { WARDEN_CURSOR_SECRET: _secret, ...noSecret } = complete;
    expect(() => functionEnvironment(noSecret)).toThrow(/WARDEN_CURSOR_SECRET/);
  });

  it('passes the variables on as given, leaving out the unset ones', () => {
    expect(functionEnvironment({ ...complete, WARDEN_BUCKET_EXPORTS: undefined })).toEqual(complete);
  });
});

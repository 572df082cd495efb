import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configDir, resolveTarget, saveProfile } from '../../../cli/support/profiles';

describe('profiles', () => {
  it('keeps profiles in a file only the user can read, the last saved being current', () => {
    const env = { WARDEN_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'warden-profiles-')) };
    const file = saveProfile(env, 'dev', { url: 'http://127.0.0.1:3000', token: 'a' });
    saveProfile(env, 'prod', { url: 'https://warden.example.com', token: 'b' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(resolveTarget(env, {})).toEqual({ profileName: 'prod', url: 'https://warden.example.com', token: 'b' });
    expect(resolveTarget(env, { profile: 'dev' })).toMatchObject({ url: 'http://127.0.0.1:3000', token: 'a' });
  });

  it('lets flags win over the environment, and the environment over the profile (empty counts as unset)', () => {
    const env = { WARDEN_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'warden-profiles-')), WARDEN_URL: 'http://env', WARDEN_TOKEN: '' };
    saveProfile(env, 'default', { url: 'http://profile', token: 'profile-token' });
    expect(resolveTarget(env, {})).toMatchObject({ url: 'http://env', token: 'profile-token' });
    expect(resolveTarget(env, { url: 'http://flag', token: 'flag-token' })).toMatchObject({ url: 'http://flag', token: 'flag-token' });
  });

  it('refuses a profile that does not exist, and finds the folder from XDG_CONFIG_HOME', () => {
    const env = { WARDEN_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'warden-profiles-')) };
    expect(() => resolveTarget(env, { profile: 'nope' })).toThrow('No profile "nope"');
    expect(configDir({ XDG_CONFIG_HOME: '/x' })).toBe(join('/x', 'warden'));
  });
});

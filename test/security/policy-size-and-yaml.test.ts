/**
 * Policy documents too large for one DynamoDB item, and YAML bodies, over HTTP against the local
 * runtime: large documents save and publish (never a 500), documents over the maximum get a 413
 * naming it; YAML is read on the policy and test library routes, with YAML bombs and other
 * media types refused with clear codes.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { stringify } from 'yaml';
import { MAX_POLICY_DOCUMENT_BYTES, MAX_TEST_LIBRARY_BYTES } from '../../shared/policy-lifecycle/content-limits';
import { typicalRules } from '../support/policy/typical-rules';
import { unique, wardenClient } from '../support/warden-client';

const api = wardenClient(inject('runtimeUrl'), inject('runtimeDataDir'));
const agent = { team: 'ops', role: 'bot', environment: 'prod' };

/** A PUT with a body in `contentType`. */
const putText = (path: string, token: string, text: string, contentType: string) =>
  api.request('PUT', path, { token, rawBody: text, headers: { 'content-type': contentType } });

describe('Policy routes over HTTP', () => {
  let platform: string;
  let admin: string;
  let path: (rest: string) => string;

  beforeAll(async () => {
    platform = await api.token({ roles: ['platform-admin'] });
    const tenantId = unique('sizes');
    expect(
      (await api.post('/v1/tenants', platform, { id: tenantId, name: 'sizes', tier: 'business', environments: ['prod'] })).status,
    ).toBe(201);
    admin = await api.token({ roles: ['tenant-admin'], tenant: tenantId, sub: `admin@${tenantId}` });
    path = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
  });

  describe('Documents larger than one item', () => {
    it('saves the 8,000-rule document of the review (just under 1 MiB) with 201, not 500', async () => {
      const body = { reason: 'the review case', rules: typicalRules(8_000, 80) };
      expect(JSON.stringify(body).length).toBeGreaterThan(828 * 1024);

      const saved = await api.put(path('/policies/team:ops'), admin, body);

      expect(saved.status).toBe(201);
      expect(saved.body).toMatchObject({ scope: 'team:ops', status: 'draft' });
    });

    it('saves and publishes 10,000 rules of typical size (~1.26 MB), serves them back, and decides with them', async () => {
      const rules = typicalRules(10_000);
      const body = { reason: 'bulk import', rules };
      expect(JSON.stringify(body).length).toBeGreaterThan(1_200_000);

      const saved = await api.put(path('/policies/tenant'), admin, body);
      expect(saved.status).toBe(201);
      const published = await api.post(path(`/policies/tenant/versions/${saved.body.version}/publish`), admin, { reason: 'go live' });
      expect(published.status).toBe(200);
      const read = await api.get(path(`/policies/tenant/versions/${saved.body.version}`), admin);
      const last = rules[rules.length - 1] as { id: string; actions: string[]; resources: string[]; effect: string; when?: string };
      const simulated = await api.post(path('/simulate'), admin, {
        agent,
        request: { action: last.actions[0], resource: last.resources[0]!.replace('**', 'x'), context: { amount: 1_000_000 } },
      });

      expect(published.body).toMatchObject({ version: saved.body.version, status: 'active' });
      expect(read.status).toBe(200);
      expect(read.body.status).toBe('active');
      expect(read.body.document.rules.map((rule: { id: string }) => rule.id)).toEqual(rules.map((rule) => rule.id));
      expect(simulated.status).toBe(200);
      expect(simulated.body.rule).toMatchObject({ scope: 'tenant', version: saved.body.version });
    });

    it(`answers 413 policy_too_large naming the ${MAX_POLICY_DOCUMENT_BYTES}-byte maximum for a larger document`, async () => {
      const response = await api.put(path('/policies/role:bot'), admin, { reason: 'too much', rules: typicalRules(21_000) });

      expect(response.status).toBe(413);
      expect(response.body.error).toMatchObject({
        code: 'policy_too_large',
        details: [{ path: 'rules', limitBytes: MAX_POLICY_DOCUMENT_BYTES }],
      });
      expect(response.body.error.message).toContain(String(MAX_POLICY_DOCUMENT_BYTES));
    });

    it('answers 413 payload_too_large for a body over 4 MiB', async () => {
      const response = await api.put(path('/policies/role:bot'), admin, { reason: 'way too much', rules: typicalRules(34_000) });

      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('payload_too_large');
    });

    it(`answers 413 policy_tests_too_large naming the ${MAX_TEST_LIBRARY_BYTES}-byte maximum for a larger test library`, async () => {
      const scenarios = Array.from({ length: 120 }, (_, n) => ({
        name: `case ${n}`,
        agent,
        request: { action: 'x', context: { note: 'x'.repeat(9_000) } },
        expect: 'deny',
      }));

      const response = await api.put(path('/policy-tests'), admin, { scenarios });

      expect(response.status).toBe(413);
      expect(response.body.error).toMatchObject({
        code: 'policy_tests_too_large',
        details: [{ path: 'scenarios', limitBytes: MAX_TEST_LIBRARY_BYTES }],
      });
    });
  });

  describe('YAML bodies', () => {
    const yamlPolicy = {
      reason: 'written by hand',
      rules: [
        { id: 'read-tickets', effect: 'allow', actions: ['tool:invoke'], tools: ['zendesk.read'], resources: ['tickets/**'] },
        {
          id: 'no-export',
          effect: 'deny',
          actions: ['data:export'],
          locked: true,
          when: 'request.context.classification in ["restricted"]',
        },
      ],
    };

    it.each(['application/yaml', 'application/x-yaml', 'text/yaml; charset=utf-8'])(
      'saves a policy sent as %s exactly as its JSON',
      async (contentType) => {
        const fromYaml = await putText(path('/policies/team:yaml'), admin, stringify(yamlPolicy), contentType);
        const fromJson = await api.put(path('/policies/team:yaml'), admin, yamlPolicy);

        expect(fromYaml.status).toBe(201);
        const [yamlVersion, jsonVersion] = await Promise.all([
          api.get(path(`/policies/team:yaml/versions/${fromYaml.body.version}`), admin),
          api.get(path(`/policies/team:yaml/versions/${fromJson.body.version}`), admin),
        ]);
        expect(yamlVersion.body.document).toEqual(jsonVersion.body.document);
        expect(yamlVersion.body.contentHash).toBe(jsonVersion.body.contentHash);
      },
    );

    it('names the field of a YAML document that the schema refuses', async () => {
      const text = 'reason: typo\nrules:\n  - id: r1\n    effect: maybe\n';

      const response = await putText(path('/policies/team:yaml'), admin, text, 'application/yaml');

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_policy');
      expect(response.body.error.details).toEqual(
        expect.arrayContaining([expect.objectContaining({ path: 'rules.0.effect', ruleId: 'r1' })]),
      );
    });

    it('answers 400 invalid_yaml with the line for text that is not YAML', async () => {
      const response = await putText(path('/policies/team:yaml'), admin, 'reason: x\nrules: [\n  - id: a\n', 'application/yaml');

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_yaml');
      expect(response.body.error.details[0]).toMatchObject({ path: 'body', line: expect.any(Number) });
    });

    it('refuses a billion-laughs YAML bomb with 400 invalid_yaml, quickly', async () => {
      const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (let level = 1; level < 9; level++)
        levels.push(
          `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9)
            .fill(`*${String.fromCharCode(96 + level)}`)
            .join(',')}]`,
        );
      const bomb = `reason: boom\n${levels.join('\n')}\nrules: *i\n`;
      const startedAt = performance.now();

      const response = await putText(path('/policies/team:yaml'), admin, bomb, 'application/yaml');

      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe('invalid_yaml');
      expect(response.body.error.details[0].message).toMatch(/alias/i);
      expect(performance.now() - startedAt).toBeLessThan(5_000);
    });

    it('refuses aliases that expand a small YAML body past the route limit with 413, before validating it', async () => {
      const anchor = `note: &big "${'x'.repeat(60_000)}"`;
      const rules = Array.from({ length: 90 }, (_, n) => `  - {id: r${n}, effect: deny, message: *big}`).join('\n');
      const text = `reason: expand\n${anchor}\nrules:\n${rules}\n`;
      expect(text.length).toBeLessThan(100_000);

      const response = await putText(path('/policies/team:yaml'), admin, text, 'application/yaml');

      expect(response.status).toBe(413);
      expect(response.body.error).toMatchObject({ code: 'payload_too_large' });
      expect(response.body.error.message).toMatch(/expands/);
    });

    it('answers 413 for a YAML body over 256 KiB, which JSON would carry', async () => {
      const text = stringify({ reason: 'big yaml', rules: typicalRules(2_500) });
      expect(text.length).toBeGreaterThan(256 * 1024);

      const response = await putText(path('/policies/team:yaml'), admin, text, 'application/yaml');

      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe('payload_too_large');
      expect(response.body.error.message).toMatch(/YAML body may be at most 262144 bytes/);
    });

    it('answers 415 unsupported_media_type, listing what it reads, for another content type on the policy routes', async () => {
      const policy = await putText(path('/policies/team:yaml'), admin, JSON.stringify(yamlPolicy), 'text/plain');
      const tests = await putText(path('/policy-tests'), admin, JSON.stringify({ scenarios: [] }), 'application/x-www-form-urlencoded');

      for (const response of [policy, tests]) {
        expect(response.status).toBe(415);
        expect(response.body.error.code).toBe('unsupported_media_type');
        expect(response.body.error.details[0].accepted).toEqual([
          'application/json',
          'application/yaml',
          'application/x-yaml',
          'text/yaml',
        ]);
      }
    });

    it('still reads JSON with a charset, and a body with no content type as JSON', async () => {
      const withCharset = await putText(path('/policies/team:yaml'), admin, JSON.stringify(yamlPolicy), 'application/json; charset=utf-8');
      const untyped = await fetch(`${inject('runtimeUrl')}${path('/policies/team:yaml')}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${admin}` },
        body: new Blob([JSON.stringify(yamlPolicy)]),
      });

      expect(withCharset.status).toBe(201);
      expect(untyped.status).toBe(201);
    });

    it('reads a tenant test library sent as YAML, validated by the same schema', async () => {
      const scenarios = [
        {
          name: 'bot reads tickets',
          agent,
          request: { action: 'tool:invoke', tool: 'zendesk.read', resource: 'tickets/1' },
          expect: 'deny',
        },
      ];

      const saved = await putText(path('/policy-tests'), admin, stringify({ scenarios }), 'application/yaml');
      const refused = await putText(
        path('/policy-tests'),
        admin,
        stringify({ scenarios: [{ ...scenarios[0], expect: 'perhaps' }] }),
        'application/yaml',
      );

      expect(saved.status).toBe(200);
      expect((await api.get(path('/policy-tests'), admin)).body.scenarios).toEqual(scenarios);
      expect(refused.status).toBe(400);
      expect(refused.body.error.details[0]).toMatchObject({ path: 'scenarios.0.expect', in: 'body' });
    });

    it('reads the org policy and the org test library sent as YAML', async () => {
      const orgPolicy = await putText(
        '/v1/org/policy',
        platform,
        stringify({ reason: 'yaml draft', rules: [{ id: 'org-yaml', effect: 'deny', actions: ['org:yaml'] }] }),
        'application/yaml',
      );
      // the org library is shared by every tenant of this runtime: send back what is there, as YAML
      const current = await api.get('/v1/org/policy-tests', platform);
      const orgTests = await putText(
        '/v1/org/policy-tests',
        platform,
        stringify({ scenarios: current.body.scenarios }),
        'application/yaml',
      );

      expect(orgPolicy.status).toBe(201);
      expect(orgPolicy.body).toMatchObject({ scope: 'org', status: 'draft', document: { rules: [{ id: 'org-yaml' }] } });
      expect(orgTests.status).toBe(200);
      expect((await api.get('/v1/org/policy-tests', platform)).body.scenarios).toEqual(current.body.scenarios);
    });
  });
});

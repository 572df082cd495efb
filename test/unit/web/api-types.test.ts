/** The console's typed client is generated from the OpenAPI document the API serves; the committed types must be current. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../../../web/scripts/api-types';

describe("The console's API types", () => {
  it('equal what the routes generate now (run npm run build:web after changing a route)', async () => {
    expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await generateApiTypes());
  });

  it('type the paths the console calls, with their query parameters', async () => {
    const types = await generateApiTypes();
    expect(types).toContain('"/v1/tenants/{tenantId}/approvals/{approvalId}/approve"');
    expect(types).toMatch(/listApprovals: \{\s+parameters: \{\s+query\?: \{[^}]*status\?: "pending"/);
  });
});

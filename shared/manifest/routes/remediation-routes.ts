/**
 * The remediation routes: playbooks, and the runs they start.
 */
import { PlaybookInputSchema } from '../../remediation/playbook';
import { RunQuerySchema } from '../../remediation/remediation-run';
import type { RouteSpec } from '../route-spec';
import { TENANT_PATH } from './route-parts';

const PLAYBOOK_PATH = `${TENANT_PATH}/playbooks/{playbookId}`;
const RUN_PATH = `${TENANT_PATH}/remediations/{runId}`;
const playbooks = { function: 'playbooks', auth: 'operator', tag: 'remediation' } as const;
const runs = { function: 'remediations', auth: 'operator', tag: 'remediation' } as const;

export const REMEDIATION_ROUTES = {
  putPlaybook: {
    ...playbooks,
    method: 'PUT',
    path: PLAYBOOK_PATH,
    permission: 'playbook:write',
    summary: 'Create or replace a playbook: a trigger (event and conditions) and steps, enforced or as a dry run',
    body: PlaybookInputSchema,
    maxBodyBytes: 64 * 1024,
  },
  getPlaybook: { ...playbooks, method: 'GET', path: PLAYBOOK_PATH, permission: 'playbook:read', summary: 'A playbook' },
  deletePlaybook: {
    ...playbooks,
    method: 'DELETE',
    path: PLAYBOOK_PATH,
    permission: 'playbook:write',
    summary: 'Delete a playbook (its runs stay)',
    successStatus: 204,
  },
  listPlaybooks: {
    ...playbooks,
    method: 'GET',
    path: `${TENANT_PATH}/playbooks`,
    permission: 'playbook:read',
    summary: "The tenant's playbooks",
  },
  enableDefaultPlaybooks: {
    ...playbooks,
    method: 'POST',
    path: `${TENANT_PATH}/playbooks/defaults`,
    permission: 'playbook:write',
    summary: "Enable Warden's default playbooks (one the tenant has under the same id is kept as it is)",
  },
  listRemediations: {
    ...runs,
    method: 'GET',
    path: `${TENANT_PATH}/remediations`,
    permission: 'remediation:read',
    summary: 'Remediation runs, newest first; filters status, agentId',
    query: RunQuerySchema,
  },
  getRemediation: { ...runs, method: 'GET', path: RUN_PATH, permission: 'remediation:read', summary: 'One remediation run, step by step' },
  approveRemediation: {
    ...runs,
    method: 'POST',
    path: `${RUN_PATH}/approve`,
    permission: 'remediation:write',
    summary: 'Approve the rest of a run that waits for a person',
  },
  cancelRemediation: {
    ...runs,
    method: 'POST',
    path: `${RUN_PATH}/cancel`,
    permission: 'remediation:write',
    summary: 'Stop a run: no further step runs',
  },
  revertRemediation: {
    ...runs,
    method: 'POST',
    path: `${RUN_PATH}/revert`,
    permission: 'remediation:write',
    summary: 'Undo what a run did (reinstate, lift the quarantine); revoked grants and expired keys stay, and the answer lists them',
  },
} as const satisfies Record<string, RouteSpec>;

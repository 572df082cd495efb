/**
 * Routes of the agent registry, and the calling agent's own.
 */
import * as z from 'zod';
import {
  AgentSchema,
  LifecycleChangeSchema,
  ListAgentsQuerySchema,
  RegisterAgentSchema,
  RotateKeySchema,
  UpdateAgentSchema,
} from '../../tenancy/agent';
import type { RouteSpec } from '../route-spec';
import { AGENT_PATH, listOf, TENANT_PATH } from './route-parts';

const AgentViewSchema = AgentSchema.omit({ keys: true }).extend({
  keys: z.array(z.object({ keyId: z.string(), createdAt: z.string(), expiresAt: z.string() })),
});
const AgentWithKeySchema = z.object({ agent: AgentViewSchema, apiKey: z.string() });
/** What an agent that rotated its own key gets: the new key (shown only here), its id and its expiry. */
const RotatedOwnKeySchema = z.object({ apiKey: z.string(), keyId: z.string(), expiresAt: z.string() });

export const AGENT_ROUTES = {
  registerAgent: {
    method: 'POST',
    path: `${TENANT_PATH}/agents`,
    function: 'agents-register',
    auth: 'operator',
    permission: 'agent:write',
    tag: 'agents',
    summary: 'Register an agent; its API key is in this response only',
    body: RegisterAgentSchema,
    response: AgentWithKeySchema,
    successStatus: 201,
  },
  listAgents: {
    method: 'GET',
    path: `${TENANT_PATH}/agents`,
    function: 'agents-list',
    auth: 'operator',
    permission: 'agent:read',
    tag: 'agents',
    summary: 'List agents, filtered',
    query: ListAgentsQuerySchema,
    response: listOf(AgentViewSchema),
  },
  getAgent: {
    method: 'GET',
    path: AGENT_PATH,
    function: 'agents-get',
    auth: 'operator',
    permission: 'agent:read',
    tag: 'agents',
    summary: 'Read an agent',
    response: AgentViewSchema,
  },
  updateAgent: {
    method: 'PATCH',
    path: AGENT_PATH,
    function: 'agents-update',
    auth: 'operator',
    permission: 'agent:write',
    tag: 'agents',
    summary: 'Change team, role, labels, owner, name, description or quotas',
    body: UpdateAgentSchema,
    response: AgentViewSchema,
  },
  rotateAgentKey: {
    method: 'POST',
    path: `${AGENT_PATH}/rotate-key`,
    function: 'agents-rotate-key',
    auth: 'operator',
    permission: 'agent:write',
    tag: 'agents',
    summary: 'Issue a new key; earlier keys stay valid for graceMinutes',
    body: RotateKeySchema,
    response: AgentWithKeySchema,
  },
  suspendAgent: {
    method: 'POST',
    path: `${AGENT_PATH}/suspend`,
    function: 'agents-lifecycle',
    auth: 'operator',
    permission: 'agent:write',
    tag: 'agents',
    summary: 'Suspend an agent (its requests get 403 until reinstated)',
    body: LifecycleChangeSchema,
    response: AgentViewSchema,
  },
  reinstateAgent: {
    method: 'POST',
    path: `${AGENT_PATH}/reinstate`,
    function: 'agents-lifecycle',
    auth: 'operator',
    permission: 'agent:write',
    tag: 'agents',
    summary: 'Reinstate a suspended agent',
    body: LifecycleChangeSchema,
    response: AgentViewSchema,
  },
  decommissionAgent: {
    method: 'POST',
    path: `${AGENT_PATH}/decommission`,
    function: 'agents-lifecycle',
    auth: 'operator',
    permission: 'agent:write',
    tag: 'agents',
    summary: 'Decommission an agent: its keys are revoked at once',
    body: LifecycleChangeSchema,
    response: AgentViewSchema,
  },
  agentSelf: {
    method: 'GET',
    path: '/v1/agent/self',
    function: 'agent-self',
    auth: 'agent',
    tag: 'agent API',
    summary: 'The calling agent (a way to test a key)',
    response: AgentViewSchema,
  },
  rotateOwnKey: {
    method: 'POST',
    path: '/v1/agent/self/rotate-key',
    function: 'agent-self-rotate-key',
    auth: 'agent',
    tag: 'agent API',
    summary: "Rotate the calling agent's own key; earlier keys stay valid for graceMinutes",
    body: RotateKeySchema,
    response: RotatedOwnKeySchema,
  },
} as const satisfies Record<string, RouteSpec>;

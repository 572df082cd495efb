/**
 * The playbook routes' use cases: save (create or replace), read, list, delete, and enable the
 * default playbooks in one call. Every write is a change record.
 */
import type { ChangeRecord } from '../audit/change-record';
import { checkPermission } from '../auth/permissions';
import type { OperatorPrincipal } from '../auth/principal';
import { domainEvent } from '../events/catalog';
import { type Clock, isoAt } from '../kernel/clock';
import { ConflictError, NotFoundError } from '../kernel/errors';
import type { IdGenerator } from '../kernel/ids';
import { DEFAULT_PLAYBOOKS } from './default-playbooks';
import { MAX_PLAYBOOKS, type Playbook, type PlaybookInput, playbookView } from './playbook';
import type { RemediationStore } from './remediation-ports';

export function createPlaybooks(deps: { store: RemediationStore; clock: Clock; ids: IdGenerator }) {
  const { store, clock } = deps;

  function changeOf(
    principal: OperatorPrincipal,
    playbook: Pick<Playbook, 'tenantId' | 'id'>,
    change: 'created' | 'updated' | 'deleted',
    after?: unknown,
  ): ChangeRecord {
    return {
      kind: 'change',
      id: deps.ids.next('aud'),
      tenantId: playbook.tenantId,
      at: isoAt(clock.nowMs()),
      actor: { type: 'operator', sub: principal.sub },
      action: `playbook.${change}`,
      target: { type: 'playbook', id: playbook.id },
      ...(after === undefined ? {} : { after }),
      event: domainEvent('Playbook.Changed', { tenantId: playbook.tenantId, playbookId: playbook.id, change, actor: principal.sub }),
    };
  }

  /** Saves `input` as playbook `id` (created, or replacing what is there). */
  async function save(principal: OperatorPrincipal, tenantId: string, id: string, input: PlaybookInput, existing: Playbook | undefined) {
    const at = isoAt(clock.nowMs());
    const playbook: Playbook = {
      ...input,
      tenantId,
      id,
      createdAt: existing?.createdAt ?? at,
      updatedAt: at,
      updatedBy: principal.sub,
      version: (existing?.version ?? 0) + 1,
    };
    await store.putPlaybook(
      playbook,
      existing?.version,
      changeOf(principal, playbook, existing ? 'updated' : 'created', playbookView(playbook)),
    );
    return playbook;
  }

  return {
    async put(principal: OperatorPrincipal, tenantId: string, id: string, input: PlaybookInput) {
      checkPermission(principal, 'playbook:write', { tenantId });
      // A new one past MAX_PLAYBOOKS is refused by the store's write itself (too_many_playbooks).
      const existing = await store.getPlaybook(tenantId, id);
      const playbook = await save(principal, tenantId, id, input, existing);
      return { playbook: playbookView(playbook), created: !existing };
    },

    async get(principal: OperatorPrincipal, tenantId: string, id: string) {
      checkPermission(principal, 'playbook:read', { tenantId });
      const playbook = await store.getPlaybook(tenantId, id);
      if (!playbook) throw new NotFoundError('Playbook', id);
      return playbookView(playbook);
    },

    async list(principal: OperatorPrincipal, tenantId: string) {
      checkPermission(principal, 'playbook:read', { tenantId });
      return { items: (await store.listPlaybooks(tenantId)).map(playbookView) };
    },

    async delete(principal: OperatorPrincipal, tenantId: string, id: string) {
      checkPermission(principal, 'playbook:write', { tenantId });
      if (!(await store.deletePlaybook(tenantId, id, changeOf(principal, { tenantId, id }, 'deleted'))))
        throw new NotFoundError('Playbook', id);
    },

    /** Enables Warden's default playbooks; one the tenant already has under the same id is left as it is. */
    async enableDefaults(principal: OperatorPrincipal, tenantId: string) {
      checkPermission(principal, 'playbook:write', { tenantId });
      const have = new Set((await store.listPlaybooks(tenantId)).map((playbook) => playbook.id));
      const missing = Object.entries(DEFAULT_PLAYBOOKS).filter(([id]) => !have.has(id));
      // All or none (as far as a read ahead can tell): the store refuses each one past the cap anyway.
      if (have.size + missing.length > MAX_PLAYBOOKS)
        throw new ConflictError(`A tenant has at most ${MAX_PLAYBOOKS} playbooks`, 'too_many_playbooks');
      const created: string[] = [];
      for (const [id, input] of missing) {
        await save(principal, tenantId, id, input, undefined);
        created.push(id);
      }
      return { created, kept: Object.keys(DEFAULT_PLAYBOOKS).filter((id) => have.has(id)) };
    },
  };
}

export type Playbooks = ReturnType<typeof createPlaybooks>;

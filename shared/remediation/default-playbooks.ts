/**
 * The playbooks Warden ships: a tenant enables them in one call (`POST .../playbooks/defaults`)
 * and may change or delete each afterwards like its own. docs/remediation.md shows them.
 */
import type { PlaybookInput } from './playbook';

export const DEFAULT_PLAYBOOKS: Readonly<Record<string, PlaybookInput>> = {
  'deny-spike-quarantine': {
    description: 'A deny spike quarantines the agent for 4 hours, records the run on its incident and tells the channels',
    trigger: { event: 'Anomaly.Detected', match: { kind: 'deny_spike' } },
    steps: [{ type: 'quarantine_agent', hours: 4 }, { type: 'open_incident', severity: 'high' }, { type: 'notify' }],
    mode: 'enforce',
    enabled: true,
  },
  'quota-95-notify': {
    description: 'A quota at 95 % of its limit tells the channels',
    trigger: { event: 'Quota.Threshold', match: { threshold: { gte: 0.95 } } },
    steps: [{ type: 'notify' }],
    mode: 'enforce',
    enabled: true,
  },
  'key-expiring-notify': {
    description: "A key within the tenant's warning period of its expiry tells the channels (the owner is in the message)",
    trigger: { event: 'Key.Expiring' },
    steps: [{ type: 'notify' }],
    mode: 'enforce',
    enabled: true,
  },
  'inactive-30-suspend': {
    description: "An agent idle past the tenant's inactivity limit (30 days by default) is suspended",
    trigger: { event: 'Agent.Inactive', match: { dueFor: 'review' } },
    steps: [{ type: 'suspend_agent' }, { type: 'notify' }],
    mode: 'enforce',
    enabled: true,
  },
  'inactive-90-decommission': {
    description: 'An agent idle past the decommissioning limit (90 days by default) is decommissioned: its keys are revoked',
    trigger: { event: 'Agent.Inactive', match: { dueFor: 'decommission' } },
    steps: [{ type: 'decommission_agent' }, { type: 'notify' }],
    mode: 'enforce',
    enabled: true,
  },
};

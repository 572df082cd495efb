/**
 * What the maturity model looks at: numbers Warden reads from its own data about one tenant at one
 * moment (gather-facts.ts reads them; maturity-model.ts judges them). Plain data, so the model is a
 * pure function of it and a snapshot can keep the evidence it was judged on.
 */

/** The facts about one tenant, as of `at`. */
export interface MaturityFacts {
  readonly at: string;
  /** The tenant's display name (for the report). */
  readonly tenantName: string;
  readonly agents: {
    /** Active agents read (at most MAX_AGENTS_READ). */
    readonly active: number;
    /** Active agents without an owner or a team. */
    readonly withoutOwnerOrTeam: number;
    /** Active agents with no request for longer than the tenant's inactivity limit (never seen: since registration). */
    readonly inactive: number;
    readonly inactiveAgentDays: number;
    /** Active agents whose newest live key was issued longer ago than the key age limit. */
    readonly staleKeys: number;
    /** Live keys whose lifetime (issue to expiry) is longer than MAX_KEY_LIFETIME_DAYS. */
    readonly longLivedKeys: number;
    /** The days a key may live: the tenant's `keyMaxAgeDays`, else the key lifetime it issues. */
    readonly keyMaxAgeDays: number;
    /** True when the tenant has more agents than were read. */
    readonly capped: boolean;
  };
  readonly policies: {
    /** The tenant scope's active version, if any. */
    readonly tenantActiveVersion?: number;
    /** What a `prod` request no rule matches gets, and whose default it is. */
    readonly prodDefault: { readonly effect: string; readonly from: 'tenant' | 'org' | 'none' };
    /** Locked rules (guardrails) in the active org and tenant documents. */
    readonly lockedRules: number;
    /** `require_approval` rules in the active documents governing the tenant (org and the tenant's scopes). */
    readonly approvalRules: number;
    /** The tenant's scopes with an active version. */
    readonly activeScopes: number;
    /** Of those, the scopes some scenario of the tenant's library exercises. */
    readonly testedScopes: number;
    /** Scenarios in the tenant's test library. */
    readonly scenarios: number;
  };
  readonly quotas: {
    readonly tenant: boolean;
    readonly teams: number;
    readonly teamsWithQuotas: number;
  };
  readonly approvals: {
    /** Approvals decided in the last 30 days, and their median minutes from request to decision. */
    readonly decided30d: number;
    readonly medianMinutesToDecide: number | null;
  };
  readonly monitoring: {
    readonly detectorsEnabled: number;
    readonly detectors: number;
    /** Channels, and those subscribed to an alert (an anomaly, an incident or a waiting approval). */
    readonly channels: number;
    readonly alertChannels: number;
  };
  readonly remediation: {
    /** Enabled playbooks, and those of them that enforce (not dry runs). */
    readonly enabledPlaybooks: number;
    readonly enforcingPlaybooks: number;
    /** Runs started in the last 30 days. */
    readonly runs30d: number;
  };
  readonly trends: {
    /** Decisions and denials of the last 7 days, and of the 7 before. */
    readonly thisWeek: { readonly decisions: number; readonly denied: number };
    readonly lastWeek: { readonly decisions: number; readonly denied: number };
    /** Incidents opened in the last 30 days and in the 30 before; unresolved ones older than 7 days. */
    readonly incidents30d: number;
    readonly incidentsPrevious30d: number;
    readonly staleOpenIncidents: number;
  };
}

/* Generated from the API's OpenAPI document by web/scripts/api-types.ts (npm run build:web). Do not edit. */
export interface paths {
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This API as an OpenAPI 3.1 document */
        get: operations["openapi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/access-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Ask ahead of time: not_required when policy allows, denied (with the rule) when it denies, otherwise an approval */
        post: operations["requestAccess"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/access-requests/{accessRequestId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of the caller's access requests: its state and grant */
        get: operations["getAccessRequest"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agent/bundle": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The calling agent's signed policy bundle (compact JWS, EdDSA) for a local evaluator: its scopes' active documents, grants and quarantine; ETag / If-None-Match → 304; `?lease=N` adds a lease of up to N quota units (always 200) */
        get: operations["agentBundle"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agent/bundle/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The public keys (JWKS) that verify policy bundles */
        get: operations["bundleKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agent/self": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The calling agent (a way to test a key) */
        get: operations["agentSelf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agent/self/rotate-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rotate the calling agent's own key; earlier keys stay valid for graceMinutes */
        post: operations["rotateOwnKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/audit/digest-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The public keys (JWKS) that verify audit digests, one per month */
        get: operations["auditDigestKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/authorize": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decide one request of the calling agent; recorded in the audit log before the answer (Idempotency-Key header honoured for 10 minutes) */
        post: operations["authorize"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/authorize/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decide 1 to 100 requests, answered in order; all are recorded or none */
        post: operations["authorizeBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/billing/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every tenant's FOCUS billing lines for a month (focusVersion 1.3 by default, or 1.2) */
        get: operations["platformBillingExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/billing/periods/{period}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Freeze a month that is over: its exports never change; late usage is billed next month as corrections */
        post: operations["closePeriod"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/decision-logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Up to 1,000 decisions a local evaluator made with a policy bundle: recorded in the audit log (`origin: local`) and metered like any decision, once per `localId`; answers `{accepted, duplicates, rejected: [{localId, reason}]}` */
        post: operations["decisionLogs"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/maturity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every tenant's level from its latest weekly snapshot, in tenant id order */
        get: operations["platformMaturity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every tenant's metrics for a window (1h, 24h, 7d, 30d), busiest first, and the system's stream lag, dead letters, error rate and latency */
        get: operations["platformMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/org/policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Save a new draft of the org base policy */
        put: operations["saveOrgPolicy"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/org/policy-tests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The org-wide test scenario library */
        get: operations["getOrgPolicyTests"];
        /** Replace the org-wide test scenario library */
        put: operations["putOrgPolicyTests"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/org/policy/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The org document's versions, newest first */
        get: operations["listOrgPolicyVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/org/policy/versions/{version}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish the org document: every tenant's tests must pass with it in place */
        post: operations["publishOrgPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/price-plans/{tier}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A tier's prices and included units */
        get: operations["getPricePlan"];
        /** Set a tier's prices (exact decimals) and included units */
        put: operations["putPricePlan"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/price-plans/{tier}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every version a tier's plan has had, newest first: its prices, who set them and when */
        get: operations["listPricePlanVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The templates, built-in and the org's own: policy patterns and agent types, with their parameters; filter kind */
        get: operations["listTemplates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates/{templateId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Save an org template as its next version (1, 2, …; history kept); a built-in's id is refused */
        put: operations["putOrgTemplate"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates/{templateId}/require": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Require a guardrail pattern of every tenant: its locked rules are saved as a new draft of the org document (never published here) */
        post: operations["requireTemplate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/templates/{templateId}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An org template's versions, newest first: who saved what, when and why */
        get: operations["listOrgTemplateVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tenants */
        get: operations["listTenants"];
        put?: never;
        /** Onboard a business unit as a tenant */
        post: operations["onboardTenant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a tenant, with its agent counts */
        get: operations["getTenant"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a tenant (name, tier, quotas, status, retention, settings) */
        patch: operations["updateTenant"];
        trace?: never;
    };
    "/v1/tenants/{tenantId}/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List agents, filtered */
        get: operations["listAgents"];
        put?: never;
        /** Register an agent; its API key is in this response only */
        post: operations["registerAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/agents/{agentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an agent */
        get: operations["getAgent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change team, role, labels, owner, name, description or quotas */
        patch: operations["updateAgent"];
        trace?: never;
    };
    "/v1/tenants/{tenantId}/agents/{agentId}/decommission": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decommission an agent: its keys are revoked at once */
        post: operations["decommissionAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/agents/{agentId}/reinstate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reinstate a suspended agent */
        post: operations["reinstateAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/agents/{agentId}/rotate-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Issue a new key; earlier keys stay valid for graceMinutes */
        post: operations["rotateAgentKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/agents/{agentId}/suspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Suspend an agent (its requests get 403 until reinstated) */
        post: operations["suspendAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/anomalies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Anomalies the detectors found, newest first; filters since, agentId, kind */
        get: operations["listAnomalies"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/approvals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Approvals of a status (default pending); pending ones only where the caller may decide now */
        get: operations["listApprovals"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/approvals/{approvalId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One approval: its request, risk, level awaited, approvals so far and grant */
        get: operations["getApproval"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/approvals/{approvalId}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve (403 beyond the caller's authority; a critical request needs two different approvers); the last approval issues the grant */
        post: operations["approve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/approvals/{approvalId}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject, with a comment */
        post: operations["reject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Decisions and changes, newest first; filters from, to, agentId, effect, kind */
        get: operations["queryAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/audit/digests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Signed digests of the audit log from `from` to `to` (at most 31 days), oldest first: one per hour with records, a Merkle root per partition, chained per tenant, with their leaves */
        get: operations["listAuditDigests"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/audit/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Decisions and changes from `from` to `to` (at most 31 days, 100,000 records) as OCSF 1.8.0 events, NDJSON oldest first (format=ocsf); large exports answer with a download link */
        get: operations["exportAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Verifies the audit log from `from` to `to` (at most 31 days, 100,000 records) against its digests: `{verified, records, firstBreak?}`, the first record or digest changed, removed or inserted */
        post: operations["verifyAudit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/billing/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's FOCUS billing lines for a month (focusVersion 1.3 by default, or 1.2; csv or json; granularity tenant or agent); large exports answer with a download link */
        get: operations["tenantBillingExport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/billing/reconcile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Billed decisions against audited decisions for a month, and the difference */
        get: operations["reconcile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's channels */
        get: operations["listChannels"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/channels/{channel}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A channel (never its secret) */
        get: operations["getChannel"];
        /** Create or replace a webhook channel; its secret is shown once, when created */
        put: operations["putChannel"];
        post?: never;
        /** Delete a channel */
        delete: operations["deleteChannel"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/channels/{channel}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A channel's deliveries, newest first: status, attempts, last status code */
        get: operations["listDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/channels/{channel}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a test delivery now; answers with its outcome */
        post: operations["testChannel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/effective-policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every rule governing an agent, each with its scope and version */
        get: operations["effectivePolicy"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/grants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live just-in-time grants */
        get: operations["listGrants"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/grants/{grantId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a grant at once */
        delete: operations["revokeGrant"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Incidents (anomalies of an agent grouped), newest first; filter status */
        get: operations["listIncidents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/incidents/{incidentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An incident with its timeline */
        get: operations["getIncident"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/incidents/{incidentId}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Acknowledge an incident, with a note */
        post: operations["acknowledgeIncident"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/incidents/{incidentId}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resolve an incident, with a note */
        post: operations["resolveIncident"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/maturity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's governance maturity now: level, score, every criterion with its evidence, next steps; weekly history with history=true */
        get: operations["getMaturity"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/maturity/report": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A one-page maturity report for executives (format html or markdown) */
        get: operations["getMaturityReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The fleet's metrics for a window (1h, 24h, 7d, 30d): decisions, deny rate, latency, a series, the most active agents */
        get: operations["tenantMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/monitoring": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's detector settings (defaults until changed) */
        get: operations["getMonitoring"];
        /** Replace the tenant's detector settings (omitted fields take their defaults) */
        put: operations["putMonitoring"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/playbooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's playbooks */
        get: operations["listPlaybooks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/playbooks/{playbookId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A playbook */
        get: operations["getPlaybook"];
        /** Create or replace a playbook: a trigger (event and conditions) and steps, enforced or as a dry run */
        put: operations["putPlaybook"];
        post?: never;
        /** Delete a playbook (its runs stay) */
        delete: operations["deletePlaybook"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/playbooks/defaults": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Enable Warden's default playbooks (one the tenant has under the same id is kept as it is) */
        post: operations["enableDefaultPlaybooks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every scope with its latest and active version */
        get: operations["listPolicies"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/policies/{scope}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Save a new draft version of a scope (nothing changes for agents until it is published) */
        put: operations["savePolicy"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/policies/{scope}/diff": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Rule-level differences between two versions */
        get: operations["diffPolicy"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/policies/{scope}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish an earlier version's content as a new version, through the same gate */
        post: operations["rollbackPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/policies/{scope}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A scope's versions, newest first */
        get: operations["listPolicyVersions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/policies/{scope}/versions/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version with its document */
        get: operations["getPolicyVersion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/policies/{scope}/versions/{version}/impact": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Replay recent audited requests with a version in place: counts of old → new effect, with examples */
        post: operations["policyImpact"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/policies/{scope}/versions/{version}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Publish a draft: the org's and the tenant's tests must pass with it in place (422 otherwise) */
        post: operations["publishPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/policy-tests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The tenant's test scenario library */
        get: operations["getPolicyTests"];
        /** Replace the tenant's test scenario library */
        put: operations["putPolicyTests"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/policy-tests/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run the org and tenant libraries against the active policies or with a candidate version in place */
        post: operations["runPolicyTests"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/remediations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Remediation runs, newest first; filters status, agentId */
        get: operations["listRemediations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/remediations/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One remediation run, step by step */
        get: operations["getRemediation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/remediations/{runId}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve the rest of a run that waits for a person */
        post: operations["approveRemediation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/remediations/{runId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stop a run: no further step runs */
        post: operations["cancelRemediation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/remediations/{runId}/revert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Undo what a run did (reinstate, lift the quarantine); revoked grants and expired keys stay, and the answer lists them */
        post: operations["revertRemediation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List agent roles */
        get: operations["listRoles"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/roles/{role}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read an agent role */
        get: operations["getRole"];
        /** Create or replace an agent role */
        put: operations["putRole"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/simulate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The decision for an agent and a request, explained; nothing recorded, no quota used */
        post: operations["simulate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List teams */
        get: operations["listTeams"];
        put?: never;
        /** Create a team */
        post: operations["createTeam"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/teams/{team}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a team's description or quotas (`quotas` replaces them); team leads may give agents quotas only up to their team's and tenant's */
        patch: operations["updateTeam"];
        trace?: never;
    };
    "/v1/tenants/{tenantId}/templates/{templateId}/apply": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Apply a template: saves a new draft of its scope (never publishes), merges its scenarios into the test library; an agent type also creates or replaces its role */
        post: operations["applyTemplate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/tenants/{tenantId}/usage": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A month's metered usage: totals, by team, agent and day, and distinct active agents */
        get: operations["usage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "ok";
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    openapi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    requestAccess: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    action: string;
                    justification: string;
                    minutes: number;
                    resource?: string;
                    tool?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    getAccessRequest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                accessRequestId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    agentBundle: {
        parameters: {
            query?: {
                lease?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    bundleKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    agentSelf: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string;
                        description?: string;
                        environment: string;
                        hygiene?: {
                            inactive?: {
                                /** Format: date-time */
                                idleSince: string;
                                thresholdsDays: number[];
                            };
                            keysWarned?: string[];
                        };
                        id: string;
                        keys: {
                            createdAt: string;
                            expiresAt: string;
                            keyId: string;
                        }[];
                        labels: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        lastSeenAt?: string;
                        name: string;
                        owner: string;
                        ownerHistory?: {
                            /** Format: date-time */
                            from: string;
                            owner: string;
                            setBy: string;
                            /** Format: date-time */
                            until?: string;
                            /** @enum {string} */
                            via: "registered" | "changed";
                        }[];
                        pins?: {
                            [key: string]: number;
                        };
                        quarantine?: {
                            by: string;
                            reason: string;
                            runId?: string;
                            /** Format: date-time */
                            until: string;
                        };
                        quotas: {
                            decisionsPerDay?: number;
                            decisionsPerMonth?: number;
                        };
                        role: string;
                        /** @enum {string} */
                        status: "active" | "suspended" | "decommissioned";
                        team: string;
                        tenantId: string;
                        /** Format: date-time */
                        updatedAt: string;
                        version: number;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    rotateOwnKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default 60 */
                    graceMinutes?: number;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        apiKey: string;
                        expiresAt: string;
                        keyId: string;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    auditDigestKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    authorize: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    action: string;
                    context?: {
                        [key: string]: unknown;
                    };
                    resource?: string;
                    tool?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    authorizeBatch: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    requests: {
                        action: string;
                        context?: {
                            [key: string]: unknown;
                        };
                        resource?: string;
                        tool?: string;
                    }[];
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    platformBillingExport: {
        parameters: {
            query?: {
                focusVersion?: "1.3" | "1.2";
                format?: "csv" | "json";
                granularity?: "tenant" | "agent";
                period?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    closePeriod: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                period: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    decisionLogs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    decisions: {
                        /** Format: date-time */
                        at: string;
                        bundleEtag: string;
                        /** @enum {string} */
                        effect: "allow" | "deny";
                        grantId?: string;
                        localId: string;
                        reason?: string;
                        request: {
                            action: string;
                            context?: {
                                [key: string]: unknown;
                            };
                            resource?: string;
                            tool?: string;
                        };
                        rule?: {
                            id: string;
                            scope: string;
                            version: number;
                        };
                    }[];
                    resent?: boolean;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    platformMaturity: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    platformMetrics: {
        parameters: {
            query?: {
                limit?: number;
                window?: "1h" | "24h" | "7d" | "30d";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        from: string;
                        system: {
                            deadLetters: number;
                            errorRate: number;
                            latencyMs: {
                                p50: number | null;
                                p99: number | null;
                            };
                            streamLagSeconds: number;
                        };
                        tenants: {
                            activeAgents: number;
                            decisions: number;
                            denyRate: number;
                            openIncidents: number;
                            tenantId: string;
                        }[];
                        /** Format: date-time */
                        to: string;
                        /** @enum {string} */
                        window: "1h" | "24h" | "7d" | "30d";
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    saveOrgPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    defaults?: {
                        [key: string]: unknown;
                    };
                    reason: string;
                    rules: unknown[];
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    getOrgPolicyTests: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    putOrgPolicyTests: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    scenarios: {
                        agent?: {
                            environment: string;
                            labels?: {
                                [key: string]: string;
                            };
                            name?: string;
                            role: string;
                            team: string;
                        };
                        agentId?: string;
                        /** @enum {string} */
                        expect: "allow" | "deny" | "require_approval";
                        expectRule?: string;
                        name: string;
                        request: {
                            action: string;
                            context?: {
                                [key: string]: unknown;
                            };
                            resource?: string;
                            tool?: string;
                        };
                        waitsFor?: {
                            scope: string;
                            version: number;
                        };
                    }[];
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listOrgPolicyVersions: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    publishOrgPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default 7 */
                    deprecateAfterDays?: number;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    getPricePlan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tier: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    putPricePlan: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tier: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    currency: string;
                    /**
                     * @default {
                     *       "decisions": 0,
                     *       "approvals": 0,
                     *       "activeAgents": 0
                     *     }
                     */
                    included?: {
                        activeAgents: number;
                        approvals: number;
                        decisions: number;
                    };
                    prices: {
                        activeAgentMonth: string;
                        approval: string;
                        decisionsPer1000: string;
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listPricePlanVersions: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                tier: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listTemplates: {
        parameters: {
            query?: {
                kind?: "agent" | "policy";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    putOrgTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                templateId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                    template: {
                        defaults?: {
                            [key: string]: "allow" | "deny" | "require_approval";
                        };
                        description: string;
                        /** @default false */
                        guardrail?: boolean;
                        id: string;
                        /** @constant */
                        kind: "policy";
                        parameters?: {
                            default?: string | number | string[];
                            description: string;
                            enum?: (string | number)[];
                            greaterThan?: string;
                            integer?: boolean;
                            maximum?: number;
                            minimum?: number;
                            minItems?: number;
                            name: string;
                            pattern?: string;
                            required?: boolean;
                            /** @enum {string} */
                            type: "string" | "number" | "string-list";
                        }[];
                        rules: {
                            actions?: string[];
                            /** @enum {string} */
                            effect: "allow" | "deny" | "require_approval";
                            environments?: string[];
                            grantMinutes?: number | string;
                            id: string;
                            locked?: boolean;
                            message?: string;
                            resources?: string[];
                            /** @enum {string} */
                            risk?: "low" | "medium" | "high" | "critical";
                            tools?: string[];
                            when?: string;
                        }[];
                        /** @default [] */
                        scenarios?: {
                            agent: {
                                environment: string;
                                labels?: {
                                    [key: string]: string;
                                };
                                name?: string;
                                role?: string;
                                team?: string;
                            };
                            /** @enum {string} */
                            expect: "allow" | "deny" | "require_approval";
                            expectRule?: string;
                            name: string;
                            request: {
                                action: string;
                                context?: {
                                    [key: string]: unknown;
                                };
                                resource?: string;
                                tool?: string;
                            };
                        }[];
                        scopes: ("org" | "tenant" | "team" | "role" | "agent")[];
                        title: string;
                    } | {
                        description: string;
                        id: string;
                        /** @constant */
                        kind: "agent";
                        /** @default {} */
                        labels?: {
                            [key: string]: string;
                        };
                        parameters?: {
                            default?: string | number | string[];
                            description: string;
                            enum?: (string | number)[];
                            greaterThan?: string;
                            integer?: boolean;
                            maximum?: number;
                            minimum?: number;
                            minItems?: number;
                            name: string;
                            pattern?: string;
                            required?: boolean;
                            /** @enum {string} */
                            type: "string" | "number" | "string-list";
                        }[];
                        pattern: {
                            id: string;
                            /** @default {} */
                            parameters?: {
                                [key: string]: string | number | string[];
                            };
                        };
                        role: {
                            description: string;
                            name: string;
                            /** @default {} */
                            quotas?: {
                                decisionsPerDay?: number;
                                decisionsPerMonth?: number;
                            };
                        };
                        title: string;
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    requireTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                templateId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    parameters?: {
                        [key: string]: unknown;
                    };
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listOrgTemplateVersions: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                templateId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listTenants: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            environments: string[];
                            epoch: number;
                            hygiene?: {
                                decommissionInactiveAfterDays?: number;
                                inactiveAgentDays?: number;
                                keyExpiryWarningDays?: number;
                                keyMaxAgeDays?: number;
                            };
                            id: string;
                            name: string;
                            quotas: {
                                decisionsPerDay?: number;
                                decisionsPerMonth?: number;
                            };
                            retentionDays: number;
                            settings: {
                                apiKeyTtlDays: number;
                                approvalTimeoutMinutes: number;
                            };
                            /** @enum {string} */
                            status: "active" | "suspended";
                            tier: string;
                            /** Format: date-time */
                            updatedAt: string;
                            version: number;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    onboardTenant: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    environments: string[];
                    hygiene?: {
                        decommissionInactiveAfterDays?: number;
                        inactiveAgentDays?: number;
                        keyExpiryWarningDays?: number;
                        keyMaxAgeDays?: number;
                    };
                    id: string;
                    name: string;
                    quotas?: {
                        decisionsPerDay?: number;
                        decisionsPerMonth?: number;
                    };
                    /** @default 90 */
                    retentionDays?: number;
                    /**
                     * @default {
                     *       "apiKeyTtlDays": 90,
                     *       "approvalTimeoutMinutes": 240
                     *     }
                     */
                    settings?: {
                        /** @default 90 */
                        apiKeyTtlDays?: number;
                        /** @default 240 */
                        approvalTimeoutMinutes?: number;
                    };
                    tier: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string;
                        environments: string[];
                        epoch: number;
                        hygiene?: {
                            decommissionInactiveAfterDays?: number;
                            inactiveAgentDays?: number;
                            keyExpiryWarningDays?: number;
                            keyMaxAgeDays?: number;
                        };
                        id: string;
                        name: string;
                        quotas: {
                            decisionsPerDay?: number;
                            decisionsPerMonth?: number;
                        };
                        retentionDays: number;
                        settings: {
                            apiKeyTtlDays: number;
                            approvalTimeoutMinutes: number;
                        };
                        /** @enum {string} */
                        status: "active" | "suspended";
                        tier: string;
                        /** Format: date-time */
                        updatedAt: string;
                        version: number;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    getTenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agentCounts: {
                            active: number;
                            decommissioned: number;
                            suspended: number;
                        };
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string;
                        environments: string[];
                        epoch: number;
                        hygiene?: {
                            decommissionInactiveAfterDays?: number;
                            inactiveAgentDays?: number;
                            keyExpiryWarningDays?: number;
                            keyMaxAgeDays?: number;
                        };
                        id: string;
                        name: string;
                        quotas: {
                            decisionsPerDay?: number;
                            decisionsPerMonth?: number;
                        };
                        retentionDays: number;
                        settings: {
                            apiKeyTtlDays: number;
                            approvalTimeoutMinutes: number;
                        };
                        /** @enum {string} */
                        status: "active" | "suspended";
                        tier: string;
                        /** Format: date-time */
                        updatedAt: string;
                        version: number;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    updateTenant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    environments?: string[];
                    hygiene?: {
                        decommissionInactiveAfterDays?: number;
                        inactiveAgentDays?: number;
                        keyExpiryWarningDays?: number;
                        keyMaxAgeDays?: number;
                    };
                    name?: string;
                    quotas?: {
                        decisionsPerDay?: number;
                        decisionsPerMonth?: number;
                    };
                    reason?: string;
                    retentionDays?: number;
                    settings?: {
                        /** @default 90 */
                        apiKeyTtlDays?: number;
                        /** @default 240 */
                        approvalTimeoutMinutes?: number;
                    };
                    /** @enum {string} */
                    status?: "active" | "suspended";
                    tier?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string;
                        environments: string[];
                        epoch: number;
                        hygiene?: {
                            decommissionInactiveAfterDays?: number;
                            inactiveAgentDays?: number;
                            keyExpiryWarningDays?: number;
                            keyMaxAgeDays?: number;
                        };
                        id: string;
                        name: string;
                        quotas: {
                            decisionsPerDay?: number;
                            decisionsPerMonth?: number;
                        };
                        retentionDays: number;
                        settings: {
                            apiKeyTtlDays: number;
                            approvalTimeoutMinutes: number;
                        };
                        /** @enum {string} */
                        status: "active" | "suspended";
                        tier: string;
                        /** Format: date-time */
                        updatedAt: string;
                        version: number;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listAgents: {
        parameters: {
            query?: {
                cursor?: string;
                environment?: string;
                inactiveSinceDays?: number;
                limit?: number;
                role?: string;
                status?: "active" | "suspended" | "decommissioned";
                team?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            description?: string;
                            environment: string;
                            hygiene?: {
                                inactive?: {
                                    /** Format: date-time */
                                    idleSince: string;
                                    thresholdsDays: number[];
                                };
                                keysWarned?: string[];
                            };
                            id: string;
                            keys: {
                                createdAt: string;
                                expiresAt: string;
                                keyId: string;
                            }[];
                            labels: {
                                [key: string]: string;
                            };
                            /** Format: date-time */
                            lastSeenAt?: string;
                            name: string;
                            owner: string;
                            ownerHistory?: {
                                /** Format: date-time */
                                from: string;
                                owner: string;
                                setBy: string;
                                /** Format: date-time */
                                until?: string;
                                /** @enum {string} */
                                via: "registered" | "changed";
                            }[];
                            pins?: {
                                [key: string]: number;
                            };
                            quarantine?: {
                                by: string;
                                reason: string;
                                runId?: string;
                                /** Format: date-time */
                                until: string;
                            };
                            quotas: {
                                decisionsPerDay?: number;
                                decisionsPerMonth?: number;
                            };
                            role: string;
                            /** @enum {string} */
                            status: "active" | "suspended" | "decommissioned";
                            team: string;
                            tenantId: string;
                            /** Format: date-time */
                            updatedAt: string;
                            version: number;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    registerAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    environment: string;
                    labels?: {
                        [key: string]: string;
                    };
                    name: string;
                    owner: string;
                    quotas?: {
                        decisionsPerDay?: number;
                        decisionsPerMonth?: number;
                    };
                    role?: string;
                    team: string;
                    template?: string;
                    templateParameters?: {
                        [key: string]: unknown;
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agent: {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            description?: string;
                            environment: string;
                            hygiene?: {
                                inactive?: {
                                    /** Format: date-time */
                                    idleSince: string;
                                    thresholdsDays: number[];
                                };
                                keysWarned?: string[];
                            };
                            id: string;
                            keys: {
                                createdAt: string;
                                expiresAt: string;
                                keyId: string;
                            }[];
                            labels: {
                                [key: string]: string;
                            };
                            /** Format: date-time */
                            lastSeenAt?: string;
                            name: string;
                            owner: string;
                            ownerHistory?: {
                                /** Format: date-time */
                                from: string;
                                owner: string;
                                setBy: string;
                                /** Format: date-time */
                                until?: string;
                                /** @enum {string} */
                                via: "registered" | "changed";
                            }[];
                            pins?: {
                                [key: string]: number;
                            };
                            quarantine?: {
                                by: string;
                                reason: string;
                                runId?: string;
                                /** Format: date-time */
                                until: string;
                            };
                            quotas: {
                                decisionsPerDay?: number;
                                decisionsPerMonth?: number;
                            };
                            role: string;
                            /** @enum {string} */
                            status: "active" | "suspended" | "decommissioned";
                            team: string;
                            tenantId: string;
                            /** Format: date-time */
                            updatedAt: string;
                            version: number;
                        };
                        apiKey: string;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    getAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agentId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string;
                        description?: string;
                        environment: string;
                        hygiene?: {
                            inactive?: {
                                /** Format: date-time */
                                idleSince: string;
                                thresholdsDays: number[];
                            };
                            keysWarned?: string[];
                        };
                        id: string;
                        keys: {
                            createdAt: string;
                            expiresAt: string;
                            keyId: string;
                        }[];
                        labels: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        lastSeenAt?: string;
                        name: string;
                        owner: string;
                        ownerHistory?: {
                            /** Format: date-time */
                            from: string;
                            owner: string;
                            setBy: string;
                            /** Format: date-time */
                            until?: string;
                            /** @enum {string} */
                            via: "registered" | "changed";
                        }[];
                        pins?: {
                            [key: string]: number;
                        };
                        quarantine?: {
                            by: string;
                            reason: string;
                            runId?: string;
                            /** Format: date-time */
                            until: string;
                        };
                        quotas: {
                            decisionsPerDay?: number;
                            decisionsPerMonth?: number;
                        };
                        role: string;
                        /** @enum {string} */
                        status: "active" | "suspended" | "decommissioned";
                        team: string;
                        tenantId: string;
                        /** Format: date-time */
                        updatedAt: string;
                        version: number;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    updateAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agentId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    labels?: {
                        [key: string]: string;
                    };
                    name?: string;
                    owner?: string;
                    pins?: {
                        [key: string]: number;
                    };
                    quotas?: {
                        decisionsPerDay?: number;
                        decisionsPerMonth?: number;
                    };
                    reason?: string;
                    role?: string;
                    team?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string;
                        description?: string;
                        environment: string;
                        hygiene?: {
                            inactive?: {
                                /** Format: date-time */
                                idleSince: string;
                                thresholdsDays: number[];
                            };
                            keysWarned?: string[];
                        };
                        id: string;
                        keys: {
                            createdAt: string;
                            expiresAt: string;
                            keyId: string;
                        }[];
                        labels: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        lastSeenAt?: string;
                        name: string;
                        owner: string;
                        ownerHistory?: {
                            /** Format: date-time */
                            from: string;
                            owner: string;
                            setBy: string;
                            /** Format: date-time */
                            until?: string;
                            /** @enum {string} */
                            via: "registered" | "changed";
                        }[];
                        pins?: {
                            [key: string]: number;
                        };
                        quarantine?: {
                            by: string;
                            reason: string;
                            runId?: string;
                            /** Format: date-time */
                            until: string;
                        };
                        quotas: {
                            decisionsPerDay?: number;
                            decisionsPerMonth?: number;
                        };
                        role: string;
                        /** @enum {string} */
                        status: "active" | "suspended" | "decommissioned";
                        team: string;
                        tenantId: string;
                        /** Format: date-time */
                        updatedAt: string;
                        version: number;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    decommissionAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agentId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string;
                        description?: string;
                        environment: string;
                        hygiene?: {
                            inactive?: {
                                /** Format: date-time */
                                idleSince: string;
                                thresholdsDays: number[];
                            };
                            keysWarned?: string[];
                        };
                        id: string;
                        keys: {
                            createdAt: string;
                            expiresAt: string;
                            keyId: string;
                        }[];
                        labels: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        lastSeenAt?: string;
                        name: string;
                        owner: string;
                        ownerHistory?: {
                            /** Format: date-time */
                            from: string;
                            owner: string;
                            setBy: string;
                            /** Format: date-time */
                            until?: string;
                            /** @enum {string} */
                            via: "registered" | "changed";
                        }[];
                        pins?: {
                            [key: string]: number;
                        };
                        quarantine?: {
                            by: string;
                            reason: string;
                            runId?: string;
                            /** Format: date-time */
                            until: string;
                        };
                        quotas: {
                            decisionsPerDay?: number;
                            decisionsPerMonth?: number;
                        };
                        role: string;
                        /** @enum {string} */
                        status: "active" | "suspended" | "decommissioned";
                        team: string;
                        tenantId: string;
                        /** Format: date-time */
                        updatedAt: string;
                        version: number;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    reinstateAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agentId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string;
                        description?: string;
                        environment: string;
                        hygiene?: {
                            inactive?: {
                                /** Format: date-time */
                                idleSince: string;
                                thresholdsDays: number[];
                            };
                            keysWarned?: string[];
                        };
                        id: string;
                        keys: {
                            createdAt: string;
                            expiresAt: string;
                            keyId: string;
                        }[];
                        labels: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        lastSeenAt?: string;
                        name: string;
                        owner: string;
                        ownerHistory?: {
                            /** Format: date-time */
                            from: string;
                            owner: string;
                            setBy: string;
                            /** Format: date-time */
                            until?: string;
                            /** @enum {string} */
                            via: "registered" | "changed";
                        }[];
                        pins?: {
                            [key: string]: number;
                        };
                        quarantine?: {
                            by: string;
                            reason: string;
                            runId?: string;
                            /** Format: date-time */
                            until: string;
                        };
                        quotas: {
                            decisionsPerDay?: number;
                            decisionsPerMonth?: number;
                        };
                        role: string;
                        /** @enum {string} */
                        status: "active" | "suspended" | "decommissioned";
                        team: string;
                        tenantId: string;
                        /** Format: date-time */
                        updatedAt: string;
                        version: number;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    rotateAgentKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agentId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default 60 */
                    graceMinutes?: number;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agent: {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            description?: string;
                            environment: string;
                            hygiene?: {
                                inactive?: {
                                    /** Format: date-time */
                                    idleSince: string;
                                    thresholdsDays: number[];
                                };
                                keysWarned?: string[];
                            };
                            id: string;
                            keys: {
                                createdAt: string;
                                expiresAt: string;
                                keyId: string;
                            }[];
                            labels: {
                                [key: string]: string;
                            };
                            /** Format: date-time */
                            lastSeenAt?: string;
                            name: string;
                            owner: string;
                            ownerHistory?: {
                                /** Format: date-time */
                                from: string;
                                owner: string;
                                setBy: string;
                                /** Format: date-time */
                                until?: string;
                                /** @enum {string} */
                                via: "registered" | "changed";
                            }[];
                            pins?: {
                                [key: string]: number;
                            };
                            quarantine?: {
                                by: string;
                                reason: string;
                                runId?: string;
                                /** Format: date-time */
                                until: string;
                            };
                            quotas: {
                                decisionsPerDay?: number;
                                decisionsPerMonth?: number;
                            };
                            role: string;
                            /** @enum {string} */
                            status: "active" | "suspended" | "decommissioned";
                            team: string;
                            tenantId: string;
                            /** Format: date-time */
                            updatedAt: string;
                            version: number;
                        };
                        apiKey: string;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    suspendAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                agentId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string;
                        description?: string;
                        environment: string;
                        hygiene?: {
                            inactive?: {
                                /** Format: date-time */
                                idleSince: string;
                                thresholdsDays: number[];
                            };
                            keysWarned?: string[];
                        };
                        id: string;
                        keys: {
                            createdAt: string;
                            expiresAt: string;
                            keyId: string;
                        }[];
                        labels: {
                            [key: string]: string;
                        };
                        /** Format: date-time */
                        lastSeenAt?: string;
                        name: string;
                        owner: string;
                        ownerHistory?: {
                            /** Format: date-time */
                            from: string;
                            owner: string;
                            setBy: string;
                            /** Format: date-time */
                            until?: string;
                            /** @enum {string} */
                            via: "registered" | "changed";
                        }[];
                        pins?: {
                            [key: string]: number;
                        };
                        quarantine?: {
                            by: string;
                            reason: string;
                            runId?: string;
                            /** Format: date-time */
                            until: string;
                        };
                        quotas: {
                            decisionsPerDay?: number;
                            decisionsPerMonth?: number;
                        };
                        role: string;
                        /** @enum {string} */
                        status: "active" | "suspended" | "decommissioned";
                        team: string;
                        tenantId: string;
                        /** Format: date-time */
                        updatedAt: string;
                        version: number;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listAnomalies: {
        parameters: {
            query?: {
                agentId?: string;
                cursor?: string;
                kind?: "volume_spike" | "deny_spike" | "new_action";
                limit?: number;
                since?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listApprovals: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                status?: "pending" | "approved" | "rejected" | "expired" | "cancelled";
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    getApproval: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                approvalId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    approve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                approvalId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    reject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                approvalId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    comment?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    queryAudit: {
        parameters: {
            query?: {
                agentId?: string;
                cursor?: string;
                effect?: "allow" | "deny" | "require_approval";
                from?: string;
                kind?: "decision" | "change";
                limit?: number;
                to?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listAuditDigests: {
        parameters: {
            query?: {
                cursor?: string;
                from?: string;
                limit?: number;
                to?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    exportAudit: {
        parameters: {
            query?: {
                agentId?: string;
                format?: "ocsf";
                from?: string;
                kind?: "decision" | "change";
                to?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    verifyAudit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** Format: date-time */
                    from: string;
                    /** Format: date-time */
                    to: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    tenantBillingExport: {
        parameters: {
            query?: {
                focusVersion?: "1.3" | "1.2";
                format?: "csv" | "json";
                granularity?: "tenant" | "agent";
                period?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    reconcile: {
        parameters: {
            query?: {
                period?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listChannels: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    getChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                channel: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    putChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                channel: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    events: ("Approval.Requested" | "Approval.Escalated" | "Incident.Opened" | "Incident.Resolved" | "Anomaly.Detected" | "Quota.Threshold" | "Key.Expiring" | "Key.Expired" | "Agent.Inactive" | "Remediation.Notified" | "Decision.Made")[];
                    /** @constant */
                    kind: "webhook";
                    secret?: string;
                    url: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    deleteChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                channel: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listDeliveries: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                channel: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    testChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                channel: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    effectivePolicy: {
        parameters: {
            query?: {
                agentId?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listGrants: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    revokeGrant: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                grantId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listIncidents: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                status?: "open" | "acknowledged" | "resolved";
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    getIncident: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                incidentId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    acknowledgeIncident: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                incidentId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    note?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    resolveIncident: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                incidentId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    note?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    getMaturity: {
        parameters: {
            query?: {
                history?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    getMaturityReport: {
        parameters: {
            query?: {
                format?: "html" | "markdown";
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    tenantMetrics: {
        parameters: {
            query?: {
                agentId?: string;
                team?: string;
                window?: "1h" | "24h" | "7d" | "30d";
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    getMonitoring: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    putMonitoring: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default {} */
                    detectors?: {
                        /** @default {} */
                        deny_spike?: {
                            /** @default true */
                            enabled?: boolean;
                            /** @default 10 */
                            minDecisions?: number;
                            /** @default 0.3 */
                            minIncrease?: number;
                            /** @default 5 */
                            zScore?: number;
                        };
                        /** @default {} */
                        new_action?: {
                            /** @default true */
                            enabled?: boolean;
                        };
                        /** @default {} */
                        quota_threshold?: {
                            /** @default true */
                            enabled?: boolean;
                            /**
                             * @default [
                             *       0.8,
                             *       0.95
                             *     ]
                             */
                            thresholds?: number[];
                        };
                        /** @default {} */
                        volume_spike?: {
                            /** @default true */
                            enabled?: boolean;
                            /** @default 30 */
                            minDecisions?: number;
                            /** @default 5 */
                            zScore?: number;
                        };
                    };
                    /** @default 60 */
                    learningMinutes?: number;
                    quietHours?: {
                        from: string;
                        /** @default UTC */
                        timeZone?: string;
                        to: string;
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listPlaybooks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    getPlaybook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                playbookId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    putPlaybook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                playbookId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    /** @default true */
                    enabled?: boolean;
                    /**
                     * @default enforce
                     * @enum {string}
                     */
                    mode?: "enforce" | "dry_run";
                    steps: ({
                        /** @constant */
                        type: "suspend_agent";
                    } | {
                        hours: number;
                        /** @constant */
                        type: "quarantine_agent";
                    } | {
                        /** @constant */
                        type: "revoke_grants";
                    } | {
                        /** @constant */
                        type: "expire_key";
                    } | {
                        /** @constant */
                        type: "decommission_agent";
                    } | {
                        /**
                         * @default high
                         * @enum {string}
                         */
                        severity?: "low" | "medium" | "high" | "critical";
                        /** @constant */
                        type: "open_incident";
                    } | {
                        channel?: string;
                        /** @constant */
                        type: "notify";
                    } | {
                        /** @constant */
                        type: "wait_for_approval";
                    } | {
                        minutes: number;
                        /** @constant */
                        type: "wait";
                    })[];
                    trigger: {
                        /** @enum {string} */
                        event: "Anomaly.Detected" | "Incident.Opened" | "Quota.Threshold" | "Key.Expiring" | "Key.Expired" | "Agent.Inactive";
                        match?: {
                            [key: string]: string | number | boolean | {
                                gte?: number;
                                lte?: number;
                            };
                        };
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    deletePlaybook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                playbookId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    enableDefaultPlaybooks: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    savePolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                scope: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    defaults?: {
                        [key: string]: unknown;
                    };
                    reason: string;
                    rules: unknown[];
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    diffPolicy: {
        parameters: {
            query?: {
                from?: number;
                to?: number;
            };
            header?: never;
            path: {
                scope: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    rollbackPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                scope: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    reason: string;
                    toVersion: number;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listPolicyVersions: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                scope: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    getPolicyVersion: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                scope: string;
                tenantId: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    policyImpact: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                scope: string;
                tenantId: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default 10000 */
                    limit?: number;
                    /** @default 24 */
                    sinceHours?: number;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    publishPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                scope: string;
                tenantId: string;
                version: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @default 7 */
                    deprecateAfterDays?: number;
                    reason: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    getPolicyTests: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    putPolicyTests: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    scenarios: {
                        agent?: {
                            environment: string;
                            labels?: {
                                [key: string]: string;
                            };
                            name?: string;
                            role: string;
                            team: string;
                        };
                        agentId?: string;
                        /** @enum {string} */
                        expect: "allow" | "deny" | "require_approval";
                        expectRule?: string;
                        name: string;
                        request: {
                            action: string;
                            context?: {
                                [key: string]: unknown;
                            };
                            resource?: string;
                            tool?: string;
                        };
                        waitsFor?: {
                            scope: string;
                            version: number;
                        };
                    }[];
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    runPolicyTests: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    scope?: string;
                    version?: number;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listRemediations: {
        parameters: {
            query?: {
                agentId?: string;
                cursor?: string;
                limit?: number;
                status?: "running" | "waiting_for_approval" | "succeeded" | "failed" | "cancelled" | "throttled" | "reverted";
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    getRemediation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    approveRemediation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    cancelRemediation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    revertRemediation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                runId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listRoles: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: date-time */
                            createdAt: string;
                            description: string;
                            name: string;
                            quotas: {
                                decisionsPerDay?: number;
                                decisionsPerMonth?: number;
                            };
                            tenantId: string;
                            /** Format: date-time */
                            updatedAt: string;
                            updatedBy: string;
                            version: number;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    getRole: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                role: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        description: string;
                        name: string;
                        quotas: {
                            decisionsPerDay?: number;
                            decisionsPerMonth?: number;
                        };
                        tenantId: string;
                        /** Format: date-time */
                        updatedAt: string;
                        updatedBy: string;
                        version: number;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    putRole: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                role: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description: string;
                    quotas?: {
                        decisionsPerDay?: number;
                        decisionsPerMonth?: number;
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        description: string;
                        name: string;
                        quotas: {
                            decisionsPerDay?: number;
                            decisionsPerMonth?: number;
                        };
                        tenantId: string;
                        /** Format: date-time */
                        updatedAt: string;
                        updatedBy: string;
                        version: number;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    simulate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    agent?: {
                        environment: string;
                        labels?: {
                            [key: string]: string;
                        };
                        name?: string;
                        role: string;
                        team: string;
                    };
                    agentId?: string;
                    candidate?: {
                        scope: string;
                        version: number;
                    };
                    request: {
                        action: string;
                        context?: {
                            [key: string]: unknown;
                        };
                        resource?: string;
                        tool?: string;
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    listTeams: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            description?: string;
                            name: string;
                            quotas: {
                                decisionsPerDay?: number;
                                decisionsPerMonth?: number;
                            };
                            tenantId: string;
                            /** Format: date-time */
                            updatedAt?: string;
                            updatedBy?: string;
                            version: number;
                        }[];
                        nextCursor?: string;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    createTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    name: string;
                    quotas?: {
                        decisionsPerDay?: number;
                        decisionsPerMonth?: number;
                    };
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string;
                        description?: string;
                        name: string;
                        quotas: {
                            decisionsPerDay?: number;
                            decisionsPerMonth?: number;
                        };
                        tenantId: string;
                        /** Format: date-time */
                        updatedAt?: string;
                        updatedBy?: string;
                        version: number;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    updateTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                team: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string;
                    quotas?: {
                        decisionsPerDay?: number;
                        decisionsPerMonth?: number;
                    };
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        createdAt: string;
                        createdBy: string;
                        description?: string;
                        name: string;
                        quotas: {
                            decisionsPerDay?: number;
                            decisionsPerMonth?: number;
                        };
                        tenantId: string;
                        /** Format: date-time */
                        updatedAt?: string;
                        updatedBy?: string;
                        version: number;
                    };
                };
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    applyTemplate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                templateId: string;
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    parameters?: {
                        [key: string]: unknown;
                    };
                    reason?: string;
                    scope?: string;
                };
            };
        };
        responses: {
            /** @description Success */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
    usage: {
        parameters: {
            query?: {
                period?: string;
            };
            header?: never;
            path: {
                tenantId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Success */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            code: string;
                            details: ({
                                message: string;
                                path?: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                            message: string;
                            requestId: string;
                        };
                    };
                };
            };
        };
    };
}

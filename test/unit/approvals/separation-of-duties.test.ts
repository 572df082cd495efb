import { describe, expect, it } from 'vitest';
import { separationProblem, tooOldToDecide } from '../../../shared/approvals/separation-of-duties';
import { OWNER_WINDOW_DAYS, type OwnerTerm } from '../../../shared/tenancy/owner-history';

const DAY_MS = 86_400_000;
const OPENED = Date.parse('2026-12-01T00:00:00.000Z');
const at = (daysFromOpening: number) => new Date(OPENED + daysFromOpening * DAY_MS).toISOString();
const approval = {
  createdAt: at(0),
  agent: { id: 'agt_1', name: 'bot', team: 'ops', role: 'bot', environment: 'prod', owner: 'owner-at-opening' },
};

const term = (owner: string, from: number, until: number | undefined, setBy: string, via: OwnerTerm['via'] = 'changed'): OwnerTerm => ({
  owner,
  from: at(from),
  ...(until === undefined ? {} : { until: at(until) }),
  setBy,
  via,
});

describe('Function: separationProblem', () => {
  it('bars the owner the approval recorded when it opened', () => {
    expect(separationProblem('owner-at-opening', approval, [])).toBe('owner_cannot_approve');
  });

  it('bars the current owner, even one named after the approval opened', () => {
    const history = [term('owner-at-opening', -100, 1, 'admin', 'registered'), term('newcomer', 1, undefined, 'admin')];
    expect(separationProblem('newcomer', approval, history)).toBe('owner_cannot_approve');
  });

  it('bars a former owner whose term ended within the window before the approval opened', () => {
    const history = [
      term('former', -100, -(OWNER_WINDOW_DAYS - 1), 'admin', 'registered'),
      term('made-up', -(OWNER_WINDOW_DAYS - 1), undefined, 'former'),
    ];
    expect(separationProblem('former', { ...approval, agent: { ...approval.agent, owner: 'made-up' } }, history)).toBe(
      'owner_cannot_approve',
    );
  });

  it('lets a former owner whose term ended before the window decide', () => {
    const history = [
      term('former', -100, -(OWNER_WINDOW_DAYS + 1), 'admin', 'registered'),
      term('owner-at-opening', -(OWNER_WINDOW_DAYS + 1), undefined, 'admin'),
    ];
    expect(separationProblem('former', approval, history)).toBeUndefined();
  });

  it('bars whoever changed the owner within the window, and only within it', () => {
    const history = [
      term('a', -100, -40, 'admin', 'registered'),
      term('b', -40, -10, 'early-changer'),
      term('owner-at-opening', -10, undefined, 'recent-changer'),
    ];
    expect(separationProblem('recent-changer', approval, history)).toBe('owner_changer_cannot_approve');
    expect(separationProblem('early-changer', approval, history)).toBeUndefined();
  });

  it('bars whoever changes the owner while the approval is pending', () => {
    const history = [term('owner-at-opening', -100, 2, 'admin', 'registered'), term('someone', 2, undefined, 'meddler')];
    expect(separationProblem('meddler', approval, history)).toBe('owner_changer_cannot_approve');
  });

  it('bars the operator who registered the agent within the window, naming its owner (a made-up one included)', () => {
    const history = [term('owner-at-opening', -1, undefined, 'registrar', 'registered')];
    expect(separationProblem('registrar', approval, history)).toBe('owner_changer_cannot_approve');
  });

  it('lets the operator who registered the agent before the window decide', () => {
    const history = [term('owner-at-opening', -(OWNER_WINDOW_DAYS + 1), undefined, 'registrar', 'registered')];
    expect(separationProblem('registrar', approval, history)).toBeUndefined();
  });

  it('lets anyone else decide', () => {
    const history = [term('a', -20, -5, 'admin', 'registered'), term('owner-at-opening', -5, undefined, 'admin')];
    expect(separationProblem('bystander', approval, history)).toBeUndefined();
  });
});

describe('Function: tooOldToDecide', () => {
  it('is false up to the window after the approval opened and true beyond it', () => {
    expect(tooOldToDecide(approval, OPENED + OWNER_WINDOW_DAYS * DAY_MS)).toBe(false);
    expect(tooOldToDecide(approval, OPENED + OWNER_WINDOW_DAYS * DAY_MS + 1)).toBe(true);
  });
});

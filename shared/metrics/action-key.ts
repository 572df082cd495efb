/**
 * An action and its tool as one string, the name the rollups count them under (the actions an
 * agent used in a minute, the denied decisions per action): a JSON pair, so any action or tool
 * name (they are free text) round-trips.
 */

/** What an agent asked to do, as the audit record has it. */
export interface ActionAndTool {
  readonly action: string;
  readonly tool?: string;
}

/** The key of an action and tool: `["payments:refund"]` or `["tool:invoke","crm.read"]`. */
export const actionKeyOf = ({ action, tool }: ActionAndTool): string => JSON.stringify(tool === undefined ? [action] : [action, tool]);

/** The action and tool of a key made by actionKeyOf. */
export function actionOfKey(key: string): ActionAndTool {
  const [action, tool] = JSON.parse(key) as [string, string?];
  return tool === undefined ? { action } : { action, tool };
}

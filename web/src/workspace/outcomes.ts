import type { StagedOutcome } from './use-workspace';

/** What a staged contact became, as the workspace and the report say it. */
export const outcomeLabels: Record<StagedOutcome, string> = {
  pending: 'Not processed yet',
  created: 'Created',
  merged: 'Merged',
  discarded: 'Discarded',
  notProcessed: 'Not processed',
  undone: 'Undone',
};

/** Badge colours by outcome (dark enough text on the light variant). */
export const outcomeColors: Record<StagedOutcome, string> = {
  pending: 'gray',
  created: 'green',
  merged: 'blue',
  discarded: 'red',
  notProcessed: 'gray',
  undone: 'orange',
};

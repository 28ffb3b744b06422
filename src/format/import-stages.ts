/**
 * Stages and statuses of an import process, in NexJ's words. The data layer stores them, the
 * stages move jobs between them and every shell shows them, so they live below all three.
 */
export const importStages = [
  'Load Package',
  'Review Staged Data',
  'Match',
  'Review Match Results',
  'Process',
  'Completed',
] as const;
export const importStatuses = ['Running', 'Waiting for User', 'Completed', 'Failed'] as const;

export type ImportStage = (typeof importStages)[number];
export type ImportStatus = (typeof importStatuses)[number];

/**
 * The header of a match results export, as a user reads it (docs/review-and-process.md): written
 * out here rather than imported from src, so that the HTTP and CLI tests check the product
 * against what was promised, not against itself.
 */
export const matchExportColumns = [
  'Staged Contact ID',
  'Legacy Key',
  'Name',
  'Action',
  'Suggestion Rank',
  'Selected',
  'Match Contact ID',
  'Match Staged Contact ID',
  'Match Name',
  'Match Owner',
  'Match Legacy Keys',
  'Score',
  'Band',
  'Explanation',
];

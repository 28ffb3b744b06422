/** The texts of the notification alarm, exactly as users of NexJ know them. */
export function importSucceededText(description: string): string {
  return `Import of Package "${description}" Completed Successfully`;
}

export function importFailedText(description: string): string {
  return `Error during Contact Import of Package "${description}"`;
}

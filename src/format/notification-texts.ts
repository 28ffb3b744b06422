/** The texts of the notification alarm, exactly as users of NexJ know them. */
export function importSucceededText(description: string): string {
  return `Import of Package "${description}" Completed Successfully`;
}

export function importFailedText(description: string): string {
  return `Error during Contact Import of Package "${description}"`;
}

/**
 * Complete Import's own alarm (the seed's success text belongs to loading the package): it names
 * the contact list the completion made and how many contacts it holds.
 */
export function importCompletedText(description: string, list: { name: string; size: number }): string {
  const contacts = list.size === 1 ? '1 Contact' : `${list.size.toLocaleString('en-US')} Contacts`;
  return `Complete Import of Package "${description}" Finished: Contact List "${list.name}" Holds ${contacts}`;
}

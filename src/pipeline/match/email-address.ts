/**
 * Email addresses in the form two exports of one mailbox share: lower case throughout (mail
 * providers ignore case in practice) and, optionally, Gmail's ignored dots and "+tags".
 */
export interface EmailOptions {
  /** john.smith+crm@gmail.com → johnsmith@gmail.com. On by default: Gmail ignores both. */
  canonicalGmail?: boolean;
}

const gmailDomains = new Set(['gmail.com', 'googlemail.com']);

/** @example normaliseEmail(' John.Smith+news@GMail.com ') // "johnsmith@gmail.com" */
export function normaliseEmail(email: string, options: EmailOptions = {}): string | undefined {
  const text = email.trim().toLowerCase();
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1) return undefined;
  let local = text.slice(0, at);
  let domain = text.slice(at + 1);
  if ((options.canonicalGmail ?? true) && gmailDomains.has(domain)) {
    local = local.replace(/\+.*$/, '').replaceAll('.', '');
    domain = 'gmail.com';
  }
  return `${local}@${domain}`;
}

/** The part before the @ of a normalised address. */
export function localPartOf(normalisedEmail: string): string {
  return normalisedEmail.slice(0, normalisedEmail.lastIndexOf('@'));
}

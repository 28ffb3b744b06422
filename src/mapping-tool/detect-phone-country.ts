/**
 * The country to read a file's phone numbers in when they are written without "+": the one
 * with which the importer's own phone reader accepts the most of them.
 */
import { convertPhone } from '../pipeline/map/value-converters.js';

/** Countries whose exports we meet most, in order of preference when they read as many. */
const candidates = ['US', 'CA', 'FR', 'GB', 'DE', 'BE', 'CH', 'ES', 'IT', 'NL', 'IE', 'LU', 'AU'];

export function detectPhoneCountry(
  phones: readonly string[],
  preferred: readonly string[] = [],
): { country: string; share: number } | undefined {
  if (phones.length === 0) return undefined;
  let best: { country: string; share: number } | undefined;
  for (const country of [...preferred, ...candidates.filter((candidate) => !preferred.includes(candidate))]) {
    const valid = phones.filter((phone) => convertPhone(phone, country).ok).length;
    const share = valid / phones.length;
    if (!best || share > best.share) best = { country, share: Math.round(share * 100) / 100 };
  }
  return best && best.share > 0 ? best : undefined;
}

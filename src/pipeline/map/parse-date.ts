/**
 * Reads a date written in a declared format (tokens YYYY, YY, MM, M, DD, D) and returns it as
 * ISO "YYYY-MM-DD", or undefined when the text does not fit the format or the date does not
 * exist (31/02). Parsing is strict on purpose: "03/04/2020" is only ever read one way, the way
 * the mapping file says.
 */
export type DateReader = (text: string) => string | undefined;

const tokenPattern = /YYYY|YY|MM|M|DD|D/g;
const tokenRegex: Record<string, string> = {
  YYYY: '(\\d{4})',
  YY: '(\\d{2})',
  MM: '(\\d{2})',
  M: '(\\d{1,2})',
  DD: '(\\d{2})',
  D: '(\\d{1,2})',
};

const escapeLiteral = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function createDateReader(format: string, now = new Date()): DateReader {
  const tokens: string[] = [];
  let pattern = '';
  let last = 0;
  for (const match of format.matchAll(tokenPattern)) {
    pattern += escapeLiteral(format.slice(last, match.index)) + tokenRegex[match[0]];
    tokens.push(match[0]);
    last = match.index + match[0].length;
  }
  pattern += escapeLiteral(format.slice(last));
  const regex = new RegExp(`^${pattern}$`);
  // Two-digit years: up to this year's two digits means 20xx, later means 19xx.
  const pivot = now.getUTCFullYear() % 100;

  return (text) => {
    const match = regex.exec(text);
    if (!match) return undefined;
    let year = 0;
    let month = 0;
    let day = 0;
    tokens.forEach((token, index) => {
      const value = Number(match[index + 1]);
      if (token === 'YYYY') year = value;
      else if (token === 'YY') year = value <= pivot ? 2000 + value : 1900 + value;
      else if (token === 'MM' || token === 'M') month = value;
      else day = value;
    });
    if (month < 1 || month > 12 || day < 1 || year < 1) return undefined;
    const date = new Date(Date.UTC(year, month - 1, day));
    if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
      return undefined;
    }
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  };
}

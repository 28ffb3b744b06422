/**
 * The text a spreadsheet shows for a cell: numbers and dates are stored as numbers with a number
 * format, and a person importing a sheet expects what they saw, not the stored serial number.
 * Covers the formats contact lists use (dates, times, fixed decimals, thousands, percent, text);
 * any other format shows the number as Excel's "General" does.
 */

/** Built-in number formats that Excel shows as dates or times (ECMA-376 part 1, 18.8.30). */
const builtInFormats: Record<number, string> = {
  0: 'General',
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  // Excel shows id 14 in the reader's locale (3/9/1980, 09.03.1980 ...): ISO is the one reading
  // that is the same for everybody, and the mapping's default date format.
  14: 'yyyy-mm-dd',
  15: 'd-mmm-yy',
  16: 'd-mmm',
  17: 'mmm-yy',
  18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM',
  20: 'h:mm',
  21: 'h:mm:ss',
  22: 'yyyy-mm-dd h:mm',
  45: 'mm:ss',
  46: '[h]:mm:ss',
  47: 'mm:ss.0',
  49: '@',
};

export function numberFormatCode(id: number, custom: ReadonlyMap<number, string>): string {
  return custom.get(id) ?? builtInFormats[id] ?? 'General';
}

/** The format with quoted text, escapes and [colour]/[condition] sections blanked out. */
function formatTokens(code: string): string {
  return code.replace(/"[^"]*"|\\.|\[[^\]]*\]|_.|\*./g, ' ');
}

export function isDateFormat(code: string): boolean {
  const section = formatTokens(code.split(';')[0] ?? '');
  return /[ymdhs]/i.test(section) && !/^General$/i.test(code.trim());
}

const monthNames = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const pad = (value: number, length = 2) => String(value).padStart(length, '0');

/** A serial day number as a UTC date: days since 1899-12-30 (or 1904-01-01 in 1904 workbooks). */
export function serialToDate(serial: number, date1904: boolean): Date {
  // Excel counts 1900-02-29, which did not exist: serials before it are one day off.
  const days = date1904 ? serial + 1462 : serial < 60 ? serial + 1 : serial;
  return new Date(Date.UTC(1899, 11, 30) + Math.round(days * 86_400_000));
}

/** Renders a date with an Excel date/time format code. */
export function formatDate(date: Date, code: string): string {
  const section = (code.split(';')[0] ?? code).replace(/\[[^\]]*\]/g, '');
  const twelveHour = /AM\/PM|A\/P/i.test(section);
  const tokens =
    section.match(/"[^"]*"|\\.|yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|AM\/PM|A\/P|\.0+|./gi) ?? [];
  let out = '';
  let lastWasHour = false;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const lower = token.toLowerCase();
    // "m" right after an hour or right before seconds means minutes.
    const nextTimeToken =
      tokens
        .slice(index + 1)
        .find((t) => /^[a-z]/i.test(t))
        ?.toLowerCase() ?? '';
    const minutes = (lower === 'm' || lower === 'mm') && (lastWasHour || nextTimeToken.startsWith('s'));
    const hours24 = date.getUTCHours();
    const hours = twelveHour ? hours24 % 12 || 12 : hours24;
    if (token.startsWith('"')) out += token.slice(1, -1);
    else if (token.startsWith('\\')) out += token.slice(1);
    else if (lower === 'yyyy') out += pad(date.getUTCFullYear(), 4);
    else if (lower === 'yy') out += pad(date.getUTCFullYear() % 100);
    else if (minutes) out += lower === 'mm' ? pad(date.getUTCMinutes()) : String(date.getUTCMinutes());
    else if (lower === 'mmmm') out += monthNames[date.getUTCMonth()];
    else if (lower === 'mmm') out += monthNames[date.getUTCMonth()]!.slice(0, 3);
    else if (lower === 'mm') out += pad(date.getUTCMonth() + 1);
    else if (lower === 'm') out += String(date.getUTCMonth() + 1);
    else if (lower === 'dddd') out += dayNames[date.getUTCDay()];
    else if (lower === 'ddd') out += dayNames[date.getUTCDay()]!.slice(0, 3);
    else if (lower === 'dd') out += pad(date.getUTCDate());
    else if (lower === 'd') out += String(date.getUTCDate());
    else if (lower === 'hh') out += pad(hours);
    else if (lower === 'h') out += String(hours);
    else if (lower === 'ss') out += pad(date.getUTCSeconds());
    else if (lower === 's') out += String(date.getUTCSeconds());
    else if (lower === 'am/pm') out += hours24 < 12 ? 'AM' : 'PM';
    else if (lower === 'a/p') out += hours24 < 12 ? 'A' : 'P';
    else if (token.startsWith('.0'))
      out += `.${pad(date.getUTCMilliseconds(), 3).slice(0, token.length - 1)}`;
    else out += token;
    if (/^[a-z]/i.test(token)) lastWasHour = lower === 'h' || lower === 'hh';
  }
  return out;
}

/** A number as Excel's General format shows it, without binary floating-point noise. */
export function generalNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}

/** Renders a number with a (non-date) format code. */
export function formatNumber(value: number, code: string): string {
  const section = formatTokens((code.split(';')[0] ?? code).trim());
  if (/^general$/i.test(section.trim()) || section.trim() === '' || section.includes('@')) {
    return generalNumber(value);
  }
  if (/E[+-]/i.test(section)) return generalNumber(value);
  const percent = section.includes('%');
  const scaled = percent ? value * 100 : value;
  const decimals = /\.(0+)/.exec(section)?.[1]?.length ?? 0;
  const grouped = /#,##0|0,000/.test(section);
  let text = scaled.toFixed(decimals);
  if (grouped) {
    const [whole, fraction] = text.split('.');
    text = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction !== undefined ? `.${fraction}` : '');
  }
  // Leading zeros of formats like "00000" (postal codes) are what the sheet shows.
  const zeros = /^[^0#.]*?(0+)(?![\d#])/.exec(section.split('.')[0] ?? '')?.[1]?.length ?? 0;
  if (!grouped && zeros > 1) {
    const negative = text.startsWith('-');
    const [whole, fraction] = (negative ? text.slice(1) : text).split('.');
    text = `${negative ? '-' : ''}${whole!.padStart(zeros, '0')}${fraction !== undefined ? `.${fraction}` : ''}`;
  }
  return percent ? `${text}%` : text;
}

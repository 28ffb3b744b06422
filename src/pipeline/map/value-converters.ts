/**
 * Turns one trimmed, non-empty CSV value into a typed attribute value, or explains in words a
 * person understands why it cannot. Each converter is pure and cheap: it runs once per value of
 * millions of rows.
 */
import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { RowErrorCode } from '../../errors/dovetail-error.js';
import type { AttributeValue } from '../../format/mapped-record.js';

export type Conversion =
  | { ok: true; value: AttributeValue }
  | { ok: false; code: RowErrorCode; message: string };

const ok = (value: AttributeValue): Conversion => ({ ok: true, value });
const fail = (code: RowErrorCode, message: string): Conversion => ({ ok: false, code, message });

// Deliberately simple: one @, a dotted domain, no spaces. Full RFC 5322 accepts addresses no
// mail server delivers to, and a stricter rule would reject real ones.
const emailPattern = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[^\s@"<>(),;:.]{2,}$/;

export function convertEmail(text: string): Conversion {
  if (!emailPattern.test(text) || text.includes('..')) {
    return fail('ROW_INVALID_EMAIL', `"${text}" is not a valid email address`);
  }
  const at = text.lastIndexOf('@');
  return ok(`${text.slice(0, at)}@${text.slice(at + 1).toLowerCase()}`);
}

export function convertPhone(text: string, defaultCountry: string): Conversion {
  const phone = parsePhoneNumberFromString(text, defaultCountry as CountryCode);
  if (!phone?.isValid()) {
    return fail(
      'ROW_INVALID_PHONE',
      `"${text}" is not a valid phone number (numbers without a "+" prefix are read as ${defaultCountry} numbers)`,
    );
  }
  // E.164 has no extension; keep it in the RFC 3966 form rather than lose it.
  return ok(phone.ext ? `${phone.number};ext=${phone.ext}` : phone.number);
}

export function convertUrl(text: string): Conversion {
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  try {
    const url = new URL(candidate);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.'))
      return ok(url.href);
  } catch {
    // falls through to the error below
  }
  return fail('ROW_INVALID_URL', `"${text}" is not a valid web address`);
}

const trueWords = new Set(['1', 'true', 'yes', 'y', 'x', 't', 'oui', 'primary']);
const falseWords = new Set(['0', 'false', 'no', 'n', 'f', 'non']);

export function convertBoolean(text: string): Conversion {
  const word = text.toLowerCase();
  if (trueWords.has(word)) return ok(1);
  if (falseWords.has(word)) return ok(0);
  return fail('ROW_INVALID_BOOLEAN', `"${text}" is not a yes/no value (use yes, no, true, false, 1 or 0)`);
}

/**
 * Reads 1234.5, 1,234.5, 1.234,5 and 1234,5. With both separators the last one is the decimal
 * mark; a lone comma is a decimal mark (European exports) unless it groups thousands as in 1,234,567.
 */
export function convertNumber(text: string): Conversion {
  const compact = text.replace(/[\s\u00a0']/g, '');
  const lastDot = compact.lastIndexOf('.');
  const lastComma = compact.lastIndexOf(',');
  let normalised = compact;
  if (lastDot >= 0 && lastComma >= 0) {
    const [group, decimal] = lastDot > lastComma ? [',', '.'] : ['.', ','];
    normalised = compact.replaceAll(group, '').replace(decimal, '.');
  } else if (lastComma >= 0) {
    normalised = /^[-+]?\d{1,3}(,\d{3}){2,}$/.test(compact)
      ? compact.replaceAll(',', '')
      : compact.replace(',', '.');
  }
  if (!/^[-+]?(\d+(\.\d+)?|\.\d+)$/.test(normalised)) {
    return fail('ROW_INVALID_NUMBER', `"${text}" is not a number`);
  }
  return ok(normalised);
}

/** Matches a value against allowed codes, ignoring case, and returns the canonical spelling. */
export function convertCode(text: string, codes: readonly string[], what: string): Conversion {
  const lower = text.toLowerCase();
  const code = codes.find((candidate) => candidate.toLowerCase() === lower);
  if (code === undefined) {
    return fail(
      'ROW_UNKNOWN_CODE',
      `"${text}" is not a known ${what} (expected one of: ${codes.join(', ')})`,
    );
  }
  return ok(code);
}

export function convertText(text: string, maxLength: number | undefined, label: string): Conversion {
  if (maxLength !== undefined && text.length > maxLength) {
    return fail(
      'ROW_TOO_LONG',
      `${label} is ${text.length} characters long; at most ${maxLength} are allowed`,
    );
  }
  return ok(text);
}

/**
 * What a value looks like: an email, a phone number, a date, a number, a postal code, a
 * country, a yes/no flag, a web address. Counted per column by the profiler; suggestions use
 * the shares when a header says nothing.
 */
export const valueShapes = [
  'email',
  'phone',
  'date',
  'number',
  'postalCode',
  'country',
  'yesNo',
  'url',
  'text',
] as const;
export type ValueShape = (typeof valueShapes)[number];

const emailShape = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[a-z]{2,}$/i;
const phoneShape = /^(\+|00|\()?[\d\s().\-/]{6,}(\s*(x|ext\.?|#)\s*\d+)?$/i;
const numberShape = /^[+-]?(\d{1,3}([ ,'.]\d{3})+|\d+)([.,]\d+)?$/;
const urlShape = /^(https?:\/\/)?(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i;
const postalShapes = [
  /^\d{5}(-\d{4})?$/, // US ZIP, France, Germany, Spain, Italy
  /^\d{4}$/, // Belgium, Switzerland, Austria, Denmark …
  /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i, // UK
  /^[A-Z]\d[A-Z] ?\d[A-Z]\d$/i, // Canada
  /^\d{4} ?[A-Z]{2}$/i, // Netherlands
];
const yesNoWords = new Set([
  'y',
  'n',
  'yes',
  'no',
  'true',
  'false',
  'oui',
  'non',
  'o',
  't',
  'f',
  'x',
  '0',
  '1',
  'vrai',
  'faux',
]);
const dateLike = /^\d{1,4}[./\- ]\d{1,2}[./\- ]\d{1,4}$|^\d{8}$/;

let countryNames: Set<string> | undefined;

/** Country names in English and French and ISO codes, lower case, as Intl knows them. */
function countries(): Set<string> {
  if (countryNames) return countryNames;
  const names = new Set<string>([
    'usa',
    'uk',
    'u.s.a.',
    'u.s.',
    'england',
    'scotland',
    'wales',
    'etats-unis',
    'royaume-uni',
  ]);
  const english = new Intl.DisplayNames(['en'], { type: 'region' });
  const french = new Intl.DisplayNames(['fr'], { type: 'region' });
  for (let first = 65; first <= 90; first++) {
    for (let second = 65; second <= 90; second++) {
      const code = String.fromCharCode(first, second);
      const name = english.of(code);
      if (!name || name === code) continue;
      names.add(code.toLowerCase());
      names.add(name.toLowerCase());
      names.add((french.of(code) ?? '').toLowerCase());
    }
  }
  countryNames = names;
  return names;
}

export function isCountry(value: string): boolean {
  return countries().has(value.trim().toLowerCase());
}

/** The shapes a value has (a value can have several: "75001" is a number and a postal code). */
export function shapesOf(value: string): ValueShape[] {
  const shapes: ValueShape[] = [];
  if (emailShape.test(value)) return ['email'];
  if (dateLike.test(value)) shapes.push('date');
  if (numberShape.test(value)) shapes.push('number');
  if (postalShapes.some((shape) => shape.test(value))) shapes.push('postalCode');
  const digits = value.replace(/\D/g, '').length;
  const isDate = shapes.includes('date');
  if (!isDate && digits >= 7 && digits <= 15 && phoneShape.test(value)) shapes.push('phone');
  if (yesNoWords.has(value.toLowerCase())) shapes.push('yesNo');
  if (isCountry(value)) shapes.push('country');
  if (shapes.length === 0 && urlShape.test(value) && /[a-z]/i.test(value)) shapes.push('url');
  if (shapes.length === 0) shapes.push('text');
  return shapes;
}

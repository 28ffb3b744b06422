/**
 * One vCard as the values a contact import needs. vCard 3.0 and 4.0 (Apple Contacts, iCloud,
 * Google, Thunderbird) are parsed by ical.js; vCard 2.1 (Android, Outlook) is first rewritten as
 * 3.0: bare parameters become TYPE parameters and quoted-printable values are decoded in their
 * CHARSET. Labels come out as the words Google Contacts' CSV uses ("Mobile", "Work Fax", "Home
 * Page"), which the mapping tool and the type lookups already know.
 */
import ICAL from 'ical.js';
import iconv from 'iconv-lite';

export interface LabelledValue {
  label: string;
  value: string;
}

export interface PostalAddress {
  label: string;
  poBox: string;
  extended: string;
  street: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
}

export interface VCardContact {
  uid: string;
  firstName: string;
  middleName: string;
  lastName: string;
  prefix: string;
  suffix: string;
  nickname: string;
  organization: string;
  department: string;
  title: string;
  birthday: string;
  notes: string;
  categories: string[];
  emails: LabelledValue[];
  phones: LabelledValue[];
  addresses: PostalAddress[];
  websites: LabelledValue[];
}

type JCardProperty = [
  name: string,
  params: Record<string, string | string[]>,
  type: string,
  ...values: unknown[],
];

/** Apple's standard labels (X-ABLabel:_$!<HomePage>!$_) in Google's words. */
const appleLabels: Record<string, string> = {
  homepage: 'Home Page',
  home: 'Home',
  work: 'Work',
  other: 'Other',
  main: 'Main',
  mobile: 'Mobile',
  iphone: 'Mobile',
  homefax: 'Home Fax',
  workfax: 'Work Fax',
  otherfax: 'Other Fax',
  pager: 'Pager',
  school: 'School',
};

/** TYPE values that say nothing a contact keeps. */
const ignoredTypes = new Set([
  'pref',
  'internet',
  'voice',
  'x400',
  'text',
  'msg',
  'dom',
  'intl',
  'postal',
  'parcel',
]);

/** Parses the unfolded properties of one card; throws with ical.js's message when they are not vCard. */
export function parseVCard(properties: readonly string[]): VCardContact {
  const version = properties
    .find((line) => /^VERSION:/i.test(line))
    ?.slice(8)
    .trim();
  const lines = version === '2.1' ? properties.map(rewriteVersion21) : [...properties];
  const text = [
    'BEGIN:VCARD',
    ...lines.filter((line) => !/^VERSION:/i.test(line)),
    'VERSION:3.0',
    'END:VCARD',
  ].join('\r\n');
  const parsed = ICAL.parse(text) as unknown as [string, JCardProperty[], unknown[]];
  return contactOf(parsed[1]);
}

function contactOf(properties: JCardProperty[]): VCardContact {
  const labelsByGroup = new Map<string, string>();
  for (const [name, params, , value] of properties) {
    if (name === 'x-ablabel' && typeof params.group === 'string')
      labelsByGroup.set(params.group.toLowerCase(), labelText(String(value)));
  }
  const first = (name: string) => properties.find((property) => property[0] === name);
  const all = (name: string) => properties.filter((property) => property[0] === name);
  const parts = (property: JCardProperty | undefined): string[] => {
    if (!property) return [];
    const value = property[3];
    return (Array.isArray(value) ? value : [value]).map((part) => flatten(part));
  };
  const labelOf = (property: JCardProperty, kind: 'email' | 'phone' | 'address' | 'website') =>
    (typeof property[1].group === 'string'
      ? labelsByGroup.get(property[1].group.toLowerCase())
      : undefined) ?? labelFromTypes(typesOf(property[1]), kind);

  const [lastName = '', firstName = '', middleName = '', prefix = '', suffix = ''] = parts(first('n'));
  const [organization = '', ...departments] = parts(first('org'));
  const names = { firstName, lastName };
  if (firstName.trim() === '' && lastName.trim() === '') {
    const fullName = parts(first('fn'))[0] ?? '';
    // A company's card (Apple: X-ABShowAs:COMPANY) names the company: kept whole, not split.
    const companyCard =
      flatten(first('x-abshowas')?.[3]).toUpperCase() === 'COMPANY' ||
      (fullName !== '' && fullName === organization);
    Object.assign(names, companyCard ? { firstName: '', lastName: fullName } : splitFullName(fullName));
  }
  return {
    uid: parts(first('uid'))[0] ?? '',
    ...names,
    middleName,
    prefix,
    suffix,
    nickname: all('nickname')
      .flatMap((property) => property.slice(3).map(flatten))
      .join(', '),
    organization,
    department: departments.filter((part) => part !== '').join(', '),
    title: parts(first('title'))[0] ?? '',
    birthday: birthdayOf(first('bday')),
    notes: all('note')
      .map((property) => parts(property).join(';'))
      .join('\n'),
    categories: all('categories')
      .flatMap((property) => property.slice(3).map(flatten))
      .filter((value) => value !== ''),
    emails: all('email').map((property) => ({
      label: labelOf(property, 'email'),
      value: parts(property)[0] ?? '',
    })),
    phones: all('tel').map((property) => ({
      label: labelOf(property, 'phone'),
      value: (parts(property)[0] ?? '').replace(/^tel:/i, ''),
    })),
    addresses: all('adr').map((property) => {
      const [poBox = '', extended = '', street = '', city = '', region = '', postalCode = '', country = ''] =
        parts(property);
      return {
        label: labelOf(property, 'address'),
        poBox,
        extended,
        street,
        city,
        region,
        postalCode,
        country,
      };
    }),
    websites: all('url').map((property) => ({
      label: labelOf(property, 'website'),
      value: parts(property)[0] ?? '',
    })),
  };
}

function flatten(value: unknown): string {
  if (Array.isArray(value)) return value.map(flatten).join(' ');
  return value === undefined || value === null ? '' : String(value).trim();
}

function typesOf(params: Record<string, string | string[]>): string[] {
  const type = params.type;
  const list = type === undefined ? [] : Array.isArray(type) ? type : [type];
  return list.flatMap((entry) => entry.split(',')).map((entry) => entry.trim().toLowerCase());
}

function labelText(raw: string): string {
  const standard = /^_\$!<(.*)>!\$_$/.exec(raw);
  if (!standard) return raw.trim();
  return appleLabels[standard[1]!.toLowerCase()] ?? standard[1]!;
}

function labelFromTypes(types: string[], kind: 'email' | 'phone' | 'address' | 'website'): string {
  const has = (type: string) => types.includes(type);
  if (kind === 'phone') {
    if (has('fax')) return has('home') ? 'Home Fax' : has('work') ? 'Work Fax' : 'Other Fax';
    if (has('cell') || has('iphone') || has('mobile')) return 'Mobile';
    if (has('pager')) return 'Pager';
    if (has('main')) return 'Main';
  }
  if (has('home')) return kind === 'website' ? 'Home Page' : 'Home';
  if (has('work')) return 'Work';
  const other = types.find((type) => !ignoredTypes.has(type) && !type.startsWith('x-'));
  if (other !== undefined) return other.charAt(0).toUpperCase() + other.slice(1);
  return kind === 'website' ? 'Home Page' : '';
}

/**
 * A birthday as YYYY-MM-DD, or --MM-DD when the year is not known (Apple writes 1604 with
 * X-APPLE-OMIT-YEAR; vCard 4.0 writes --MMDD): the import then keeps the contact and warns.
 */
function birthdayOf(property: JCardProperty | undefined): string {
  if (!property) return '';
  const raw = flatten(property[3]);
  const omitYear = property[1]['x-apple-omit-year'];
  const date = /^(\d{4}|--)-?(\d{2})-?(\d{2})/.exec(raw);
  if (!date) return raw;
  const year = date[1] === '--' || date[1] === omitYear ? '-' : date[1];
  return `${year}-${date[2]}-${date[3]}`;
}

/** A card with only a formatted name (FN): the last word is the last name, as people read it. */
function splitFullName(full: string): { firstName: string; lastName: string } {
  const words = full
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  if (words.length === 0) return { firstName: '', lastName: '' };
  return { firstName: words.slice(0, -1).join(' '), lastName: words[words.length - 1]! };
}

/**
 * A vCard 2.1 property line as 3.0: `TEL;WORK;VOICE:…` → `TEL;TYPE=WORK;TYPE=VOICE:…`, and
 * `N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller` → `N:Müller`.
 */
function rewriteVersion21(line: string): string {
  const colon = line.indexOf(':');
  if (colon < 0) return line;
  const [name, ...rawParams] = line.slice(0, colon).split(';');
  let value = line.slice(colon + 1);
  let charset = 'utf-8';
  let quoted = false;
  const params: string[] = [];
  for (const param of rawParams) {
    const equals = param.indexOf('=');
    const key = equals < 0 ? '' : param.slice(0, equals).toUpperCase();
    const paramValue = equals < 0 ? param : param.slice(equals + 1);
    if (key === 'CHARSET') charset = paramValue;
    else if ((key === 'ENCODING' || key === '') && /^quoted-printable$/i.test(paramValue)) quoted = true;
    else if (key === '' && /^(8bit|7bit)$/i.test(paramValue)) continue;
    else params.push(key === '' ? `TYPE=${paramValue}` : param);
  }
  // Without quoted-printable the file's own decoding already applied: CHARSET has nothing left to do.
  if (quoted) value = decodeQuotedPrintable(value, charset);
  // 2.1 does not escape commas or line breaks; 3.0 does. Semicolons separate parts in both.
  const escaped = value.replace(/\\(?![;,nN\\])/g, '\\\\').replace(/\r\n|\r|\n/g, '\\n');
  const text = /^(?:[\w-]+\.)?CATEGORIES$/i.test(name!) ? escaped : escaped.replace(/(?<!\\),/g, '\\,');
  return `${[name, ...params].join(';')}:${text}`;
}

function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const hex = value[i] === '=' ? value.slice(i + 1, i + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      const code = value.charCodeAt(i);
      if (code < 0x80) bytes.push(code);
      else bytes.push(...Buffer.from(value[i]!, 'utf8'));
    }
  }
  const buffer = Buffer.from(bytes);
  return iconv.encodingExists(charset) ? iconv.decode(buffer, charset) : buffer.toString('utf8');
}

// biome-ignore-all format: word lists read best one entry per line
/**
 * Reads a wide contact export's column header as the phone, email, fax, web address or address
 * part it holds, whatever the order of its words: "Home Phone 2", "Telefon (privat 2)" (said
 * "phone home 2" in English), "Person - Phone - Work", "Address 1: ZIP/Postal Code",
 * "Privat: PLZ", "Primary Address Street", "Street address line 1". Every word must be understood:
 * a header with a word this reader does not know ("Email status", "Phone Extension") is not
 * read as a child column, so a column is never fed by a guess on half its name.
 */
import { type ChildKind, childTarget } from './column-target.js';

export interface WideReading {
  /** The child target, or null: the column is known and deliberately left alone. */
  target: string | null;
  reason: string;
}

/** Words that make a column one to leave: not the contact's own data, or not importable. */
const leaveWords: Record<string, string> = {
  assistant: "the assistant's, not the contact's",
  assistants: "the assistant's, not the contact's",
  callback: 'a callback number',
  radio: 'a radio phone',
  isdn: 'an ISDN line',
  telex: 'a telex number',
  tty: 'a text telephone',
  tdd: 'a text telephone',
  display: 'a display name',
  screen: 'a screen name',
  messenger: 'a messenger id',
  formatted: 'the whole address formatted as one text (its parts have columns of their own)',
  pobox: 'a post-office box',
  yomi: 'a phonetic reading',
  phonetic: 'a phonetic reading',
  ip: 'an IP address',
  checksum: 'a checksum',
  extension: 'an extension of another number',
};

const kindWords: Record<string, ChildKind> = {
  phone: 'phone', telephone: 'phone', tel: 'phone', ph: 'phone', tele: 'phone',
  fax: 'fax', telecopie: 'fax',
  email: 'email', mail: 'email', courriel: 'email', emails: 'email',
  web: 'web', website: 'web', url: 'web', homepage: 'web', internet: 'web', www: 'web',
  pager: 'phone', mobile: 'phone', cell: 'phone', cellular: 'phone', gsm: 'phone', cellphone: 'phone',
};

/** Type words; `mobile` etc. only type phones. */
const typeWords: Record<string, string> = {
  home: 'home', personal: 'home', private: 'home', residence: 'home', res: 'home', h: 'home', domicile: 'home', dom: 'home', perso: 'home', maison: 'home',
  business: 'business', work: 'business', office: 'business', job: 'business', corporate: 'business', professional: 'business', w: 'business', trav: 'business', pro: 'business',
  mobile: 'mobile', cell: 'mobile', cellular: 'mobile', cellphone: 'mobile', gsm: 'mobile', m: 'mobile',
  other: 'other', alternate: 'other', alt: 'other', additional: 'other',
  mailing: 'mailing', postal: 'mailing', billing: 'mailing', correspondence: 'mailing', courrier: 'mailing', facturation: 'mailing',
  shipping: 'other', delivery: 'other', livraison: 'other',
  primary: 'primary', main: 'main', car: 'car', pager: 'pager', company: 'main',
  secondary: 'secondary',
};

/** Address parts, longest first. */
const partPhrases: [string, string][] = [
  ['zip postal code', 'postalCode'], ['postal zip code', 'postalCode'], ['zip plus 4', 'postalCode'], ['postal code', 'postalCode'], ['zip code', 'postalCode'], ['post code', 'postalCode'], ['zip 4', 'postalCode'], ['zipcode', 'postalCode'], ['postcode', 'postalCode'], ['zip', 'postalCode'], ['cp', 'postalCode'],
  ['state province', 'state'], ['state region', 'state'], ['province', 'state'], ['state', 'state'], ['region', 'state'], ['county', 'state'], ['prov', 'state'], ['st', 'state'],
  ['country region', 'country'], ['country code', 'country'], ['country', 'country'],
  ['city town', 'city'], ['city', 'city'], ['town', 'city'], ['locality', 'city'], ['suburb', 'city'], ['municipality', 'city'], ['municipalite', 'city'],
  ['street number', 'streetNumber'], ['street no', 'streetNumber'], ['house number', 'streetNumber'], ['street nr', 'streetNumber'],
  ['extended address', 'street2'], ['address line 2', 'street2'], ['street 2', 'street2'], ['address 2', 'street2'], ['line 2', 'street2'], ['addr 2', 'street2'],
  ['address line 3', 'street3'], ['street 3', 'street3'], ['address 3', 'street3'], ['line 3', 'street3'],
  ['address line 1', 'street'], ['street name', 'street'], ['street 1', 'street'], ['address 1', 'street'], ['line 1', 'street'], ['street', 'street'], ['civic address', 'street'], ['po box', 'pobox'],
];

/** Words that add nothing: "Phone Number", "Person - Email - Work", "E-mail Address". */
const fillers = new Set(['number', 'no', 'nr', 'num', 'of', 'the', 'person', 'contact', 's', 'a', 'page', 'address', 'addr', 'adr', 'value', 'details', 'line', 'a', 'id']);

export function readWideHeader(words: string): WideReading | undefined {
  let text = ` ${words} `;
  const parts: string[] = [];
  // "Address 1: City": "address 1" numbers the address; only alone is it the street ("Address 1").
  const numberedAddress = / (address|addr) (\d+) /.exec(text);
  const bareAddressNumber = numberedAddress && partPhrases.some(([phrase]) => !phrase.startsWith('address') && text.replace(numberedAddress[0], ' ').includes(` ${phrase} `));
  if (numberedAddress && bareAddressNumber) text = text.replace(numberedAddress[0], ` address ${numberedAddress[2]}# `);
  const leave = Object.keys(leaveWords).find((word) => text.includes(` ${word} `));
  if (leave) return { target: null, reason: `"${leave}": ${leaveWords[leave]}` };
  for (const [phrase, part] of partPhrases) {
    if (text.includes(` ${phrase} `)) {
      if (!parts.includes(part)) parts.push(part);
      text = text.replace(` ${phrase} `, ' ');
    }
  }
  // "Street address line 2": the numbered line decides.
  if (parts.length > 1 && parts.includes('street')) parts.splice(parts.indexOf('street'), 1);
  text = text.replace(/ (\d+)# /, ' $1 ');
  const tokens = text.trim().split(' ').filter((token) => token !== '');
  let kind: ChildKind | undefined;
  let type: string | undefined;
  let number: string | undefined;
  let isTypeColumn = false;
  let sawAddress = ` ${words} `.match(/ (address|addr|adr) /) !== null;
  for (const token of tokens) {
    if (/^\d+$/.test(token)) {
      number ??= token;
      continue;
    }
    if (token === 'type' || token === 'kind' || token === 'label') {
      isTypeColumn = true;
      continue;
    }
    const tokenKind = kindWords[token];
    if (tokenKind) {
      // "fax" outranks "phone" ("Fax Phone"), an email or web word outranks the rest.
      const rank = (k: ChildKind | undefined) => (k === 'fax' ? 3 : k === 'email' || k === 'web' ? 2 : k ? 1 : 0);
      if (rank(tokenKind) > rank(kind)) kind = tokenKind;
      if (token === 'pager' || token === 'mobile' || token === 'cell' || token === 'cellular' || token === 'gsm' || token === 'cellphone')
        type = typeWords[token];
      continue;
    }
    if (typeWords[token] !== undefined) {
      type = type && type !== 'primary' && type !== 'main' ? type : typeWords[token];
      continue;
    }
    if (fillers.has(token)) {
      if (token === 'address' || token === 'addr' || token === 'adr') sawAddress = true;
      continue;
    }
    return undefined;
  }
  if (parts.length > 1) return undefined;
  const part = parts[0];
  if (part === 'pobox') return { target: null, reason: 'a post-office box' };
  if (part === 'street3') return { target: null, reason: 'a third street line, which Dovetail does not keep' };
  if (part) {
    if (kind) return undefined;
    // "Rue (domicile) 2" is the second line of the home street, as "Home Street 2" is.
    if (part === 'street' && number && number !== '1' && !numberedAddress) {
      if (number !== '2') return { target: null, reason: 'a third street line, which Dovetail does not keep' };
      const group = addressGroup(type, undefined);
      return group ? { target: childTarget('address', group, 'street2'), reason: `the second street line of the ${describe(group)} address` } : undefined;
    }
    const group = addressGroup(type, number);
    if (!group) return undefined;
    return { target: childTarget('address', group, part), reason: `the ${part} of the ${describe(group)} address` };
  }
  if (!kind && !part && tokens.length === 1 && type && ['home', 'business', 'other', 'mobile'].includes(type)) {
    // Yahoo's "Home", "Work", "Other": a bare type word on a contact row names a phone.
    return { target: childTarget('phone', type, 'value'), reason: `"${tokens[0]}" alone on a contact row: the ${type} phone` };
  }
  if (!kind) {
    if (sawAddress && !isTypeColumn && tokens.some((token) => token === 'address' || token === 'addr' || token === 'adr')) {
      const group = addressGroup(type, number);
      return group ? { target: childTarget('address', group, 'street'), reason: `the street of the ${describe(group)} address` } : undefined;
    }
    return undefined;
  }
  const group = communicationGroup(kind, type, number);
  if (!group) return undefined;
  const attribute = isTypeColumn ? 'type' : 'value';
  return {
    target: childTarget(kind, group, attribute),
    reason: `the ${attribute === 'type' ? 'type of the ' : ''}${describe(group)} ${kind}`,
  };
}

function addressGroup(type: string | undefined, number: string | undefined): string | undefined {
  if (type === 'mobile' || type === 'car' || type === 'pager') return undefined;
  if (type === 'primary' || type === 'main' || type === undefined) return number && number !== '1' ? number : number ? '1' : 'main';
  if (type === 'secondary') return 'other';
  return number && number !== '1' ? `${type}${number}` : type;
}

function communicationGroup(kind: ChildKind, type: string | undefined, number: string | undefined): string | undefined {
  if (kind === 'email' && (type === 'secondary' || type === 'other') && !number) return type === 'secondary' ? '2' : 'other';
  if (type === 'mailing') return undefined;
  if (type === 'mobile' && kind !== 'phone') return undefined;
  if (type === 'secondary') type = 'other';
  if (!type) return number ?? '1';
  if (type === 'primary' && kind === 'email') return '1';
  return number && number !== '1' ? `${type}${number}` : type;
}

function describe(group: string): string {
  return /^\d+$/.test(group) ? `no. ${group}` : group;
}

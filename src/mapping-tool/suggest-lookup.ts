// biome-ignore-all format: word lists read best one list per line
/**
 * Lookups for coded columns: each distinct legacy value ("H", "Bureau", "Cell") translated to
 * the target's code (home, business, mobile). Values that already are target codes need no
 * entry; values with no sensible translation are listed as unknown, for the user to decide.
 */
import { headerWords } from './header-words.js';

/** Legacy spellings of each target code, per code list, in headerWords form. */
export const codeSynonyms: Record<string, Record<string, readonly string[]>> = {
  communicationType: {
    home: ['h', 'home', 'dom', 'domicile', 'maison', 'perso', 'personal', 'personnel', 'private', 'prive', 'residence', 'res', 'hm', 'home fax', 'privat', 'thuis', 'casa', 'particular'],
    business: ['w', 'b', 'o', 'work', 'business', 'office', 'bureau', 'travail', 'pro', 'professionnel', 'job', 'company', 'bus', 'wk', 'main', 'direct', 'p', 'bur', 'work fax', 'business fax', 'company main', 'geschaftlich', 'werk', 'trabajo', 'lavoro'],
    mobile: ['m', 'c', 'cell', 'cellular', 'mobile', 'portable', 'gsm', 'port', 'mob', 'cellulaire', 'cel', 'iphone', 'handy', 'mobil', 'mobiel', 'movil', 'celular'],
    other: ['other', 'autre', 'a', 'x', 'alt', 'alternate', 'misc', 'pager', 'assistant', 'car', 'other fax', 'profile', 'blog', 'home page', 'homepage', 'ftp', 'google voice', 'custom', 'andere', 'otro', 'overig'],
  },
  addressType: {
    home: ['h', 'home', 'domicile', 'maison', 'residence', 'perso', 'personal', 'personnel', 'res', 'r', 'd', 'hm', 'private'],
    business: ['w', 'b', 'o', 'work', 'business', 'office', 'bureau', 'travail', 'pro', 'professionnel', 'company', 'bus', 'siege', 'head office', 'p'],
    mailing: ['m', 'mail', 'mailing', 'postal', 'courrier', 'correspondance', 'billing', 'facturation', 'post', 'c'],
    other: ['other', 'autre', 'a', 'x', 'alt', 'alternate', 'shipping', 'livraison', 'vacation', 'secondaire', 'custom'],
  },
  channel: {
    phone: ['p', 't', 'tel', 'telephone', 'phone', 'ph', 'landline', 'fixe', 'mobile', 'cell', 'portable', 'gsm'],
    email: ['e', 'em', 'email', 'e mail', 'mail', 'courriel', 'mel'],
    web: ['w', 'web', 'url', 'site', 'website', 'site web', 'internet', 'www', 'homepage'],
    fax: ['f', 'fax', 'telecopie', 'telecopieur', 'fx'],
  },
  status: {
    active: ['a', 'act', 'active', 'actif', 'active client', 'current', 'client', 'open', 'en cours', 'ok', 'y', '1', 'yes', 'oui', 'valid'],
    inactive: ['i', 'inactive', 'inactif', 'dormant', 'closed', 'ferme', 'suspended', 'suspendu', 'n', '0', 'no', 'non', 'blocked', 'bloque'],
    prospect: ['p', 'prospect', 'lead', 'pr', 'prosp', 'potential', 'potentiel', 'new', 'nouveau'],
    former: ['f', 'former', 'ancien', 'ancienne', 'ex', 'lost', 'perdu', 'archived', 'archive', 'deceased', 'decede', 'x', 'left', 'parti'],
  },
};

export interface LookupSuggestion {
  /** legacy value → target code, only for values that are not target codes already. */
  table: Record<string, string>;
  /** Distinct values with no translation. */
  unknown: string[];
  /** Share of the distinct values that are target codes or translated. */
  coverage: number;
}

export function suggestLookup(codeList: string, distinct: readonly string[]): LookupSuggestion {
  const synonyms = codeSynonyms[codeList] ?? {};
  const table: Record<string, string> = {};
  const unknown: string[] = [];
  let known = 0;
  for (const value of distinct) {
    const words = headerWords(value);
    const code = Object.keys(synonyms).find((target) => target === value.trim().toLowerCase());
    if (code) {
      known++;
      continue;
    }
    const translated = Object.entries(synonyms).find(([, names]) => names.includes(words))?.[0];
    if (translated) {
      table[value] = translated;
      known++;
    } else unknown.push(value);
  }
  return { table, unknown, coverage: distinct.length === 0 ? 0 : known / distinct.length };
}

/** Which code list a target attribute uses, if any. */
export function codeListOf(dataType: string, attribute: string): string | undefined {
  if (attribute === 'status') return 'status';
  if (attribute === 'channel') return 'channel';
  if (attribute === 'type') return dataType === 'address' ? 'addressType' : 'communicationType';
  return undefined;
}

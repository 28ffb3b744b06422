// biome-ignore-all format: word lists read best one list per line
import { englishWords } from './header-vocabulary.js';
/**
 * Header names as words: lower case, accents removed, punctuation and camelCase split, so that
 * "Prénom", "PRENOM", "prenom_" and "Pré-nom" are compared alike ("E-mail" → "e mail").
 */
export function headerWords(header: string): string {
  return header
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .replace(/#|\bN°|\bNo\./g, ' no ')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Words that say a column identifies a record. */
const idWords = new Set(['n', 'id', 'key', 'no', 'nr', 'num', 'number', 'numero', 'code', 'ref', 'reference', 'identifiant', 'cle', 'uid', 'guid', 'ident']);
/** Words that say whose id it is. */
const ownerWords = new Set(['contact', 'client', 'customer', 'cust', 'person', 'personne', 'people', 'individual', 'individu', 'account', 'compte', 'parent', 'owner', 'party', 'member', 'membre', 'company', 'societe', 'entreprise', 'org', 'organisation', 'organization', 'firm', 'vendor', 'supplier', 'fournisseur', 'prospect', 'record', 'legacy', 'external', 'source', 'cnt', 'ctc', 'tiers']);

export interface IdHeader {
  /** The header names an id ("ID", "Contact ID", "N° client", "CUST_NO"). */
  isId: boolean;
  /** It names whose id: "Contact ID", "Client No" (a parent key in a child file). */
  owner?: string;
}

export function idHeader(header: string): IdHeader {
  const found = idOfWords(headerWords(header));
  if (found.isId) return found;
  // "Kundennummer", "Numéro client", "Klantnummer": said in English first.
  const english = englishWords(headerWords(header));
  return english === headerWords(header) ? found : idOfWords(english);
}

function idOfWords(text: string): IdHeader {
  const words = text.split(' ');
  const compact = words.join('');
  if (/^(id|key|uid|guid|pk|recid|recordid|legacyid|externalid)$/.test(compact)) return { isId: true };
  const hasId =
    words.some((word) => idWords.has(word)) ||
    (/^(.+)(id|no|nr|num|key|ref)$/.test(compact) &&
      ownerWords.has(compact.replace(/(id|no|nr|num|key|ref)$/, '')));
  if (!hasId) return { isId: false };
  const owner =
    words.find((word) => ownerWords.has(word)) ?? [...ownerWords].find((word) => compact.startsWith(word));
  // "Postal code", "Zip code", "Phone number", "Code postal" are not ids.
  if (!owner && words.some((word) => nonIdContext.has(word))) return { isId: false };
  return owner ? { isId: true, owner } : { isId: true };
}

const nonIdContext = new Set(['status', 'statut', 'type', 'date', 'postal', 'post', 'zip', 'phone', 'telephone', 'tel', 'fax', 'mobile', 'street', 'house', 'rue', 'voie', 'country', 'pays', 'area', 'tax', 'vat', 'siret', 'siren', 'ssn', 'insee', 'iban', 'cell', 'portable', 'apartment', 'apt', 'suite', 'box', 'bp']);

const frenchWords = new Set(['prenom', 'nom', 'adresse', 'ville', 'postal', 'telephone', 'courriel', 'naissance', 'societe', 'pays', 'civilite', 'portable', 'domicile', 'bureau', 'fonction', 'poste', 'statut', 'remarques', 'commentaire', 'categorie', 'entreprise', 'code', 'date', 'de', 'du', 'le', 'la', 'client', 'ligne', 'raison', 'sociale', 'numero', 'valeur', 'champ', 'objet', 'texte']);
const frenchOnly = new Set(['prenom', 'nom', 'adresse', 'ville', 'courriel', 'naissance', 'societe', 'pays', 'civilite', 'domicile', 'bureau', 'statut', 'remarques', 'commentaire', 'categorie', 'raison', 'numero', 'valeur', 'champ', 'objet', 'texte', 'ligne', 'de', 'du']);

/** True when the header is written in French (its dates are then day first). */
export function looksFrench(header: readonly string[]): boolean {
  const words = header.flatMap((name) => headerWords(name).split(' '));
  const french = words.filter((word) => frenchOnly.has(word)).length;
  return french >= 1 && words.filter((word) => frenchWords.has(word)).length >= 2;
}

// biome-ignore-all format: word lists read best one list per line
/**
 * Header names that CRM and address-book exports use for each target, in English and French,
 * written as `headerWords` gives them ("E-mail" is "e mail", "Prénom" is "prenom").
 */
import type { DataType } from '../format/attributes.js';
import type { ChildKind } from './column-target.js';

/** The file's own attributes, per data type. */
export const attributeSynonyms: Record<DataType, Record<string, readonly string[]>> = {
  person: {
    title: ['title', 'salutation', 'civilite', 'civ', 'titre', 'prefix', 'name prefix', 'courtesy title', 'honorific', 'mr mrs'],
    firstName: ['first name', 'firstname', 'first', 'fname', 'given name', 'forename', 'prenom', 'prenoms', 'christian name', 'first nm', 'frst name', 'name first', 'nom prenom'],
    middleName: ['middle name', 'middle', 'mname', 'middle initial', 'mi', 'additional name', 'second prenom', 'deuxieme prenom', 'autres prenoms', 'second name'],
    lastName: ['last name', 'lastname', 'last', 'lname', 'surname', 'family name', 'nom', 'nom de famille', 'name last', 'last nm', 'patronyme', 'nom famille'],
    preferredName: ['preferred name', 'nickname', 'nick name', 'known as', 'surnom', 'prenom usuel', 'nom d usage', 'usual name', 'goes by', 'nick'],
    suffix: ['suffix', 'name suffix', 'suffixe', 'generation'],
    birthDate: ['birth date', 'birthdate', 'date of birth', 'dob', 'birthday', 'bday', 'date de naissance', 'naissance', 'date naissance', 'date naiss', 'ne le', 'nee le', 'born', 'birth dt', 'd o b'],
    companyName: ['company', 'company name', 'organization', 'organisation', 'employer', 'societe', 'entreprise', 'raison sociale', 'organization 1 name', 'organization name', 'firm', 'employeur', 'nom societe', 'nom de l entreprise', 'account name', 'account'],
    position: ['position', 'job title', 'jobtitle', 'poste', 'fonction', 'occupation', 'role', 'organization 1 title', 'organization title', 'profession', 'titre du poste', 'designation', 'job'],
    status: ['status', 'statut', 'contact status', 'etat', 'client status', 'statut client', 'state of record', 'active flag', 'stat', 'sts'],
  },
  company: {
    companyName: ['company', 'company name', 'name', 'organization', 'organisation', 'societe', 'entreprise', 'raison sociale', 'nom', 'business name', 'vendor name', 'supplier name', 'account name', 'nom societe', 'denomination', 'fournisseur', 'vendor', 'supplier', 'nom fournisseur'],
    industry: ['industry', 'secteur', 'secteur d activite', 'sector', 'activite', 'business type', 'naf', 'sic description', 'sic desc', 'sic', 'naics', 'code naf', 'industrie', 'branche'],
    status: ['status', 'statut', 'etat', 'account status', 'vendor status', 'active flag', 'stat', 'sts'],
  },
  address: {
    type: ['type', 'address type', 'addr type', 'adr type', 'type adresse', 'type d adresse', 'kind', 'usage', 'location type'],
    street: ['street', 'address', 'address 1', 'address line 1', 'addr1', 'addr 1', 'adr1', 'street 1', 'street address', 'adresse', 'adresse 1', 'rue', 'ligne 1', 'adresse ligne 1', 'voie', 'line1', 'line 1', 'street line 1'],
    street2: ['street 2', 'street2', 'address 2', 'address line 2', 'addr2', 'addr 2', 'adr2', 'adresse 2', 'complement', 'complement d adresse', 'ligne 2', 'adresse ligne 2', 'line2', 'line 2', 'suite', 'extended address'],
    city: ['city', 'town', 'ville', 'commune', 'locality', 'localite', 'municipality', 'city town'],
    state: ['state', 'province', 'region', 'county', 'departement', 'dept', 'st', 'prov', 'state province', 'state region', 'etat province', 'canton', 'land'],
    postalCode: ['postal code', 'postcode', 'post code', 'zip', 'zip code', 'zipcode', 'code postal', 'cp', 'postal', 'zip postal code', 'zip 4', 'zip plus 4', 'postal zip', 'code post', 'plz', 'npa'],
    country: ['country', 'pays', 'country code', 'nation', 'country region', 'country name', 'code pays'],
    isPrimary: ['primary', 'is primary', 'principal', 'principale', 'default', 'preferred', 'main', 'primary address', 'adresse principale'],
  },
  communication: {
    channel: ['channel', 'medium', 'canal', 'comm type', 'communication type', 'contact method', 'method', 'moyen', 'media', 'kind'],
    type: ['type', 'phone type', 'tel type', 'email type', 'type de telephone', 'type telephone', 'location', 'usage', 'category', 'type de numero', 'lieu'],
    value: ['value', 'number', 'phone', 'phone number', 'telephone', 'tel', 'numero', 'num tel', 'email', 'e mail', 'email address', 'e mail address', 'courriel', 'adresse email', 'adresse courriel', 'adresse e mail', 'contact', 'valeur', 'coordonnee', 'detail', 'address', 'phone no', 'numero de telephone'],
    isPrimary: ['primary', 'is primary', 'principal', 'default', 'preferred', 'main', 'prefere', 'pref'],
  },
  note: {
    subject: ['subject', 'title', 'objet', 'sujet', 'titre', 'heading', 'topic', 'summary'],
    text: ['note', 'notes', 'text', 'body', 'comment', 'comments', 'remarque', 'remarques', 'commentaire', 'commentaires', 'memo', 'description', 'texte', 'details', 'contenu', 'content', 'note text'],
    date: ['date', 'note date', 'created', 'created on', 'created at', 'date de creation', 'date creation', 'entered', 'date saisie', 'logged', 'when', 'date note'],
  },
  category: {
    category: ['category', 'categories', 'group', 'groupe', 'tag', 'tags', 'categorie', 'segment', 'classification', 'list', 'liste', 'group name', 'category name'],
  },
  customField: {
    field: ['field', 'field name', 'champ', 'nom du champ', 'attribute', 'property', 'propriete', 'name', 'label', 'libelle', 'custom field', 'udf name'],
    value: ['value', 'valeur', 'field value', 'data', 'donnee', 'udf value', 'contents'],
  },
};

/** Type words that start or end a wide column's header ("Home Phone", "Tel. domicile"). */
export const typeWords: Record<string, string> = {
  home: 'home',
  personal: 'home',
  private: 'home',
  domicile: 'home',
  dom: 'home',
  perso: 'home',
  res: 'home',
  trav: 'business',
  cellulaire: 'mobile',
  personnel: 'home',
  personnelle: 'home',
  maison: 'home',
  residence: 'home',
  h: 'home',
  business: 'business',
  work: 'business',
  office: 'business',
  bureau: 'business',
  pro: 'business',
  professionnel: 'business',
  professionnelle: 'business',
  travail: 'business',
  company: 'business',
  w: 'business',
  job: 'business',
  corporate: 'business',
  mobile: 'mobile',
  cell: 'mobile',
  cellular: 'mobile',
  portable: 'mobile',
  gsm: 'mobile',
  m: 'mobile',
  mailing: 'mailing',
  postal: 'mailing',
  billing: 'mailing',
  facturation: 'mailing',
  shipping: 'other',
  delivery: 'other',
  livraison: 'other',
  courrier: 'mailing',
  correspondance: 'mailing',
  other: 'other',
  autre: 'other',
  alternate: 'other',
  alt: 'other',
  secondary: 'other',
};

/** Words that name a kind of child on a wide contact file. */
export const kindWords: Record<string, ChildKind> = {
  phone: 'phone',
  telephone: 'phone',
  tel: 'phone',
  tele: 'phone',
  ph: 'phone',
  number: 'phone',
  fax: 'fax',
  telecopie: 'fax',
  telecopieur: 'fax',
  email: 'email',
  mail: 'email',
  courriel: 'email',
  e: 'email',
  web: 'web',
  website: 'web',
  url: 'web',
  homepage: 'web',
  internet: 'web',
  page: 'web',
  address: 'address',
  adresse: 'address',
  addr: 'address',
  adr: 'address',
};

/** Whole headers of wide contact files, in the same word form. */
export const wideSynonyms: Record<string, readonly string[]> = {
  'phone/home.value': ['home phone', 'home tel', 'tel home', 'phone home', 'telephone domicile', 'tel domicile', 'tel dom', 'home phone number', 'telephone personnel', 'tel perso', 'phone h', 'home telephone', 'residence phone', 'tel maison', 'home number'],
  'phone/business.value': ['business phone', 'work phone', 'office phone', 'tel bureau', 'telephone bureau', 'tel pro', 'telephone professionnel', 'phone w', 'direct line', 'work tel', 'business telephone', 'tel travail', 'office tel', 'work number', 'ligne directe'],
  'phone/mobile.value': ['cellulaire', 'tel cellulaire', 'telephone cellulaire', 'mobile', 'mobile phone', 'cell', 'cell phone', 'cellular', 'portable', 'tel portable', 'telephone portable', 'gsm', 'mobile number', 'cellphone', 'mobile tel', 'tel mobile', 'telephone mobile', 'phone m', 'cell number', 'no portable'],
  'phone/1.value': ['phone', 'telephone', 'tel', 'phone number', 'numero de telephone', 'telephone number', 'phone no', 'tel no', 'primary phone', 'main phone', 'no tel', 'num tel', 'telephone principal', 'phone 1', 'tel 1', 'contact phone'],
  'phone/other.value': ['other phone', 'phone 2', 'tel 2', 'autre telephone', 'alternate phone', 'second phone'],
  'fax/business.value': ['fax', 'business fax', 'fax number', 'telecopie', 'telecopieur', 'fax bureau', 'work fax', 'no fax', 'fax no'],
  'fax/home.value': ['home fax', 'fax domicile'],
  'email/1.value': ['email', 'e mail', 'email address', 'e mail address', 'courriel', 'mail', 'primary email', 'adresse email', 'adresse courriel', 'adresse e mail', 'e mail 1', 'email 1', 'primary email', 'e mail 1 address', 'emailaddress', 'email addr', 'mel', 'adresse mail'],
  'email/2.value': ['e mail 2 address', 'email 2', 'e mail 2', 'secondary email', 'other email', 'email 2 address', 'autre courriel', 'courriel 2'],
  'email/3.value': ['e mail 3 address', 'email 3', 'e mail 3'],
  'email/business.value': ['work email', 'business email', 'courriel pro', 'email pro', 'courriel professionnel', 'office email', 'email bureau', 'courriel bureau'],
  'email/home.value': ['personal email', 'home email', 'courriel perso', 'email perso', 'courriel personnel', 'private email'],
  'web/1.value': ['web page', 'website', 'web site', 'url', 'site web', 'site internet', 'homepage', 'home page', 'web', 'www', 'web page 1', 'website url'],
  'web/business.value': ['business web page', 'company website', 'work website'],
  'web/home.value': ['personal web page', 'personal website'],
  'note/1.text': ['notes', 'note', 'comments', 'comment', 'remarques', 'remarque', 'commentaires', 'commentaire', 'memo', 'observations', 'bemerkungen', 'description', 'background', 'about', 'remarks'],
  'category/1.category': ['categories', 'category', 'group membership', 'groups', 'groupes', 'groupe', 'tags', 'tag', 'categorie', 'segments', 'labels', 'listes'],
};

/** Address attributes as their words appear inside a wide header ("Business Postal Code"). */
export const addressPartWords: Record<string, readonly string[]> = {
  street: ['street', 'street 1', 'address', 'adresse civique', 'civic address', 'numero et rue', 'address 1', 'address line 1', 'addr', 'addr 1', 'adresse', 'rue', 'adresse 1', 'ligne 1', 'line 1', 'street address'],
  street2: ['street 2', 'address 2', 'address line 2', 'addr 2', 'adresse 2', 'complement', 'ligne 2', 'line 2', 'extended address'],
  city: ['city', 'town', 'ville', 'commune', 'locality', 'municipalite', 'municipality'],
  state: ['state', 'province', 'region', 'county', 'departement', 'state province', 'st', 'prov', 'state region'],
  postalCode: ['postal code', 'postcode', 'zip', 'zip code', 'code postal', 'cp', 'post code', 'zipcode', 'zip postal code', 'zip 4', 'zip plus 4', 'postal zip', 'postal zip code', 'postal'],
  country: ['country', 'pays', 'country region', 'country code'],
  type: ['type'],
};

/** Google Contacts-style numbered columns: "Phone 1 - Value", "Address 2 - City". */
export const numberedPartWords: Record<string, string> = {
  value: 'value',
  type: 'type',
  label: 'type',
  street: 'street',
  city: 'city',
  region: 'state',
  'postal code': 'postalCode',
  country: 'country',
  'extended address': 'street2',
  'po box': '',
  formatted: '',
  neighborhood: '',
  'country code': 'country',
};

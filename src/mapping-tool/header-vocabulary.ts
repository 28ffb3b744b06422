// biome-ignore-all format: word lists read best one entry per line
/**
 * Header words of other languages, said in English: German, French, Spanish, Dutch, Italian and
 * Portuguese exports name the same things ("Vorname", "Telefon (privat)", "Privat: PLZ",
 * "Werkplaats", "Código postal"). Translating the words first lets every English rule (synonyms,
 * wide-column parts and types) understand them, instead of keeping a list per export.
 * Words are in `headerWords` form: lower case, no accents, no punctuation.
 */

/** Several words that translate as one (checked before single words). */
const phrases: [string, string][] = [
  ['weitere vornamen', 'middle name'],
  ['zweiter vorname', 'middle name'],
  ['segundo nombre', 'middle name'],
  ['secondo nome', 'middle name'],
  ['nom de famille', 'last name'],
  ['code postal', 'postal code'],
  ['codigo postal', 'postal code'],
  ['codice postale', 'postal code'],
  ['land region', 'country'],
  ['pais o region', 'country'],
  ['paese o regione', 'country'],
  ['pays region', 'country'],
  ['pais region', 'country'],
  ['dep region', 'state'],
  ['departement ou region', 'state'],
  ['bundesland kanton', 'state'],
  ['adresse de messagerie', 'email'],
  ['adresse electronique', 'email'],
  ['correo electronico', 'email'],
  ['posta elettronica', 'email'],
  ['e mail adresse', 'email'],
  ['e mail adres', 'email'],
  ['e mail address', 'email'],
  ['e mail', 'email'],
  ['page web', 'web page'],
  ['pagina web', 'web page'],
  ['sitio web', 'web page'],
  ['site web', 'web page'],
  ['page d accueil', 'web page'],
  ['fecha de nacimiento', 'birth date'],
  ['data di nascita', 'birth date'],
  ['data de nascimento', 'birth date'],
  ['date de naissance', 'birth date'],
  ['tel nr', 'phone'],
  ['mobil tel', 'mobile phone'],
  ['tel mobile', 'mobile phone'],
  ['tel dienstlich', 'business phone'],
  ['tel privat', 'home phone'],
  ['numero civico', 'street number'],
  ['boite postale', 'po box'],
  ['nom complet', 'full name'],
  ['full name', 'full name'],
  ['display name', 'display name'],
  ['angezeigter name', 'display name'],
  ['nom d ecran', 'screen name'],
  ['messenger name', 'screen name'],
];

/** One word → its English words ('' drops it: "de", "du", "r" of "Weiteres/r"). */
const words: Record<string, string> = {
  // names
  vorname: 'first name', voornaam: 'first name', nombre: 'first name', nome: 'first name', prenom: 'first name', primeiro: 'first',
  nachname: 'last name', achternaam: 'last name', familienname: 'last name', apellido: 'last name', apellidos: 'last name', cognome: 'last name', sobrenome: 'last name', nom: 'last name',
  anrede: 'title', aanhef: 'title', tratamiento: 'title', titolo: 'title', titel: 'title', titre: 'title', civilite: 'title',
  namenszusatz: 'suffix', suffixe: 'suffix', sufijo: 'suffix',
  spitzname: 'nickname', bijnaam: 'nickname', roepnaam: 'nickname', apodo: 'nickname', soprannome: 'nickname', apelido: 'nickname', alcunha: 'nickname', surnom: 'nickname',
  anzeigename: 'display name', weergavenaam: 'display name', schermnaam: 'screen name',
  geburtstag: 'birthday', verjaardag: 'birthday', cumpleanos: 'birthday', compleanno: 'birthday', anniversaire: 'birthday',
  geburtsdatum: 'birth date', geboortedatum: 'birth date',
  geburtsjahr: 'birth year', geboortejaar: 'birth year', geburtsmonat: 'birth month', geboortemaand: 'birth month', geboortedag: 'birth day',
  geschlecht: 'gender', geslacht: 'gender', sexe: 'gender', sexo: 'gender', sesso: 'gender',
  // organisation
  firma: 'company', organisatie: 'company', bedrijf: 'company', empresa: 'company', azienda: 'company', organizacion: 'company', organizzazione: 'company', organizacao: 'company', unternehmen: 'company', societe: 'company', societa: 'company', compania: 'company', ditta: 'company',
  arbeitstitel: 'job title', werktitel: 'job title', functie: 'job title', funktion: 'job title', puesto: 'job title', cargo: 'job title', funzione: 'job title', mansione: 'job title', fonction: 'job title', qualifica: 'job title',
  beruf: 'profession', beroep: 'profession', profesion: 'profession', professione: 'profession', profissao: 'profession',
  abteilung: 'department', afdeling: 'department', departamento: 'department', reparto: 'department', dipartimento: 'department',
  // phones and the like
  telefon: 'phone', telefoon: 'phone', telefono: 'phone', telefone: 'phone', telephone: 'phone', tel: 'phone', tlf: 'phone',
  telefonnummer: 'phone', telefoonnummer: 'phone',
  mobiltelefon: 'mobile phone', mobiltelefonnummer: 'mobile phone', mobil: 'mobile', mobiel: 'mobile', handy: 'mobile', movil: 'mobile', celular: 'mobile', cellulare: 'mobile', telemovel: 'mobile', portable: 'mobile', cellulaire: 'mobile',
  autotelefon: 'car phone', voiture: 'car', haupttelefon: 'main phone', principal: 'primary', hauptnummer: 'main phone',
  faxnummer: 'fax', telefax: 'fax', telecopie: 'fax', telecopia: 'fax', telecopieur: 'fax',
  pager: 'pager', pieper: 'pager', piepernummer: 'pager', buscapersonas: 'pager', cercapersone: 'pager', radiomessagerie: 'pager', recepteur: '',
  nummer: 'number', numero: 'number', nr: 'number', no: 'number', num: 'number',
  // types
  privat: 'home', prive: 'home', thuis: 'home', particular: 'home', casa: 'home', personale: 'home', pessoal: 'home', residencia: 'home', residencial: 'home', abitazione: 'home', abit: 'home', domicile: 'home', personnel: 'home', personnelle: 'home',
  geschaftlich: 'business', dienstlich: 'business', werk: 'business', zakelijk: 'business', trabajo: 'business', laboral: 'business', lavoro: 'business', ufficio: 'business', trabalho: 'business', comercial: 'business', uff: 'business', arbeit: 'business', bureau: 'business', professionnel: 'business', professionnelle: 'business', societe2: 'business',
  weitere: 'other', weiterer: 'other', weiteres: 'other', andere: 'other', anderer: 'other', overig: 'other', overige: 'other', otro: 'other', otra: 'other', altro: 'other', altra: 'other', outro: 'other', outra: 'other', autre: 'other',
  zweite: '2', zweiter: '2', tweede: '2', segundo: '2', secondo: '2', segunda: '2', sekundare: 'secondary', primare: 'primary', eerste: 'primary', derde: '3',
  // addresses
  adresse: 'address', adres: 'address', direccion: 'address', indirizzo: 'address', endereco: 'address', anschrift: 'address', werkadres: 'business address',
  strasse: 'street', straat: 'street', calle: 'street', via: 'street', rua: 'street', rue: 'street',
  hausnummer: 'street number', huisnummer: 'street number',
  ort: 'city', stadt: 'city', plaats: 'city', woonplaats: 'city', ciudad: 'city', localidad: 'city', poblacion: 'city', citta: 'city', cidade: 'city', localita: 'city', comune: 'city', ville: 'city', werkplaats: 'business city', suburb: 'city',
  plz: 'postal code', postleitzahl: 'postal code', postcode: 'postal code', cap: 'postal code', cep: 'postal code', werkpostcode: 'business postal code',
  land: 'country', pais: 'country', paese: 'country', pays: 'country', werkland: 'business country',
  bundesland: 'state', provinz: 'state', provincie: 'state', provincia: 'state', kanton: 'state', regione: 'state', departement: 'state', werkprovincie: 'business state', dep: 'state',
  postfach: 'po box', apartado: 'po box', casella: 'po box',
  // ids
  kundennummer: 'customer number', kundennr: 'customer number', kunde: 'customer', kunden: 'customer', klantnummer: 'customer number', klant: 'customer', cliente: 'customer', mitgliedsnummer: 'member number', lidnummer: 'member number', socio: 'member',
  // the rest
  notizen: 'notes', notiz: 'notes', notities: 'notes', aantekeningen: 'notes', opmerkingen: 'notes', notas: 'notes', anmerkungen: 'notes', bemerkungen: 'notes', kommentar: 'notes', commento: 'notes', observaciones: 'notes', observacoes: 'notes', remarques: 'notes',
  kategorien: 'categories', kategorie: 'categories', categorieen: 'categories', categorias: 'categories', categoria: 'categories', categorie: 'categories',
  webseite: 'web page', webpagina: 'web page', homepage: 'web page',
  correo: 'email', courriel: 'email', messagerie: 'email',
  benutzerdef: 'custom', aangepast: 'custom', personalizado: 'custom', utilisateur: 'user', benutzer: 'user',
  e: '', o: '', de: '', du: '', des: '', la: '', le: '', del: '', di: '', da: '', van: '', r: '', e2: '', und: '', et: '', y: '',
};

/** The header's words said in English ("telefon privat 2" → "phone home 2"); unknown words stay. */
export function englishWords(headerWords: string): string {
  let text = ` ${headerWords} `;
  for (const [phrase, english] of phrases) text = text.replaceAll(` ${phrase} `, ` ${english} `);
  const out: string[] = [];
  for (const word of text.trim().split(' ')) {
    const english = Object.hasOwn(words, word) ? words[word]! : word;
    for (const part of english.split(' ')) {
      if (part !== '' && out.at(-1) !== part) out.push(part);
    }
  }
  return out.join(' ');
}

/** Words that say which language a header row is written in. */
const languageWords: Record<string, readonly string[]> = {
  de: ['vorname', 'nachname', 'strasse', 'plz', 'postleitzahl', 'ort', 'telefon', 'privat', 'geschaftlich', 'dienstlich', 'firma', 'geburtstag', 'notizen', 'anrede', 'weitere', 'mobiltelefon', 'bundesland', 'abteilung'],
  fr: ['prenom', 'nom', 'rue', 'ville', 'domicile', 'bureau', 'societe', 'courriel', 'pays', 'portable', 'civilite', 'naissance', 'adresse', 'telecopie'],
  nl: ['voornaam', 'achternaam', 'woonplaats', 'telefoon', 'thuis', 'werk', 'mobiel', 'adres', 'bijnaam', 'straat', 'plaats', 'geboortedatum', 'aantekeningen'],
  es: ['nombre', 'apellidos', 'apellido', 'calle', 'ciudad', 'telefono', 'correo', 'movil', 'direccion', 'pais', 'provincia', 'empresa'],
  it: ['nome', 'cognome', 'via', 'citta', 'telefono', 'cellulare', 'indirizzo', 'paese', 'azienda', 'cap'],
  pt: ['nome', 'sobrenome', 'rua', 'cidade', 'telefone', 'celular', 'endereco', 'pais', 'empresa', 'cep'],
};

/** Countries whose phone numbers a header row's language suggests, most likely first. */
const languageCountries: Record<string, readonly string[]> = {
  de: ['DE', 'AT', 'CH'],
  fr: ['FR', 'BE', 'CH', 'CA'],
  nl: ['NL', 'BE'],
  es: ['ES', 'MX'],
  it: ['IT', 'CH'],
  pt: ['PT', 'BR'],
};

/** The countries the language of a header row points to ("Vorname", "PLZ": DE, AT, CH), if any. */
export function countriesOfHeader(headerWordsList: readonly string[]): readonly string[] {
  const words = headerWordsList.flatMap((header) => header.split(' '));
  let best: { language: string; hits: number } | undefined;
  for (const [language, list] of Object.entries(languageWords)) {
    const hits = words.filter((word) => list.includes(word)).length;
    if (hits >= 2 && (!best || hits > best.hits)) best = { language, hits };
  }
  return best ? (languageCountries[best.language] ?? []) : [];
}

/** Text already in folded form: plain words separated by single spaces (most names and streets). */
const plainWords = /^[a-z0-9]+(?: [a-z0-9]+)*$/;

/**
 * The comparable form of free text: lower case ASCII letters and digits, words separated by one
 * space. Accents go through NFD ("Hélène" → "helene"); letters NFD cannot split are spelled out
 * (ß → ss, ø → o); apostrophes vanish so that "O'Brien" and "OBrien" meet; any other
 * punctuation separates words ("Smith-Jones" → "smith jones").
 *
 * @example foldText("  Hélène  O'Brien-Müller ") // "helene obrien muller"
 */
export function foldText(text: string): string {
  // Most values are plain ASCII; Unicode normalisation is comparatively slow, so skip it for them.
  const ascii = /[^\x20-\x7e]/.test(text) ? foldAccents(text) : text;
  const lower = ascii.toLowerCase();
  // Plain words (most names, streets and cities) are already folded: skip the three passes below.
  if (plainWords.test(lower)) return lower;
  return lower
    .replace(/['`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const spelledOut: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  ø: 'o',
  Ø: 'o',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ı: 'i',
  þ: 'th',
  '\u2019': '',
  '\u2018': '',
};

function foldAccents(text: string): string {
  return text
    .replace(/[ßẞøØæÆœŒłŁđĐıþ\u2018\u2019]/g, (letter) => spelledOut[letter] ?? letter)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/** Words of folded text; none when the text is empty. */
export function foldedWords(text: string | null | undefined): string[] {
  if (!text) return [];
  const folded = foldText(text);
  return folded === '' ? [] : folded.split(' ');
}

import { describe, expect, it } from 'vitest';
import { foldText } from '../../src/format/fold-text.js';
import { compareBirthDates, parseBirthDate } from '../../src/pipeline/match/birth-date.js';
import { normaliseCompanyName } from '../../src/pipeline/match/company-name.js';
import { compareFirstNames, compareLastNames, compareNames } from '../../src/pipeline/match/compare-names.js';
import { normaliseEmail } from '../../src/pipeline/match/email-address.js';
import { areNicknames, formalNamesOf } from '../../src/pipeline/match/nicknames.js';
import { normalisePersonName } from '../../src/pipeline/match/person-name.js';
import { normalisePhone } from '../../src/pipeline/match/phone-number.js';
import { soundAlike } from '../../src/pipeline/match/phonetic-code.js';
import { compareAddresses, normaliseAddress } from '../../src/pipeline/match/postal-address.js';
import { withinOneSlip } from '../../src/pipeline/match/string-similarity.js';

const born = (text: string) => parseBirthDate(text)!;

describe('normalising names', () => {
  it('folds case, accents and punctuation', () => {
    expect(foldText("  Hélène  O'Brien-Müller ")).toBe('helene obrien muller');
    expect(foldText('STRAßE Øster Łódź')).toBe('strasse oster lodz');
    // Plain words are returned as they are; spacing and punctuation around them still fold.
    expect(foldText('897 n washington ave')).toBe('897 n washington ave');
    expect(foldText(' 897  N Washington Ave. ')).toBe('897 n washington ave');
    expect(foldText("o'brien st")).toBe('obrien st');
  });

  it('takes titles out of the first name and generations out of the last name', () => {
    const name = normalisePersonName({ firstName: 'Dr. José', lastName: 'García-López Jr.' });
    expect(name.first?.joined).toBe('jose');
    expect(name.last?.joined).toBe('garcialopez');
    expect(name.last?.parts).toEqual(['garcia', 'lopez']);
    expect(name.generation).toBe('junior');
  });

  it('reads a gender from the title', () => {
    expect(normalisePersonName({ title: 'Mrs.', firstName: 'Ann' }).gender).toBe('female');
    expect(normalisePersonName({ title: 'Dr', firstName: 'Ann' }).gender).toBeUndefined();
  });

  it('keeps surname particles in the joined name but not among the parts', () => {
    const name = normalisePersonName({ lastName: 'van der Berg' });
    expect(name.last?.joined).toBe('vanderberg');
    expect(name.last?.parts).toEqual(['berg']);
  });
});

describe('nicknames', () => {
  it('knows Bob stands for Robert and Liz for Elizabeth', () => {
    expect(areNicknames('bob', 'robert')).toBe(true);
    expect(areNicknames('elizabeth', 'liz')).toBe(true);
  });

  it('relates two nicknames of the same formal name', () => {
    expect(areNicknames('bob', 'rob')).toBe(true);
  });

  it('does not relate unrelated names, nor a name to itself', () => {
    expect(areNicknames('john', 'mary')).toBe(false);
    expect(areNicknames('john', 'john')).toBe(false);
    expect(formalNamesOf('zebulonx')).toEqual(['zebulonx']);
  });
});

describe('phonetic codes and typos', () => {
  it('hears Smith and Smyth, Meyer and Maier alike', () => {
    expect(soundAlike('smith', 'smyth')).toBe(true);
    expect(soundAlike('meyer', 'maier')).toBe(true);
    expect(soundAlike('smith', 'jones')).toBe(false);
  });

  it('sees one dropped, added, replaced or swapped letter as one slip', () => {
    expect(withinOneSlip('andy', 'audy')).toBe(true);
    expect(withinOneSlip('andrew', 'andew')).toBe(true);
    expect(withinOneSlip('andrew', 'andreww')).toBe(true);
    expect(withinOneSlip('martha', 'marhta')).toBe(true);
    expect(withinOneSlip('martha', 'mrahta')).toBe(false);
  });
});

describe('emails and phones', () => {
  it('lower-cases emails and folds Gmail dots and plus tags', () => {
    expect(normaliseEmail(' John.Smith+news@GMail.com ')).toBe('johnsmith@gmail.com');
    expect(normaliseEmail('John.Smith+news@GMail.com', { canonicalGmail: false })).toBe(
      'john.smith+news@gmail.com',
    );
    expect(normaliseEmail('John.Smith+news@example.com')).toBe('john.smith+news@example.com');
  });

  it('writes phones in E.164 whatever their format', () => {
    expect(normalisePhone('(212) 555-0123', 'US')).toBe('+12125550123');
    expect(normalisePhone('+1 212 555 0123')).toBe('+12125550123');
    expect(normalisePhone('030 12345678', 'DE')).toBe('+493012345678');
    expect(normalisePhone('+33612345678;ext=12')).toBe('+33612345678');
    expect(normalisePhone('not a phone')).toBeUndefined();
  });
});

describe('birth dates', () => {
  it('tells exact, transposed, near and different dates apart', () => {
    expect(compareBirthDates(born('1980-03-04'), born('1980-03-04'))).toBe('exact');
    expect(compareBirthDates(born('1980-03-04'), born('1980-04-03'))).toBe('transposed');
    expect(compareBirthDates(born('1980-03-04'), born('1981-03-04'))).toBe('near');
    expect(compareBirthDates(born('1980-03-04'), born('1980-03-14'))).toBe('near');
    expect(compareBirthDates(born('1980-03-04'), born('1955-11-20'))).toBe('different');
    expect(compareBirthDates(born('1946-08-15'), born('1976-08-15'))).toBe('different');
  });
});

describe('addresses and companies', () => {
  it('spells street abbreviations one way', () => {
    const full = normaliseAddress({ street: '12 North Main Street', postalCode: '10001' })!;
    const short = normaliseAddress({ street: '12 N. Main St', postalCode: '10001' })!;
    expect(compareAddresses(full, short)).toBe('same');
  });

  it('reads German streets with the number last and the type glued on', () => {
    const first = normaliseAddress({ street: 'Hauptstraße 5', postalCode: '10115' })!;
    const second = normaliseAddress({ street: 'Hauptstr. 5', postalCode: '10 115' })!;
    expect(compareAddresses(first, second)).toBe('same');
  });

  it('calls the same postcode with another street nearby', () => {
    const first = normaliseAddress({ street: '12 Main St', postalCode: 'SW1A 1AA' })!;
    const second = normaliseAddress({ street: '3 Oak Road', postalCode: 'sw1a1aa' })!;
    expect(compareAddresses(first, second)).toBe('nearby');
  });

  it('drops legal forms from company names', () => {
    expect(normaliseCompanyName('The Müller & Söhne GmbH')).toBe('muller sohne');
    expect(normaliseCompanyName('Acme, Inc.')).toBe(normaliseCompanyName('ACME Corporation'));
    expect(normaliseCompanyName('Co AG')).toBe('co ag');
  });
});

describe('names written alike are normalised once and compared once', () => {
  const personOf = (firstName: string, lastName: string) => normalisePersonName({ firstName, lastName });

  it('keeps "van der Berg" and "Vanderberg" two names although their letters join alike', () => {
    const [withParticles, glued] = [
      personOf('Anna', 'van der Berg').last!,
      personOf('Anna', 'Vanderberg').last!,
    ];
    expect(withParticles.joined).toBe(glued.joined);
    expect(withParticles.parts).toEqual(['berg']);
    expect(glued.parts).toEqual(['vanderberg']);
  });

  it('gives every pair the levels of a fresh comparison, however often and in whatever order it comes', () => {
    const people = [
      personOf('Robert', 'Smith'),
      personOf('Bob', 'Smyth'),
      personOf('Smith', 'Robert'),
      personOf('Roberta', 'Smithson'),
      personOf('Jariui', 'Jairus'),
      personOf('Jairus', 'Jariui'),
      personOf('Anna', 'van der Berg'),
      personOf('Anna', 'Berg'),
      personOf('Anna', 'Vanderberg'),
    ];
    const fresh = (first: number, second: number) => {
      const [a, b] = [people[first]!, people[second]!];
      return {
        first: compareFirstNames(a.first!, b.first!),
        last: compareLastNames(a.last!, b.last!),
      };
    };
    for (let round = 0; round < 3; round++) {
      people.forEach((a, first) => {
        people.forEach((b, second) => {
          const agreement = compareNames(a, undefined, b, undefined);
          if (!agreement.transposed)
            expect({ first: agreement.first, last: agreement.last }).toEqual(fresh(first, second));
        });
      });
    }
    // Joined alike, told apart by their words: neither may take the other's remembered level.
    const [compound, glued, lopez] = [
      personOf('Maria', 'Garcia-Lopez'),
      personOf('Maria', 'Garcialopez'),
      personOf('Maria', 'Lopez'),
    ];
    for (let round = 0; round < 2; round++) {
      expect(compareNames(compound, undefined, lopez, undefined).last).toBe('partOfCompound');
      expect(compareNames(glued, undefined, lopez, undefined).last).toBe('different');
    }
  });

  it('still gives the levels of a fresh comparison after more pairs than it keeps have filled its table', () => {
    // 800 first names, many a letter apart: 319,600 pairs of them, past the 262,144 pairs kept.
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const letter = (index: number) => letters[Math.floor(index) % 26];
    const people = Array.from({ length: 800 }, (_, index) =>
      personOf(`Jo${letter(index)}${letter(index / 26)}${letter(index / 676)}n`, `Smith${index % 3}`),
    );
    const levels = () =>
      people.flatMap((a, first) =>
        people.slice(first + 1).map((b) => compareNames(a, undefined, b, undefined).first),
      );
    const once = levels();
    expect(levels()).toEqual(once);
    let checked = 0;
    people.forEach((a, first) => {
      people.slice(first + 1).forEach((b, offset) => {
        if ((first + offset) % 97 !== 0) return;
        const agreement = compareNames(a, undefined, b, undefined);
        if (!agreement.transposed) expect(agreement.first).toBe(compareFirstNames(a.first!, b.first!));
        checked++;
      });
    });
    expect(checked).toBeGreaterThan(2000);
    expect(new Set(once)).toContain('similar');
  });
});

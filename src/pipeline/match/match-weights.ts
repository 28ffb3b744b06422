/**
 * The Fellegi–Sunter weights of the default match model. For each field and each level of
 * agreement, m is the probability of seeing that level when the two records are the same
 * contact, u when they are two different contacts; the weight is log2(m / u), in bits. Summed
 * over the fields, the score says how many times more likely "same contact" is than "different
 * contacts", as a power of two. docs/matching.md explains every figure; change both together.
 */
export interface LevelWeight {
  m: number;
  u: number;
  weight: number;
}

const level = (m: number, u: number): LevelWeight => ({
  m,
  u,
  weight: Math.round(Math.log2(m / u) * 100) / 100,
});

export const matchWeights = {
  legacyKey: {
    // Only a re-import of the same source carries the same key, so m is small; u is tiny.
    same: level(0.2, 0.00002),
  },
  email: {
    same: level(0.9, 0.0001),
    // john.smith@ at two providers: the local part mostly repeats the name, so it adds little to it.
    sameLocalPart: level(0.05, 0.02),
    different: level(0.3, 0.9999),
  },
  phone: {
    same: level(0.85, 0.0005),
    // A household shares its landline: at the same address a shared phone says little more.
    sameInHousehold: level(0.85, 0.3),
    different: level(0.3, 0.9995),
  },
  firstName: {
    exact: level(0.85, 0.01),
    nickname: level(0.05, 0.002),
    similar: level(0.05, 0.005),
    // Two or three slips in a name of five letters or more (looksLikeSeveralTypos).
    typos: level(0.03, 0.003),
    phonetic: level(0.01, 0.005),
    initial: level(0.02, 0.03),
    different: level(0.02, 0.95),
  },
  middleName: {
    same: level(0.9, 0.1),
    different: level(0.05, 0.9),
  },
  lastName: {
    exact: level(0.88, 0.002),
    similar: level(0.06, 0.001),
    typos: level(0.03, 0.001),
    phonetic: level(0.02, 0.005),
    partOfCompound: level(0.02, 0.001),
    different: level(0.02, 0.99),
  },
  birthDate: {
    exact: level(0.9, 0.0005),
    transposed: level(0.02, 0.0001),
    near: level(0.05, 0.002),
    // One of 12 months and some 60 birth years agree by chance once in some 700 pairs.
    sameYearAndMonth: level(0.02, 0.0014),
    sameYearAndDay: level(0.01, 0.0005),
    different: level(0.03, 0.9975),
  },
  address: {
    same: level(0.6, 0.0005),
    // Street and number agree, the place only roughly (a postcode one slip off, or the city only).
    sameStreet: level(0.1, 0.0002),
    // The same postcode and city, one side without the street or number: missing is not different.
    samePlace: level(0.08, 0.0005),
    // The same street in the same place, another house number. By default weighed as nearby;
    // a job's estimated model tells neighbours from mistyped numbers by its own duplicates.
    otherNumber: level(0.1, 0.01),
    nearby: level(0.1, 0.01),
    different: level(0.3, 0.99),
  },
  employer: {
    same: level(0.5, 0.005),
    different: level(0.2, 0.99),
  },
  companyName: {
    exact: level(0.85, 0.0001),
    similar: level(0.1, 0.001),
    different: level(0.05, 0.99),
  },
  gender: {
    // Only a conflict counts: agreeing first names already imply the same gender.
    different: level(0.02, 0.5),
  },
} as const;

export type MatchField = keyof typeof matchWeights;

export type MatchBand = 'High' | 'Medium' | 'Low';

export type BandThresholds = Readonly<Record<MatchBand, number>>;

/**
 * Lowest score of each band, in bits; below Low a pair is not a match at all. A job's estimated
 * model may lower Medium where its comparison space is small (model/estimate-model.ts).
 */
export const bandThresholds: BandThresholds = {
  High: 22,
  Medium: 17,
  Low: 8,
};

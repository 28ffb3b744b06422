/** The stored text form of a match profile (src/format/match-profile.ts, below the data layer). */
export { profileFromStoredText, storedProfileText } from '../../format/match-profile.js';

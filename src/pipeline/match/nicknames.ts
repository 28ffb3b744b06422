/**
 * English first-name nicknames (Bob ↔ Robert, Liz ↔ Elizabeth) from
 * resources/nicknames/names.csv (carltonnorthern/nicknames, Apache-2.0; see NOTICE). The file is
 * read once, on first use, into a Map from each name to the formal names it stands for.
 */
import fs from 'node:fs';

const csvUrl = new URL('../../../resources/nicknames/names.csv', import.meta.url);

let formalNamesByName: Map<string, string[]> | undefined;
let nicknamesByFormalName: Map<string, string[]> | undefined;

function load(): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  nicknamesByFormalName = new Map();
  const add = (name: string, formal: string) => {
    const list = byName.get(name);
    if (!list) byName.set(name, [formal]);
    else if (!list.includes(formal)) list.push(formal);
  };
  const lines = fs.readFileSync(csvUrl, 'utf8').split(/\r?\n/);
  for (const line of lines.slice(1)) {
    const [formal, relationship, nickname] = line.split(',');
    if (!formal || !nickname || relationship !== 'has_nickname') continue;
    add(formal, formal);
    add(nickname, formal);
    const nicknames = nicknamesByFormalName.get(formal);
    if (nicknames) nicknames.push(nickname);
    else nicknamesByFormalName.set(formal, [nickname]);
  }
  return byName;
}

/**
 * The formal names a (folded, lower case) first name may stand for, itself included:
 * "bob" → ["bob", "robert"], "robert" → ["robert"]. Names the list does not know stand for
 * themselves.
 */
export function formalNamesOf(firstName: string): readonly string[] {
  formalNamesByName ??= load();
  const formals = formalNamesByName.get(firstName);
  if (!formals) return [firstName];
  return formals.includes(firstName) ? formals : [firstName, ...formals];
}

/**
 * Whether two different first names are nicknames of one another or of the same formal name:
 * Bob ↔ Robert, Bob ↔ Rob (both Robert), Liz ↔ Beth (both Elizabeth).
 */
export function areNicknames(first: string, second: string): boolean {
  if (first === second) return false;
  formalNamesByName ??= load();
  // formalNamesOf without its arrays: this runs for most candidate pairs of the Match stage.
  const formalsOfFirst = formalNamesByName.get(first);
  const formalsOfSecond = formalNamesByName.get(second);
  if (standsFor(first, second, formalsOfSecond)) return true;
  if (!formalsOfFirst) return false;
  for (const formal of formalsOfFirst) if (standsFor(formal, second, formalsOfSecond)) return true;
  return false;
}

/** Whether `formal` is `name` or a formal name `name` stands for (a function, not a closure per call). */
const standsFor = (formal: string, name: string, formalsOfName: readonly string[] | undefined): boolean =>
  formal === name || formalsOfName?.includes(formal) === true;

/** The nicknames of a formal first name: "robert" → ["bill", "billy", "bob", …]; none for a name the list lacks. */
export function nicknamesOf(formalName: string): readonly string[] {
  formalNamesByName ??= load();
  return nicknamesByFormalName?.get(formalName) ?? [];
}

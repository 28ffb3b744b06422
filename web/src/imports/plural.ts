/**
 * A count with its noun in the right number: "1 staged contact", "2 staged contacts".
 *
 * @example plural(1, 'contact') // "1 contact"
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

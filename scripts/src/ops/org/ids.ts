/**
 * The 18-character, case-safe form of a 15-character Salesforce id: three suffix characters, each
 * encoding which of five characters in a block of the id are upper case.
 * https://help.salesforce.com/s/articleView?id=000385008&type=1 (15 vs 18 character ids)
 */
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

export function to18(id: string): string {
  if (id.length !== 15) return id;
  let suffix = '';
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id.charCodeAt(block * 5 + i);
      if (c >= 65 && c <= 90) bits |= 1 << i;
    }
    suffix += SUFFIX[bits];
  }
  return id + suffix;
}

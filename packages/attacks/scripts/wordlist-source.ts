import { dictionary } from '@zxcvbn-ts/language-common';

/** "A few hundred": enough to crack the weak passwords the lab seeds, small enough to ship. */
export const WORDLIST_SIZE = 500;

/**
 * The list is shown on a projector in class; real breach lists are full of profanity and
 * slurs, so entries containing these are left out.
 */
const UNSUITABLE =
  /fuck|shit|cunt|pussy|dick|cock|penis|vagina|asshole|bitch|slut|whore|porn|sex|tits|boob|nigg|fag|suck|blow|horny|biteme|69|panties|iwantu|butt|jackass|hooters|playboy|hardcore/;

/** The top of zxcvbn-ts's ranked `passwords-common` list, minus what we would not project. */
export function buildWordlist(size = WORDLIST_SIZE): string[] {
  const words: string[] = [];
  for (const word of dictionary['passwords-common']) {
    if (UNSUITABLE.test(word.toLowerCase()) || words.includes(word)) continue;
    words.push(word);
    if (words.length === size) break;
  }
  return words;
}

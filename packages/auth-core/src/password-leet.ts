/**
 * Leetspeak undone: `P@ssw0rd` and `password` compare equal once both are folded. Attackers'
 * rules swap these characters both ways, so the blocklist has to look through them too.
 */

// '1', '!' and '|' stand for both i and l, so i and l are compared as one letter.
const LEET: Readonly<Record<string, string>> = {
  '4': 'a',
  '@': 'a',
  '8': 'b',
  '(': 'c',
  '3': 'e',
  '6': 'g',
  '9': 'g',
  '1': 'i',
  '!': 'i',
  '|': 'i',
  l: 'i',
  '0': 'o',
  '5': 's',
  $: 's',
  '7': 't',
  '+': 't',
};

/** `foldCell` for every ASCII character, worked out once: the word lists are folded at startup. */
const ASCII_FOLDED = Array.from({ length: 128 }, (_unused, code) => foldOther(String.fromCharCode(code)));

/** Lower case with leetspeak undone, one code point at a time so positions line up with the input. */
export function foldLeet(text: string): string {
  let folded = '';
  for (const cell of text) folded += foldCell(cell);
  return folded;
}

/** One code point folded; a few, like `İ`, lower-case to more than one. */
export function foldCell(cell: string): string {
  return ASCII_FOLDED[cell.charCodeAt(0)] ?? foldOther(cell);
}

function foldOther(cell: string): string {
  // Accents dropped too: `Pässwörd` is `password` to a cracking rule that swaps ä for a.
  const lower = cell
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFC');
  return LEET[lower] ?? (lower === '' ? cell : lower);
}

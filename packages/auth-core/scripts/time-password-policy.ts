/**
 * How long one password-policy check takes, for the shapes that cost the most: `npx tsx
 * packages/auth-core/scripts/time-password-policy.ts`. Digits and symbols only are the worst
 * case, since every position may start or end the decoration around a common word.
 */
import { checkPasswordPolicy } from '../src/password-policy.ts';

const CALLS = 1_000;

function randomOf(alphabet: readonly string[], length: number): string {
  return Array.from({ length }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
}

const shapes: Record<string, () => string> = {
  'random digits, 72 bytes': () => randomOf([...'0123456789'], 72),
  'random symbols, 72 bytes': () => randomOf([...'!@#$%^&*()-_=+[]{};:,.<>/?'], 72),
  'random printable ASCII, 72 bytes': () => randomOf([...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*-_ '], 72),
  'one character, 72 bytes': () => '1'.repeat(72),
  'random emoji, 72 bytes': () => randomOf([...'🦊🐙🌵🚀🎻🧭🍄🛶🐢🌋🎲🧩🪁🦉🌈🍋🧲🪐🐝🦋'], 18),
  '64-character passphrase': () => 'the lighthouse keeper paints the stairs blue every second spring',
};

for (const [name, make] of Object.entries(shapes)) {
  const passwords = Array.from({ length: CALLS }, make);
  for (const password of passwords.slice(0, 100)) checkPasswordPolicy(password, { username: 'alice' });
  const before = process.cpuUsage();
  for (const password of passwords) checkPasswordPolicy(password, { username: 'alice' });
  const used = process.cpuUsage(before);
  console.log(`${name.padEnd(34)} ${((used.user + used.system) / 1000 / CALLS).toFixed(3)} ms CPU per call`);
}

import { randomPasswordOfBytes, randomUsername, succeeded } from '@authlab/contract';
import { defineCheck, fail, pass } from '../check.ts';

export const no72ByteTruncation = defineCheck({
  id: 'no-72-byte-truncation',
  title: 'Bytes past the 72nd still count',
  lesson: '03-bcrypt',
  hint: 'bcrypt ignores everything after 72 bytes: refuse longer passwords (at registration and login) instead of cutting them.',
  budget: 6,
  async decide(probe) {
    const username = randomUsername();
    const password = randomPasswordOfBytes(72);
    // Throws, and so fails, when the 72-byte password cannot sign in.
    await probe.signInNew(username, password);
    const imposter = `${password}-not-the-password`;
    const attempt = await probe.attempt(username, imposter);
    if (succeeded(attempt)) {
      return fail('A different password that only adds bytes after the 72nd logged in: everything past byte 72 is ignored.');
    }
    return pass('A password that differs only after byte 72 was refused.');
  },
});

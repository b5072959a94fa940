/**
 * Why a storage check cannot decide: what is stored did not list the accounts it just registered
 * (a reset in between on a stage; on a learner's API, a query or DATA_DIR that reads another
 * database). That says nothing about how passwords are stored, so it is n/a, with what was listed.
 */
export function missingFromListing(listed: ReadonlyMap<string, string>, registered: readonly string[]): string {
  const names = [...listed.keys()];
  const shown = names.length === 0 ? 'nothing' : `${names.length} account${names.length === 1 ? '' : 's'} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`;
  return `What is stored did not list ${registered.join(' and ')}, just registered: it listed ${shown}. Check that it reads the database your API writes to.`;
}

/** npm run api-schema --workspace @authlab/contract: rewrites docs/api-description.schema.json from the zod schema. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { apiDescriptionJSONSchema } from '../src/api-description.ts';

const file = path.resolve(import.meta.dirname, '../../../docs/api-description.schema.json');
writeFileSync(file, `${JSON.stringify(apiDescriptionJSONSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${file}\n`);

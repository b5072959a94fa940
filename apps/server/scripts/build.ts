import path from 'node:path';
import { REPO_ROOT } from '@authlab/lab-files';
import { BUNDLE_PATH, bundleServer } from './bundle.ts';

// `npm run build --workspace @authlab/server`: what the Dockerfile runs with `node`, no tsx needed.
const outfile = path.join(REPO_ROOT, BUNDLE_PATH);
await bundleServer({ outfile });
console.log(`Server bundled into ${path.relative(process.cwd(), outfile)}`);

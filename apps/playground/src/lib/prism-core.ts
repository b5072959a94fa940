// Runs prismjs, which makes `Prism` global, before prism.ts imports the language scripts that need it.
import Prism from 'prismjs';

export default Prism;

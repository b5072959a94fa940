/**
 * Prism with the languages the course shows. prismjs is CommonJS, and its language files are
 * plain scripts that extend a global `Prism`: the bundler runs prismjs itself only when a module
 * that imports it runs, which can be after the language scripts, and they would throw. So prismjs
 * is loaded in a module of its own (prism-core.ts), imported before the languages.
 */
import Prism from './prism-core.ts';
import 'prismjs/components/prism-typescript';
import 'prismjs/components/prism-bash';
import 'prismjs/components/prism-json';

export default Prism;

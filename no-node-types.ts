// Part of every browser program (tsconfig.browser.json). Those programs leave out Node's types
// so that `process`, `Buffer` or a `node:` import fails to compile; but a dependency whose
// typings reference Node's (as @types/cli-progress does) would bring them back unnoticed. Node's
// types declare `__dirname`, which ES modules never use, so if they enter the program this
// declaration clashes with theirs and the compile fails here. To see which import brought them:
// `npx tsc -p <package> --explainFiles | grep -B1 -A3 @types/node`.
declare global {
  const __dirname: never;
}

export {};

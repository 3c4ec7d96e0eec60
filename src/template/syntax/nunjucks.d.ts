// The parts of nunjucks tsible uses (its tokenizer, node classes and parser), imported by
// path: the package's entry also loads its environment, compiler, runtime and loaders.
declare module 'nunjucks/src/lexer.js' {
  const lexer: { lex(src: string, opts: unknown): unknown } & Record<string, unknown>
  export default lexer
}
declare module 'nunjucks/src/nodes.js' {
  const nodes: Record<string, unknown>
  export default nodes
}
declare module 'nunjucks/src/parser.js' {
  const parser: { Parser: unknown }
  export default parser
}

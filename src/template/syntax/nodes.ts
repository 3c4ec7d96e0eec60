/** Expression nodes (Jinja2's expression AST, as plain objects). */

export interface Signature {
  args: Expr[]
  kwargs: { key: string; value: Expr }[]
  dynArgs?: Expr
  dynKwargs?: Expr
}

export type Expr =
  | { type: 'Const'; value: unknown }
  | { type: 'Name'; name: string; lineno?: number; colno?: number }
  | { type: 'Tuple'; items: Expr[] }
  | { type: 'List'; items: Expr[] }
  | { type: 'Dict'; items: { key: Expr; value: Expr }[] }
  | { type: 'Getattr'; node: Expr; attr: string }
  | { type: 'Getitem'; node: Expr; arg: Expr }
  | { type: 'Slice'; start: Expr | null; stop: Expr | null; step: Expr | null }
  | ({ type: 'Call'; node: Expr } & Signature)
  | ({ type: 'Filter'; node: Expr; name: string } & Signature)
  | ({ type: 'Test'; node: Expr; name: string } & Signature)
  | { type: 'CondExpr'; test: Expr; expr1: Expr; expr2: Expr | null }
  | { type: 'And'; left: Expr; right: Expr }
  | { type: 'Or'; left: Expr; right: Expr }
  | { type: 'Not'; node: Expr }
  | { type: 'Compare'; expr: Expr; ops: { op: string; expr: Expr }[] }
  | { type: 'BinOp'; op: string; left: Expr; right: Expr }
  | { type: 'Concat'; nodes: Expr[] }
  | { type: 'Neg'; node: Expr }
  | { type: 'Pos'; node: Expr }

export type ExprOf<T extends Expr['type']> = Extract<Expr, { type: T }>

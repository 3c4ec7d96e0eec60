/**
 * A module's argument schema and the argument type it gives `run`.
 *
 * The schema is the JSON schema subset module arguments use (type, enum, default, items,
 * properties, required, additionalProperties; other keywords go to ajv). `ArgsOf<S>` reads
 * a schema written literally (`defineModule` takes it as a `const` type parameter) the way
 * `validateArgs` fills the arguments in: a property that is required or has a default is
 * always there, any other may be missing; `enum` gives its values, `type` its JavaScript
 * type, `items` and nested `properties` their shapes. So the type `run` sees is the one
 * the validation guarantees, with nothing written twice.
 */

/**
 * A JSON schema as the engine reads it: the keywords module arguments use, any other one
 * (`pattern`, `minimum`...) for ajv. Values need not be literal types.
 */
export interface JsonSchema {
  readonly type?: string | readonly string[]
  readonly enum?: readonly unknown[]
  readonly default?: unknown
  readonly items?: JsonSchema
  readonly properties?: { readonly [name: string]: JsonSchema }
  readonly required?: readonly string[]
  readonly additionalProperties?: boolean | JsonSchema
  readonly [keyword: string]: unknown
}

/** A module's arguments written literally: an object schema, read by `ArgsOf`. */
export interface ModuleArgsSchema extends JsonSchema {
  readonly type: 'object'
}

type TypeOf<T> = T extends 'string'
  ? string
  : T extends 'integer' | 'number'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'null'
        ? null
        : T extends 'array'
          ? unknown[]
          : T extends 'object'
            ? Record<string, unknown>
            : unknown

/** The value a schema admits once validated. */
type ValueOf<S> = S extends { readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly type: 'array'; readonly items: infer I }
    ? ValueOf<I>[]
    : S extends { readonly type: 'object'; readonly properties: object }
      ? ObjectOf<S>
      : S extends { readonly type: infer T }
        ? T extends readonly (infer U)[]
          ? TypeOf<U>
          : TypeOf<T>
        : unknown

type Props<S> = S extends { readonly properties: infer P } ? P : {}
type RequiredKeys<S> = S extends { readonly required: readonly (infer R)[] } ? R : never
/** The properties validation always fills in: required ones and those with a default. */
type Present<S> = {
  [K in keyof Props<S>]: K extends RequiredKeys<S> ? K : Props<S>[K] extends { readonly default: {} | null } ? K : never
}[keyof Props<S>]

type Simplify<T> = { [K in keyof T]: T[K] } & {}

/** The properties of an object schema (exactly those: unknown arguments are refused). */
export type ArgsOf<S> = Simplify<
  { -readonly [K in keyof Props<S> & Present<S>]: ValueOf<Props<S>[K]> } & {
    -readonly [K in Exclude<keyof Props<S>, Present<S>>]?: ValueOf<Props<S>[K]>
  }
>

/** A nested object: its properties, plus any other key unless `additionalProperties: false`. */
type ObjectOf<S> = S extends { readonly additionalProperties: false } ? ArgsOf<S> : ArgsOf<S> & { [key: string]: unknown }

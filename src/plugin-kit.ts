/**
 * `tsible/plugin-kit`: everything a module, action, filter, test, lookup or callback is
 * written with. The bundled ones in `modules/` and `plugins/` import `src/` only through
 * this file (scripts/check-boundaries.sh enforces it), so users' plugins get exactly what
 * they use. `tsible` (src/index.ts) is the smaller module-author subset of it.
 */

// Modules: definition, context, results, and the file write path copy/template share.
export * from './index.js'
export { backupName, localTmpName } from './module-api/copy-content.js'
export { ArgumentError } from './module-api/validate-args.js'
export type { JsonSchema } from './module-api/args-schema.js'

// Python's semantics as Ansible's plugins see them (src/py, the bottom layer).
export { boolean, BOOLEANS_FALSE, BOOLEANS_TRUE } from './py/boolean.js'
export { b64decode } from './py/base64.js'
export { ConfigParser, ConfigParserError } from './py/configparser.js'
export { csvRows } from './py/csv-reader.js'
export { KeyError, PyError, PyTypeError } from './py/errors.js'
export { fnmatch, globToRegExp } from './py/fnmatch.js'
export { jsonDumps, RawJson } from './py/json-dumps.js'
export { jsonLoads } from './py/json-loads.js'
export { literalEval } from './py/literal-eval.js'
export { isLazyMapping, isMapping } from './py/lazy-mapping.js'
export * as posixpath from './py/posixpath.js'
export { PyRandom } from './py/random.js'
export { PyRegex, reEscape } from './py/re.js'
export { shlexQuote, shlexSplit } from './py/shlex.js'
export { compareCodePoints, pyLstrip, pyRstrip, pyStrip } from './py/str.js'
export { strftime } from './py/strftime.js'
export { unquotePlus, urlsplit } from './py/urllib.js'
export { PyTuple, isInt, isNumber, pyFixed, pyFloat, pyTuple, pyTypeName, reprString, toNumber } from './py/values.js'
export { RepresenterError, yamlDump, type DumpOptions as YamlDumpOptions, type Flavour as YamlFlavour } from './py/yaml/emitter.js'

// Templating: what filters, tests and lookups need of Jinja's runtime.
export { UndefinedVariableError } from './errors/errors.js'
export { uniqueItems } from './template/builtins/filters-sequences.js'
export { markReadOnly } from './template/engine/traits.js'
export { impure } from './template/provenance.js'
export { getitem } from './template/runtime/attrs.js'
export { contains as pyContains } from './template/runtime/ops.js'
export { pyPercentFormat } from './template/runtime/pyformat.js'
export { pySplit } from './template/runtime/str-methods.js'
export { strptime } from './template/runtime/datetime.js'
export { defined, undefinedError } from './template/runtime/strict.js'

// YAML as Ansible loads it.
export { YamlSyntaxError, loadYaml, loadYamlAll } from './yaml/load.js'
export { UnsafeText, VaultText } from './yaml/tagged.js'
export { hasTemplateMarkers } from './template/unsafe.js'

// Vault: the `vault`/`unvault` filters and lookups encrypt and decrypt with secrets of their own.
export { isEncrypted } from './vault/format.js'
export { Vault } from './vault/vault.js'

// Settings, inventories and k=v arguments as the config, inventory_hostnames and password lookups read them.
export { loadConfig, type Config } from './config/load-config.js'
export { SETTINGS, type SettingDefinition, type SettingName } from './config/settings.js'
export { openInventory } from './inventory/index.js'
export { parseKv } from './playbook/parse-args.js'

// Errors: the base class of every error tsible reports about the user's data (file, line, column).
export { TsibleError } from './errors/tsible-error.js'

// Callbacks: Ansible's result formatting and terminal colours.
export type { CallbackOptionSpec } from './plugin-api/callback.js'
export { CallbackOutput } from './output/callback-output.js'
export { colorize, hostcolor } from './output/color.js'
export { cleanDebugResult, hostLabel, itemLabel, itemLabelValue, runIsVerbose, withInternalFqcns } from './output/result-format.js'

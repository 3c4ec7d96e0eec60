/**
 * tsible's public authoring API: what modules, plugins and callbacks (built-in or users')
 * are written against. The engine itself is under `tsible/engine`.
 */
export { defineModule, ModuleFailure } from './module-api/types.js'
export { contentOfFile, writeFileLikeCopy, type CopyContentOptions } from './module-api/copy-content.js'
export {
  applyAttributes,
  attributesFixed,
  attributeSteps,
  FILE_COMMON_ALIASES,
  FILE_COMMON_ARGS,
  fixedMode,
  octalMode,
  pathResultKeys,
  planAttributes,
  resolveMode,
  type FileAttributes,
} from './module-api/file-attrs.js'
export type {
  CheckSupport,
  ControllerContext,
  FileDiff,
  HostWriter,
  ModuleContext,
  ModuleDefinition,
  ModuleOptions,
  ModuleResult,
  RenderTemplateOptions,
} from './module-api/types.js'
export { defineFilters, defineLookups, defineTests, bindArgs, PluginError } from './plugin-api/types.js'
export type { FilterFn, Kwargs, LookupFn, TemplateContext, TestFn } from './plugin-api/types.js'
export { defineAction } from './plugin-api/action.js'
export type { ActionContext, ActionDefinition } from './plugin-api/action.js'
export { shellJoin, shellQuote, ConnectionFailure } from './connection/types.js'
export type {
  BatchOptions,
  BecomeOptions,
  Connection,
  ControllerFile,
  DirEntry,
  ExecOptions,
  ExecResult,
  FileOp,
  FileStat,
  HostStep,
  StatMatch,
  StepCondition,
  StepResult,
  WriteData,
  WriteFileOptions,
} from './connection/types.js'
export { controllerFile, sha1OfFile } from './connection/controller-file.js'
export { PyFloat, pyEq, pyRepr, pyStr, pyTruthy, isDict } from './py/values.js'
export { Undefined, isUndefined } from './py/undefined.js'
export { defineCallback } from './plugin-api/callback.js'
export type {
  CallbackContext,
  CallbackDefinition,
  CallbackIncludedFile,
  CallbackPlay,
  CallbackPlaybook,
  CallbackPlugin,
  CallbackResult,
  CallbackStats,
  CallbackTask,
  CallbackVarsPrompt,
  HostStats,
} from './plugin-api/callback.js'

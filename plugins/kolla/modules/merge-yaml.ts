/**
 * merge_yaml (kolla-ansible 2023.1 action plugin,
 * ansible/action_plugins/merge_yaml.py): templates each readable, non-empty source path
 * on the controller (with the task's `vars` argument on top of the task variables),
 * YAML-loads it, deep-merges the documents in order, dumps the result as PyYAML does
 * and writes it like copy.
 */
import { defineModule, isDict, loadYamlAll, pyTruthy, yamlDump, YamlSyntaxError } from '../../../src/plugin-kit.js'
import { MergeYamlError, sourceDocument, updateNestedConf } from '../yaml-merge.js'
import { ActionCrash, copyArgSchema, readSource, sourceList, unexpectedFailure, writeLikeCopy, type CopyPassThrough } from './merge-files.js'

interface Args extends CopyPassThrough {
  sources: unknown
  extend_lists?: unknown
  yaml_width?: unknown
  vars?: unknown
}

export default defineModule<Args>({
  name: 'merge_yaml',
  summary: 'Merge yaml-style configs',
  args: {
    type: 'object',
    properties: {
      sources: {},
      extend_lists: {},
      yaml_width: {},
      vars: {},
      ...copyArgSchema,
    },
    required: ['dest'],
    additionalProperties: false,
  },
  supports: { check: 'full', diff: true },
  async run(args, ctx) {
    const extendLists = pyTruthy(args.extend_lists ?? false)
    const vars = isDict(args.vars) ? args.vars : undefined
    const output: Record<string, unknown> = {}
    for (const source of sourceList(args.sources)) {
      let doc: unknown = {}
      try {
        const text = pyTruthy(source) ? readSource(ctx, source, vars) : null
        if (text !== null) {
          const docs = loadYamlAll(text)
          // yaml.safe_load refuses a stream of several documents (PyYAML's ComposerError).
          if (docs.length > 1) throw new ActionCrash('expected a single document in the stream')
          doc = docs.length ? docs[0] : null
        }
      } catch (e) {
        // Template errors are AnsibleErrors and keep their own message; PyYAML's are not.
        if (e instanceof ActionCrash || e instanceof YamlSyntaxError) unexpectedFailure(ctx, e)
        throw e
      }
      try {
        updateNestedConf(output, sourceDocument(doc), extendLists)
      } catch (e) {
        if (e instanceof MergeYamlError) ctx.fail(e.message)
        unexpectedFailure(ctx, e)
      }
    }
    const width = typeof args.yaml_width === 'number' ? args.yaml_width : args.yaml_width ? Number(args.yaml_width) : null
    return writeLikeCopy(ctx, args, yamlDump(output, { flavour: 'python', width }))
  },
})

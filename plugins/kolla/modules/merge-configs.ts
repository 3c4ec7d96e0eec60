/**
 * merge_configs (kolla-ansible 2023.1 action plugin,
 * ansible/action_plugins/merge_configs.py): templates each readable INI source on the
 * controller, merges them in order with oslo.config's parser rules and kolla's override
 * semantics, and writes the result like copy.
 */
import { defineModule, pyTruthy } from '../../../src/plugin-kit.js'
import { IniMerger, IniParseError } from '../ini.js'
import { ActionCrash, copyArgSchema, readSource, sourceList, unexpectedFailure, writeLikeCopy, type CopyPassThrough } from './merge-files.js'

interface Args extends CopyPassThrough {
  sources: unknown
  whitespace?: unknown
}

export default defineModule<Args>({
  name: 'merge_configs',
  summary: 'Merge ini-style configs',
  args: {
    type: 'object',
    properties: {
      sources: {},
      whitespace: {},
      ...copyArgSchema,
    },
    required: ['dest'],
    additionalProperties: false,
  },
  supports: { check: 'full', diff: true },
  async run(args, ctx) {
    const merger = new IniMerger(args.whitespace === undefined ? true : pyTruthy(args.whitespace))
    for (const source of sourceList(args.sources)) {
      try {
        const text = readSource(ctx, source)
        if (text !== null) merger.parse(text)
      } catch (e) {
        // Template errors are AnsibleErrors and keep their own message.
        if (e instanceof IniParseError || e instanceof ActionCrash) unexpectedFailure(ctx, e)
        throw e
      }
    }
    return writeLikeCopy(ctx, args, merger.write())
  },
})

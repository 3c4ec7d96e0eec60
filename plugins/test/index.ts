/** Ansible's own tests (ansible-core 2.14's core, files, mathstuff and uri tests). */
import { defineTests, type TestFn } from '../../src/plugin-api/types.js'

export const ansibleTests: Record<string, TestFn> = {}

export default defineTests(ansibleTests)

/** ping (ansible-core 2.14): proves the connection works; `data: crash` raises on purpose. */
import { defineModule } from '../src/plugin-kit.js'

export default defineModule<{ data: string }>({
  name: 'ping',
  fqcns: ['ansible.builtin.ping', 'ansible.legacy.ping'],
  summary: 'Try to connect to the host and return pong',
  args: { type: 'object', properties: { data: { type: 'string', default: 'pong' } } },
  supports: { check: 'full' },
  async run(args, ctx) {
    // Ansible's ping raises Exception('boom'): the module dies and the executor reports a MODULE FAILURE.
    if (args.data === 'crash') {
      const traceback = 'Traceback (most recent call last):\n  File "ansible/modules/ping.py", line 79, in main\nException: boom\n'
      return ctx.fail('MODULE FAILURE\nSee stdout/stderr for the exact error', { exception: traceback, module_stderr: traceback, module_stdout: '', rc: 1 })
    }
    await ctx.exec('true')
    return { changed: false, ping: args.data }
  },
})

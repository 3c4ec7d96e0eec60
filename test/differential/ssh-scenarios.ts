/**
 * The scenarios also run over SSH (every host, localhost included, reached through one
 * real sshd as root with a key): everything that runs tasks on hosts. Parse-error
 * scenarios never connect, so they are left out; so are those with an unreachable host
 * (an ssh host on a closed port) and gathering-smart (ansible-playbook 2.14 hangs
 * gathering facts again after meta: clear_facts when all hosts are one sshd).
 */
export const SSH_SCENARIOS = [
  'any-errors-fatal', 'blocks', 'changed-failed-when', 'check-mode-task', 'cli-check', 'cli-diff', 'cli-extra-vars',
  'cli-limit', 'cli-skip-tags', 'cli-tags', 'conditionals', 'controller-actions', 'delegation', 'environment',
  'errors-failed-rc', 'errors-undefined', 'file-actions', 'first-found', 'group-by-add-host', 'handlers-failure',
  'handlers-flush', 'handlers-force', 'handlers-loop-notify', 'handlers-notify', 'host-patterns', 'ignore-errors',
  'import-inherit', 'include-dynamic', 'kolla-patterns', 'lazy-reuse', 'lazy-templating', 'loop-control', 'loops-with', 'magic-vars',
  'no-log', 'python-modules', 'python-modules-async', 'python-modules-discovery', 'python-modules-internals', 'python-modules-library', 'python-modules-pipelined', 'roles-deps', 'run-once', 'serial-batches', 'set-fact-register', 'tags-special', 'task-forms',
  'until-retries', 'var-precedence', 'yaml11',
  'task-names', 'exit-earlier-play-failed', 'exit-handler-end-play', 'exit-across-playbooks', 'exit-max-fail-percentage',
  'gathering-explicit', 'gathering-implicit', 'fact-cache-jsonfile', 'fact-cache-flush',
]

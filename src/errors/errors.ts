/**
 * The errors tsible raises, with the exit code Ansible gives for each kind.
 */
import { TsibleError, type SourceLocation } from './tsible-error.js'

/** Malformed playbooks, roles, inventories or YAML: `AnsibleParserError`, exit code 4. */
export class ParseError extends TsibleError {
  constructor(message: string, location?: SourceLocation, options?: { cause?: unknown }) {
    super(message, 'parse', location, options)
  }
}

/** Bad command-line options: `AnsibleOptionsError`, exit code 5. */
export class OptionsError extends TsibleError {
  constructor(message: string) {
    super(message, 'options')
  }
}

/** Any other fatal error before or between plays: `AnsibleError`, exit code 1. */
export class EngineError extends TsibleError {
  constructor(message: string, location?: SourceLocation, options?: { cause?: unknown }) {
    super(message, 'engine', location, options)
  }
}

/**
 * A template used an undefined variable or attribute: `AnsibleUndefinedVariable`. The
 * message is Jinja's (`'x' is undefined`); callers add Ansible's context around it.
 */
export class UndefinedVariableError extends TsibleError {
  constructor(message: string) {
    super(message, 'undefined-variable')
  }
}

/** Any other failure while rendering a template: `AnsibleError` from the templar. */
export class TemplateError extends TsibleError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 'template', undefined, options)
  }
}

/** A template that does not parse, or names a filter or test that does not exist (Jinja2's TemplateSyntaxError). */
export class TemplateSyntaxError extends TemplateError {
  override readonly name = 'TemplateSyntaxError'
}

/** Ctrl-C: the run stops before its next task (exit code 99, as ansible-playbook). */
export class UserInterrupted extends Error {
  constructor() {
    super('User interrupted execution')
    this.name = 'UserInterrupted'
  }
}

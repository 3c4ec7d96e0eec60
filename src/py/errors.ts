/** Python's exceptions as tsible raises them: the class name is what Ansible prints. */

/** `TypeError` (Ansible words a templating TypeError apart from other errors). */
export class PyTypeError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TypeError'
  }
}

/** Any other Python exception Ansible lets through unwrapped (`ValueError: ...`). */
export class PyError extends Error {
  constructor(
    readonly pyClass: string,
    message: string,
  ) {
    super(message)
    this.name = pyClass
  }
}

/** `KeyError`: its message is the key's repr. */
export class KeyError extends Error {
  constructor(readonly key: string) {
    super(`'${key}'`)
    this.name = 'KeyError'
  }
}

/**
 * Registry names and credentials as docker-py handles them: which registry a repository
 * lives on (`docker.io` unless its first part looks like a host), and the
 * `X-Registry-Auth` header (URL-safe base64 of the login's JSON) sent with a pull.
 */
import { jsonDumps } from '../../../src/plugin-kit.js'

export const INDEX_NAME = 'docker.io'

export interface AuthConfig {
  username: string
  password: string | null
  email: string | null
  serveraddress: string | null
}

function convertToHostname(url: string): string {
  return url.replace('http://', '').replace('https://', '').split('/', 1)[0]
}

function resolveIndexName(name: string): string {
  const host = convertToHostname(name)
  return host === `index.${INDEX_NAME}` ? INDEX_NAME : host
}

/** [registry, remote name] of a repository (docker-py's resolve_repository_name). */
export function resolveRepositoryName(repo: string): [string, string] {
  if (repo.includes('://')) throw new Error(`Repository name cannot contain a scheme (${repo})`)
  const slash = repo.indexOf('/')
  const first = slash < 0 ? '' : repo.slice(0, slash)
  if (slash < 0 || (!first.includes('.') && !first.includes(':') && first !== 'localhost')) return [INDEX_NAME, repo]
  if (first.startsWith('-') || first.endsWith('-')) throw new Error(`Invalid index name (${first}). Cannot begin or end with a hyphen.`)
  return [resolveIndexName(first), repo.slice(slash + 1)]
}

/** The registry a login's `serveraddress` names, as the pull looks it up. */
export function registryOf(serveraddress: string | null): string {
  return serveraddress ? resolveIndexName(serveraddress) : INDEX_NAME
}

export function encodeAuthHeader(auth: AuthConfig): string {
  return Buffer.from(jsonDumps({ ...auth }, { plain: true }), 'ascii').toString('base64').replace(/\+/g, '-').replace(/\//g, '_')
}

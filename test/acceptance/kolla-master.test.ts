/**
 * kolla-ansible master's site.yml, unchanged (../shared/corpus/kolla-ansible-master,
 * commit 1a681814): listing, syntax check and the kolla-config fixture's config run
 * against ansible-core 2.14 given master's own Python plugins (scripts/record-kolla-release.sh).
 */
import { corpusOf, describeKollaRelease } from './kolla-release.js'

describeKollaRelease({ release: 'master', corpus: corpusOf('kolla-ansible-master') })

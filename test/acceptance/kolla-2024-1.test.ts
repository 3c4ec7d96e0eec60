/**
 * kolla-ansible 2024.1's site.yml, unchanged (unmaintained/2024.1, the commit in
 * test/fixtures/kolla-releases/2024.1/SOURCE): listing and syntax check against ansible-core
 * 2.14 given 2024.1's own Python plugins, and the config run once its goldens are recorded
 * (scripts/record-kolla-release.sh). The corpus is not in ../shared/corpus: make it with
 * scripts/make-kolla-corpus.sh and name it in KOLLA_CORPUS_2024_1 (else
 * ../shared/corpus/kolla-ansible-2024.1 is used, and the tests skip where it is missing).
 * 2024.1's common role makes sure its fluentd image exists (kolla_container ensure_image)
 * before reading its labels: the local engine gets an empty image of that name.
 */
import { corpusOf, describeKollaRelease } from './kolla-release.js'

describeKollaRelease({
  release: '2024.1',
  corpus: process.env.KOLLA_CORPUS_2024_1 ?? corpusOf('kolla-ansible-2024.1'),
  images: ['quay.io/openstack.kolla/fluentd:2024.1-ubuntu-jammy'],
})

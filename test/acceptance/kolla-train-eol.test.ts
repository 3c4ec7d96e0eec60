/**
 * kolla-ansible train-eol's site.yml, unchanged (../shared/corpus/kolla-ansible-train-eol):
 * listing, syntax check and the kolla-config fixture's config run against ansible-core
 * 2.14 given train's own Python plugins (see scripts/record-kolla-release.sh for the two
 * patches ansible 2.14 needed to run train; tsible runs the tree as it is). train's common
 * role makes sure its fluentd image exists (kolla_docker ensure_image) before reading its
 * labels: the local engine gets an empty image of that name.
 */
import { corpusOf, describeKollaRelease } from './kolla-release.js'

describeKollaRelease({ release: 'train-eol', corpus: corpusOf('kolla-ansible-train-eol'), images: ['kolla/ubuntu-binary-fluentd:train'] })

#!/usr/bin/python3
"""Records netaddr 0.8's parsing and printing of seeded random IPv6/IPv4 addresses and
networks (what ansible.utils' ipaddr sees). Writes netaddr-oracle.json."""
import json
import os
import random

import netaddr


def rand6(r):
    words = [r.choice([0, 0, 0, 1, 0xffff, r.randint(0, 0xffff)]) for _ in range(8)]
    if r.random() < 0.1:
        words = [0] * 5 + [0xffff] + words[6:]
    if r.random() < 0.05:
        words = [0] * 6 + words[6:]
    return sum(w << (16 * (7 - i)) for i, w in enumerate(words))


def forms(r, n):
    full = ':'.join('%x' % ((n >> (16 * (7 - i))) & 0xffff) for i in range(8))
    padded = ':'.join('%04X' % ((n >> (16 * (7 - i))) & 0xffff) for i in range(8))
    return [str(netaddr.IPAddress(n, 6)), full, padded]


def main():
    r = random.Random(6)
    rows = []
    for _ in range(300):
        n = rand6(r)
        for text in forms(r, n):
            for suffix in ['', '/%d' % r.randint(0, 128)]:
                t = text + suffix
                try:
                    v = netaddr.IPNetwork(t)
                    rows.append({'in': t, 'str': str(v), 'network': str(v.network), 'prefix': v.prefixlen})
                except Exception as e:
                    rows.append({'in': t, 'error': type(e).__name__})
    for _ in range(200):
        n = r.randint(0, 2 ** 32 - 1)
        t = str(netaddr.IPAddress(n, 4)) + r.choice(['', '/%d' % r.randint(0, 32), '/255.255.%d.0' % r.choice([0, 128, 255, 7]), '/0.0.0.%d' % r.choice([255, 3, 0])])
        try:
            v = netaddr.IPNetwork(t)
            rows.append({'in': t, 'str': str(v), 'network': str(v.network), 'prefix': v.prefixlen})
        except Exception as e:
            rows.append({'in': t, 'error': type(e).__name__})
    for t in ['1.2.3', '10', '10.1', '01.2.3.4', '1.2.3.4.5', '256.1.1.1', '::', '::1', '1::', '::ffff:1.2.3.4', '::1.2.3.4', 'fe80::1%eth0', ':::', '1:2:3:4:5:6:7:8:9', 'g::1', '1.2.3.4/33', 'fd00::/129', '::/0']:
        try:
            v = netaddr.IPNetwork(t)
            rows.append({'in': t, 'str': str(v), 'network': str(v.network), 'prefix': v.prefixlen})
        except Exception as e:
            rows.append({'in': t, 'error': type(e).__name__})
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'netaddr-oracle.json'), 'w') as f:
        json.dump(rows, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main()

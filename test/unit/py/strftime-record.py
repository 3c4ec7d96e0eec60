#!/usr/bin/python3
"""Records what Python's time.strftime (glibc's strftime, C locale) makes of every conversion
with every flag, a width and each modifier, for a few UTC times: strftime-cases.json, read by
strftime.test.ts. Each case is one format string holding all the variants of one conversion,
separated by '|'.

usage: /usr/bin/python3 test/unit/py/strftime-record.py
"""
import json, os, string, time

SECONDS = [1700000000, 1609459200, -62135596800 + 86400 * 400, -10000000000]
CONVERSIONS = string.ascii_letters + '%+'
VARIANTS = [flag + width + modifier for flag in ['', '_', '-', '0', '^', '#'] for width in ['', '3', '12'] for modifier in ['', 'E', 'O']]


def main():
    cases = []
    for secs in SECONDS:
        t = time.gmtime(secs)
        for c in CONVERSIONS:
            fmt = '|'.join('%' + v + c for v in VARIANTS)
            cases.append({'secs': secs, 'format': fmt, 'expect': time.strftime(fmt, t)})
    # Sequences cut short at the end of the format.
    for fmt in ['%', 'a%', '%5', '%_', '%E', '%^E', '%12']:
        cases.append({'secs': SECONDS[0], 'format': fmt, 'expect': time.strftime(fmt, time.gmtime(SECONDS[0]))})
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'strftime-cases.json'), 'w') as fh:
        json.dump(cases, fh, indent=0)
        fh.write('\n')
    print('recorded %d cases' % len(cases))


main()

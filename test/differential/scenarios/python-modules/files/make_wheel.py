"""Writes the tiny wheel the pip tasks install: tsible_tinypkg 0.1, one module."""
import base64
import hashlib
import os
import sys
import zipfile

files = {
    'tinypkg/__init__.py': b'VALUE = 1\n',
    'tsible_tinypkg-0.1.dist-info/METADATA': b'Metadata-Version: 2.1\nName: tsible-tinypkg\nVersion: 0.1\n',
    'tsible_tinypkg-0.1.dist-info/WHEEL': b'Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
}
record = ''.join(
    '%s,sha256=%s,%d\n' % (name, base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode(), len(data))
    for name, data in files.items()
) + 'tsible_tinypkg-0.1.dist-info/RECORD,,\n'
files['tsible_tinypkg-0.1.dist-info/RECORD'] = record.encode()
os.makedirs(sys.argv[1], exist_ok=True)
with zipfile.ZipFile(os.path.join(sys.argv[1], 'tsible_tinypkg-0.1-py3-none-any.whl'), 'w') as z:
    for name, data in files.items():
        z.writestr(name, data)

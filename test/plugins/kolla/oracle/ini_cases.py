import json
C = []
def c(name, *sources, ws=True):
    C.append({'name': name, 'sources': list(sources), 'whitespace': ws})
c('simple sections', '[DEFAULT]\ndebug = True\nlog_dir = /var/log\n\n[database]\nconnection = mysql://x\n')
c('no trailing newline', '[a]\nb=c')
c('colon separator and colon in value', '[a]\nurl: http://x:80/y\nk=v:w\nk2:v=w\n')
c('equal before colon', '[a]\ntransport_url = rabbit://u:p@h:5672//\n')
c('quotes stripped', '[a]\nq1 = "quoted"\nq2 = \'single\'\nq3 = "mixed\'\nq4 = "\nq5 = ""\nq6 = "a" b "c"\n')
c('empty values', '[a]\nempty =\nempty2=   \nx = 1\n')
c('duplicate keys accumulate', '[a]\nk = 1\nk = 2\nk =\nk = 3\n')
c('multi-line value', '[a]\nk = first\n  second\n\tthird\nother = x\n')
c('multi-line starting empty', '[a]\nk =\n    line1\n    line2\n')
c('blank line ends multiline', '[a]\nk = v\n\n  cont\n')
c('comments dropped', '# header\n; semi\n[a]\n# c\nk = v # not a comment\n;x\n')
c('continuation after comment is error', '[a]\nk = v\n# c\n  cont\n')
c('orphan keys', 'top = 1\nother = 2\n[a]\nk = v\n')
c('orphan only', 'x = 1\ny=2\n')
c('case kept', '[DEFAULT]\nKey = 1\nkey = 2\n[default]\nk = v\n')
c('whitespace false', '[a]\nk = v\nm = a\n  b\ne =\n', ws=False)
c('indent of continuation', '[a]\nlong_key_name = v1\n  v2\n  v3\n')
c('indent whitespace false', '[a]\nlong_key_name = v1\n  v2\n', ws=False)
c('merge override keeps position', '[a]\nk1 = 1\nk2 = 2\nk3 = 3\n', '[a]\nk2 = two\nk4 = four\n[b]\nx = y\n')
c('merge multi-valued replaced whole', '[a]\nk = 1\nk = 2\n', '[a]\nk = 3\n')
c('merge empty override', '[a]\nk = 1\n', '[a]\nk =\n')
c('merge sections order', '[b]\nx = 1\n', '[a]\ny = 2\n[b]\nz = 3\n', '[c]\n')
c('empty section in later source', '[a]\nk = v\n', '[a]\n[b]\n')
c('section reopened in one source', '[a]\nk = 1\n[b]\nx = 1\n[a]\nk = 2\n')
c('orphan in second source', '[a]\nk = v\n', 'o = 1\n[a]\nk = w\n')
c('missing bracket error', '[a\nk = v\n')
c('empty section name error', '[]\n')
c('no separator error', '[a]\njustakey\n')
c('empty key error', '[a]\n= v\n')
c('empty key colon error', '[a]\n:v\n')
c('error line number across sources', '[a]\nk = v\nk2 = v\n', '[b]\nbad line\n')
c('unexpected continuation at start', '  indented\n')
c('continuation after section header', '[a]\n  x\n')
c('spaces in key and section', '[my section]\nmy key = my value\n')
c('section with spaces', '[ a ]\nk = v\n')
c('trailing whitespace stripped', '[a]   \nk = v   \t\n')
c('crlf lines', '[a]\r\nk = v\r\nm = "q"\r\n')
c('cr inside line', '[a]\nk = a\rb\n')
c('unicode', '[a]\nclé = välue\nk = ü\n  ß\n')
c('tabs and vertical whitespace', '[a]\nk =\tv\x0b\nl = \x1cx\x1c\n')
c('non-breaking space', '[a]\nk = \xa0v\xa0\n')
c('indented comment is continuation', '[a]\nk = v\n  # c\n')
c('section header then brackets', '[a]b]\nk = v\n')
c('value with equals', '[a]\nk = a=b=c\n')
c('jinja-like leftovers', '[a]\nk = {{ x }}\n')
c('no sources')
c('empty source', '')
c('only blank lines', '\n\n\n')
c('key with trailing colon', '[a]\nk: v\n')
c('duplicate in later source accumulates there', '[a]\nk = 1\n', '[a]\nk = 2\nk = 3\n')
c('nova-like', '[DEFAULT]\ndebug = False\n\n[libvirt]\nvirt_type = kvm\n\n[DEFAULT]\ntransport_url = rabbit://openstack:x@1.2.3.4:5672//\n', '[DEFAULT]\ndebug = True\n')
json.dump(C, open('/tmp/ini-cases.in.json', 'w'), indent=1)

# Seeded random sources for the quirks: odd whitespace, quotes, separators, brackets.
import random  # noqa: E402
rnd = random.Random(2023)
pieces = ['[s]', '[DEFAULT]', '[ x ]', 'k', 'key', 'K', ' ', '  ', '\t', '=', ':', ' = ', '"', "'", '#',
          ';', 'v', 'val ue', '\x0b', '\x0c', '\x1c', '\x85', '\xa0', '\u2028', '\u3000', '\r', '\ufeff',
          '[', ']', 'é', '\U0001F600']


def rline():
    r = rnd.random()
    if r < 0.12:
        return rnd.choice(['[s]', '[DEFAULT]', '[t]', '[ x ]', '[é]'])
    if r < 0.2:
        return ''
    if r < 0.3:
        return rnd.choice([' ', '\t', '   ']) + ''.join(rnd.choice(pieces) for _ in range(rnd.randint(1, 4)))
    if r < 0.4:
        return ''.join(rnd.choice(pieces) for _ in range(rnd.randint(1, 6)))
    return (rnd.choice(['k', 'key', 'K', 'k2', 'a b', 'é']) + rnd.choice(['=', ' = ', ':', ' : ', '=  ']) +
            ''.join(rnd.choice(pieces) for _ in range(rnd.randint(0, 4))))


for i in range(200):
    srcs = ['\n'.join(rline() for _ in range(rnd.randint(1, 10))) + rnd.choice(['', '\n'])
            for _ in range(rnd.randint(1, 3))]
    c('random %d' % i, *srcs, ws=rnd.random() < 0.8)
json.dump(C, open('/tmp/ini-cases.in.json', 'w'), indent=1)

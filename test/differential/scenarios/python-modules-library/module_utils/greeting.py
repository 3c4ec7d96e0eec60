def phrase(name):
    return 'hello %s\n' % name

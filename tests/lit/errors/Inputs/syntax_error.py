# Not a test: an input with a syntax error on line 2 (lit.cfg.py excludes Inputs/).
def f(x)
    return x

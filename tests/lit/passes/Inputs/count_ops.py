"""Not a test (lit.cfg.py excludes Inputs/): a user pass plugin for `--load-pass-plugin`."""
from nx.compiler.ir import walk
from nx.compiler.passes import register_pass


@register_pass("count-ops")
def count_ops(module):
    """Records the number of ops (return included) of all functions as `op_count`."""
    module.attrs["op_count"] = sum(1 for f in module.functions for _ in walk(f.body))
    return module


def not_a_pass():
    raise AssertionError("plugins are imported, not run")

"""The runtime helpers of `nx.defn`'s Python control flow (nx/syntax.py rewrites a function's
`if`/`while`/`for`/`and`/`or`/`not`/`x if c else y` into calls of these, through the
`__nx_ag` variable it binds to this module): each keeps plain Python semantics on static values
and builds `nx.cond`, `nx.while_loop` or `nx.fori_loop` on traced tensors (see nx/syntax.py's
docstring)."""
from __future__ import annotations

from nx.compiler import trace

from .tensor import Tensor


class _Undefined:
    """The value of a variable that a converted statement leaves undefined."""

    __slots__ = ("name", "why")

    def __init__(self, name, why):
        self.name = name
        self.why = why

    def _fail(self, *a, **k):
        raise NameError(f"variable {self.name!r} is not defined here: {self.why}")

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        self._fail()

    __bool__ = _fail
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _fail
    __truediv__ = __rtruediv__ = __pow__ = __matmul__ = __getitem__ = __call__ = _fail
    __lt__ = __le__ = __gt__ = __ge__ = __neg__ = __iter__ = __len__ = _fail

    def __repr__(self):
        return f"<undefined variable {self.name!r}>"


# --- runtime helpers (called by the rewritten code) -----------------------------------------

def _traced(x):
    return isinstance(x, Tensor) and trace.current() is not None and \
        type(x.data).__name__ == "Value"


def _truth(x, what, line):
    """Python truthiness of a static condition (a concrete scalar tensor counts as static)."""
    if isinstance(x, Tensor):
        if x.shape != ():
            raise ValueError(f"nx.defn: the condition of {what} (line {line}) must be a scalar, "
                             f"got a tensor of shape {x.shape}")
        return bool(x.to_numpy() != 0)
    return bool(x)


def get(thunk, name):
    """The current value of a variable, or a marker if it is not assigned yet."""
    try:
        return thunk()
    except NameError:
        return _Undefined(name, "it is not assigned before the statement that uses it")


def static_test(x, what, line, why):
    """The condition of a statement that cannot be converted (it holds break/continue/return):
    fine when static, a clear error when it is a traced tensor."""
    if _traced(x):
        raise TypeError(f"nx.defn: line {line}: cannot convert {what} over a traced tensor "
                        f"because it contains {why}; assign variables in its body instead "
                        f"(and return after it), or use nx.cond / nx.select / nx.while_loop")
    return _truth(x, what, line)


def returned(value):
    """Checks a returned value for variables a converted statement left undefined."""
    for leaf in _leaves(value):
        if isinstance(leaf, _Undefined):
            leaf._fail()
    return value


def not_(x):
    if isinstance(x, Tensor) and _traced(x):
        import nx
        return nx.logical_not(x)
    return not (_truth(x, "not", "?") if isinstance(x, Tensor) else x)


def and_(*thunks):
    """`a and b and ...`: Python's short-circuit on static values; on a traced tensor, the
    element-wise logical_and of it and of everything that follows."""
    v = thunks[0]()
    for i, th in enumerate(thunks[1:]):
        if _traced(v):
            return _logical("logical_and", [v] + [t() for t in thunks[i + 1:]])
        if not (_truth(v, "and", "?") if isinstance(v, Tensor) else v):
            return v
        v = th()
    return v


def or_(*thunks):
    v = thunks[0]()
    for i, th in enumerate(thunks[1:]):
        if _traced(v):
            return _logical("logical_or", [v] + [t() for t in thunks[i + 1:]])
        if _truth(v, "or", "?") if isinstance(v, Tensor) else v:
            return v
        v = th()
    return v


def _logical(fun, vals):
    import nx
    out = vals[0]
    for v in vals[1:]:
        out = getattr(nx, fun)(out, v)
    return out


def ifexp(test, then, orelse, line):
    if _traced(test):
        import nx
        return nx.cond(_scalar(test, "a conditional expression", line), then, orelse)
    return then() if _truth(test, "a conditional expression", line) else orelse()


def _scalar(t, what, line):
    if t.shape != ():
        raise ValueError(f"nx.defn: line {line}: the condition of {what} must be a scalar "
                         f"tensor, got shape {t.shape} (reduce it with nx.all / nx.any)")
    return t


def if_stmt(test, then, orelse, init, names, line):
    """`if test: ... else: ...` assigning the variables `names` (current values `init`)."""
    if not _traced(test):
        return (then if _truth(test, "if", line) else orelse)(*init)
    import nx
    _scalar(test, "if", line)
    # which variables each branch defines decides what the cond returns; trace each branch
    # once to learn it (the traces that nx.cond keeps are the ones below)
    keep = _defined_by_both(then, orelse, init, names, line)

    def only(fn):
        def run():
            out = fn(*init)
            return tuple(_as_value(out[i], names[i], line) for i in keep)
        return run

    new = list(init)
    outs = ()
    if keep:
        outs = nx.cond(test, only(then), only(orelse))
        outs = outs if isinstance(outs, tuple) else (outs,)
    for i, v in zip(keep, outs):
        new[i] = v
    for i, n in enumerate(names):
        if i not in keep and isinstance(new[i], _Undefined):
            new[i] = _Undefined(n, f"it is assigned in only one branch of the `if` over a "
                                   f"tensor at line {line}")
    return tuple(new)


def _defined_by_both(then, orelse, init, names, line):
    """Indices of the variables both branches leave defined (traced into scratch blocks)."""
    from nx.compiler.ir import Block
    defined = []
    for fn in (then, orelse):
        with trace.building(Block()):
            out = fn(*init)
        defined.append([not isinstance(v, _Undefined) for v in out])
    keep = []
    for i, (a, b) in enumerate(zip(*defined)):
        if a and b:
            keep.append(i)
        elif a != b and not isinstance(init[i], _Undefined):
            keep.append(i)   # assigned in one branch, defined before: the other keeps it
    return keep


def _as_value(v, name, line):
    if isinstance(v, _Undefined):
        raise NameError(f"nx.defn: line {line}: variable {name!r} is not defined in every "
                        f"branch of the `if` over a tensor")
    return v


def while_stmt(cond, body, init, names, line):
    """`while cond: body` with the variables `names` (current values `init`) as state."""
    state = list(init)
    c = cond(*state)
    if not _traced(c):
        while _truth(c, "while", line):
            state = list(body(*state))
            c = cond(*state)
            if _traced(c):
                # the loop became a tensor loop (state became traced): continue as one
                return _traced_while(cond, body, state, names, line)
        return tuple(state)
    return _traced_while(cond, body, state, names, line)


def _traced_while(cond, body, state, names, line):
    import nx
    carried = [i for i, v in enumerate(state) if not isinstance(v, _Undefined)]
    init = _typed_state(body, state, carried, names, line, "while")

    def full(s):
        st = list(state)
        for i, v in zip(carried, s):
            st[i] = v
        return st

    def c_fn(s):
        c = cond(*full(s))
        return _scalar(c if isinstance(c, Tensor) else nx.tensor(c), "while", line)

    def b_fn(s):
        out = body(*full(s))
        return tuple(_as_loop_value(out[i], names[i], line, x0)
                     for i, x0 in zip(carried, init))

    final = nx.while_loop(tuple(init), c_fn, b_fn)
    out = list(state)
    for i, v in zip(carried, final):
        out[i] = v
    return _undefine_locals(out, state, names, line)


def _undefine_locals(out, state, names, line):
    for i, (v, n) in enumerate(zip(state, names)):
        if isinstance(v, _Undefined):
            out[i] = _Undefined(n, f"it is assigned only inside the loop over tensors at line "
                                   f"{line}")
    return tuple(out)


def _as_loop_value(v, name, line, init=None):
    if isinstance(v, _Undefined):
        raise NameError(f"nx.defn: line {line}: loop variable {name!r} became undefined")
    if init is not None:
        for a, b in zip(_leaves(init), _leaves(v)):
            sa = getattr(a, "shape", ())
            sb = getattr(b, "shape", ())
            if sa != sb:
                raise ValueError(f"nx.defn: line {line}: variable {name!r} changes shape from "
                                 f"{sa} to {sb} in the loop over tensors; a loop variable "
                                 f"must keep its shape (initialize it with that shape)")
    return v


def _typed_state(body, state, carried, names, line, what, extra=()):
    """The initial loop state as tensors, widened to what the body produces (a Python `0`
    that the body turns into a float becomes a float tensor, as Nx's type merge does)."""
    import nx
    from nx import types as T
    from nx.compiler.ir import Block

    from .containers import flatten, unflatten
    init = []
    for i in carried:
        v = state[i]
        leaves, tree = flatten(v)
        conv = [nx.tensor(x) if not isinstance(x, Tensor) else x for x in leaves]
        init.append(unflatten(tree, conv))
    weak = any(not isinstance(x, Tensor) for i in carried for x in flatten(state[i])[0])
    if not weak:
        return init
    # trace the body once on the initial types to see what it makes of the numbers
    with trace.building(Block()):
        st = list(state)
        for i, v in zip(carried, init):
            st[i] = v
        out = body(*extra, *st)
    widened = []
    for k, i in enumerate(carried):
        a, tree = flatten(init[k])
        b, _ = flatten(out[i])
        leaves = []
        for x, y, orig in zip(a, b, flatten(state[i])[0]):
            y = y if isinstance(y, Tensor) else nx.tensor(y)
            if isinstance(orig, Tensor):
                leaves.append(x)
                continue
            # a Python number: it takes the type and shape the body gives it (`acc = 0` then
            # `acc = acc + v` accumulates in v's type and shape, as the unrolled loop would)
            t = T.merge(x.type, y.type)
            x = nx.as_type(x, t) if t != x.type else x
            leaves.append(nx.broadcast(x, y.shape) if y.shape != x.shape else x)
        widened.append(unflatten(tree, leaves))
    return widened


def for_range(args, body, init, names, line):
    """`for i in range(*args): body` with the variables `names` as state."""
    state = list(init)
    dynamic = any(_traced(a) for a in args)
    carries_tensors = any(_traced(x) for v in state if not isinstance(v, _Undefined)
                          for x in _leaves(v))
    if not dynamic and not carries_tensors:
        r = range(*[_static_int(a, line) for a in args])
        for k, i in enumerate(r):
            state = list(body(i, *state))
            rest = r[k + 1:]
            if len(rest) and any(_traced(x) for v in state if not isinstance(v, _Undefined)
                                 for x in _leaves(v)):
                # the state became traced (`acc = 0` then `acc = acc + x`): the remaining
                # iterations become one loop
                return _for_rest((rest.start, rest.stop, rest.step), body, state, names, line)
        return tuple(state)
    return _for_rest(args, body, state, names, line, dynamic)


def _for_rest(args, body, state, names, line, dynamic=False):
    try:
        return _traced_for(args, body, state, names, line)
    except Exception:
        if dynamic:
            raise
    # the body needs a Python index (or changes shapes): unroll, as plain Python would run
    for i in range(*[_static_int(a, line) for a in args]):
        state = list(body(i, *state))
    return tuple(state)


def _leaves(v):
    from .containers import flatten
    try:
        return flatten(v)[0]
    except Exception:
        return [v]


def _static_int(a, line):
    if isinstance(a, Tensor):
        return int(a.to_numpy())
    return a


def _traced_for(args, body, state, names, line):
    import nx
    if len(args) == 1:
        start, stop, step = 0, args[0], 1
    elif len(args) == 2:
        (start, stop), step = args, 1
    else:
        start, stop, step = args
    if isinstance(step, Tensor) or step == 0:
        raise ValueError(f"nx.defn: line {line}: the step of a range over tensors must be a "
                         f"non-zero Python integer, got {step!r}")
    carried = [i for i, v in enumerate(state) if not isinstance(v, _Undefined)]
    start_t = start if isinstance(start, Tensor) else nx.tensor(start)
    init = _typed_state(body, state, carried, names, line, "for", extra=(start_t,))

    def full(s):
        st = list(state)
        for i, v in zip(carried, s):
            st[i] = v
        return st

    def step_fn(i, s):
        out = body(i, *full(s))
        return tuple(_as_loop_value(out[k], names[k], line, x0)
                     for k, x0 in zip(carried, init))

    if step == 1:
        final = nx.fori_loop(start, stop, tuple(init), step_fn)
    else:
        def c_fn(s):
            return s[0] < stop if step > 0 else s[0] > stop

        def b_fn(s):
            return (s[0] + step, step_fn(s[0], s[1]))
        final = nx.while_loop((start_t, tuple(init)), c_fn, b_fn)[1]
    out = list(state)
    for i, v in zip(carried, final):
        out[i] = v
    return _undefine_locals(out, state, names, line)
